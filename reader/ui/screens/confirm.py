"""A yes/no question: y or Enter answers yes, n or Esc no."""

from __future__ import annotations

from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from reader.ui.commands import bindings_for, hint_for
from reader.ui.text import shown


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False."""

    BINDINGS = bindings_for("confirm")
    SCOPE = "confirm"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self):
        with Vertical(id="confirm-box"):
            yield Label(shown(self.question), id="confirm-question", markup=False)
            yield Label(shown(hint_for("confirm")), id="confirm-hint", markup=False)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
