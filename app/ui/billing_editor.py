"""The editors of the Billing window: an apportionment scheme (公摊方案) and a fee item (收费项目).

Each dialog turns its form into the definition dict the Qt-free services validate
(``app.billing.schemes`` / ``app.billing.fees``): amounts stay the text the clerk typed (the
service makes an exact ``Decimal`` of it, never a float), ids are integers. Saving runs in
the window's worker; a ``BillingError`` comes back as its sentence under the form, and the
field it names is outlined in red, so the clerk sees what to fix. A definition a run has
already used may only get an end date (the service's rule): its other fields are read-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.billing import fees, history, schemes
from app.billing.bills import local_today
from app.billing.definitions import BillingError, Definition
from app.db import Database
from app.security import Actor, SecurityError
from app.sitetree import ParkNode

from .billing_pickers import AccountCompleter, MeterPicker
from .bridge import Worker
from .labels import (
    apportion_basis_label,
    apportion_source_label,
    billing_scope_label,
    fee_amount_kind_label,
    fee_mode_label,
    fee_period_label,
)
from .tables import RED, field_named


def _combo(parent: QWidget, values: tuple[str, ...], label: Callable[[str], str]) -> QComboBox:
    box = QComboBox(parent)
    for value in values:
        box.addItem(label(value), value)
    return box


def _pick(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


class _Editor(QDialog):
    """What both editors share: name, dates, the place list, the error line, saving.
    (Its words use the context "BillingEditor": PySide's ``self.tr`` would look them up
    under the subclass's name, where lupdate does not put them.)"""

    saved = Signal(object)  # the Definition stored
    refused = Signal(str)  # the sentence shown

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        parks: list[ParkNode],
        item: Definition | None,
        parent: QWidget | None,
        numbers: dict[int, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.worker, self.parks, self.item = db, actor, worker, parks, item
        self.numbers = numbers or {}  # account id -> number, to show a stored definition
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.name = QLineEdit(item.name if item else "", self)
        self._add("name", QCoreApplication.translate("BillingEditor", "Name"), self.name)
        self.places = QListWidget(self)
        self.places.setMinimumHeight(110)
        self.start = QDateEdit(self)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.end = QDateEdit(self)
        self.end.setCalendarPopup(True)
        self.end.setDisplayFormat("yyyy-MM-dd")
        self.open_ended = QCheckBox(
            QCoreApplication.translate("BillingEditor", "no end date"), self
        )
        self.open_ended.toggled.connect(lambda on: self.end.setEnabled(not on))
        today = local_today().replace(day=1)  # the park's month
        self.start.setDate(QDate(item.effective_from if item else today))
        self.end.setDate(QDate(item.effective_to or today) if item else QDate(today))
        self.open_ended.setChecked(item is None or item.effective_to is None)
        self.error = QLabel(self)
        self.error.setObjectName("EditorError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _add(self, key: str, label: str, widget: QWidget) -> None:
        self.fields[key] = widget
        widget.setProperty("label", label)
        self.form.addRow(label, widget)

    def _finish(self) -> None:
        """The dates, the error line and the buttons under the fields; a used item keeps
        only its end date editable."""
        dates = QWidget(self)
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.end)
        row.addWidget(self.open_ended)
        self._add(
            "effective_from",
            QCoreApplication.translate("BillingEditor", "In force from"),
            self.start,
        )
        self._add(
            "effective_to", QCoreApplication.translate("BillingEditor", "In force until"), dates
        )
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        if self.item is not None and self.item.used:
            note = QLabel(
                QCoreApplication.translate(
                    "BillingEditor",
                    "A billing run has used this item: only its end date may change. "
                    "For new rules, end it and add a new item.",
                ),
                self,
            )
            note.setWordWrap(True)
            box.addWidget(note)
            for key, widget in self.fields.items():
                widget.setEnabled(key == "effective_to")
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _fill_places(self, level: str, chosen: list[int]) -> None:
        """The buildings or floors to tick for a scope of that level."""
        self.places.clear()
        for park in self.parks:
            for building in park.buildings:
                if level == "buildings":
                    self._place(building.name, building.id, chosen)
                for floor in building.floors if level == "floors" else []:
                    self._place(f"{building.name} {floor.name}", floor.id, chosen)

    def _place(self, text: str, ident: int, chosen: list[int]) -> None:
        item = QListWidgetItem(text, self.places)
        item.setData(Qt.ItemDataRole.UserRole, ident)
        checked = Qt.CheckState.Checked if ident in chosen else Qt.CheckState.Unchecked
        item.setCheckState(checked)

    def account_fields(self) -> list[QLineEdit]:
        """The fields where account numbers are typed (each completes them)."""
        return []

    def complete_accounts(self, accounts: list[tuple[str, str]]) -> None:
        """Number and tenant completion on the account fields (``history.account_choices``)."""
        self.completers = [AccountCompleter(accounts, edit) for edit in self.account_fields()]

    def ticked(self) -> list[int]:
        out = []
        for row in range(self.places.count()):
            item = self.places.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def tick(self, ids: list[int]) -> None:
        for row in range(self.places.count()):
            item = self.places.item(row)
            if int(item.data(Qt.ItemDataRole.UserRole)) in ids:
                item.setCheckState(Qt.CheckState.Checked)

    # ------------------------------------------------------------------ saving

    def definition(self) -> dict[str, Any]:
        """The form as a definition; account numbers still as the typed text."""
        raise NotImplementedError

    def resolve(self, definition: dict[str, Any]) -> dict[str, Any]:
        """In the worker: typed account numbers -> ids (``history.account_ids``)."""
        return definition

    def store(
        self, name: str, definition: dict[str, Any], start: date, end: date | None
    ) -> Definition:
        """In the worker: the service call (add, or edit what may still change)."""
        raise NotImplementedError

    def shown(self, ids: list[int]) -> str:
        """Stored account ids as the clerk knows them (numbers; ``#id`` when unknown)."""
        return " ".join(self.numbers.get(int(i), f"#{i}") for i in ids)

    def account_ids(self, text: Any, field: str) -> Any:
        """Typed numbers -> ids (other values are passed on for the service to judge)."""
        if not isinstance(text, str):
            return text
        return history.account_ids(self.db, self.actor, text, field)

    def dates(self) -> tuple[date, date | None]:
        start = self.start.date().toPython()
        end = None if self.open_ended.isChecked() else self.end.date().toPython()
        return start, end  # type: ignore[return-value]

    def save(self) -> None:
        """Validate and store off the GUI thread; close on success, else say why."""
        for widget in self.fields.values():
            widget.setStyleSheet("")
        self.error.setText("")
        self.buttons.setEnabled(False)
        raw, name, (start, end) = self.definition(), self.name.text(), self.dates()

        def job() -> Definition | str:
            try:
                return self.store(name, self.resolve(raw), start, end)
            except (BillingError, SecurityError) as exc:
                return str(exc)

        self.worker.submit(job, self._stored, lambda exc: self._stored(str(exc)))

    def _stored(self, outcome: Definition | str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(outcome, Definition):
            self.saved.emit(outcome)
            self.accept()
            return
        self.show_error(outcome)

    def show_error(self, text: str) -> None:
        """The sentence under the form; the field it starts with is outlined and named."""
        key = field_named(text, list(self.fields))
        if key is not None:  # the key becomes the form's label: one language on screen
            widget = self.fields[key]
            widget.setStyleSheet(RED)
            label = str(widget.property("label"))
            pattern = rf"(?<![A-Za-z_]){re.escape(key)}(?![A-Za-z_])"
            text = re.sub(pattern, lambda _m: label, text, count=1)
            text = text.replace(f"{label} {label}", label)  # "名称 name：" said it twice
        self.error.setText(text)
        self.refused.emit(text)


class SchemeEditor(_Editor):
    """公摊方案: scope, source, basis (and ratios), cap, exclusions, max loss, dates."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        parks: list[ParkNode],
        item: Definition | None = None,
        parent: QWidget | None = None,
        numbers: dict[int, str] | None = None,
        meters: list[history.MeterRow] | None = None,
    ) -> None:
        super().__init__(db, actor, worker, parks, item, parent, numbers)
        self.setWindowTitle(self.tr("Apportionment scheme"))
        d = item.definition if item else {}
        self.scope = _combo(self, ("park", "buildings"), billing_scope_label)
        self._add("scope", self.tr("Scope"), self.scope)
        self._add("buildings", self.tr("Buildings"), self.places)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.source = _combo(self, schemes.SOURCES, apportion_source_label)
        self._add("source", self.tr("Energy shared"), self.source)
        meters = meters or []
        self.common = MeterPicker(meters, "common", d.get("common_meters", []), self)
        self.common.setObjectName("CommonMeters")
        self._add("common_meters", self.tr("Common-area meters"), self.common)
        self.masters = MeterPicker(meters, "master", d.get("masters", []), self)
        self.masters.setObjectName("MasterMeters")
        self._add("masters", self.tr("Master meters"), self.masters)
        hint = QLabel(self.tr("None ticked: all the common-area or master meters of the scope."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        self.form.addRow("", hint)
        self.places.itemChanged.connect(lambda _i: self._show_meters())
        self.source.currentIndexChanged.connect(lambda _i: self._show_meters())
        self.basis = _combo(self, schemes.BASES, apportion_basis_label)
        self._add("basis", self.tr("Shared"), self.basis)
        ratios = d.get("ratios") or {}
        self.ratios = QLineEdit(
            " ".join(f"{self.shown([int(k)])}={v}" for k, v in ratios.items()), self
        )
        self.ratios.setPlaceholderText(self.tr("account=weight, for example E0100001=2 E0100002=1"))
        self._add("ratios", self.tr("Ratios"), self.ratios)
        self.cap = QLineEdit(d.get("cap_percent") or "", self)
        self.cap.setPlaceholderText(self.tr("empty: no cap"))
        self._add("cap_percent", self.tr("Cap (% of own use)"), self.cap)
        self.vacant = QCheckBox(self.tr("vacant rooms pay nothing"), self)
        self.vacant.setChecked(bool(d.get("exclude_vacant", True)))
        self._add("exclude_vacant", self.tr("Vacant rooms"), self.vacant)
        self.excluded = QLineEdit(self.shown(d.get("exclude_accounts", [])), self)
        self.excluded.setPlaceholderText(self.tr("account numbers, for example E0100001"))
        self._add("exclude_accounts", self.tr("Excluded accounts"), self.excluded)
        self.max_loss = QLineEdit(d.get("max_loss_percent") or "15", self)
        self._add("max_loss_percent", self.tr("Most loss believed (%)"), self.max_loss)
        scope = d.get("scope") or {"park": True}
        _pick(self.scope, "park" if scope.get("park") else "buildings")
        self._scope_changed()
        self.tick(list(scope.get("buildings", [])))
        _pick(self.source, d.get("source", "loss"))
        _pick(self.basis, d.get("basis", "energy"))
        self._show_meters()
        self._finish()

    def _scope_changed(self) -> None:
        level = str(self.scope.currentData())
        self._fill_places(level, [])
        self.places.setEnabled(level != "park")
        self._show_meters()

    def account_fields(self) -> list[QLineEdit]:
        return [self.excluded, self.ratios]

    def _show_meters(self) -> None:
        """The pickers follow the scope's buildings; each is live only for its source."""
        if not hasattr(self, "masters"):
            return  # the scope is being set up before the pickers exist
        park = str(self.scope.currentData()) == "park"
        source = str(self.source.currentData())
        for picker, live in ((self.common, source != "loss"), (self.masters, source != "common")):
            picker.show_for(None if park else self.ticked())
            picker.setEnabled(live)

    def definition(self) -> dict[str, Any]:
        level = str(self.scope.currentData())
        ratios: dict[str, str] = {}
        for part in self.ratios.text().replace(",", " ").split():
            key, _, weight = part.partition("=")
            ratios[key.strip()] = weight.strip()
        out: dict[str, Any] = {
            "scope": {"park": True} if level == "park" else {"buildings": self.ticked()},
            "source": self.source.currentData(),
            "basis": self.basis.currentData(),
            "exclude_vacant": self.vacant.isChecked(),
            "max_loss_percent": self.max_loss.text().strip() or None,
            "cap_percent": self.cap.text().strip() or None,
        }
        source = out["source"]
        for key, picker, live in (
            ("common_meters", self.common, source != "loss"),
            ("masters", self.masters, source != "common"),
        ):
            if live and picker.ids():
                out[key] = picker.ids()
        if self.excluded.text().strip():
            out["exclude_accounts"] = self.excluded.text()
        if ratios:
            out["ratios"] = ratios
        return out

    def resolve(self, definition: dict[str, Any]) -> dict[str, Any]:
        out = dict(definition)
        if "exclude_accounts" in out:
            out["exclude_accounts"] = self.account_ids(out["exclude_accounts"], "exclude_accounts")
        if out.get("ratios"):
            out["ratios"] = {
                str(self.account_ids(key, "ratios")[0]): weight
                for key, weight in out["ratios"].items()
                if key
            }
        return out

    def store(
        self, name: str, definition: dict[str, Any], start: date, end: date | None
    ) -> Definition:
        db, actor, item = self.db, self.actor, self.item
        if item is None:
            return schemes.add_scheme(db, actor, name, definition, start, end)
        if item.used:
            return schemes.edit_scheme(db, actor, item.id, effective_to=end)
        return schemes.edit_scheme(
            db, actor, item.id, name=name, definition=definition, effective_from=start,
            effective_to=end,
        )  # fmt: skip


class FeeEditor(_Editor):
    """收费项目: amount kind and amount, scope, period and day, mode, due days, dates."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        parks: list[ParkNode],
        item: Definition | None = None,
        parent: QWidget | None = None,
        numbers: dict[int, str] | None = None,
    ) -> None:
        super().__init__(db, actor, worker, parks, item, parent, numbers)
        self.setWindowTitle(self.tr("Fee item"))
        d = item.definition if item else {}
        self.kind = _combo(self, fees.AMOUNT_KINDS, fee_amount_kind_label)
        self._add("amount_kind", self.tr("Charged"), self.kind)
        self.amount = QLineEdit(str(d.get("amount", "")), self)
        self.amount.setPlaceholderText(self.tr("yuan, for example 3.50"))
        self._add("amount", self.tr("Amount (yuan)"), self.amount)
        self.scope = _combo(self, ("park", "buildings", "floors", "accounts"), billing_scope_label)
        self._add("scope", self.tr("Scope"), self.scope)
        self._add("buildings", self.tr("Buildings or floors"), self.places)
        self.accounts = QLineEdit(self)
        self.accounts.setPlaceholderText(self.tr("account numbers, for example E0100001 E0100002"))
        self._add("accounts", self.tr("Accounts"), self.accounts)
        self.fields["floors"] = self.places  # the service names the floors' list so
        self.period = _combo(self, fees.PERIODS, fee_period_label)
        self._add("period", self.tr("Period"), self.period)
        self.day = QSpinBox(self)
        self.day.setRange(1, 28)
        self.day.setValue(int(d.get("day", 1)))
        self._add("day", self.tr("Day of the period"), self.day)
        self.mode = _combo(self, fees.MODES, fee_mode_label)
        self._add("mode", self.tr("Mode"), self.mode)
        self.due = QSpinBox(self)
        self.due.setRange(0, 365)
        self.due.setValue(int(d.get("due_days", fees.DEFAULT_DUE_DAYS)))
        self._add("due_days", self.tr("Bill due after (days)"), self.due)
        scope = d.get("scope") or {"park": True}
        level = "park" if scope.get("park") else next(iter(scope))
        _pick(self.kind, d.get("amount_kind", "fixed"))
        _pick(self.scope, level)
        _pick(self.period, d.get("period", "monthly"))
        _pick(self.mode, d.get("mode", "deduct"))
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._scope_changed()
        if level in ("buildings", "floors"):
            self.tick(list(scope[level]))
        elif level == "accounts":
            self.accounts.setText(self.shown(scope["accounts"]))
        self._finish()

    def account_fields(self) -> list[QLineEdit]:
        return [self.accounts]

    def _scope_changed(self) -> None:
        level = str(self.scope.currentData())
        self._fill_places(level, [])
        self.places.setEnabled(level in ("buildings", "floors"))
        self.accounts.setEnabled(level == "accounts")

    def definition(self) -> dict[str, Any]:
        level = str(self.scope.currentData())
        if level == "park":
            scope: dict[str, Any] = {"park": True}
        elif level == "accounts":
            scope = {"accounts": self.accounts.text()}  # numbers: resolved in the worker
        else:
            scope = {level: self.ticked()}
        return {
            "amount_kind": self.kind.currentData(),
            "amount": self.amount.text().strip(),  # text: the service makes a Decimal of it
            "scope": scope,
            "period": self.period.currentData(),
            "day": self.day.value(),
            "mode": self.mode.currentData(),
            "due_days": self.due.value(),
        }

    def resolve(self, definition: dict[str, Any]) -> dict[str, Any]:
        scope = definition["scope"]
        if "accounts" in scope:
            scope = {"accounts": self.account_ids(scope["accounts"], "accounts")}
        return {**definition, "scope": scope}

    def store(
        self, name: str, definition: dict[str, Any], start: date, end: date | None
    ) -> Definition:
        db, actor, item = self.db, self.actor, self.item
        if item is None:
            return fees.add_fee(db, actor, name, definition, start, end)
        if item.used:
            return fees.edit_fee(db, actor, item.id, effective_to=end)
        return fees.edit_fee(
            db, actor, item.id, name=name, definition=definition, effective_from=start,
            effective_to=end,
        )  # fmt: skip
