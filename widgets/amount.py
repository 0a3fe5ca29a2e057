"""A large amount field for a counter: digits and two decimals only, quick-amount buttons."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

QUICK_AMOUNTS = ("50", "100", "200", "500", "1000")


class AmountEdit(QWidget):
    """Typing is limited to what parses as yuan (up to 7 digits, 2 decimals); the service
    still validates, this only keeps obvious mistakes off the screen."""

    changed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, quick: tuple[str, ...] = QUICK_AMOUNTS
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("AmountEdit")
        font = QFont(self.edit.font())
        font.setPointSize(max(font.pointSize(), 10) * 2)
        font.setBold(True)
        self.edit.setFont(font)
        self.edit.setPlaceholderText("0.00")
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,7}(\.\d{0,2})?$"), self)
        )
        self.edit.textChanged.connect(self.changed)
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for value in quick:
            button = QPushButton(f"¥{value}", self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, v=value: self.set_amount(v))
            row.addWidget(button)
            self.buttons.append(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addLayout(row)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_amount(self, value: str) -> None:
        self.edit.setText(value)
        self.edit.setFocus()

    def clear(self) -> None:
        self.edit.clear()
