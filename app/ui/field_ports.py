"""The laptop's bus ports (现场端口): ``field ports`` as a small window, on a field package.

Each bus (link) of the package with its meters: tick the ones plugged into this laptop and
give each its USB RS-485 adapter's port (``/dev/ttyUSB0``, ``COM4``). "Apply" calls
``app.field.offline.use_ports`` off the GUI thread: the ticked links get their port, the
others are switched off. Meter editors only (``Permission.METER_EDIT``; the service checks).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.security import Permission

from .bridge import Worker

NAME, METERS, PORT = 0, 1, 2


class FieldPortsDialog(QDialog):
    """Which bus is on which adapter of this laptop."""

    loaded = Signal()
    applied = Signal(dict)  # {link name: port}
    failed = Signal(str)

    def __init__(self, db: Any, actor: Any, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.setObjectName("FieldPortsDialog")
        self.setWindowTitle(self.tr("Bus ports of this laptop"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Tick the buses plugged into this laptop and give each its adapter's port "
                "(e.g. /dev/ttyUSB0 or COM4). The other buses are switched off on the laptop."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("FieldPortsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Bus"), self.tr("Meters"), self.tr("Port")])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(METERS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PORT, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setObjectName("FieldPortsApply")
        self.apply_button.clicked.connect(self.apply)
        may = actor.can(Permission.METER_EDIT)
        self.apply_button.setEnabled(may)
        if not may:
            self.apply_button.setToolTip(self.tr("Your role may not change the buses."))
        layout.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignRight)
        self.result = QLabel(self)
        self.result.setObjectName("FieldPortsResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)

    def load(self) -> None:
        from app.field.offline import package_links

        db = self.db
        self.worker.submit(lambda: package_links(db), self._fill, self._error)

    def _fill(self, links: list[Any]) -> None:
        self.table.setRowCount(len(links))
        for row, link in enumerate(links):
            name = QTableWidgetItem(link.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked if link.enabled else Qt.CheckState.Unchecked)
            meters = QTableWidgetItem(str(link.meters))
            meters.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, NAME, name)
            self.table.setItem(row, METERS, meters)
            self.table.setItem(row, PORT, QTableWidgetItem(link.url))
        self.loaded.emit()

    def chosen(self) -> dict[str, str]:
        ports: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name, port = self.table.item(row, NAME), self.table.item(row, PORT)
            if name.checkState() == Qt.CheckState.Checked:
                ports[name.text()] = port.text().strip()
        return ports

    def apply(self) -> None:
        from app.field.offline import use_ports

        ports = self.chosen()
        if not ports or not all(ports.values()):
            self._error(
                ValueError(self.tr("Tick at least one bus and give each ticked bus a port."))
            )
            return
        db, actor = self.db, self.actor
        self.apply_button.setEnabled(False)
        self.worker.submit(lambda: use_ports(db, actor, ports), lambda _r: self._done(ports),
                           self._error)  # fmt: skip

    def _done(self, ports: dict[str, str]) -> None:
        self.apply_button.setEnabled(True)
        self.result.setText(
            self.tr("Saved: %1. The other buses are off on this laptop.").replace(
                "%1", "; ".join(f"{name} → {port}" for name, port in ports.items())
            )
        )
        self.applied.emit(ports)

    def _error(self, exc: Exception) -> None:
        self.apply_button.setEnabled(self.actor.can(Permission.METER_EDIT))
        self.result.setText(str(exc))
        self.failed.emit(str(exc))
