"""Events in the user's language (the alarms list and the room's events).

Events are stored with a stable kind (``relay.changed``), their facts as data (``{"relay":
"open", "by": "rule"}``) and a short English detail for logs. The sentence is built by the
Qt-free ``app.livedata.event_text`` from the kind and the facts in the interface's
language, so a Chinese operator reads Chinese whatever language the collector ran in; the
stored English detail shows only on an English screen, for events without their facts.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.config import ui_language
from app.livedata.error_text import describe_error
from app.livedata.event_text import describe
from app.livedata.event_text import known_kinds as known_kinds

from .labels import event_kind_label

kind_label = event_kind_label  # one source: app.ui.labels


def event_text(kind: str, message: str, data: dict[str, Any] | None = None) -> str:
    """The event as a sentence in the interface's language."""
    return describe(kind, data, ui_language(), message)


def driver_error_text(text: str) -> str:
    """A driver's English text as stored (a meter's last error, the link feed) in the
    interface's language: the known ones translated, the rest a generic error in Chinese."""
    return describe_error(None, None, ui_language(), text) if text else ""


_driver_error = driver_error_text


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
