"""Every message in both languages: the core catalogue and the Qt Linguist files.

Core messages (``app.i18n.tr``) are found in the source by ``catalogue_scan`` and must have
their 简体中文 text in ``CATALOG["zh_CN"]``, with the same ``{placeholders}``; an entry no
code uses any more fails too. Qt strings must be finished in both ``.ts`` files, present
in them (``pyside6-lupdate`` over a copy finds nothing new) and compiled into the ``.qm``
files the app loads.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest

from app.i18n import CATALOG, tr
from tests.foundation.catalogue_scan import ROOT, Scan, scan_source

I18N = ROOT / "resources" / "i18n"
TS_FILES = sorted(I18N.glob("*.ts"))


def _marks_in(path: str) -> Callable[[Scan], Iterable[str]]:
    return lambda scan: [u.message for u in scan.uses if u.path == path and u.marked]


def _relay_states(_: Scan) -> Iterable[str]:
    from drivers.meter import RelayState

    return [state.value for state in RelayState]


def _bands(_: Scan) -> Iterable[str]:
    from app.billing.tariff import Band
    from drivers.meter import BANDS

    return [*BANDS, *(band.value for band in Band)]


def _decided_refunds(_: Scan) -> Iterable[str]:
    from app.models import RefundStatus

    # the message names the status of a request that is no longer pending
    return [s.value for s in RefundStatus if s is not RefundStatus.PENDING]


def _report_titles(_: Scan) -> Iterable[str]:
    from app.reports import kinds

    return [kind.title for kind in kinds()]  # every registered report's English title


def _billing_marks(scan: Scan) -> Iterable[str]:
    """What a billing definition's messages name (r16-model): marked N_ in the two modules."""
    paths = ("app/billing/schemes.py", "app/billing/fees.py")
    return [u.message for u in scan.uses if u.path in paths and u.marked]


def _meter_roles(_: Scan) -> Iterable[str]:
    from app.models import MeterRole

    return [role.value for role in MeterRole]


# tr(expression) sites whose messages cannot be proved from the source around them: the
# messages that reach each one. A new such site fails until it is listed here; prefer
# marking the messages with N_() where they are written (then no entry is needed).
INDIRECT: dict[tuple[str, str], Callable[[Scan], Iterable[str]]] = {
    ("app/cli/meter_cmds.py", "snap.relay.value"): _relay_states,
    ("app/cli/meter_cmds.py", "result.state.value"): _relay_states,
    ("app/cli/meter_cmds.py", "band"): _bands,
    ("app/cli/money_impl.py", "band"): _bands,
    # a scan result's detail: marked with drivers.messages.N_ where the driver writes it
    ("app/cli/meter_cmds.py", "item.detail"): _marks_in("drivers/bus.py"),
    ("app/ui/bus_scan.py", "hit.detail"): _marks_in("drivers/bus.py"),
    ("app/ledger/refunds.py", "row.status.value"): _decided_refunds,
    # KeyringUnavailable(reason): every reason is marked N_ in the keystore module
    ("app/security/keystore.py", "reason"): _marks_in("app/security/keystore.py"),
    # KeystoreDamaged(path, reason): every reason is marked N_ in the file store
    ("app/security/filestore.py", "reason"): _marks_in("app/security/filestore.py"),
    # the Reports window's report menu (r-window): the title of each registered kind
    ("app/ui/report_form.py", "spec.title"): _report_titles,
    # --- r16-model: a billing definition's kind and the things its fields name
    ("app/billing/definitions.py", "what"): _billing_marks,
    ("app/billing/definitions.py", "kind.label"): _billing_marks,
    ("app/billing/schemes.py", "role.value"): _meter_roles,
}


@pytest.fixture(scope="module")
def scan() -> Scan:
    return scan_source()


def _indirect_messages(scan: Scan) -> dict[str, list[str]]:
    """Message -> the listed sites it reaches."""
    found: dict[str, list[str]] = {}
    for (path, expr), messages in INDIRECT.items():
        for message in messages(scan):
            found.setdefault(message, []).append(f"{path} tr({expr})")
    return found


