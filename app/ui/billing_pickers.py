"""The scheme editor's meter pickers: tick the meters, never type an id.

A clerk knows a common-area or master meter by its label or address and where it hangs
(building, room), not by the number the database gave it. ``MeterPicker`` lists the meters
of one role (``history.scheme_meters``, read in the window's worker before the editor
opens) within the scope the clerk ticked, each checkable; ``ids()`` gives the ids the
services take, so saved definitions stay as they were. A ticked meter that falls out of
the scope stays listed (and ticked) so nothing is dropped silently: the service then says
what is wrong with it.

``AccountCompleter`` completes the word being typed in an account field (excluded accounts,
ratios, a fee's accounts) from the account numbers and tenant names: typing 新锐 offers
``E0100003 新锐建材有限公司`` and choosing it writes ``E0100003``, the number the worker
resolves to an id as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QListWidget, QListWidgetItem, QWidget

from app.billing.history import MeterRow

from .labels import meter_role_label


def meter_text(meter: MeterRow) -> str:
    """``"1号楼总表 (0001) · 1号楼 · 总表"``: name and address, room or building, role."""
    name = f"{meter.label} ({meter.address})" if meter.label else meter.address
    place = f"{meter.building} {meter.room}".strip() if meter.room else meter.building
    return " · ".join(p for p in (name, place, meter_role_label(meter.role)) if p)


class MeterPicker(QListWidget):
    """A checkable list of the meters of ``role`` in the chosen buildings."""

    def __init__(
        self, meters: list[MeterRow], role: str, chosen: Iterable[int], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.meters = [m for m in meters if m.role == role]
        self.chosen = {int(i) for i in chosen}
        rows = self.fontMetrics().height() + 6
        self.setMinimumHeight(2 * rows + 8)
        self.setMaximumHeight(4 * rows + 8)  # a building has a few; the list scrolls past
        self.itemChanged.connect(self._changed)
        self.show_for(None)

    def show_for(self, buildings: list[int] | None) -> None:
        """The meters of these buildings (``None``: the whole park) and every ticked one."""
        self.blockSignals(True)
        self.clear()
        known = {m.id for m in self.meters}
        for meter in self.meters:
            if buildings is None or meter.building_id in buildings or meter.id in self.chosen:
                self._add(meter_text(meter), meter.id)
        for ident in sorted(self.chosen - known):  # stored, but no longer installed
            self._add(f"#{ident}", ident)
        self.blockSignals(False)

    def _add(self, text: str, ident: int) -> None:
        item = QListWidgetItem(text, self)
        item.setData(Qt.ItemDataRole.UserRole, ident)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        on = ident in self.chosen
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _changed(self, item: QListWidgetItem) -> None:
        ident = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen.add(ident)
        else:
            self.chosen.discard(ident)

    def set_checked(self, ident: int, on: bool = True) -> None:
        """Tick (or untick) the meter ``ident`` if it is listed (tests and the editor)."""
        for row in range(self.count()):
            item = self.item(row)
            if int(item.data(Qt.ItemDataRole.UserRole)) == ident:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def listed(self) -> list[int]:
        return [int(self.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.count())]

    def ids(self) -> list[int]:
        """The ticked meters' ids, in the list's order (what the definition stores)."""
        return [
            int(self.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.count())
            if self.item(r).checkState() == Qt.CheckState.Checked
        ]


class AccountCompleter(QCompleter):
    """Completes the last word of a space-separated line of account numbers."""

    def __init__(self, accounts: list[tuple[str, str]], edit: QLineEdit) -> None:
        names = QStringListModel([f"{n} {t}" for n, t in accounts], edit)  # parent: kept alive
        super().__init__(names, edit)
        self.edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setWidget(edit)  # not edit.setCompleter: that would replace the whole line
        edit.textEdited.connect(self._edited)
        self.activated.connect(self.choose)

    def _word(self) -> tuple[int, str]:
        """Where the word at the cursor starts, and the word (before any ``=weight``)."""
        text = self.edit.text()[: self.edit.cursorPosition()]
        start = max(text.rfind(" "), text.rfind(","), text.rfind("，")) + 1
        return start, text[start:]

    def _edited(self, _text: str) -> None:
        _start, word = self._word()
        if not word or "=" in word:
            self.popup().hide()
            return
        self.setCompletionPrefix(word)
        if self.completionCount():
            self.complete()

    def choose(self, choice: str) -> None:
        """Put the chosen account's number in place of the word being typed."""
        start, _word = self._word()
        text, cursor = self.edit.text(), self.edit.cursorPosition()
        number = choice.split(" ", 1)[0]
        self.edit.setText(text[:start] + number + text[cursor:])
        self.edit.setCursorPosition(start + len(number))
