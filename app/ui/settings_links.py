"""Settings → Links: the RS-485 buses of the database, edited and tested.

Add, edit and remove go through ``app.services.links`` (``METER_EDIT``, audited). The link
form stays open until the save succeeds, so a refused value (a bad port, a duplicate) is
shown next to what was typed and never lost. Test runs in the worker pool: through the
running collector's bus worker when it owns the link, else by opening the port once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.security import Actor, Permission
from app.services.links import (
    BAUDS,
    LinkCheck,
    LinkRow,
    LinkSpec,
    list_links,
    remove_link,
    save_link,
    try_link,
)
from widgets.confirm import ask_yes_no

from .bridge import Worker
from .settings import Page, locked_text

COLUMNS = 8
TEST_COLUMN = 7


class LinkDialog(QDialog):
    """The form of one link; ``submitted`` when Save is pressed (the page saves it)."""

    submitted = Signal()

    def __init__(self, row: LinkRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(self.tr("Edit link") if row else self.tr("Add a link"))
        spec = row.spec if row else LinkSpec(name="", url="")
        self.name = QLineEdit(spec.name, self)
        self.name.setPlaceholderText(self.tr("e.g. Building 1 bus A"))
        self.port = QLineEdit(spec.url, self)
        self.port.setPlaceholderText("COM3, /dev/ttyUSB0, socket://10.0.0.7:4001")
        self.protocol = QComboBox(self)
        self.protocol.addItem("Modbus RTU", "modbus")
        self.protocol.addItem("DL/T 645-2007", "dlt645")
        self.protocol.setCurrentIndex(max(0, self.protocol.findData(spec.protocol)))
        self.baud = QComboBox(self)
        self.baud.setEditable(True)  # a typed value is checked by the service, not hidden
        for b in BAUDS:
            self.baud.addItem(str(b))
        self.baud.setCurrentText(str(spec.baud))
        self.parity = QComboBox(self)
        for text, value in ((self.tr("Even (E)"), "E"), (self.tr("None (N)"), "N"),
                            (self.tr("Odd (O)"), "O")):  # fmt: skip
            self.parity.addItem(text, value)
        self.parity.setCurrentIndex(max(0, self.parity.findData(spec.parity)))
        self.stopbits = QComboBox(self)
        self.stopbits.addItems(["1", "2"])
        self.stopbits.setCurrentText(str(spec.stopbits))
        self.timeout = QSpinBox(self)
        self.timeout.setRange(1, 60_000)
        self.timeout.setSuffix(" ms")
        self.timeout.setValue(spec.timeout_ms)
        self.enabled = QCheckBox(self.tr("Polled by the collector"), self)
        self.enabled.setChecked(spec.enabled)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Protocol"), self.protocol)
        form.addRow(self.tr("Baud rate"), self.baud)
        form.addRow(self.tr("Parity"), self.parity)
        form.addRow(self.tr("Stop bits"), self.stopbits)
        form.addRow(self.tr("Reply timeout"), self.timeout)
        form.addRow("", self.enabled)
        self.error = QLabel(self)
        self.error.setObjectName("LinkError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.submitted.emit)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def spec(self) -> LinkSpec:
        text = self.baud.currentText().strip()
        return LinkSpec(
            name=self.name.text(),
            url=self.port.text(),
            protocol=str(self.protocol.currentData()),
            baud=int(text) if text.isdigit() else -1,
            parity=str(self.parity.currentData()),
            stopbits=int(self.stopbits.currentText()),
            timeout_ms=self.timeout.value(),
            enabled=self.enabled.isChecked(),
        )


class LinksPage(Page):
    loaded = Signal()
    tested = Signal(object)  # LinkCheck
    removed = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        collector: Callable[[], Any],
        restart_collector: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Links (RS-485 buses)"), parent)
        self.db, self.actor = db, actor
        self.collector = collector
        self.restart_collector = restart_collector
        self.rows: list[LinkRow] = []
        self.editor: LinkDialog | None = None
        self.tester = Worker(self)  # tests wait on the wire: they must not queue behind saves
        self.confirm: Callable[[str], bool] = self._ask
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("LinksTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Port"),
                self.tr("Protocol"),
                self.tr("Line"),
                self.tr("Timeout"),
                self.tr("Polled"),
                self.tr("Meters"),
                "",
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.layout_.addWidget(self.table, 1)
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.restart_button = QPushButton(self.tr("Restart the collector"), self)
        self.restart_button.clicked.connect(self.restart)
        self.restart_button.setEnabled(False)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.restart_button)
        self.layout_.addLayout(row)
        self.note = QLabel(
            self.tr(
                "A changed link takes effect when the collector restarts: the running "
                "collector keeps its ports open with the settings it started with."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)
        self.layout_.addWidget(self.status)
        if not actor.can(Permission.METER_EDIT):
            what = self.tr("change links")
            self.explain_locked(
                locked_text(actor, what),
                [self.add_button, self.edit_button, self.remove_button, self.restart_button],
            )

    def load(self) -> None:
        db = self.db
        self.run(lambda: list_links(db), self._loaded)

    def _loaded(self, rows: list[LinkRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            s = row.spec
            cells = [
                s.name,
                s.url,
                "Modbus RTU" if s.protocol == "modbus" else "DL/T 645",
                f"{s.baud} 8{s.parity}{s.stopbits}",
                f"{s.timeout_ms} ms",
                self.tr("yes") if s.enabled else self.tr("no"),
                str(row.meters),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (4, 6):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
            test = QPushButton(self.tr("Test"), self.table)
            test.setObjectName(f"TestLink{row.id}")
            test.clicked.connect(lambda _checked=False, link_id=row.id: self.test(link_id))
            self.table.setCellWidget(r, TEST_COLUMN, test)
        if rows and not self.table.selectedItems():
            self.table.selectRow(0)
        running = self.collector() is not None
        self.restart_button.setEnabled(
            running and self.restart_collector is not None and self.actor.can(Permission.METER_EDIT)
        )
        if not rows:
            self.say(self.tr("No link yet: add one, or import a site sheet."))
        self.loaded.emit()

    def selected(self) -> LinkRow | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    # -- editing -------------------------------------------------------------------------
    def open_editor(self, row: LinkRow | None) -> LinkDialog:
        """The link form, non-modal; it closes only when the save succeeded."""
        dialog = LinkDialog(row, self)
        dialog.submitted.connect(lambda: self._submit(dialog))
        dialog.setModal(True)
        dialog.show()
        self.editor = dialog
        return dialog

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and self.actor.can(Permission.METER_EDIT):
            self.open_editor(row)

    def _submit(self, dialog: LinkDialog) -> None:
        db, actor, spec = self.db, self.actor, dialog.spec()
        link_id = dialog.row.id if dialog.row else None
        dialog.save_button.setEnabled(False)
        dialog.error.clear()

        def failed(exc: Exception) -> None:
            dialog.save_button.setEnabled(True)
            dialog.error.setText(str(exc))
            self.failed.emit(str(exc))

        self.worker.submit(
            lambda: save_link(db, actor, spec, link_id),
            lambda saved_id: self._saved(dialog, saved_id),
            failed,
        )

    def _saved(self, dialog: LinkDialog, link_id: int) -> None:
        dialog.accept()
        self.editor = None
        if self.collector() is not None:
            text = self.tr("Saved. The collector uses the change after it restarts.")
        else:
            text = self.tr("Saved. The collector uses it when it next starts.")
        self.say(text)
        self.load()
        self.saved.emit(link_id)

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        question = self.tr("Remove the link %1 (%2)?").replace("%1", row.spec.name)
        if not self.confirm(question.replace("%2", row.spec.url)):
            return
        db, actor = self.db, self.actor
        self.run(lambda: remove_link(db, actor, row.id), lambda _none: self._removed(row))

    def _removed(self, row: LinkRow) -> None:
        self.say(self.tr("Link %1 removed.").replace("%1", row.spec.name))
        self.load()
        self.removed.emit(row.id)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Remove link"), question)

    def restart(self) -> None:
        if self.restart_collector is not None:
            self.restart_collector()
            self.say(self.tr("The collector is restarting with the saved links…"))

    # -- testing -------------------------------------------------------------------------
    def test(self, link_id: int) -> None:
        db, collector = self.db, self.collector()
        row = next((r for r in self.rows if r.id == link_id), None)
        port = row.spec.url if row else str(link_id)
        self.say(self.tr("Testing %1…").replace("%1", port))
        self.tester.submit(
            lambda: try_link(db, link_id, collector),
            self._tested,
            self.show_error,
        )

    def _tested(self, check: LinkCheck) -> None:
        self.say(check.message, ok=check.ok)
        self.tested.emit(check)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.tester.wait(msecs) and super().wait(msecs)
