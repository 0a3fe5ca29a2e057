"""Driver errors in the reader's language, from their kind and facts (Qt-free).

A driver error (``drivers.errors``) carries a stable ``kind`` (``timeout``,
``frame.wrong_unit``, ``crc``...) and ``facts`` (addresses, byte counts, codes); the
collector stores both in an event's data as ``error_kind`` / ``error_facts``, next to the
English text for the log. ``describe_error`` words the sentence in the UI language, so the
Chinese screen reads "应答来自 4 号站，请求的是 5 号站", never "reply from unit 4, asked
unit 5". Rows written before the kinds existed hold only the English text: the commonest
ones are recognised (``legacy_kind``), the rest read as a generic communication error in
Chinese and as the stored text in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from drivers.errors import error_data

from ..i18n import CATALOG, N_

Facts = Mapping[str, Any]

GENERIC = N_("communication error")

# kind -> template; the placeholders are the error's facts (formatted by _FORMAT)
ERROR_TEMPLATES: dict[str, str] = {
    "timeout": N_("no reply"),
    "timeout.partial": N_("reply cut short ({have} of {need} bytes)"),
    "timeout.strangers": N_("no reply ({count} frames answering another request were dropped)"),
    "timeout.wildcard": N_("no meter answered the wildcard address"),
    "crc": N_("damaged reply (CRC error)"),
    "checksum": N_("damaged reply (checksum error)"),
    "frame": N_("malformed reply"),
    "frame.wrong_unit": N_("reply from unit {got}, asked unit {asked}"),
    "frame.wrong_address": N_("reply from meter {got}, asked meter {asked}"),
    "frame.wrong_function": N_("the reply does not answer the request (code {got}, asked {asked})"),
    "frame.noise": N_("no valid reply: {count} bytes that are not a frame"),
    "frame.wildcard": N_("{count} meters answered the wildcard address at once"),
    "collision": N_("several meters answered at once"),
    "exception": N_("exception reply {code} to function {function}: {reason}"),
    "rejected": N_("refused by the meter: {reasons}"),
    "recharge_rejected": N_("refused by the meter: {reasons}"),
    "unsupported": N_("the meter's profile cannot do this"),
    "profile": N_("meter profile {file} is invalid at {key}"),
    "driver": GENERIC,
    "other": GENERIC,
    # link (port) kinds, as ``LinkError.kind`` names them
    "permission": N_("permission denied (on Linux, add the user to the dialout group)"),
    "no_port": N_("no such port on this computer"),
    "busy": N_("the port is in use by another program"),
    "bad_url": N_(
        "not a serial port name or a gateway address (socket://HOST:PORT, rfc2217://HOST:PORT)"
    ),
    "refused": N_(
        "the gateway refused the connection: check its address, its TCP port "
        "and that it is switched on"
    ),
    "unknown_host": N_("no computer or gateway with this name is known on the network"),
    "unreachable": N_("the gateway does not answer on the network (cable, address, firewall)"),
    "closed": N_("the connection to the port was lost"),
    "waiting": N_("the port failed a moment ago; it is tried again shortly"),
    "io": N_("the port failed to read or write"),
}

# Modbus exception codes (drivers.errors.ExceptionReply.REASONS)
EXCEPTION_REASONS: dict[int, str] = {
    1: N_("illegal function"),
    2: N_("illegal data address"),
    3: N_("illegal data value"),
    4: N_("server device failure"),
    5: N_("acknowledge (still working)"),
    6: N_("server device busy"),
    8: N_("memory parity error"),
    10: N_("gateway path unavailable"),
    11: N_("gateway target failed to respond"),
}
UNKNOWN_EXCEPTION = N_("exception code {code}")

# the meter's reasons of a refusal: DL/T 645 error bits (drivers.dlt645 ERR_BITS, marked
# N_ there) and the money-operation words (RECHARGE_ERR_BITS, codes)
REFUSAL_WORDS: dict[str, str] = {
    "repeat": N_("purchase already made (repeat)"),
    "wrong_count": N_("wrong purchase count"),
    "over_maximum": N_("above the maximum balance"),
    "esam_verify_failed": N_("security module check failed"),
    "authentication_failed": N_("authentication failed"),
    "customer_mismatch": N_("customer number does not match"),
    "other": N_("other error"),
}
UNKNOWN_REFUSAL = N_("a reason the meter gave")


def _t(message: str, lang: str, **values: object) -> str:
    text = CATALOG.get(lang, {}).get(message, message)
    return text.format(**values) if values else text


def _hex(value: Any) -> str:
    return f"{int(value):#04x}"


def _exception(facts: Facts, lang: str) -> dict[str, object]:
    code = int(facts["code"])
    reason = EXCEPTION_REASONS.get(code)
    text = _t(reason, lang) if reason else _t(UNKNOWN_EXCEPTION, lang, code=code)
    return {"code": code, "function": _hex(facts["function"]), "reason": text}


def refusal_word(word: str, lang: str) -> str:
    """One reason a meter gave, in ``lang`` (an unknown one: a generic word in Chinese)."""
    if word in REFUSAL_WORDS:
        return _t(REFUSAL_WORDS[word], lang)
    if word in CATALOG.get(lang, {}) or lang == "en":
        return _t(word, lang)
    return _t(UNKNOWN_REFUSAL, lang)


def _refused(facts: Facts, lang: str) -> dict[str, object]:
    words = [refusal_word(str(w), lang) for w in facts.get("reasons") or ["other"]]
    unique = list(dict.fromkeys(words))
    return {"reasons": ("、" if lang == "zh_CN" else ", ").join(unique)}


_FORMAT: dict[str, Callable[[Facts, str], dict[str, object]]] = {
    "timeout.partial": lambda f, _: {"have": int(f["have"]), "need": int(f["need"])},
    "timeout.strangers": lambda f, _: {"count": int(f["count"])},
    "frame.wrong_unit": lambda f, _: {"got": int(f["got"]), "asked": int(f["asked"])},
    "frame.wrong_address": lambda f, _: {"got": str(f["got"]), "asked": str(f["asked"])},
    "frame.wrong_function": lambda f, _: {"got": _hex(f["got"]), "asked": _hex(f["asked"])},
    "frame.noise": lambda f, _: {"count": int(f["count"])},
    "frame.wildcard": lambda f, _: {"count": int(f["count"])},
    "exception": _exception,
    "rejected": _refused,
    "recharge_rejected": _refused,
    "profile": lambda f, _: {"file": str(f["file"]), "key": str(f["key"])},
}

_LEGACY: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"no reply$"), "timeout", ()),
    (re.compile(r"reply stopped after (\d+) of (\d+) bytes$"), "timeout.partial", ("have", "need")),
    (re.compile(r"no reply \(dropped (\d+) frame"), "timeout.strangers", ("count",)),
    (re.compile(r"bad CRC"), "crc", ()),
    (re.compile(r"checksum [0-9A-F]{2}, computed"), "checksum", ()),
    (re.compile(r"reply from unit (\d+), asked unit (\d+)$"), "frame.wrong_unit", ("got", "asked")),
    (re.compile(r"reply from (\d{12}), asked (\d{12})$"), "frame.wrong_address", ("got", "asked")),
    (re.compile(r"no valid reply: (\d+) bytes"), "frame.noise", ("count",)),
    # the port's own texts (the link feed "down: ...", a meter's last error)
    (re.compile(r".* unavailable \(.*\); next attempt in"), "waiting", ()),
    (re.compile(r"cannot open .*(?i:permission denied|access is denied)"), "permission", ()),
    (re.compile(r"cannot open .*(?i:no such file|could not open port)"), "no_port", ()),
    (re.compile(r"cannot open .*(?i:busy)"), "busy", ()),
    (re.compile(r"cannot open .*(?i:connection refused)"), "refused", ()),
    (re.compile(r"cannot open .*(?i:name or service not known)"), "unknown_host", ()),
    (re.compile(r"(?:I/O error|write failed): "), "io", ()),
]


def legacy_kind(text: str) -> tuple[str, dict[str, Any]] | None:
    """Kind and facts of an English driver text stored before errors carried them."""
    for pattern, kind, names in _LEGACY:
        found = pattern.match(text.strip())
        if found:
            return kind, dict(zip(names, found.groups(), strict=True))
    return None


def describe_error(kind: str | None, facts: Facts | None, lang: str, text: str = "") -> str:
    """The error in ``lang``; ``text`` is the English original (old rows, English screens)."""
    if not kind:
        guess = legacy_kind(text) if text else None
        if guess is None:
            return text if lang == "en" and text else _t(GENERIC, lang)
        kind, facts = guess
    template = ERROR_TEMPLATES.get(kind)
    if template is None:
        return text if lang == "en" and text else _t(GENERIC, lang)
    values: dict[str, object] = {}
    formatter = _FORMAT.get(kind)
    if formatter is not None:
        try:
            values = formatter(facts or {}, lang)
        except (KeyError, TypeError, ValueError):
            return text if lang == "en" and text else _t(GENERIC, lang)
    return _t(template, lang, **values)


def describe_exception(exc: BaseException, lang: str) -> str:
    """A live exception (the diagnostics window's last error) in ``lang``."""
    data = error_data(exc)
    return describe_error(data["error_kind"], data["error_facts"], lang, str(exc))
