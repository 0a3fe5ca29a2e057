"""Events in the user's language (the alarms list and the room's events).

Events are stored with a stable kind (``relay.changed``), their facts as data (``{"relay":
"open", "by": "rule"}``) and a short English detail for logs. The screens build the
sentence from the kind and the data in the language of the interface, so a Chinese
operator reads Chinese whatever language the collector ran in; an event without the
data it needs (older rows, unknown kinds) shows the kind's name and the stored detail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.money import format_yuan


def _labels() -> dict[str, str]:
    return {
        "meter.online": QCoreApplication.translate("Events", "Meter back online"),
        "meter.offline": QCoreApplication.translate("Events", "Meter offline"),
        "meter.reset": QCoreApplication.translate("Events", "Meter reset"),
        "meter.replaced": QCoreApplication.translate("Events", "Meter replaced"),
        "relay.changed": QCoreApplication.translate("Events", "Relay changed"),
        "relay.cut_suppressed": QCoreApplication.translate(
            "Events", "Cut suppressed (guaranteed supply or time rule)"
        ),
        "balance.alarm": QCoreApplication.translate("Events", "Low balance"),
        "recharge.confirmed": QCoreApplication.translate(
            "Events", "Recharge confirmed by the meter"
        ),
        "billing.charge": QCoreApplication.translate("Events", "Energy charged"),
        "billing.skipped": QCoreApplication.translate("Events", "Interval not billed"),
        "clock.drift": QCoreApplication.translate("Events", "Meter clock drift"),
        "energy.backwards": QCoreApplication.translate("Events", "Energy register went backwards"),
        "power.over_limit": QCoreApplication.translate("Events", "Power above the room's limit"),
        "guarantee.meter": QCoreApplication.translate("Events", "Guaranteed supply (meter)"),
        "guarantee.building": QCoreApplication.translate("Events", "Guaranteed supply (building)"),
        "reconcile.mismatch": QCoreApplication.translate(
            "Events", "Meter disagrees with the ledger"
        ),
        "command.confirmed": QCoreApplication.translate("Events", "Command confirmed"),
        "command.failed": QCoreApplication.translate("Events", "Command failed"),
        "command.expired": QCoreApplication.translate("Events", "Command expired"),
        "bus.crashed": QCoreApplication.translate("Events", "Bus worker stopped"),
        "vacant.consumption": QCoreApplication.translate("Events", "Vacant room draws power"),
    }


def known_kinds() -> list[str]:
    """The stable event kinds the collector and the services write (the alarms filter)."""
    return list(_labels())


def kind_label(kind: str) -> str:
    labels = _labels()
    if kind in labels:
        return labels[kind]
    if kind.startswith("meter.") and kind.endswith((".confirmed", ".failed", ".expired")):
        return QCoreApplication.translate("Events", "Command") + f" {kind}"
    return kind


def event_text(kind: str, message: str, data: dict[str, Any] | None = None) -> str:
    """The event as a sentence in the interface's language."""
    builder = _SENTENCES.get(kind)
    if builder is not None and data:
        try:
            return builder(data)
        except (KeyError, TypeError, ValueError, InvalidOperation):
            pass  # facts missing or malformed: fall back to the stored detail
    label = kind_label(kind)
    return f"{label}: {message}" if message else label


def _fill(template: str, **values: object) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def _yuan(data: dict[str, Any], key: str) -> str:
    return format_yuan(int(data[key]))


def _who(by: str) -> str:
    names = {
        "meter": QCoreApplication.translate("Events", "the meter itself"),
        "rule": QCoreApplication.translate("Events", "an automatic rule"),
    }
    if by in names:
        return names[by]
    if by.startswith("rule:"):
        return names["rule"]
    if by == "system":
        return QCoreApplication.translate("Events", "WattDesk")
    return _fill(QCoreApplication.translate("Events", "operator {login}"), login=by)


def _rule(rule: str) -> str:
    names = {
        "guarantee.meter": QCoreApplication.translate("Events", "guaranteed supply on the meter"),
        "guarantee.building": QCoreApplication.translate(
            "Events", "guaranteed supply for the building"
        ),
        "no_cut.night": QCoreApplication.translate("Events", "no cuts at night"),
        "no_cut.weekend": QCoreApplication.translate("Events", "no cuts at weekends"),
        "no_cut.holiday": QCoreApplication.translate("Events", "no cuts on holidays"),
        "cutoff_line": QCoreApplication.translate("Events", "balance at the cut-off line"),
        "restore_after_recharge": QCoreApplication.translate(
            "Events", "recharged above the restore line"
        ),
    }
    return names.get(rule, rule)


def _relay(data: dict[str, Any]) -> str:
    cut = data["relay"] == "open"
    text = (
        QCoreApplication.translate("Events", "Power cut by {who}")
        if cut
        else QCoreApplication.translate("Events", "Power restored by {who}")
    )
    sentence = _fill(text, who=_who(str(data["by"])))
    if data.get("rule"):
        sentence += _fill(
            QCoreApplication.translate("Events", " (rule: {rule})"), rule=_rule(str(data["rule"]))
        )
    return sentence


