"""Naming a search to save it (`Ctrl+S` in the search screen): Enter saves, Esc cancels."""

from __future__ import annotations

from textual import on
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.commands import bindings_for, hint_for
from reader.ui.text import shown


class SaveSearchScreen(ModalScreen[str | None]):
    """Dismisses with the name typed (stripped, maybe empty), or None."""

    BINDINGS = bindings_for("edit")
    SCOPE = "edit"

    def __init__(self, query: str, names: list[str]) -> None:
        super().__init__()
        self.search_query = query
        self.names = names

    def compose(self):
        with Vertical(id="edit-box"):
            yield Label(Content("Save the search ") + shown(f"“{self.search_query}”"), id="edit-title")
            taken = f" (saved already: {', '.join(self.names[:6])}{'…' if len(self.names) > 6 else ''})"
            yield Label(shown("Name" + (taken if self.names else "")), markup=False)
            yield Input(id="save-name", placeholder="a short name, e.g. rust crates")
            yield Label(Content(hint_for("edit")), id="edit-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#save-name", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.dismiss(self.query_one("#save-name", Input).value.strip())

    def action_close(self) -> None:
        self.dismiss(None)
