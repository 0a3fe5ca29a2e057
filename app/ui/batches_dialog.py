"""Start a batch (批量操作): where, which action with its parameters, when, a preview, create.

Opened from the park tree (the rooms picked with Ctrl/Shift-click, or a whole building or
floor from its right-click menu) or from the Batches window's "New batch…" (then the
dialog asks where: a building, a floor, or every room in arrears). ``BatchDialog`` offers
every action of ``app.batch.actions``: relay cut / restore, guaranteed supply on / off,
meter parameters (``batches_forms.ParamsForm``, errors by field), clock sync, tariff,
recharge or base allowance from a sheet (``SheetForm``: the service's row-by-row check,
every error in a table), and fee deduction. It runs now or at a park-local date and time,
optionally every day or week (not money: each money batch is approved on its own). The
preview (``app.batch.preview``, the same checks as create) lists what will happen to each
item and, for money, the exact total; only then does "Create" write the batch
(``app.batch.create``, role-checked and audited there). A money batch then waits for a
second administrator's approval, and the dialog says so. Both calls run off the GUI thread.

``BatchProgress`` is the small bar the main window shows in its status bar for the batch
just created: it re-reads that batch every 1.5 s until it has finished, then says so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app import batch as batches
from app.batch.actions import ACTIONS, MONEY, param_errors
from app.db import Database
from app.livedata.site import read_park
from app.money import format_yuan
from app.security import Actor

from .batches_forms import FeeForm, ParamsForm, ResultTable, SheetForm
from .bridge import Worker
from .labels import (
    batch_action_label,
    batch_status_label,
    meter_param_label,
    sheet_column_label,
)

ORDER = ("cut", "close", "guarantee_on", "guarantee_off", "params", "clock", "tariff",
         "recharge", "fee")  # fmt: skip
MAX_PREVIEW_LINES = 500
PAGE = {"tariff": 1, "params": 2, "recharge": 3, "fee": 4}


class BatchDialog(QDialog):
    """批量操作: preview first, then create; a money batch then waits for approval."""

    previewed = Signal(int)  # items in the preview
    refused = Signal(int)  # errors listed (sheet rows or parameter fields)
    created = Signal(int)  # the new batch's id
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        rooms: batches.Selection | list[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BatchDialog")
        if isinstance(rooms, list):
            rooms = batches.Selection(room_ids=tuple(rooms))
        self.selection = rooms
        self.room_ids = list(rooms.room_ids) if rooms is not None else []
        self.db, self.actor, self.zone = db, actor, zone
        self.worker = Worker(self)
        self.shown_preview: batches.Preview | None = None
        self.batch_id: int | None = None
        self.setWindowTitle(self._title())
        self.where_label = QLabel(self)  # the rooms given by the tree, when they are
        self.where_label.hide()
        self.place = QComboBox(self)
        self.place.setObjectName("BatchPlace")
        self.action = QComboBox(self)
        self.action.setObjectName("BatchAction")
        for name in ORDER:
            self.action.addItem(batch_action_label(name), name)
        self.tariff = QLineEdit(self)
        self.tariff.setObjectName("BatchTariff")
        self.tariff.setPlaceholderText(self.tr("Tariff name, as in the Tariffs window"))
        self.params = ParamsForm(self)
        self.sheet = SheetForm(True, self)
        self.fee = FeeForm(self)
        # the action's own fields: one page shown at a time, each at its own height (in a
        # box layout, unlike a stack, a page's wrapped notes take only the lines they need)
        self.pages = [QWidget(self), self._tariff_page(), self.params, self.sheet, self.fee]
        self._when_widgets()
        self.table = ResultTable(self)
        self.table.setObjectName("BatchPreview")
        self.table.fill(self._preview_headers(), [], stretch=2)
        self.message = QLabel(self)
        self.message.setObjectName("BatchMessage")
        self.message.setWordWrap(True)
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setObjectName("PreviewBatch")
        self.preview_button.clicked.connect(self.run_preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = self.buttons.addButton(
            self.tr("Create batch"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("CreateBatch")
        self.buttons.accepted.connect(self.run_create)
        self.buttons.rejected.connect(self.reject)
        for signal in (self.action.currentIndexChanged, self.tariff.textChanged,
                       self.later.toggled, self.at.dateTimeChanged, self.repeat.currentIndexChanged,
                       self.place.currentIndexChanged, self.params.changed, self.sheet.changed,
                       self.fee.changed):  # fmt: skip
            signal.connect(self._changed)
        self._layout()
        self._changed()
        self.resize(760, 640)
        if self.selection is None:
            self._load_places()

    def _title(self) -> str:
        sel = self.selection
        if sel is None:
            return self.tr("New batch")
        if sel.room_ids:
            return self.tr("Batch over %n rooms", "", len(sel.room_ids))
        if sel.building:
            return self.tr("Batch over building %1").replace("%1", sel.building)
        return self.tr("Batch over floor %1").replace("%1", sel.floor)

    def _tariff_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Tariff:"), self.tariff)
        return page

    def _when_widgets(self) -> None:
        self.now = QRadioButton(self.tr("Run now"), self)
        self.later = QRadioButton(self.tr("Run at"), self)
        self.now.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.now)
        group.addButton(self.later)
        self.at = QDateTimeEdit(self)
        self.at.setObjectName("BatchAt")
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        soon = datetime.now(self.zone).replace(second=0, microsecond=0) + timedelta(hours=1)
        self.at.setDateTime(QDateTime(soon.date(), soon.time()))
        self.repeat = QComboBox(self)
        self.repeat.setObjectName("BatchRepeat")
        self.repeat.addItem(self.tr("once"), "")
        self.repeat.addItem(self.tr("every day"), "daily")
        self.repeat.addItem(self.tr("every week"), "weekly")

    def _layout(self) -> None:
        form = QFormLayout()
        if self.selection is None:
            form.addRow(self.tr("Rooms:"), self.place)
        else:
            self.place.hide()
            self.where_label = QLabel(self.selection.describe(), self)
            form.addRow(self.tr("Rooms:"), self.where_label)
        form.addRow(self.tr("Action:"), self.action)
        when = QHBoxLayout()
        when.addWidget(self.now)
        when.addWidget(self.later)
        when.addWidget(self.at, 1)
        when.addWidget(self.repeat)
        form.addRow(self.tr("When:"), when)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for page in self.pages[1:]:
            layout.addWidget(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("What will happen to each item:"), self), 1)
        row.addWidget(self.preview_button)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _load_places(self) -> None:
        """The buildings and floors to choose from (the "New batch…" without a tree pick)."""
        db = self.db
        self.worker.submit(lambda: read_park(db), self._show_places, self._fail)

    def _show_places(self, parks: list[Any]) -> None:
        self.place.blockSignals(True)
        for park in parks:
            for b in park.buildings:
                self.place.addItem(
                    self.tr("building %1").replace("%1", b.name), ("building", b.name)
                )
                for f in b.floors:
                    name = f"{b.name}/{f.name}"
                    self.place.addItem(self.tr("floor %1").replace("%1", name), ("floor", name))
        self.place.addItem(self.tr("every room in arrears"), ("filter", "arrears"))
        # no _changed(): whatever is shown (a sheet's preview or errors) does not depend on
        # a place that was not there yet, and a place-less preview was refused anyway
        self.place.blockSignals(False)

    # what the operator chose ------------------------------------------------------------
    def action_name(self) -> str:
        return str(self.action.currentData())

    def _sheet(self) -> SheetForm | None:
        """The sheet form that gives the amounts, if this action takes one and has it."""
        name = self.action_name()
        form = self.sheet if name == "recharge" else self.fee.sheet if name == "fee" else None
        return form if form is not None and form.path is not None else None

    def _changed(self, *_: object) -> None:
        """Any change makes the preview stale: it must be shown again before creating."""
        if self.batch_id is not None:  # created: the dialog only says what happened
            return
        name = self.action_name()
        money = ACTIONS[name].kind == MONEY
        self._page(PAGE.get(name, 0))
        self.at.setEnabled(self.later.isChecked())
        self.repeat.setEnabled(not money)
        if money:
            self.repeat.setCurrentIndex(0)
        self.repeat.setToolTip(
            self.tr("A money batch runs once: each one is approved on its own.") if money else ""
        )
        self.place.setEnabled(name != "recharge")
        self.where_label.setEnabled(name != "recharge")
        self.place.setToolTip(
            self.tr("The rooms come from the sheet.") if name == "recharge" else ""
        )
        self.params.show_errors({})
        self.shown_preview = None
        self.create_button.setEnabled(False)
        self.create_button.setToolTip(self.tr("Preview first: see what each item will do."))
        self.table.setRowCount(0)
        self.message.setText("")

    def _page(self, index: int) -> None:
        for i, page in enumerate(self.pages):
            page.setVisible(i == index)
        self.page = self.pages[index]

    def _where(self) -> batches.Selection | None:
        if self.selection is not None:
            return self.selection
        chosen = self.place.currentData()
        if not chosen:
            return None
        kind, value = chosen
        return batches.Selection(**{kind: value})

    def request(self) -> batches.BatchRequest:
        name = self.action_name()
        params: dict[str, Any] = {}
        note = ""
        if name == "tariff":
            params = {"tariff": self.tariff.text().strip()}
        elif name == "params":
            params = {"values": self.params.values()}
        elif name == "fee":
            params = {"item": self.fee.item.text().strip(), "amount": self.fee.amount.text()}
        elif name == "recharge":
            note = self.sheet.note()
        sheet = self._sheet()
        run_at = None
        if self.later.isChecked():
            local = self.at.dateTime().toPython()
            run_at = local.replace(tzinfo=self.zone).astimezone(UTC)  # type: ignore[union-attr]
        return batches.BatchRequest(
            name,
            self._where(),
            sheet=sheet.path if sheet is not None else None,
            params=params,
            run_at=run_at,
            repeat=str(self.repeat.currentData() or ""),
            note=note,
        )

    # preview ------------------------------------------------------------------------------
    def _field_errors(self) -> bool:
        """A params batch's values, checked by the service's rule: each error by its field."""
        if self.action_name() != "params":
            return False
        errors = param_errors(self.params.values())
        self.params.show_errors(errors)
        if errors:
            self.message.setText(self.tr("Correct the fields marked in red."))
            self.refused.emit(len(errors))
        return bool(errors)

    def run_preview(self) -> None:
        if self._field_errors():
            return
        db, actor, request = self.db, self.actor, self.request()
        self.message.setText(self.tr("Checking…"))
        self.worker.submit(lambda: batches.preview(db, actor, request), self._show, self._fail)

    def _what(self, preview: batches.Preview) -> str:
        """What every item of this preview will do (the same for all; amounts apart)."""
        verb = batch_action_label(preview.action)
        if preview.action == "params":
            values = self.params.values()
            return (
                verb
                + ": "
                + ", ".join(
                    f"{meter_param_label(k).split(',')[0].split('，')[0]} {v}"
                    for k, v in values.items()
                )
            )
        if preview.action == "tariff":
            return f"{verb}: {self.tariff.text().strip()}"
        if preview.action == "fee":
            return f"{verb}: {self.fee.item.text().strip()}"
        if preview.action == "recharge" and self.sheet.note():
            return self.tr("base allowance (基础额度)")
        return verb

    def _preview_headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Room / meter"), self.tr("What will happen"),
                self.tr("Amount ¥")]  # fmt: skip

    def _show(self, preview: batches.Preview) -> None:
        targets, what = preview.targets, self._what(preview)
        rows = []
        for no, t in enumerate(targets[:MAX_PREVIEW_LINES], start=1):
            fen = t.params.get("amount_fen")
            amount = format_yuan(int(fen), symbol=False) if fen is not None else ""
            rows.append([str(no), t.label, what, amount])
        more = len(targets) - MAX_PREVIEW_LINES
        if more > 0:
            rows.append(["", self.tr("… and %1 more").replace("%1", str(more)), "", ""])
        headers = self._preview_headers()
        self.table.fill(headers, rows, right=(0, 3), stretch=2)
        self.shown_preview = preview
        self.create_button.setEnabled(True)
        self.create_button.setToolTip("")
        text = self.tr("%n items.", "", len(targets))
        if any("amount_fen" in t.params for t in targets):
            total = sum(int(t.params["amount_fen"]) for t in targets)
            text += " " + self.tr("Total %1.").replace("%1", format_yuan(total))
        if preview.needs_approval:
            text += " " + self.tr("A second administrator must approve it before it runs.")
        self.message.setText(text)
        self.previewed.emit(len(targets))

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, batches.SheetError):
            issues = list(exc.issues)
            rows = [[str(i.row), sheet_column_label(i.column), i.reason] for i in issues]
            self.table.fill([self.tr("Row"), self.tr("Column"), self.tr("Problem")], rows, (0,))
            self.message.setText(
                self.tr(
                    "The sheet has %n error(s); nothing was created. Correct the file "
                    "and preview again.",
                    "",
                    len(issues),
                )
            )
            self.refused.emit(len(issues))
            self.failed.emit(self.message.text())
            return
        self.message.setText(str(exc))
        self.failed.emit(str(exc))

    # create ---------------------------------------------------------------------------------
    def run_create(self) -> None:
        if self.shown_preview is None or self.batch_id is not None:
            return
        db, actor, request = self.db, self.actor, self.request()
        self.create_button.setEnabled(False)
        self.worker.submit(lambda: batches.create(db, actor, request), self._made, self._fail)

    def _made(self, batch_id: int) -> None:
        self.batch_id = int(batch_id)
        self.created.emit(self.batch_id)
        if self.shown_preview is not None and self.shown_preview.needs_approval:
            # the operator must know nothing moves yet: the dialog stays open and says so
            self.message.setText(
                self.message.text()
                + "\n"
                + self.tr(
                    "Batch %1 created. It is waiting for a second administrator's "
                    "approval (Batches window → Approve); nothing moves before."
                ).replace("%1", str(batch_id))
            )
            self.create_button.hide()
            self.preview_button.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
            return
        self.accept()


class BatchProgress(QWidget):
    """The status bar's line for the batch just started from the tree."""

    finished = Signal(int)
    updated = Signal(int)  # percent

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BatchProgress")
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.batch_id: int | None = None
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(180)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.timer = QTimer(self)
        self.timer.setInterval(1500)
        self.timer.timeout.connect(self.read)
        self.hide()

    def follow(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.bar.setValue(0)
        self.show()
        self.read()
        self.timer.start()

    def read(self) -> None:
        if self.batch_id is None:
            return
        db, actor, batch_id = self.db, self.actor, self.batch_id
        self.worker.submit(
            lambda: batches.batch_detail(db, actor, batch_id, state="failed"), self._show
        )

    def _show(self, detail: batches.BatchDetail) -> None:
        b = detail.summary
        percent = round(b.progress * 100)
        self.bar.setValue(percent)
        self.bar.setFormat(f"{b.finished}/{b.total}  %p%")
        self.label.setText(
            self.tr("Batch %1 (%2): %3")
            .replace("%1", str(b.id))
            .replace("%2", batch_action_label(b.action))
            .replace("%3", batch_status_label(b.status))
        )
        self.updated.emit(percent)
        if b.status in ("done", "cancelled"):
            self.timer.stop()
            self.finished.emit(b.id)

    def wait(self, msecs: int = 5000) -> bool:
        """Stop following and let a read in flight finish (the main window's close)."""
        self.timer.stop()
        return self.worker.wait(msecs)


def open_from_tree(main: Any, selection: batches.Selection | None) -> BatchDialog:
    """The main window's "Batch…": the dialog; once created, the new batch's progress in
    the status bar (one ``BatchProgress``, kept in ``main.batch_progress``) and a fresh
    list in the Batches window if it is open."""
    dialog = BatchDialog(main.db, main.actor, main.zone, selection, main)
    if main.batch_progress is None:
        main.batch_progress = BatchProgress(main.db, main.actor, main)
        main.statusBar().addPermanentWidget(main.batch_progress)
    dialog.created.connect(main.batch_progress.follow)
    dialog.created.connect(lambda _id: main.batches is not None and main.batches.load())
    dialog.show()
    return dialog