def _offline(data: dict[str, Any]) -> str:
    text = (
        QCoreApplication.translate("Events", "Meter never answered ({error})")
        if data.get("never")
        else QCoreApplication.translate(
            "Events", "Meter offline after {misses} unanswered polls ({error})"
        )
    )
    return _fill(text, misses=int(data["misses"]), error=_driver_error(str(data["error"])))


def _driver_error(text: str) -> str:
    """The drivers' commonest words in the interface's language; the rest stays technical."""
    if text == "no reply":
        return QCoreApplication.translate("Events", "no reply")
    cut = re.fullmatch(r"reply stopped after (\d+) of (\d+) bytes", text)
    if cut:
        return (
            QCoreApplication.translate("Events", "reply cut short (%1 of %2 bytes)")
            .replace("%1", cut.group(1))
            .replace("%2", cut.group(2))
        )
    if text.startswith("bad CRC"):
        return QCoreApplication.translate("Events", "damaged reply (CRC error)")
    return text


def bus_stopped_text(reason: str, restart_in: float | None = None) -> str:
    """A crashed bus worker in words: why it stopped and when it starts again."""
    if restart_in is None:
        return QCoreApplication.translate("Events", "bus worker stopped: %1").replace("%1", reason)
    return (
        QCoreApplication.translate("Events", "bus worker stopped: %1; restarting in %2 s")
        .replace("%1", reason)
        .replace("%2", f"{restart_in:.3g}")
    )


def link_state_text(state: str) -> str:
    """A link status of the collector's change feed ("up", "down: <reason>", the crash
    texts of ``BusWorker.stopped_text``) in the interface's language."""
    if state == "up":
        return QCoreApplication.translate("Events", "up")
    reason = state.removeprefix("down: ")
    stopped = re.fullmatch(r"bus worker stopped: (.*?)(?:; restarting in ([\d.]+) s)?", reason)
    if stopped:
        seconds = stopped.group(2)
        return bus_stopped_text(stopped.group(1), None if seconds is None else float(seconds))
    if reason.startswith("restarted after: "):
        return QCoreApplication.translate("Events", "bus worker restarted after: %1").replace(
            "%1", reason.removeprefix("restarted after: ")
        )
    return QCoreApplication.translate("Events", "down: %1").replace("%1", _driver_error(reason))


def _bus_crashed(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate("Events", "Bus {link}: {what}"),
        link=str(data["link"]),
        what=bus_stopped_text(str(data["reason"]), float(data["restart_s"])),
    )


def _balance(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate("Events", "Balance {balance}: alarm level {level}"),
        balance=_yuan(data, "balance_fen"),
        level=int(data["alarm"]),
    )


def _recharge(data: dict[str, Any]) -> str:
    sentence = _fill(
        QCoreApplication.translate("Events", "Recharge of {amount} confirmed (purchase {count})"),
        amount=_yuan(data, "amount_fen"),
        count=int(data["count"]),
    )
    if data.get("balance_fen") is not None:
        sentence += _fill(
            QCoreApplication.translate("Events", "; meter balance {balance}"),
            balance=_yuan(data, "balance_fen"),
        )
    return sentence


def _suppressed(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate(
            "Events", "Balance {balance} is at the cut-off line; not cut because of {rule}"
        ),
        balance=_yuan(data, "balance_fen"),
        rule=_rule(str(data["rule"])),
    )


def _backwards(kind: str) -> Callable[[dict[str, Any]], str]:
    def sentence(data: dict[str, Any]) -> str:
        text = (
            QCoreApplication.translate(
                "Events",
                "Energy register went from {before} to {after} kWh and the purchase count "
                "restarted: meter replaced?",
            )
            if kind == "meter.replaced"
            else QCoreApplication.translate(
                "Events", "Energy register went from {before} to {after} kWh"
            )
        )
        return _fill(text, before=Decimal(data["before"]), after=Decimal(data["after"]))

    return sentence


def _drift(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate("Events", "Meter clock is {seconds} s off"),
        seconds=round(float(data["s"])),
    )


def _power(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate(
            "Events", "Power {power} W is above the room's limit of {limit} W"
        ),
        power=int(data["power_w"]),
        limit=int(data["limit_w"]),
    )


def _balance_platform(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate("Events", "Account balance {balance}: alarm level {level}"),
        balance=_yuan(data, "balance_fen"),
        level=int(data["alarm"]),
    )


def _vacant(data: dict[str, Any]) -> str:
    return _fill(
        QCoreApplication.translate(
            "Events", "Vacant room (no open account) draws {watts} W (line {line} W)"
        ),
        watts=int(data["watts"]),
        line=int(data.get("line_w", 0)),
    )


_SENTENCES: dict[str, Callable[[dict[str, Any]], str]] = {
    "relay.changed": _relay,
    "meter.offline": _offline,
    "balance.alarm": lambda d: _balance_platform(d) if "account_id" in d else _balance(d),
    "recharge.confirmed": _recharge,
    "relay.cut_suppressed": _suppressed,
    "energy.backwards": _backwards("energy.backwards"),
    "meter.replaced": _backwards("meter.replaced"),
    "clock.drift": _drift,
    "power.over_limit": _power,
    "bus.crashed": _bus_crashed,
    "vacant.consumption": _vacant,
}
