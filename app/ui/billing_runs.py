"""The Billing window's period runs page (结算): what is due, preview, post, reverse, history.

A clerk picks a period (last month by default) and maybe a building; the page lists the
fee items and schemes due (``history.due_sources``). **Preview** computes one source's run
(``runs.preview``) and shows every account's amount with how it was computed in words, and
each refused building or account with the reason. **Post** asks for confirmation with the
count and the total, then posts (``runs.post``: exactly once, audited). The history lists
every run; a posted one can be **reversed** as a whole with a reason. Everything that reads
or writes runs in the window's worker; a refusal comes back as a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.billing import history, runs
from app.db import Database
from app.money import format_yuan
from app.security import Actor, Permission
from app.sitetree import ParkNode

from .bridge import Worker
from .labels import billing_run_status_label, billing_source_label, local_time, role_label
from .tables import Refused, chosen, fill, guarded, make_table


def last_month(today: date) -> str:
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


class RunsPage(QWidget):
    """结算: a period's runs, from preview to post and reversal."""

    sources_loaded = Signal(object)
    previewed = Signal(object)  # the RunPreview
    posted = Signal(object)  # the BillingRun
    reversed = Signal(object)
    history_loaded = Signal(object)
    failed = Signal(str)
    changed = Signal()  # money moved: the bills page reloads

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        zone: ZoneInfo,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.worker, self.zone = db, actor, worker, zone
        self.plan: runs.RunPreview | None = None
        self.may_run = actor.can(Permission.BILLING_RUN)
        self.why_not = self.tr("Your role (%1) may not run billing: only an administrator.")
        self.why_not = self.why_not.replace("%1", role_label(actor.role))
        self.period = QLineEdit(last_month(today), self)
        self.period.setObjectName("RunPeriod")
        self.period.setMaximumWidth(110)
        self.building = QComboBox(self)
        self.building.addItem(self.tr("All buildings"), None)
        self.show_due = QPushButton(self.tr("Show what is due"), self)
        self.show_due.clicked.connect(self.load_sources)
        top = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Period (YYYY-MM)"), self),
            self.period,
            QLabel(self.tr("Building"), self),
            self.building,
            self.show_due,
        ):
            top.addWidget(widget)
        top.addStretch(1)
        self.sources = make_table(
            self, [self.tr("Item"), self.tr("Period"), self.tr("Kind")], "DueSources", 0
        )
        row = self.sources.verticalHeader().defaultSectionSize()
        self.sources.setMaximumHeight(row * 7 + 8)  # a header and six rows: a park's month
        self.sources.itemSelectionChanged.connect(self._update)
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setObjectName("PreviewRun")
        self.preview_button.clicked.connect(self.preview)
        self.post_button = QPushButton(self.tr("Post…"), self)
        self.post_button.setObjectName("PostRun")
        self.post_button.clicked.connect(lambda: self.post())
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        actions = QHBoxLayout()
        for widget in (self.preview_button, self.post_button):
            actions.addWidget(widget)
        actions.addWidget(self.totals, 1)
        self.lines = make_table(self, self._line_headers(), "RunLines")
        self.refused = QLabel(self)
        self.refused.setObjectName("RunRefused")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #c62828;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        upper = QWidget(self)
        box = QVBoxLayout(upper)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.sources)
        box.addLayout(actions)
        box.addWidget(self.lines, 1)
        box.addWidget(self.refused)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(self._history_box())
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self._update()

    def _line_headers(self) -> list[str]:
        return [
            self.tr("Account"),
            self.tr("Tenant"),
            self.tr("kWh"),
            self.tr("Amount (yuan)"),
            self.tr("Charged as"),
            self.tr("How it was computed"),
        ]

    def _history_box(self) -> QGroupBox:
        group = QGroupBox(self.tr("History of runs"), self)
        self.history = make_table(
            group,
            [
                self.tr("Run"),
                self.tr("Item"),
                self.tr("Period"),
                self.tr("Status"),
                self.tr("Posted at"),
                self.tr("By"),
                self.tr("Accounts"),
                self.tr("Total (yuan)"),
                self.tr("Reversed at"),
                self.tr("Reversed by"),
                self.tr("Reason"),
            ],
            "RunHistory",
        )
        self.history.itemSelectionChanged.connect(self._update)
        self.show_lines = QPushButton(self.tr("Show its lines"), group)
        self.show_lines.clicked.connect(self.load_lines)
        self.reverse_button = QPushButton(self.tr("Reverse…"), group)
        self.reverse_button.setObjectName("ReverseRun")
        self.reverse_button.clicked.connect(lambda: self.reverse())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.show_lines)
        row.addWidget(self.reverse_button)
        box = QVBoxLayout(group)
        box.addWidget(self.history, 1)
        box.addLayout(row)
        return group

    def set_parks(self, parks: list[ParkNode]) -> None:
        """The building list (again on each reload: "All buildings" stays first)."""
        while self.building.count() > 1:
            self.building.removeItem(1)
        for park in parks:
            for building in park.buildings:
                self.building.addItem(building.name, building.id)

    def _update(self) -> None:
        """What may be done now; a role that may not run billing sees why on the buttons."""
        picked = chosen(self.sources) is not None
        run = chosen(self.history)
        rules = {
            self.preview_button: picked,
            self.post_button: self.plan is not None
            and bool(self.plan.lines)
            and self.plan.posted_run is None,
            self.reverse_button: run is not None and run.status == "posted",
        }
        for button, ready in rules.items():
            button.setEnabled(self.may_run and ready)
            button.setToolTip("" if self.may_run else self.why_not)
        self.show_lines.setEnabled(run is not None)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)
        if error:
            self.failed.emit(text)

    def _submit(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def outcome(result: Any) -> None:
            if isinstance(result, Refused):
                self.say(result.text, error=True)
            else:
                done(result)

        self.worker.submit(guarded(fn), outcome, lambda exc: self.say(str(exc), error=True))

    # ------------------------------------------------------------------ reads

    def load_sources(self) -> None:
        db, actor = self.db, self.actor
        period, building = self.period.text().strip(), self.building.currentData()
        self.plan = None
        self._submit(lambda: history.due_sources(db, actor, period, building), self._sources)

    def _sources(self, rows: list[history.SourceRow]) -> None:
        words = [(r.what, r.period, billing_source_label(r.kind, r.traits)) for r in rows]
        fill(self.sources, words, rows)  # the raw key (fee:2) rides as the row's data
        if not rows:
            self.say(self.tr("Nothing is due in this period."))
        self._update()
        self.sources_loaded.emit(rows)

    def load_history(self) -> None:
        db, actor = self.db, self.actor
        self._submit(lambda: history.list_runs(db, actor), self._history)

    def _history(self, rows: list[history.RunRow]) -> None:
        fill(
            self.history,
            [
                (
                    r.id,
                    r.what,
                    r.period,
                    billing_run_status_label(r.status),
                    local_time(r.created_at, self.zone),
                    r.operator or self.tr("system"),  # posted by the scheduler's catch-up
                    r.lines,
                    format_yuan(r.total_fen, symbol=False),
                    local_time(r.reversed_at, self.zone),
                    r.reversed_by,
                    r.reason,
                )
                for r in rows
            ],
            rows,
        )
        self._update()
        self.history_loaded.emit(rows)

    def load_lines(self) -> None:
        run = chosen(self.history)
        if run is None:
            return
        db, actor = self.db, self.actor
        self.plan = None
        self._submit(lambda: history.run_lines(db, actor, run.id), self._show_lines)
        self.totals.setText(
            self.tr("Run %1: %2 accounts, %3 yuan")
            .replace("%1", str(run.id))
            .replace("%2", str(run.lines))
            .replace("%3", format_yuan(run.total_fen, symbol=False))
        )

    def _show_lines(self, lines: list[history.LineRow]) -> None:
        rows = [
            (
                x.account,
                x.tenant,
                "" if x.kwh is None else f"{x.kwh}",
                format_yuan(x.fen, symbol=False),
                self.tr("bill") if x.billed else self.tr("deducted"),
                x.how,
            )
            for x in lines
        ]
        fill(self.lines, rows)
        self._update()

    # ------------------------------------------------------------------ preview, post, reverse

    def preview(self) -> None:
        source = chosen(self.sources)
        if source is None:
            return
        db, actor = self.db, self.actor

        def job() -> tuple[runs.RunPreview, list[history.LineRow], list[tuple[str, str]]]:
            plan = runs.preview(db, actor, source.source, source.period)
            return plan, history.preview_lines(db, actor, plan), history.refusals(db, actor, plan)

        self.say(self.tr("Computing the preview…"))
        self._submit(job, self._previewed)

    def _previewed(self, outcome: tuple[Any, list[history.LineRow], list[tuple[str, str]]]) -> None:
        plan, lines, refused = outcome
        self.plan = plan
        self._show_lines(lines)
        self.refused.setText("\n".join(f"{who}: {why}" for who, why in refused))
        text = (
            self.tr("%1 accounts, %2 yuan (deducted %3, billed %4); bills due %5")
            .replace("%1", str(len(plan.lines)))
            .replace("%2", format_yuan(plan.total_fen, symbol=False))
            .replace("%3", format_yuan(plan.deducted_fen, symbol=False))
            .replace("%4", format_yuan(plan.billed_fen, symbol=False))
            .replace("%5", plan.due_date.isoformat())
        )
        if plan.posted_run is not None:
            text += " " + self.tr("Already posted as run %1.").replace("%1", str(plan.posted_run))
        self.totals.setText(text)
        self.say("")
        self._update()
        self.previewed.emit(plan)

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Post the run"), question)
        return answer == QMessageBox.StandardButton.Yes

    def post(self, confirmed: bool | None = None) -> bool:
        """Post the previewed run after the clerk confirms the count and the total."""
        plan = self.plan
        if plan is None:
            return False
        question = (
            self.tr("Post %1 for %2: %3 accounts, %4 yuan in all? This charges the accounts.")
            .replace("%1", chosen(self.sources).what if chosen(self.sources) else plan.source)
            .replace("%2", plan.period)
            .replace("%3", str(len(plan.lines)))
            .replace("%4", format_yuan(plan.total_fen, symbol=False))
        )
        if not (self._confirm(question) if confirmed is None else confirmed):
            return False
        db, actor = self.db, self.actor
        self.post_button.setEnabled(False)
        self.say(self.tr("Posting…"))
        self._submit(lambda: runs.post(db, actor, plan.source, plan.period), self._posted)
        return True

    def _posted(self, run: Any) -> None:
        self.say(self.tr("Posted as run %1.").replace("%1", str(run.id)))
        self.plan = None
        self.load_history()
        self.load_sources()
        self.changed.emit()
        self.posted.emit(run)

    def _ask_reason(self) -> str | None:
        text, ok = QInputDialog.getText(
            self, self.tr("Reverse the run"), self.tr("Why is the run reversed? (required)")
        )
        return text if ok else None

    def reverse(self, reason: str | None = None) -> bool:
        """Reverse the chosen posted run as a whole; the reason is required."""
        run = chosen(self.history)
        if run is None:
            return False
        reason = self._ask_reason() if reason is None else reason
        if reason is None:
            return False
        if not reason.strip():
            self.say(self.tr("Give the reason for the reversal."), error=True)
            return False
        db, actor = self.db, self.actor
        self.reverse_button.setEnabled(False)
        self._submit(lambda: runs.reverse(db, actor, run.id, reason), self._reversed)
        return True

    def _reversed(self, run: Any) -> None:
        self.say(self.tr("Run %1 was reversed.").replace("%1", str(run.id)))
        self.load_history()
        self.changed.emit()
        self.reversed.emit(run)
