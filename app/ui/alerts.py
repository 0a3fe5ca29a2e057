"""Sound, tray message and a flashing banner for the alerts ``AlertPolicy`` decides on.

The policy (``app.livedata.alerts``: what alerts, storms collapsed, rate limit) is Qt-free;
this is the thin Qt part. The banner is always shown, in the alarms dock, because a tray
is not always there (``QSystemTrayIcon.isSystemTrayAvailable()`` is false on many kiosk
desktops and offscreen); the tray message comes on top when there is one. The sound is
``QApplication.beep()`` (PySide6-Essentials has no QtMultimedia), unless the operator muted
it: the mute is remembered in QSettings (``alarms/muted``) and never hides the banner.
Thresholds come from QSettings too: ``alarms/alert_interval_s`` (30), ``alarms/storm_meters``
(5) and ``alarms/storm_window_s`` (60).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from app.livedata import Count, EventRow, OnlineCounts
from app.livedata.alerts import Alert, AlertPolicy

from .event_labels import event_text

MUTED = "alarms/muted"
FLASHES = 8  # half-periods of 400 ms: the banner blinks for about three seconds
STYLES = (
    "#AlertBanner { background: #c62828; border-radius: 3px; } #AlertBanner QLabel "
    "{ color: white; font-weight: bold; }",
    "#AlertBanner { background: #ffcdd2; border-radius: 3px; } #AlertBanner QLabel "
    "{ color: #b71c1c; font-weight: bold; }",
)


def _storm_text(events: int, now: Count | None) -> str:
    """The live count of the bus's offline meters (the status bar's figure); the storm's
    own events until a count arrives, or once they are all back ("0 meters offline" in a
    red banner would contradict the storm it announces)."""
    if now is None or now.offline == 0:
        return QCoreApplication.translate("Alerts", "%n meter(s) went offline on %1", "", events)
    offline = now.offline
    return QCoreApplication.translate("Alerts", "%n meter(s) offline on %1", "", offline)


def alert_text(alert: Alert, counts: OnlineCounts | None = None) -> str:
    """One line: the storms per bus, then the first level-3 alarm and how many more.

    With ``counts`` (``app.livedata.online_counts``, the status bar's read) a storm says
    how many meters of its bus are offline now, the same figure as the status bar; the
    number of offline events of the storm only until the first count arrives."""
    parts = [
        _storm_text(events, counts.by_name(bus) if counts is not None else None).replace("%1", bus)
        for bus, events in alert.storms.items()
    ]
    if alert.alarms:
        first = alert.alarms[0]
        text = (
            QCoreApplication.translate("Alerts", "Level-3 alarm: %1 — %2")
            .replace("%1", first.room or "-")
            .replace("%2", event_text(first.kind, first.message, first.data))
        )
        more = len(alert.alarms) - 1
        if more:
            text += QCoreApplication.translate("Alerts", " (and %n more)", "", more)
        parts.append(text)
    return " · ".join(parts)


class AlertBanner(QFrame):
    """The visual alert: a red strip that blinks for a few seconds, until dismissed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlertBanner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.dismiss = QPushButton(self.tr("Dismiss"), self)
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss)
        self._flashes = 0
        self._blink = QTimer(self)
        self._blink.setInterval(400)
        self._blink.timeout.connect(self._flash)
        self.setStyleSheet(STYLES[0])
        self.hide()

    def show_text(self, text: str, flash: bool = True) -> None:
        self.label.setText(text)
        self.show()
        if flash:
            self._flashes = 0
            self._blink.start()

    def update_text(self, text: str) -> None:
        """A storm that grew: new count, no new blinking."""
        self.label.setText(text)

    @property
    def flashing(self) -> bool:
        return self._blink.isActive()

    def _flash(self) -> None:
        self._flashes += 1
        self.setStyleSheet(STYLES[self._flashes % 2])
        if self._flashes >= FLASHES:
            self._blink.stop()
            self.setStyleSheet(STYLES[0])


class AlertNotifier(QObject):
    """Feeds new events to the policy and raises what it returns: sound, tray, banner."""

    alerted = Signal(object, str)  # Alert, its text

    def __init__(self, banner: AlertBanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        settings = QSettings()
        self.policy = AlertPolicy(
            min_interval=_number(settings, "alarms/alert_interval_s", 30.0),
            storm_threshold=int(_number(settings, "alarms/storm_meters", 5)),
            storm_window=_number(settings, "alarms/storm_window_s", 60.0),
        )
        self.counts: OnlineCounts | None = None  # the status bar's offline counts
        self.sound: Callable[[], None] = QApplication.beep  # tests count the beeps
        self.beeps = 0
        self.tray: QSystemTrayIcon | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    @property
    def muted(self) -> bool:
        return _flag(QSettings().value(MUTED, False))

    def set_muted(self, muted: bool) -> None:
        settings = QSettings()
        settings.setValue(MUTED, bool(muted))
        settings.sync()

    def feed(self, rows: list[EventRow]) -> None:
        for alert in self.policy.feed(rows):
            self._raise(alert)
        current = self.policy.current
        if self.policy.updated and current is not None and self.banner.isVisible():
            self.banner.update_text(alert_text(current, self.counts))

    def set_counts(self, counts: OnlineCounts) -> None:
        """New offline counts (``BusStatus.counted``): a storm on screen shows them too."""
        self.counts = counts
        current = self.policy.current
        if current is not None and current.storms and self.banner.isVisible():
            self.banner.update_text(alert_text(current, counts))

    def tick(self) -> None:
        for alert in self.policy.tick():
            self._raise(alert)

    def _raise(self, alert: Alert) -> None:
        text = alert_text(alert, self.counts)
        self.banner.show_text(text)
        window = self.banner.window()
        if window is not None:
            QApplication.alert(window, 0)  # the task bar entry asks for attention
        if not self.muted:
            self.beeps += 1
            self.sound()
        self._tray(text)
        self.alerted.emit(alert, text)

    def _tray(self, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.tray is None:
            style = QApplication.style()
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("WattDesk")
            self.tray.show()
        self.tray.showMessage(
            self.tr("WattDesk alarm"), text, QSystemTrayIcon.MessageIcon.Critical, 10_000
        )

    def stop(self) -> None:
        self._timer.stop()
        if self.tray is not None:
            self.tray.hide()


def _number(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _flag(value: object) -> bool:
    """QSettings' INI format gives booleans back as the strings "true"/"false"."""
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
