"""A one-line note that takes no room while it has nothing to say.

Empty QLabels in a grid still take a row and its spacing: the room detail showed a blank
band between its buttons when no command was running. This label hides itself when empty.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class NoteLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.setVisible(False)
