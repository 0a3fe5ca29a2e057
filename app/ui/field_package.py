"""The field package window (现场数据包, issue 20 item 2): export buildings for the laptop,
merge a package back.

Administrators only (``Permission.FIELD_PACKAGE``: the toolbar entry is greyed for the other
roles and ``app.field`` refuses them anyway). Every database step runs off the GUI thread
through the main window's worker and ``app.field.panel``: the export, the merge's check and
conflict list (``preview``, nothing applied) and "Accept and merge" (after a confirmation).
A refusal (another site's package, a changed one, a broken audit chain) is the service's
own sentence, shown as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.security import Permission

from .bridge import Worker
from .labels import (
    field_conflict_label,
    field_outcome_text,
    field_plan_text,
    field_time_label,
)


def _file_row(parent: QWidget, edit: QLineEdit, choose: Any, label: str) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton(label, row)
    button.clicked.connect(choose)
    layout.addWidget(button)
    return row


def _sentence(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class FieldPackageDialog(QDialog):
    """Export (导出现场包) and merge (合并现场包) in two tabs."""

    exported = Signal(object)  # app.field.panel.Exported
    checked = Signal(object)  # MergeOutcome of the preview
    merged = Signal(object)  # MergeOutcome of the merge
    failed = Signal(str)  # a refusal or an error, as shown

    def __init__(
        self, db: Any, actor: Any, buildings: list[tuple[int, str, int]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.outcome: Any = None  # the last preview
        self.setObjectName("FieldPackageDialog")
        self.setWindowTitle(self.tr("Field package"))
        self.resize(860, 620)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._export_tab(buildings), self.tr("Export for the laptop"))
        self.tabs.addTab(self._merge_tab(), self.tr("Merge a package back"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        if not actor.can(Permission.FIELD_PACKAGE):
            self.tabs.setEnabled(False)
            self.export_result.setText(self.tr("Only an administrator exports or merges packages."))

    # -- export -------------------------------------------------------------------------
    def _export_tab(self, buildings: list[tuple[int, str, int]]) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.building_list = QListWidget(tab)
        self.building_list.setObjectName("FieldBuildings")
        for building_id, name, rooms in buildings:
            item = QListWidgetItem(self.tr("%1 (%n room(s))", "", rooms).replace("%1", name))
            item.setData(Qt.ItemDataRole.UserRole, building_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.building_list.addItem(item)
        form.addRow(self.tr("Buildings"), self.building_list)
        self.output = QLineEdit(tab)
        self.output.setObjectName("FieldOutput")
        self.output.setPlaceholderText(self.tr("the package file to carry to the laptop"))
        form.addRow(
            self.tr("Package file"),
            _file_row(tab, self.output, self._choose_output, self.tr("Choose…")),
        )
        self.operators = QLineEdit(tab)
        self.operators.setObjectName("FieldOperators")
        self.operators.setPlaceholderText(
            self.tr("logins allowed on site, separated by commas (empty: every operator)")
        )
        form.addRow(self.tr("Operators on site"), self.operators)
        self.keystore_check = QCheckBox(self.tr("Also write a keystore file for the laptop"), tab)
        self.keystore_check.setObjectName("FieldKeystoreCheck")
        form.addRow("", self.keystore_check)
        self.keystore = QLineEdit(tab)
        self.keystore.setObjectName("FieldKeystore")
        self.passphrase = QLineEdit(tab)
        self.passphrase.setObjectName("FieldPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2 = QLineEdit(tab)
        self.passphrase2.setObjectName("FieldPassphrase2")
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(
            self.tr("Keystore file"),
            _file_row(tab, self.keystore, self._choose_keystore, self.tr("Choose…")),
        )
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Repeat the passphrase"), self.passphrase2)
        for widget in (self.keystore, self.passphrase, self.passphrase2):
            widget.setEnabled(False)
            self.keystore_check.toggled.connect(widget.setEnabled)
        self.export_button = QPushButton(self.tr("Export"), tab)
        self.export_button.setObjectName("FieldExportButton")
        self.export_button.clicked.connect(self.start_export)
        form.addRow("", self.export_button)
        self.export_result = _sentence(QLabel(tab))
        self.export_result.setObjectName("FieldExportResult")
        form.addRow(self.export_result)
        return tab

    def _choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Package file"), "", self.tr("Field package (*.sqlite)")
        )
        if path:
            self.output.setText(path)

    def _choose_keystore(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Keystore file"))
        if path:
            self.keystore.setText(path)

    def chosen_buildings(self) -> list[str]:
        items = [self.building_list.item(i) for i in range(self.building_list.count())]
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def start_export(self) -> None:
        from app.field.export import LaptopKeystore
        from app.field.panel import export

        chosen, text = self.chosen_buildings(), self.output.text().strip()
        if not chosen or not text:
            self._export_failed(self.tr("Tick at least one building and name the package file."))
            return
        laptop = None
        if self.keystore_check.isChecked():
            phrase = self.passphrase.text()
            if not self.keystore.text().strip() or not phrase:
                self._export_failed(self.tr("Name the keystore file and give its passphrase."))
                return
            if phrase != self.passphrase2.text():
                self._export_failed(self.tr("The two passphrases differ; nothing was exported."))
                return
            laptop = LaptopKeystore(Path(self.keystore.text().strip()), phrase)
        self.export_button.setEnabled(False)
        self.export_result.setText(self.tr("Exporting…"))
        names = [n.strip() for n in self.operators.text().replace("，", ",").split(",")]
        operators = [n for n in names if n] or None
        db, actor, output = self.db, self.actor, Path(text)
        self.worker.submit(
            lambda: export(db, actor, chosen, output, laptop, operators),
            self._exported,
            self._export_error,
        )

    def _exported(self, done: Any) -> None:
        self.export_button.setEnabled(True)
        self.export_result.setText(field_outcome_text(done))
        self.exported.emit(done)

    def _export_error(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        self._export_failed(str(exc))

    def _export_failed(self, text: str) -> None:
        self.export_result.setText(text)
        self.failed.emit(text)

    # -- merge --------------------------------------------------------------------------
    def _merge_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        form = QFormLayout()
        self.package = QLineEdit(tab)
        self.package.setObjectName("FieldPackageFile")
        form.addRow(
            self.tr("Package file"),
            _file_row(tab, self.package, self._choose_package, self.tr("Choose…")),
        )
        layout.addLayout(form)
        self.check_button = QPushButton(self.tr("Check the package"), tab)
        self.check_button.setObjectName("FieldCheckButton")
        self.check_button.clicked.connect(self.start_check)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.check_result = _sentence(QLabel(tab))
        self.check_result.setObjectName("FieldCheckResult")
        layout.addWidget(self.check_result)
        self.conflicts = QTableWidget(0, 3, tab)
        self.conflicts.setObjectName("FieldConflicts")
        self.conflicts.setHorizontalHeaderLabels(
            [self.tr("Conflict"), self.tr("What happened"), self.tr("Proposed resolution")]
        )
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflicts.setWordWrap(True)
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.conflicts, 1)
        self.merge_button = QPushButton(self.tr("Accept and merge"), tab)
        self.merge_button.setObjectName("FieldMergeButton")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.start_merge)
        layout.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignRight)
        self.merge_result = _sentence(QLabel(tab))
        self.merge_result.setObjectName("FieldMergeResult")
        layout.addWidget(self.merge_result)
        return tab

    def _choose_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Package file"), "", self.tr("Field package (*.sqlite);;All files (*)")
        )
        if path:
            self.package.setText(path)

    def start_check(self) -> None:
        from app.field.panel import preview

        text = self.package.text().strip()
        if not text:
            self._merge_failed(self.tr("Choose the package file first."))
            return
        self.outcome = None
        self.merge_button.setEnabled(False)
        self.conflicts.setRowCount(0)
        self.merge_result.clear()
        self.check_result.setText(self.tr("Checking the package…"))
        db, actor, path = self.db, self.actor, Path(text)
        self.worker.submit(lambda: self._preview(preview, db, actor, path), self._checked,
                           self._merge_error)  # fmt: skip

    @staticmethod
    def _preview(preview: Any, db: Any, actor: Any, path: Path) -> Any:
        from app.field.panel import merged_record

        outcome = preview(db, actor, path)
        record = merged_record(db, outcome.package_id) if outcome.status == "already" else None
        return outcome, record

    def _checked(self, done: Any) -> None:
        outcome, record = done
        self.outcome = outcome
        if outcome.status == "already":
            when, who = record
            self.check_result.setText(
                self.tr("Package %1 is already merged (%2 by %3): nothing changes.")
                .replace("%1", outcome.package_id[:6].upper())
                .replace("%2", field_time_label(when) if when else "?")
                .replace("%3", who or "?")
            )
        else:
            self.check_result.setText(field_plan_text(outcome.plan))
            self._fill_conflicts(outcome.plan.conflicts)
            self.merge_button.setEnabled(self.actor.can(Permission.FIELD_PACKAGE))
        self.checked.emit(outcome)

    def _fill_conflicts(self, conflicts: list[Any]) -> None:
        self.conflicts.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            for col, text in enumerate(
                (field_conflict_label(conflict.kind), conflict.text, conflict.proposal)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.conflicts.setItem(row, col, item)
        self.conflicts.resizeRowsToContents()

    def confirm_dialog(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Accept and merge"), question)
        return answer == QMessageBox.StandardButton.Yes

    def start_merge(self) -> None:
        from app.field.panel import merge

        if self.outcome is None or self.outcome.plan is None:
            return
        count = len(self.outcome.plan.conflicts)
        question = self.tr("Merge package %1 into the office?").replace(
            "%1", self.outcome.package_id[:6].upper()
        )
        if count:
            question += " " + self.tr("Its %n conflict(s) are resolved as proposed.", "", count)
        if not self.confirm_dialog(question):
            return
        self.merge_button.setEnabled(False)
        self.merge_result.setText(self.tr("Merging…"))
        db, actor, path = self.db, self.actor, Path(self.package.text().strip())
        self.worker.submit(lambda: merge(db, actor, path), self._merged, self._merge_error)

    def _merged(self, outcome: Any) -> None:
        if outcome.status == "already":
            self.merge_result.setText(self.tr("Another desk merged this package meanwhile."))
        else:
            self.merge_result.setText(field_outcome_text(outcome))
        self.merged.emit(outcome)

    def _merge_error(self, exc: Exception) -> None:
        self.merge_button.setEnabled(False)
        self._merge_failed(str(exc))

    def _merge_failed(self, text: str) -> None:
        self.check_result.setText(text)
        self.failed.emit(text)