def _fields(text: str) -> list[tuple[str, str, str]]:
    """The replacement fields of a ``str.format`` text: (name, conversion, spec), sorted."""
    return sorted(
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


# ----------------------------------------------------------------------- core catalogue


def test_the_scan_finds_the_messages_it_should(scan: Scan) -> None:
    """The scanner itself: a literal, an implicitly concatenated one, an N_ table and a
    driver's mark are all found (if the scan broke, every other test would pass empty)."""
    assert len(scan.uses) > 400
    found = {(u.path, u.message) for u in scan.uses}
    assert ("app/money.py", "the amount is empty") in found
    assert ("app/security/permissions.py", "acknowledge alarms") in found  # N_ table
    assert ("drivers/bus.py", "energy readable") in found  # the drivers' own marker
    assert any(
        u.path == "app/cli/meter_cmds.py" and u.message.startswith("No usable answer from meter")
        for u in scan.uses
    )  # "..." "..." concatenated


SAMPLE = """
import app.i18n as i18n
from app.i18n import N_, tr as t

TABLE = {"code": N_("a marked table")}
PLAIN = {"code": "a plain table"}


def f(key, TABLE, flag, items):
    t(TABLE[key])  # a parameter shadows the marked table: not provable
    t(PLAIN.get(key, key))
    message = N_("first") if flag else N_("second")
    t(message, n=1)
    for each in items:
        t(each)
    t(f"{key}")
    return i18n.tr("via the " "module", x=1)


def g(key):
    return t(TABLE[key])
"""


def test_the_scan_proves_only_marked_names(tmp_path: Path) -> None:
    (tmp_path / "sample.py").write_text(SAMPLE, encoding="utf-8")
    scan = scan_source([tmp_path / "sample.py"], tmp_path)
    assert {(u.message, u.marked) for u in scan.uses} == {
        ("a marked table", True),
        ("first", True),
        ("second", True),
        ("via the module", False),
    }
    assert next(u for u in scan.uses if not u.marked).keywords == {"x"}
    assert sorted(expr for _, _, expr in scan.indirect) == ["TABLE[key]", "message"]
    assert sorted(expr for _, _, expr in scan.unchecked) == [
        "PLAIN.get(key, key)",
        "TABLE[key]",
        "each",
    ]
    assert [expr for _, _, expr in scan.formatted] == ["f'{key}'"]


def test_every_core_message_has_chinese(scan: Scan) -> None:
    chinese = CATALOG["zh_CN"]
    missing = sorted(
        {f"{u.where}: {u.message!r}" for u in scan.uses if u.message not in chinese}
        | {
            f"{site}: {message!r}"
            for message, sites in _indirect_messages(scan).items()
            for site in sites
            if message not in chinese
        }
    )
    assert not missing, "no zh_CN text in app/i18n.py CATALOG for:\n" + "\n".join(missing)


def test_every_indirect_tr_is_marked_or_listed(scan: Scan) -> None:
    """``tr(variable)`` hides its messages from the scan unless they are marked ``N_`` where
    the variable is set, or the site is listed in INDIRECT with the messages reaching it."""
    unlisted = [
        f"{path}:{line}: tr({expr})"
        for path, line, expr in scan.unchecked
        if (path, expr) not in INDIRECT
    ]
    assert not unlisted, (
        "mark the messages with N_() where they are defined, or list the site in "
        "INDIRECT:\n" + "\n".join(unlisted)
    )
    sites = {(path, expr) for path, _, expr in scan.unchecked}
    stale = sorted(set(INDIRECT) - sites)
    assert not stale, f"INDIRECT lists sites that no longer exist: {stale}"
    empty = [key for key, messages in INDIRECT.items() if not list(messages(scan))]
    assert not empty, f"no messages found for {empty}"
    assert not scan.formatted, f"tr() of an f-string cannot be translated: {scan.formatted}"


def test_translations_keep_the_placeholders() -> None:
    """A renamed or missing ``{field}`` is a KeyError or a wrong sentence in Chinese only."""
    wrong = [
        f"{english!r}: {_fields(english)} but zh_CN has {_fields(chinese)}"
        for english, chinese in CATALOG["zh_CN"].items()
        if _fields(english) != _fields(chinese)
    ]
    assert not wrong, "\n".join(wrong)


def test_every_placeholder_is_filled_in(scan: Scan) -> None:
    """``tr("… {x} …", y=1)`` fails in both languages; without values the braces show."""
    unfilled = [
        f"{u.where}: {u.message!r} needs {sorted(needed - u.keywords)}"
        for u in scan.uses
        if u.keywords is not None
        and (needed := {name.split(".")[0].split("[")[0] for name, _, _ in _fields(u.message)})
        - u.keywords
    ]
    assert not unfilled, "\n".join(unfilled)


def test_no_catalogue_entry_is_dead(scan: Scan) -> None:
    used = scan.messages | set(_indirect_messages(scan))
    dead = sorted(set(CATALOG["zh_CN"]) - used)
    assert not dead, "no code uses these catalogue entries (remove them):\n" + "\n".join(
        map(repr, dead)
    )


def test_tr_translates_and_fills_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue is what ``tr`` reads: a checked entry really comes out in Chinese."""
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert tr("{where}: a workday schedule is required", where="seasons[0]") == (
        "seasons[0]：缺少工作日时段表"
    )
    monkeypatch.setenv("WATTDESK_LANG", "en")
    assert tr("the amount is empty") == "the amount is empty"


# ----------------------------------------------------------------------- Qt Linguist


def _messages(path: Path) -> Iterable[tuple[str, ET.Element]]:
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = [f.text or "" for f in translation.findall("numerusform")]
    return forms if message.get("numerus") == "yes" else [translation.text or ""]


def _finish_module() -> ModuleType:
    """``resources/i18n/finish.py``: ``make i18n`` ends with its ``--check``, the same test."""
    spec = importlib.util.spec_from_file_location("ts_finish", I18N / "finish.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unfinished(path: Path) -> list[str]:
    return list(_finish_module().unfinished(path))


QT_ARG = re.compile(r"%(?:n|L?\d+)|\{[A-Za-z_][A-Za-z0-9_]*(?:[!:][^{}]*)?\}")


def _qt_args(text: str) -> list[str]:
    return sorted(QT_ARG.findall(text))


def test_ts_files_exist() -> None:
    assert {p.name for p in TS_FILES} == {"wattdesk_en.ts", "wattdesk_zh_CN.ts"}


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_has_no_unfinished_entry(ts: Path) -> None:
    problems = _unfinished(ts)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_translations_keep_the_arguments(ts: Path) -> None:
    """``%1``, ``%n`` and ``{name}`` of the source are all in every translated form."""
    wrong = [
        f"{context}: {source!r} -> {form!r}"
        for context, message in _messages(ts)
        for source in [message.findtext("source") or ""]
        for form in _forms(message)
        if _qt_args(source) != _qt_args(form)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_qm_is_compiled_from_the_ts(ts: Path) -> None:
    """What the app loads (the .qm) says what the .ts says, message by message; a .ts
    edited without ``make i18n`` fails here. Checked through Qt's own loader rather than by
    bytes, so another lrelease build with another byte layout still passes."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(ts.with_suffix(".qm")))
    stale = []
    for context, message in _messages(ts):
        source = message.findtext("source") or ""
        comment = message.findtext("comment")
        forms = _forms(message)
        counts = (1, 2) if message.get("numerus") == "yes" else (-1,)
        for n, form in zip(counts, forms, strict=False):
            got = translator.translate(context, source, comment, n)
            if got != form and not (got == "" and form == source):
                stale.append(f"{context}: {source!r}: .qm has {got!r}, .ts has {form!r}")
    assert not stale, "run make i18n:\n" + "\n".join(stale[:30])


def test_ts_files_know_every_qt_string(tmp_path: Path) -> None:
    """``pyside6-lupdate`` over copies of the .ts files (as ``make i18n`` runs it) adds
    nothing unfinished: no Qt string of app/ui or widgets is missing from them."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    copies = [shutil.copy(ts, tmp_path / ts.name) for ts in TS_FILES]
    sources = sorted(str(p) for d in ("app/ui", "widgets") for p in (ROOT / d).glob("*.py"))
    done = subprocess.run(
        [str(lupdate), "-no-obsolete", *sources, "-ts", *map(str, copies)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    subprocess.run(
        [sys.executable, str(I18N / "finish.py"), *map(str, copies)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    problems = [f"{Path(c).name}: {p}" for c in copies for p in _unfinished(Path(c))]
    assert not problems, "new Qt strings: run make i18n and translate:\n" + "\n".join(problems)
