"""Settings → Load control (负载控制): dormitory load control per building, room overrides,
the appliance library, whitelists and learning mode.

Four tabs for the building chosen at the top. **Rules**: on/off, the detector's
thresholds (ranges from ``app.loadcontrol.panel.THRESHOLD_FIELDS``; the detector's own rule
decides on save), the actions, the restore delay and the daily limit of automatic restores
(负控复位), for the whole building or one room's override. **Library**: the 34 built-in
appliance classes, read-only. **Whitelist** (白名单): the building's and its rooms' allowed
appliances, added by hand or learned. **Learning mode** (学习模式): a room's next appliance
switched on is whitelisted under a name. Everything goes through ``app.loadcontrol.panel``
in the worker pool; a role without ``load.edit`` sees the page read-only, with the reason.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import ui_language
from app.db import Database
from app.loadcontrol.panel import (
    THRESHOLD_FIELDS,
    BuildingPanel,
    add_entry,
    building_panel,
    buildings,
    learn,
    library_rows,
    remove_entry,
    remove_override,
    save_config,
)
from app.loadcontrol.store import ACTIONS, LoadConfig
from app.security import Actor, Permission

from .labels import load_action_label, load_threshold_label, local_time
from .settings import Page, locked_text

ZONE = ZoneInfo("Asia/Shanghai")


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def _wide(combo: QComboBox) -> None:
    """Room and building names are shown whole (``学生公寓1号楼/101``)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumContentsLength(16)


