"""Editing a bookmark's tags and note: Enter saves, Esc cancels.

Tags are read exactly as the CLI reads them (`reader.core.bookmarks.parse_tags`): commas separate,
so "to read" stays one tag.
"""

from __future__ import annotations

from textual import on
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.core.bookmarks import Bookmark, parse_tags
from reader.ui.commands import bindings_for, hint_for
from reader.ui.text import shown


class EditBookmarkScreen(ModalScreen[tuple[list[str], str] | None]):
    """Dismisses with (tags, note), or None."""

    BINDINGS = bindings_for("edit")
    SCOPE = "edit"

    def __init__(self, bookmark: Bookmark) -> None:
        super().__init__()
        self.bookmark = bookmark

    def compose(self):
        with Vertical(id="edit-box"):
            yield Label(Content("Bookmark: ") + shown(self.bookmark.title), id="edit-title", markup=False)
            yield Label("Tags (separated by commas)", markup=False)
            # The cursor after what is there (nothing selected): typing adds, it never replaces.
            yield Input(", ".join(self.bookmark.tags), id="edit-tags", select_on_focus=False)
            yield Label("Note", markup=False)
            yield Input(self.bookmark.note, id="edit-note", select_on_focus=False)
            yield Label(Content(hint_for("edit")), id="edit-hint", markup=False)

    def on_mount(self) -> None:
        tags = self.query_one("#edit-tags", Input)
        tags.cursor_position = len(tags.value)
        tags.focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        tags = parse_tags(self.query_one("#edit-tags", Input).value)
        note = self.query_one("#edit-note", Input).value.strip()
        self.dismiss((tags, note))

    def action_close(self) -> None:
        self.dismiss(None)
