"""Names of event kinds in the user's language (the alarms list and the room's events).

Events are stored with a stable kind (``relay.changed``) and a short technical detail; the
screens show the kind's name translated, then the detail.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


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


def event_text(kind: str, message: str) -> str:
    label = kind_label(kind)
    return f"{label}: {message}" if message else label
