"""Settings pages stored in the database: park details for receipts, alarm levels, backup.

Each page reads and saves through ``app.services.settings`` in the worker pool; the service
checks the role and audits, the page only disables what the role may not change and says
why. Money is typed in yuan and parsed exactly (``app.money.parse_yuan``), never as float.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from app.backup import BackupPolicy, backup
from app.db import Database
from app.i18n import tr as core_tr
from app.money import MoneyError, fen_to_yuan, parse_yuan
from app.security import Actor, Permission
from app.services.settings import (
    AlarmLevels,
    ParkDetails,
    alarm_levels,
    backup_settings,
    park_details,
    save_alarm_levels,
    save_backup_policy,
    save_park_details,
)

from .settings import Page, locked_text


def _can_edit(actor: Actor) -> bool:
    return actor.can(Permission.SETTINGS_EDIT)


class ParkPage(Page):
    """Name, address, phone of a park, and the issuing company and footer of every receipt."""

    loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Park details for receipts"), parent)
        self.db, self.actor = db, actor
        self.parks: list[ParkDetails] = []
        self.park = QComboBox(self)
        self.name = QLineEdit(self)
        self.address = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.issuer = QLineEdit(self)
        self.issuer.setPlaceholderText(self.tr("e.g. the property management company"))
        self.footer = QLineEdit(self)
        self.footer.setPlaceholderText(self.tr("e.g. Keep this receipt. Thank you."))
        form = QFormLayout()
        form.addRow(self.tr("Park"), self.park)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Service phone"), self.phone)
        form.addRow(self.tr("Issued by"), self.issuer)
        form.addRow(self.tr("Footer line"), self.footer)
        self.layout_.addLayout(form)
        self.preview = QLabel(self)
        self.preview.setObjectName("ReceiptHeaderPreview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(
            "background: white; color: black; padding: 8px; border: 1px solid #bbb;"
        )
        self.layout_.addWidget(QLabel(self.tr("The top of a receipt will read:"), self))
        self.layout_.addWidget(self.preview)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.finish_layout()
        for field in (self.name, self.address, self.phone, self.issuer, self.footer):
            field.textChanged.connect(self.update_preview)
        self.park.currentIndexChanged.connect(self._show_park)
        self.fields = [self.name, self.address, self.phone, self.issuer, self.footer]
        if not _can_edit(actor):
            what = self.tr("change the receipt header")
            self.explain_locked(locked_text(actor, what), [*self.fields, self.save_button])

    def load(self) -> None:
        db = self.db
        self.run(lambda: park_details(db), self._loaded)

    def _loaded(self, parks: list[ParkDetails]) -> None:
        self.parks = parks
        self.park.blockSignals(True)
        self.park.clear()
        for p in parks:
            self.park.addItem(p.name, p.park_id)
        self.park.blockSignals(False)
        self.park.setEnabled(len(parks) > 1)
        if parks:
            self._show_park(0)
        else:
            self.say(self.tr("The database has no park yet."), ok=False)
            self.save_button.setEnabled(False)
        self.loaded.emit()

    def _show_park(self, index: int) -> None:
        if not 0 <= index < len(self.parks):
            return
        p = self.parks[index]
        for field, value in zip(
            self.fields, (p.name, p.address, p.phone, p.issuer, p.footer), strict=True
        ):
            field.setText(value)
        self.update_preview()

    def details(self) -> ParkDetails:
        return ParkDetails(
            int(self.park.currentData() or 0),
            self.name.text(),
            self.address.text(),
            self.phone.text(),
            self.issuer.text(),
            self.footer.text(),
        )

    def update_preview(self) -> None:
        d = self.details()
        lines = [f"<b>{_esc(d.name.strip())}</b>"]
        lines += [_esc(x.strip()) for x in (d.issuer, d.address) if x.strip()]
        lines.append(core_tr("Electricity recharge receipt"))  # as the receipt prints it
        bottom = []
        if d.phone.strip():
            bottom.append(core_tr("Service phone") + ": " + _esc(d.phone.strip()))
        if d.footer.strip():
            bottom.append(_esc(d.footer.strip()))
        html = "<br>".join(lines)
        if bottom:
            html += "<br>…<br>" + "<br>".join(bottom)
        self.preview.setText(f"<div align='center'>{html}</div>")

    def save(self) -> None:
        db, actor, details = self.db, self.actor, self.details()
        self.save_button.setEnabled(False)
        self.run(lambda: save_park_details(db, actor, details), self._saved)

    def show_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(_can_edit(self.actor))
        super().show_error(exc)

    def _saved(self, details: ParkDetails) -> None:
        self.save_button.setEnabled(True)
        index = self.park.currentIndex()
        self.parks[index] = details
        self.park.setItemText(index, details.name)
        self.say(self.tr("Saved. Receipts issued from now on print this header."))
        self.saved.emit(details)


class AlarmsPage(Page):
    """The default low-balance levels and the cut-off / restore lines (``collector.*``)."""

    loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Alarm levels"), parent)
        self.db, self.actor = db, actor
        self.level1 = QLineEdit(self)
        self.level2 = QLineEdit(self)
        self.cutoff = QLineEdit(self)
        self.restore = QLineEdit(self)
        self.auto_cut = QCheckBox(self.tr("Cut platform-side meters at the cut-off line"), self)
        self.auto_restore = QCheckBox(self.tr("Restore them after a recharge"), self)
        yuan = self.tr("yuan")
        form = QFormLayout()
        for label, field in (
            (self.tr("Level 1 (warning) at or below"), self.level1),
            (self.tr("Level 2 (pre-trip) at or below"), self.level2),
            (self.tr("Level 3 = cut-off line at or below"), self.cutoff),
            (self.tr("Restore above"), self.restore),
        ):
            field.setMaximumWidth(160)
            row = QHBoxLayout()
            row.addWidget(field)
            row.addWidget(QLabel(yuan, self))
            row.addStretch(1)
            form.addRow(label, row)
        form.addRow("", self.auto_cut)
        form.addRow("", self.auto_restore)
        self.layout_.addLayout(form)
        note = QLabel(
            self.tr(
                "These are the defaults of the whole site. They colour the park tree and the "
                "room tiles, raise the alarms and, for platform-side billing, cut and restore "
                "the relay (the cut-off line is lowered by an account's overdraft limit). "
                "Meter-side meters alarm and trip on the amounts written into them (room "
                "detail → parameters). Changes apply within seconds, without a restart."
            ),
            self,
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.finish_layout()
        self.fields: list[QWidget] = [
            self.level1,
            self.level2,
            self.cutoff,
            self.restore,
            self.auto_cut,
            self.auto_restore,
        ]
        if not _can_edit(actor):
            what = self.tr("change the alarm levels")
            self.explain_locked(locked_text(actor, what), [*self.fields, self.save_button])

    def load(self) -> None:
        db = self.db
        self.run(lambda: alarm_levels(db), self._loaded)

    def _loaded(self, levels: AlarmLevels) -> None:
        self.level1.setText(str(fen_to_yuan(levels.alarm_1_fen)))
        self.level2.setText(str(fen_to_yuan(levels.alarm_2_fen)))
        self.cutoff.setText(str(fen_to_yuan(levels.cutoff_fen)))
        self.restore.setText(str(fen_to_yuan(levels.restore_fen)))
        self.auto_cut.setChecked(levels.auto_cut)
        self.auto_restore.setChecked(levels.auto_restore)
        self.loaded.emit()

    def levels(self) -> AlarmLevels:
        """What the form says, or ``MoneyError`` naming the field."""
        values = []
        for name, field in (
            (self.tr("Level 1"), self.level1),
            (self.tr("Level 2"), self.level2),
            (self.tr("Cut-off line"), self.cutoff),
            (self.tr("Restore line"), self.restore),
        ):
            try:
                values.append(parse_yuan(field.text(), allow_zero=True))
            except MoneyError as exc:
                field.setFocus()
                raise MoneyError(f"{name}: {exc}") from exc
        return AlarmLevels(*values, self.auto_cut.isChecked(), self.auto_restore.isChecked())

    def save(self) -> None:
        try:
            levels = self.levels()
        except MoneyError as exc:
            self.show_error(exc)
            return
        db, actor = self.db, self.actor
        self.run(lambda: save_alarm_levels(db, actor, levels), self._saved)

    def _saved(self, levels: AlarmLevels) -> None:
        self.say(self.tr("Saved. The collector and the park tree use these levels now."))
        self.saved.emit(levels)


class BackupPage(Page):
    """When and where the automatic backup runs, how many are kept; Back up now."""

    loaded = Signal()
    backed_up = Signal(object)  # BackupResult

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Backup"), parent)
        self.db, self.actor = db, actor
        self.policy = BackupPolicy()
        self.daily = QCheckBox(self.tr("Back up automatically every day at"), self)
        self.at = QTimeEdit(self)
        self.at.setDisplayFormat("HH:mm")
        self.daily.toggled.connect(self.at.setEnabled)
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(self.tr("(the WattDesk data folder)"))
        self.browse = QPushButton(self.tr("Browse…"), self)
        self.browse.clicked.connect(self.choose_folder)
        self.keep = QSpinBox(self)
        self.keep.setRange(1, 365)
        self.keep.setSuffix(self.tr(" backups"))
        self.keep.setMaximumWidth(160)
        daily_row = QHBoxLayout()
        daily_row.addWidget(self.daily)
        daily_row.addWidget(self.at)
        daily_row.addStretch(1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("Schedule"), daily_row)
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.tr("Keep the newest"), self.keep)
        self.layout_.addLayout(form)
        note = QLabel(
            self.tr(
                "The time is site time. A backup missed while this computer was off is taken "
                "when WattDesk next starts. Keep backups on another disk too: a copy on the "
                "same disk does not survive a disk failure."
            ),
            self,
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        self.now_button = QPushButton(self.tr("Back up now"), self)
        self.now_button.clicked.connect(self.backup_now)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.now_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.finish_layout()
        if not _can_edit(actor):
            what = self.tr("change the backup schedule")
            self.explain_locked(
                locked_text(actor, what),
                [self.daily, self.at, self.folder, self.browse, self.keep, self.save_button],
            )
        if not actor.can(Permission.BACKUP):
            self.now_button.setEnabled(False)
            self.now_button.setToolTip(locked_text(actor, self.tr("take a backup")))
        if not db.is_sqlite:
            self.now_button.setEnabled(False)
            self.now_button.setToolTip(
                self.tr("A PostgreSQL database is backed up on its server (pg_dump).")
            )

    def load(self) -> None:
        db = self.db
        self.run(lambda: backup_settings(db), self._loaded)

    def _loaded(self, policy: BackupPolicy) -> None:
        self.policy = policy
        self.daily.setChecked(policy.daily_at is not None)
        self.at.setEnabled(policy.daily_at is not None and _can_edit(self.actor))
        at = policy.daily_at or time(0, 0)
        self.at.setTime(QTime(at.hour, at.minute))
        self.folder.setText(policy.directory)
        self.keep.setValue(policy.keep)
        self.loaded.emit()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Backup folder"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def form_policy(self) -> BackupPolicy:
        t = self.at.time()
        return replace(
            self.policy,
            daily_at=time(t.hour(), t.minute()) if self.daily.isChecked() else None,
            directory=self.folder.text().strip(),
            keep=self.keep.value(),
        )

    def save(self) -> None:
        db, actor, policy = self.db, self.actor, self.form_policy()
        self.run(lambda: save_backup_policy(db, actor, policy), self._saved)

    def _saved(self, policy: BackupPolicy) -> None:
        self.policy = policy
        self.folder.setText(policy.directory)
        if policy.daily_at is None:
            self.say(self.tr("Saved: no automatic backup."))
        else:
            self.say(
                self.tr("Saved: a backup every day at %1.").replace(
                    "%1", policy.daily_at.strftime("%H:%M")
                )
            )
        self.saved.emit(policy)

    def backup_now(self) -> None:
        db, actor = self.db, self.actor
        self.now_button.setEnabled(False)
        self.say(self.tr("Backing up…"))
        self.run(lambda: backup(db, actor), self._backed_up)

    def show_error(self, exc: Exception) -> None:
        self.now_button.setEnabled(self.actor.can(Permission.BACKUP) and self.db.is_sqlite)
        super().show_error(exc)

    def _backed_up(self, result: Any) -> None:
        self.now_button.setEnabled(True)
        self.say(
            self.tr("Backup written: %1 (%2 MB)")
            .replace("%1", str(result.path))
            .replace("%2", f"{result.size / 1e6:.1f}")
        )
        self.backed_up.emit(result)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