def _num(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


class RulesTab(QWidget):
    """On/off, thresholds, actions, restore delay and limit of the building or a room."""

    def __init__(self, page: LoadPage) -> None:
        super().__init__(page)
        self.page = page
        self.scope = QComboBox(self)
        self.scope.setObjectName("LoadScope")
        self.enabled = QCheckBox(self.tr("Load control on (负载控制)"), self)
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("Applies to:"), self._row(self.scope))
        form.addRow(self.enabled)
        for f in THRESHOLD_FIELDS:
            spin = QDoubleSpinBox(self)
            spin.setObjectName(f"T_{f.name}")
            spin.setRange(f.low, f.high)
            spin.setDecimals(f.decimals)
            spin.setSingleStep(10**-f.decimals if f.decimals else 1)
            if f.unit:
                spin.setSuffix(f" {f.unit}")
            spin.setMinimumWidth(140)
            self.spins[f.name] = spin
            form.addRow(load_threshold_label(f.name) + ":", self._row(spin))
        self.night_from, self.night_to = QSpinBox(self), QSpinBox(self)
        for spin in (self.night_from, self.night_to):
            spin.setRange(0, 23)
            spin.setSuffix(" h")
        form.addRow(
            load_threshold_label("night_hours") + ":", self._row(self.night_from, self.night_to)
        )
        self.actions = {name: QCheckBox(load_action_label(name), self) for name in ACTIONS}
        form.addRow(self.tr("On a forbidden load:"), self._row(*self.actions.values()))
        self.delay = QSpinBox(self)
        self.delay.setObjectName("RestoreDelay")
        self.delay.setRange(0, 24 * 60)
        self.delay.setSuffix(self.tr(" min"))
        self.limit = QSpinBox(self)
        self.limit.setObjectName("RestoreLimit")
        self.limit.setRange(0, 50)
        form.addRow(self.tr("Automatic restore after:"), self._row(self.delay))
        form.addRow(self.tr("Automatic restores a day (负控复位):"), self._row(self.limit))
        self.override_room = QComboBox(self)
        self.override_room.setEditable(True)
        _wide(self.override_room)
        _wide(self.scope)
        self.override_button = QPushButton(self.tr("Add a room override"), self)
        self.remove_button = QPushButton(self.tr("Remove this override"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("SaveLoad")
        form.addRow(self.tr("Room override:"), self._row(self.override_room, self.override_button))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.scope.currentIndexChanged.connect(self.show_scope)
        self.save_button.clicked.connect(self.save)
        self.override_button.clicked.connect(self.add_override)
        self.remove_button.clicked.connect(self.remove)

    def _row(self, *widgets: QWidget) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return holder

    def fields(self) -> list[QWidget]:
        return [
            self.enabled, *self.spins.values(), self.night_from, self.night_to,
            *self.actions.values(), self.delay, self.limit, self.override_room,
            self.override_button, self.remove_button, self.save_button,
        ]  # fmt: skip

    def fill(self, data: BuildingPanel) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("The whole building"), "")
        for row in data.overrides:
            self.scope.addItem(row.room, row.room)
        self.scope.blockSignals(False)
        self.override_room.clear()
        self.override_room.addItems(data.rooms)
        self.show_scope()

    def show_scope(self) -> None:
        data = self.page.data
        if data is None:
            return
        room = self.scope.currentData() or ""
        row = (
            data.settings if not room else next((r for r in data.overrides if r.room == room), None)
        )
        config = row.config if row is not None else LoadConfig(enabled=False)
        self.show_config(config)
        self.remove_button.setVisible(bool(room))

    def show_config(self, config: LoadConfig) -> None:
        from app.loadcontrol.panel import check_thresholds

        values = check_thresholds(config.thresholds)
        self.enabled.setChecked(config.enabled)
        for name, spin in self.spins.items():
            spin.setValue(float(values[name]))
        self.night_from.setValue(int(values["night_hours"][0]))
        self.night_to.setValue(int(values["night_hours"][1]))
        for name, box in self.actions.items():
            box.setChecked(name in config.actions)
        self.delay.setValue(config.restore_delay_s // 60)
        self.limit.setValue(config.restore_limit)

    def config(self) -> LoadConfig:
        thresholds: dict[str, Any] = {name: spin.value() for name, spin in self.spins.items()}
        thresholds["utc_offset_h"] = int(thresholds["utc_offset_h"])
        thresholds["night_hours"] = [self.night_from.value(), self.night_to.value()]
        return LoadConfig(
            self.enabled.isChecked(),
            thresholds,
            frozenset(n for n, box in self.actions.items() if box.isChecked()),
            self.delay.value() * 60,
            self.limit.value(),
        )

    def save(self) -> None:
        db, actor, page = self.page.db, self.page.actor, self.page
        building, room, config = page.building_id(), self.scope.currentData() or "", self.config()
        page.run(lambda: save_config(db, actor, building, config, room), page.after_save)

    def add_override(self) -> None:
        room = self.override_room.currentText().strip()
        if not room:
            return
        if self.scope.findData(room) < 0:
            self.scope.addItem(room, room)
        self.scope.setCurrentIndex(self.scope.findData(room))
        self.page.say(self.tr("A new override starts from the shown values: Save to keep it."))

    def remove(self) -> None:
        db, actor, page = self.page.db, self.page.actor, self.page
        building, room = page.building_id(), self.scope.currentData() or ""
        page.run(lambda: remove_override(db, actor, building, room), page.after_save)


class LibraryTab(QWidget):
    """The built-in appliance library, read-only."""

    def __init__(self, page: LoadPage) -> None:
        super().__init__(page)
        self.table = _table(
            self,
            [self.tr("Appliance"), self.tr("Default"), self.tr("ΔP (W)"), self.tr("PF"),
             self.tr("Source")],
        )  # fmt: skip
        self.table.setObjectName("LibraryTable")
        lang = ui_language()
        rows = []
        for c in library_rows():
            rows.append(
                [
                    c.name(lang),
                    self.tr("forbidden") if c.forbidden else self.tr("allowed"),
                    f"{c.power_w.low:.0f}–{c.power_w.high:.0f}",
                    f"{c.power_factor.low:.2f}–{c.power_factor.high:.2f}",
                    c.source,
                ]
            )
        _fill(self.table, rows)
        note = QLabel(
            self.tr(
                "%1 appliance classes built in (resources/appliances.toml). A whitelist "
                "entry of a room or the building wins over the library."
            ).replace("%1", str(len(rows))),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)


class WhitelistTab(QWidget):
    """The building's and its rooms' allowed appliances: add by hand, remove."""

    def __init__(self, page: LoadPage) -> None:
        super().__init__(page)
        self.page = page
        self.table = _table(
            self,
            [self.tr("Room"), self.tr("Appliance"), self.tr("ΔP (W)"), self.tr("PF"),
             self.tr("How"), self.tr("Added by"), self.tr("Added")],
        )  # fmt: skip
        self.table.setObjectName("WhitelistTable")
        self.room = QComboBox(self)
        self.room.setObjectName("WhitelistRoom")
        _wide(self.room)
        self.name = QLineEdit(self)
        self.name.setObjectName("WhitelistName")
        self.name.setPlaceholderText(self.tr("name, e.g. 冰箱"))
        self.delta = QDoubleSpinBox(self)
        self.delta.setObjectName("WhitelistDelta")
        self.delta.setRange(0, 10000)
        self.delta.setDecimals(0)
        self.delta.setSuffix(" W")
        self.pf = QDoubleSpinBox(self)
        self.pf.setObjectName("WhitelistPf")
        self.pf.setRange(0, 1)
        self.pf.setDecimals(2)
        self.pf.setSpecialValueText(self.tr("unknown"))
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("WhitelistAdd")
        self.remove_button = QPushButton(self.tr("Remove the selected"), self)
        self.remove_button.setObjectName("WhitelistRemove")
        row = QHBoxLayout()
        for widget in (
            self.room, self.name, QLabel("ΔP:", self), self.delta, QLabel(self.tr("PF:"), self),
            self.pf, self.add_button,
        ):  # fmt: skip
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.ids: list[int] = []

    def fields(self) -> list[QWidget]:
        return [self.room, self.name, self.delta, self.pf, self.add_button, self.remove_button]

    def fill(self, data: BuildingPanel) -> None:
        zone = self.page.zone
        self.ids = [e.id for e in data.whitelist]
        _fill(
            self.table,
            [
                [
                    e.room or self.tr("whole building"),
                    e.name,
                    _num(e.delta_w, 0),
                    _num(e.power_factor, 2),
                    self.tr("learned") if e.learned else self.tr("by hand"),
                    e.added_by,
                    local_time(e.added_at, zone),
                ]
                for e in data.whitelist
            ],
        )
        current = self.room.currentData()
        self.room.clear()
        self.room.addItem(self.tr("whole building"), "")
        for room in data.rooms:
            self.room.addItem(room, room)
        self.room.setCurrentIndex(max(0, self.room.findData(current)))

    def add(self) -> None:
        db, actor, page = self.page.db, self.page.actor, self.page
        building, room = page.building_id(), self.room.currentData() or ""
        name, delta = self.name.text(), self.delta.value()
        pf = self.pf.value() or None
        page.run(lambda: add_entry(db, actor, building, room, name, delta, pf), page.after_save)

    def remove(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.ids):
            self.page.say(self.tr("Select the entry to remove."), ok=False)
            return
        db, actor, page, entry = self.page.db, self.page.actor, self.page, self.ids[row]
        page.run(lambda: remove_entry(db, actor, entry), page.after_save)


class LearningTab(QWidget):
    """Learning mode: pick a room and a name, start; the rooms waiting and what was learned."""

    def __init__(self, page: LoadPage) -> None:
        super().__init__(page)
        self.page = page
        self.room = QComboBox(self)
        self.room.setObjectName("LearnRoom")
        _wide(self.room)
        self.name = QLineEdit(self)
        self.name.setObjectName("LearnName")
        self.name.setPlaceholderText(self.tr("name, e.g. 台式电脑"))
        self.start_button = QPushButton(self.tr("Start learning"), self)
        self.start_button.setObjectName("LearnStart")
        help_text = QLabel(
            self.tr(
                "Switch everything else in the room off, start learning, then switch the "
                "appliance on within 30 minutes: its step is whitelisted for the room under "
                "this name and the room is judged again."
            ),
            self,
        )
        help_text.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.room, self.name, self.start_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.waiting = _table(
            self,
            [self.tr("Room"), self.tr("Appliance"), self.tr("Started by"), self.tr("Waits until")],
        )
        self.waiting.setObjectName("LearningTable")
        self.learned = _table(
            self, [self.tr("Room"), self.tr("Appliance"), self.tr("ΔP (W)"), self.tr("PF"),
                   self.tr("Learned")]
        )  # fmt: skip
        self.learned.setObjectName("LearnedTable")
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Waiting for a switch-on:"), self))
        layout.addWidget(self.waiting, 1)
        layout.addWidget(QLabel(self.tr("Learned:"), self))
        layout.addWidget(self.learned, 1)
        self.start_button.clicked.connect(self.start)

    def fields(self) -> list[QWidget]:
        return [self.room, self.name, self.start_button]

    def fill(self, data: BuildingPanel) -> None:
        zone = self.page.zone
        current = self.room.currentText()
        self.room.clear()
        self.room.addItems(data.rooms)
        if current:
            self.room.setCurrentText(current)
        _fill(
            self.waiting,
            [[x.room, x.name, x.started_by, local_time(x.until, zone)] for x in data.learning],
        )
        _fill(
            self.learned,
            [
                [e.room, e.name, _num(e.delta_w, 0), _num(e.power_factor, 2),
                 local_time(e.added_at, zone)]
                for e in data.whitelist
                if e.learned
            ],
        )  # fmt: skip

    def start(self) -> None:
        db, actor, page = self.page.db, self.page.actor, self.page
        room, name = self.room.currentText(), self.name.text()
        page.run(lambda: learn(db, actor, room, name), page.after_save)


class LoadPage(Page):
    """The Load control page: a building, then rules, library, whitelist, learning."""

    loaded = Signal()

    def __init__(
        self, db: Database, actor: Actor, parent: QWidget | None = None, zone: ZoneInfo = ZONE
    ) -> None:
        super().__init__(self.tr("Load control (负载控制)"), parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.data: BuildingPanel | None = None
        self.building = QComboBox(self)
        self.building.setObjectName("LoadBuilding")
        _wide(self.building)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Building:"), self))
        row.addWidget(self.building)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("LoadTabs")
        self.rules = RulesTab(self)
        self.library = LibraryTab(self)
        self.whitelist = WhitelistTab(self)
        self.learning = LearningTab(self)
        self.tabs.addTab(self.rules, self.tr("Rules"))
        self.tabs.addTab(self.library, self.tr("Appliance library"))
        self.tabs.addTab(self.whitelist, self.tr("Whitelist (白名单)"))
        self.tabs.addTab(self.learning, self.tr("Learning mode (学习模式)"))
        self.layout_.addWidget(self.tabs, 1)
        self.layout_.addWidget(self.status)
        self.building.currentIndexChanged.connect(lambda _i: self.reload())
        if not actor.can(Permission.LOAD_EDIT):
            locked = [*self.rules.fields(), *self.whitelist.fields(), *self.learning.fields()]
            what = self.tr("change load control")
            self.explain_locked(locked_text(actor, what), locked)

    def building_id(self) -> int:
        return int(self.building.currentData())

    def load(self) -> None:
        db = self.db
        self.run(lambda: buildings(db), self._buildings)

    def _buildings(self, rows: list[tuple[int, str, bool]]) -> None:
        if not shiboken6.isValid(self.building):
            return
        self.building.blockSignals(True)
        self.building.clear()
        off = self.tr("not under load control")
        for bid, name, controlled in rows:
            self.building.addItem(name if controlled else f"{name} ({off})", bid)
        first = next((n for n, row in enumerate(rows) if row[2]), 0)
        self.building.setCurrentIndex(first)  # the first dormitory under load control
        self.building.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        if self.building.currentIndex() < 0:
            return
        db, bid = self.db, self.building_id()
        self.run(lambda: building_panel(db, bid), self._loaded)

    def _loaded(self, data: BuildingPanel) -> None:
        if not shiboken6.isValid(self.tabs) or data.building_id != self.building_id():
            return
        self.data = data
        room = self.rules.scope.currentData()
        self.rules.fill(data)
        if room and self.rules.scope.findData(room) >= 0:
            self.rules.scope.setCurrentIndex(self.rules.scope.findData(room))
        self.whitelist.fill(data)
        self.learning.fill(data)
        self.loaded.emit()

    def after_save(self, result: object) -> None:
        self.say(self.tr("Saved. The collector follows within a minute."))
        self.saved.emit(result)
        self.reload()
