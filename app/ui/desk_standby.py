"""The window as a standby for the buses (issue 20, round 2).

A window starts its collector only when the lease is free (``HeldCollector``). When another
desk runs the buses, the status bar says which, and offers one check box: **Take over when
it stops** (接替采集). Checked, the window runs a standby in its own process
(``app.collector.standby.LeasedCollector`` on a plain thread): it opens no port and polls
nothing while the other desk renews its lease, and starts this desk's collector when that
desk stops (a clean stop at once, a crash or a pulled cable after the lease's 20 s). If this
desk loses the lease again it goes back to waiting.

Off by default, remembered per computer (QSettings ``collector/standby``): only a desk that
can reach the buses (the serial adapters are plugged in here, or the links are TCP gateways)
should take them over; a cashier's counter usually cannot. Checked once, the window of that
computer stands by from its start on (``MainWindow.start_collector``).

Signals cross from the standby's thread to the GUI thread queued; the live feed attaches on
that thread too (``LiveFeed.attach`` starts its timer on the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QCheckBox, QWidget

from app.db import Database

if TYPE_CHECKING:
    from app.collector import Collector
    from app.collector.lease import Lease
    from app.collector.standby import LeasedCollector

log = logging.getLogger(__name__)
SETTING = "collector/standby"


def wanted() -> bool:
    """Whether this computer's window should stand by (the check box's last state)."""
    return bool(QSettings().value(SETTING, False, type=bool))


class DeskStandby(QObject):
    """The check box and the standby thread behind it.

    ``running(Collector)`` when this desk took the buses over; ``lost()`` when it lost them
    again (its collector stopped already; the standby waits again); ``released()`` when the
    user unchecked the button while this desk ran them (stopped, the lease given back)."""

    running = Signal(object)
    lost = Signal()
    released = Signal()  # unchecked while this desk ran the buses: its collector stopped

    def __init__(self, db: Database, make: Callable[[Lease], Collector], parent: QWidget) -> None:
        super().__init__(parent)
        self.db, self.make = db, make
        self.button = QCheckBox(parent)  # a box: plainly something to tick, not a label
        self.button.setObjectName("TakeOverButton")
        self.button.setText(self.tr("Take over when it stops"))
        self.button.setToolTip(
            self.tr(
                "When the desk that runs the buses stops, this desk starts its collector. "
                "Only for a desk that can reach the buses (the RS-485 adapters or gateways)."
            )
        )
        self.button.setVisible(False)
        self.button.toggled.connect(self._toggled)
        self._leased: LeasedCollector | None = None
        self._thread: threading.Thread | None = None

    @property
    def waiting(self) -> bool:
        return self._thread is not None

    def offer(self, checked: bool) -> None:
        """Another desk runs the buses: show the button (checked: stand by now)."""
        self.button.setVisible(True)
        if self.button.isChecked() == checked:
            self._toggled(checked)
        else:
            self.button.setChecked(checked)  # _toggled starts or stops

    def _toggled(self, on: bool) -> None:
        QSettings().setValue(SETTING, on)
        if on:
            self.start()
            return
        ran = self._leased is not None and self._leased.collector is not None
        self.stop()
        if ran:
            self.released.emit()

    def start(self) -> None:
        if self._thread is not None:
            return
        from app.collector.lease import Lease
        from app.collector.standby import LeasedCollector

        leased = LeasedCollector(
            Lease(self.db), self.make, on_running=self.running.emit, on_lost=self.lost.emit
        )
        self._leased = leased
        self._thread = threading.Thread(target=leased.run, name="desk standby", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop standing by; a collector this desk took over stops and gives the lease back."""
        leased, thread, self._leased, self._thread = self._leased, self._thread, None, None
        if leased is None or thread is None:
            return
        leased.stop()
        thread.join(timeout)
        if thread.is_alive():
            log.error("the desk's standby did not stop")
