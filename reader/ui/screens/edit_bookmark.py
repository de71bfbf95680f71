"""Editing a bookmark's tags and note: Enter saves, Esc cancels."""

from __future__ import annotations

import re

from textual import on
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.commands import bindings_for
from reader.ui.screens.picker import hint_for


def parse_tags(text: str) -> list[str]:
    """'ml, vision  #to-read' -> ['ml', 'vision', 'to-read'] (no duplicates, order kept)."""
    tags = [t.strip().lstrip("#") for t in re.split(r"[,\s]+", text)]
    return list(dict.fromkeys(t for t in tags if t))


class EditBookmarkScreen(ModalScreen[tuple[list[str], str] | None]):
    BINDINGS = bindings_for("edit")
    SCOPE = "edit"

    def __init__(self, bookmark) -> None:
        super().__init__()
        self.bookmark = bookmark

    def compose(self):
        with Vertical(id="edit-box"):
            yield Label(Content("Bookmark: ") + Content(self.bookmark.title), id="edit-title", markup=False)
            yield Label("Tags (separated by commas or spaces)", markup=False)
            yield Input(", ".join(self.bookmark.tags), id="edit-tags")
            yield Label("Note", markup=False)
            yield Input(self.bookmark.note, id="edit-note")
            yield Label(Content(hint_for("edit")), id="edit-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#edit-tags", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        tags = parse_tags(self.query_one("#edit-tags", Input).value)
        note = self.query_one("#edit-note", Input).value.strip()
        self.dismiss((tags, note))

    def action_close(self) -> None:
        self.dismiss(None)
