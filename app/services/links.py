"""RS-485 links (buses) as the settings window edits and tests them.

Editing needs ``Permission.METER_EDIT`` and is audited (``link.add`` / ``link.change`` /
``link.remove``) in the same transaction. Nothing is ever lost: a link that meters point
at (installed or replaced, their history stays) cannot be removed, only disabled; its
protocol cannot change under installed meters whose profiles speak the other one. A changed
link takes effect when the collector starts again: the bus workers hold the port open.

``try_link`` tries a link and says in plain words what happened. When the collector of
this process owns the link, the test asks its bus worker to read a meter at the bus's next
turn (``BusWorker.read_now``), so the port is never opened a second time; otherwise it
opens the port itself for one short read.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ..db import Database
from ..i18n import tr
from ..models import Link, Meter, Parity, Protocol
from ..security import Actor, Permission, audit, authorize, require

log = logging.getLogger(__name__)

BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
URL_RE = re.compile(r"^(/dev/\S+|COM\d+|(socket|rfc2217|sim|loop)://\S+)$", re.IGNORECASE)
DEFAULT_PROFILE = {"modbus": "sim-prepaid-modbus", "dlt645": "sim-prepaid-dlt645"}
TRIES = 3  # meters asked before "no meter answered"


class LinkSettingsError(ValueError):
    """A link that cannot be stored or removed; ``str()`` is for the user."""


@dataclass(frozen=True)
class LinkSpec:
    """A link as the form edits it."""

    name: str
    url: str
    protocol: str = "modbus"
    baud: int = 9600
    parity: str = "E"
    stopbits: int = 1
    timeout_ms: int = 500
    enabled: bool = True


@dataclass(frozen=True)
class LinkRow:
    id: int
    spec: LinkSpec
    meters: int  # installed meters on the link


def list_links(db: Database) -> list[LinkRow]:
    with db.read() as s:
        counts = dict(
            s.execute(
                select(Meter.link_id, func.count(Meter.id))
                .where(Meter.removed_at.is_(None))
                .group_by(Meter.link_id)
            )
            .tuples()
            .all()
        )
        return [
            LinkRow(link.id, _spec(link), int(counts.get(link.id, 0)))
            for link in s.scalars(select(Link).order_by(Link.id))
        ]


def _spec(link: Link) -> LinkSpec:
    return LinkSpec(
        link.name,
        link.url,
        link.protocol.value,
        link.baud,
        link.parity.value,
        link.stopbits,
        link.timeout_ms,
        link.enabled,
    )


def check_link(spec: LinkSpec) -> LinkSpec:
    """The spec with whitespace trimmed, or ``LinkSettingsError`` naming the bad field."""
    name, url = spec.name.strip(), spec.url.strip()
    if not url:
        raise LinkSettingsError(tr("port: required value is missing"))
    if not URL_RE.match(url):
        raise LinkSettingsError(tr("not a valid serial port or gateway URL: {value!r}", value=url))
    if len(url) > 200 or len(name) > 60:
        raise LinkSettingsError(tr("name or port: text is too long"))
    if spec.protocol not in DEFAULT_PROFILE:
        raise LinkSettingsError(tr("unknown protocol {value!r}", value=spec.protocol))
    if spec.baud not in BAUDS:
        raise LinkSettingsError(
            tr(
                "baud rate {value} is not one RS-485 meters use ({bauds})",
                value=spec.baud,
                bauds=", ".join(str(b) for b in BAUDS),
            )
        )
    if spec.parity not in ("N", "E", "O"):
        raise LinkSettingsError(tr("parity must be N, E or O"))
    if spec.stopbits not in (1, 2):
        raise LinkSettingsError(tr("stop bits must be 1 or 2"))
    if not 20 <= spec.timeout_ms <= 10_000:
        raise LinkSettingsError(tr("the reply timeout must be 20 to 10000 ms"))
    return LinkSpec(
        name or url,
        url,
        spec.protocol,
        spec.baud,
        spec.parity,
        spec.stopbits,
        spec.timeout_ms,
        spec.enabled,
    )


def save_link(db: Database, actor: Actor, spec: LinkSpec, link_id: int | None = None) -> int:
    """Add (``link_id`` None) or change a link; returns its id."""
    require(actor, Permission.METER_EDIT)
    clean = check_link(spec)
    with db.write() as s:
        authorize(s, actor, Permission.METER_EDIT)
        for column, value, what in (
            (Link.url, clean.url, tr("port")),
            (Link.name, clean.name, tr("name")),
        ):
            clash = s.scalar(select(Link.name).where(column == value, Link.id != (link_id or -1)))
            if clash is not None:
                raise LinkSettingsError(
                    tr(
                        "the {what} {value} is already used by link {link}",
                        what=what,
                        value=value,
                        link=clash,
                    )
                )
        values = {
            "name": clean.name,
            "url": clean.url,
            "protocol": Protocol(clean.protocol),
            "baud": clean.baud,
            "parity": Parity(clean.parity),
            "stopbits": clean.stopbits,
            "timeout_ms": clean.timeout_ms,
            "enabled": clean.enabled,
        }
        if link_id is None:
            added = Link(**values)
            s.add(added)
            s.flush()
            audit.record(s, actor, "link.add", f"link:{added.id}", after=_plain(clean))
            return int(added.id)
        link = s.get(Link, link_id)
        if link is None:
            raise LinkSettingsError(tr("no link with id {id}", id=link_id))
        before = _spec(link)
        if before.protocol != clean.protocol and _installed(s, link_id):
            raise LinkSettingsError(
                tr(
                    "link {link} has meters that speak {protocol}: move them first",
                    link=link.name,
                    protocol=before.protocol,
                )
            )
        for key, new in values.items():
            setattr(link, key, new)
        old, new = audit.changes(_plain(before), _plain(clean))
        if new:
            audit.record(s, actor, "link.change", f"link:{link_id}", before=old, after=new)
        return link_id


def remove_link(db: Database, actor: Actor, link_id: int) -> None:
    """Delete a link no meter row points at (otherwise disable it: history stays)."""
    require(actor, Permission.METER_EDIT)
    with db.write() as s:
        authorize(s, actor, Permission.METER_EDIT)
        link = s.get(Link, link_id)
        if link is None:
            raise LinkSettingsError(tr("no link with id {id}", id=link_id))
        used = s.scalar(select(func.count(Meter.id)).where(Meter.link_id == link_id)) or 0
        if used:
            raise LinkSettingsError(
                tr(
                    "link {link} has {count} meter(s) (with their history): it cannot be "
                    "removed; disable it instead",
                    link=link.name,
                    count=used,
                )
            )
        before = _plain(_spec(link))
        s.delete(link)
        audit.record(s, actor, "link.remove", f"link:{link_id}", before=before)


def _installed(s: Any, link_id: int) -> int:
    return int(
        s.scalar(
            select(func.count(Meter.id)).where(Meter.link_id == link_id, Meter.removed_at.is_(None))
        )
        or 0
    )


def _plain(spec: LinkSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "url": spec.url,
        "protocol": spec.protocol,
        "baud": spec.baud,
        "parity": spec.parity,
        "stopbits": spec.stopbits,
        "timeout_ms": spec.timeout_ms,
        "enabled": spec.enabled,
    }


# --------------------------------------------------------------------------- test


@dataclass(frozen=True)
class LinkCheck:
    ok: bool
    message: str
    via_collector: bool = False
    millis: float | None = None


def _meters(db: Database, link_id: int) -> tuple[LinkSpec, list[tuple[int, str, str]]]:
    with db.read() as s:
        link = s.get(Link, link_id)
        if link is None:
            raise LinkSettingsError(tr("no link with id {id}", id=link_id))
        rows = s.execute(
            select(Meter.id, Meter.address, Meter.profile)
            .where(Meter.link_id == link_id, Meter.removed_at.is_(None))
            .order_by(Meter.id)
        ).all()
        return _spec(link), [(int(a), str(b), str(c)) for a, b, c in rows]


def try_link(db: Database, link_id: int, collector: Any = None, wait: float = 20.0) -> LinkCheck:
    """Try the link; run it off the GUI thread (it waits on the wire)."""
    spec, meters = _meters(db, link_id)
    worker = getattr(collector, "workers", {}).get(link_id) if collector is not None else None
    if worker is not None:
        return _through_worker(spec, worker, meters, wait)
    if spec.url.lower().startswith("sim://"):
        return LinkCheck(
            False,
            tr(
                "{port} is a simulated bus: it runs only inside the collector, which does "
                "not serve it now",
                port=spec.url,
            ),
        )
    return _direct(spec, meters)


def _through_worker(spec: LinkSpec, worker: Any, meters: list[Any], wait: float) -> LinkCheck:
    candidates = [m for m in meters if m[0] in worker.handles]
    candidates.sort(key=lambda m: not worker.is_online(m[0]))  # online meters first
    last_error = ""
    for meter_id, address, _profile in candidates[:TRIES]:
        done = threading.Event()
        answer: list[Any] = []

        def reply(
            result: Any, seconds: float, answer: list[Any] = answer, done: Any = done
        ) -> None:
            answer.append((result, seconds))
            done.set()

        if not worker.read_now(meter_id, reply) or not done.wait(wait):
            continue
        result, seconds = answer[0]
        if result is not None and result.snapshot is None:
            last_error = result.error or last_error
        if result is not None and result.snapshot is not None:
            return LinkCheck(
                True,
                tr(
                    "{port} (through the running collector): meter {address} answered in {ms} ms",
                    port=spec.url,
                    address=address,
                    ms=round(seconds * 1000),
                ),
                via_collector=True,
                millis=seconds * 1000,
            )
    if not candidates:
        return LinkCheck(False, tr("{port}: no meter is set up on this link", port=spec.url), True)
    text = tr(
        "{port} is open in the collector but no meter answered: check the baud rate, "
        "the parity and the wiring",
        port=spec.url,
    )
    return LinkCheck(False, f"{text} ({last_error})" if last_error else text, True)


def _direct(spec: LinkSpec, meters: list[tuple[int, str, str]]) -> LinkCheck:
    from drivers.bus import link_for, meter_for
    from drivers.errors import DriverError, LinkError

    profile = meters[0][2] if meters else DEFAULT_PROFILE[spec.protocol]
    try:
        link = link_for(
            spec.url,
            profile,
            baudrate=spec.baud,
            parity=spec.parity,
            stopbits=spec.stopbits,
            timeout=spec.timeout_ms / 1000,
        )
        link.open()
    except (LinkError, DriverError, ValueError) as exc:
        return LinkCheck(False, _open_error(spec.url, exc))
    try:
        if not meters:
            return LinkCheck(
                True, tr("{port} opened; no meter is set up on this link to ask", port=spec.url)
            )
        for _meter_id, address, meter_profile in meters[:TRIES]:
            try:
                meter = meter_for(link, meter_profile, address)
                names = list(meter.profile.quantities)
                first = "voltage" if "voltage" in names else names[0]
                started = time.monotonic()
                meter.read_quantities([first])
            except LinkError as exc:
                return LinkCheck(False, _open_error(spec.url, exc))
            except DriverError as exc:
                log.info("link test %s: meter %s: %s", spec.url, address, exc)
                continue
            ms = (time.monotonic() - started) * 1000
            return LinkCheck(
                True,
                tr(
                    "{port} opened; meter {address} answered in {ms} ms",
                    port=spec.url,
                    address=address,
                    ms=round(ms),
                ),
                millis=ms,
            )
        return LinkCheck(
            False,
            tr(
                "{port} opened but no meter answered: check the baud rate, the parity and "
                "the wiring",
                port=spec.url,
            ),
        )
    finally:
        link.close()


def _open_error(url: str, exc: Exception) -> str:
    return tr("cannot open {port}: {reason}", port=url, reason=port_problem(exc, detail=False))


def port_problem(exc: Exception, detail: bool = True) -> str:
    """What is wrong with a port, in the user's language (the driver's ``LinkError.kind``);
    with ``detail`` the technical text follows for the support person (the CLI), without
    it a known problem is the sentence alone (the settings window)."""
    from drivers.errors import LinkError

    kind = exc.kind if isinstance(exc, LinkError) else ""
    if not kind:  # an error raised before the link classified it
        lowered = str(exc).lower()
        kind = (
            "permission"
            if "permission denied" in lowered or "access is denied" in lowered
            else "no_port"
            if "no such file" in lowered
            else "busy"
            if "busy" in lowered
            else ""
        )
    sentence = {
        "permission": tr("permission denied (on Linux, add the user to the dialout group)"),
        "no_port": tr("no such port on this computer"),
        "busy": tr("the port is in use by another program"),
        "bad_url": tr(
            "not a serial port name or a gateway address (socket://HOST:PORT, rfc2217://HOST:PORT)"
        ),
        "refused": tr(
            "the gateway refused the connection: check its address, its TCP port "
            "and that it is switched on"
        ),
        "unknown_host": tr("no computer or gateway with this name is known on the network"),
        "unreachable": tr("the gateway does not answer on the network (cable, address, firewall)"),
        "closed": tr("the connection to the port was lost"),
        "waiting": tr("the port failed a moment ago; it is tried again shortly"),
    }.get(kind)
    if not sentence:
        return str(exc)
    return f"{sentence} ({exc})" if detail else sentence
