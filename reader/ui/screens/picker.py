"""A numbered picker (links to copy or open, tags to filter by): digits or Enter choose, Esc cancels."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList

from reader.ui.commands import bindings_for, hint_for
from reader.ui.text import shown
from reader.ui.widgets.lists import StyledList
from reader.ui.wrapping import wrap_line


class PickerList(StyledList):
    """Rows wrapped here, at the list's width: a row goes on under its text, past its number, and a
    long word (a URL) folds beside the number, its lines starting at the left edge (no spaces in it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._width = 0

    def prompt(self, row: tuple[int, Content]) -> Content:
        indent, content = row
        if self._width <= 0:
            return content
        return Content("\n").join(wrap_line(content, self._width, indent)[0])

    def on_resize(self) -> None:
        width = max(self.scrollable_content_region.width - 2, 0)  # rows have one cell of padding each side
        if width != self._width:
            self._width = width
            highlighted = self.highlighted
            self.fill(self.data, self._ids)
            self.highlighted = highlighted


class PickerScreen(ModalScreen[int | None]):
    """Dismisses with the chosen row's index, or None."""

    BINDINGS = bindings_for("picker")
    SCOPE = "picker"

    def __init__(
        self, title: str, rows: Sequence[Content | str], numbered: bool = True, highlight: int = 0
    ) -> None:
        super().__init__()
        self.title_text = title
        self.rows = [row if isinstance(row, Content) else shown(row) for row in rows]
        self.numbered = numbered
        self.highlight = highlight
        self.typed = ""

    def compose(self):
        with Vertical(id="picker-box"):
            yield Label(shown(self.title_text), id="picker-title", markup=False)
            width = len(str(len(self.rows)))
            prefixes = [
                f"{number:>{width}}. " if self.numbered else "" for number in range(1, len(self.rows) + 1)
            ]
            rows = [(len(prefix), Content(prefix) + row) for prefix, row in zip(prefixes, self.rows)]
            choices = PickerList(id="picker-list")
            choices.fill(rows, [str(index) for index in range(len(rows))])
            yield choices
            yield Label(Content(hint_for("picker")), id="picker-hint", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = self.highlight if 0 <= self.highlight < len(self.rows) else 0
        choices.focus()

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def on_key(self, event: events.Key) -> None:
        if not (self.numbered and event.character and event.character.isdigit()):
            return
        event.stop()
        self.typed += event.character
        number = int(self.typed)
        if not 1 <= number <= len(self.rows):
            self.typed = ""
            self.app.bell()
            return
        self.query_one(OptionList).highlighted = number - 1
        if number * 10 > len(self.rows):  # no longer number starts with these digits
            self.dismiss(number - 1)

    def action_close(self) -> None:
        self.dismiss(None)
