"""A numbered picker (links to copy or open, tags to filter by): digits or Enter choose, Esc cancels.
Its list is virtual: a row is built when it is drawn, so a picker of 100,000 links opens at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar, overload

from textual import events, on
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Label

from reader.ui.commands import bindings_for, hint_for
from reader.ui.text import shown
from reader.ui.widgets.virtual_list import VirtualList

T = TypeVar("T")


class RowsOf(Sequence[Content], Generic[T]):
    """`things` shown as picker rows, each made by `show` only when asked for (when drawn)."""

    def __init__(self, things: Sequence[T], show: Callable[[T], Content | str]) -> None:
        self.things, self.show = things, show

    def __len__(self) -> int:
        return len(self.things)

    @overload
    def __getitem__(self, index: int) -> Content: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Content]: ...
    def __getitem__(self, index: int | slice) -> Content | Sequence[Content]:
        if isinstance(index, slice):
            return RowsOf(self.things[index], self.show)
        row = self.show(self.things[index])
        return row if isinstance(row, Content) else shown(row)


class PickerList(VirtualList):
    """The rows, numbered, wrapped at the list's width: a row goes on under its text, past its
    number, and a long word (a URL) folds beside the number, its lines starting at the left edge."""

    def __init__(self, rows: Sequence[Content], numbered: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.numbered = numbered
        self.digits = len(str(len(rows)))

    def prefix(self, index: int) -> str:
        return f"{index + 1:>{self.digits}}. " if self.numbered else ""

    def row_content(self, index: int) -> Content:
        return Content(self.prefix(index)) + self.rows[index]

    def row_indent(self, index: int) -> int:
        return len(self.prefix(index))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As tall as the rows (`height: auto`), measuring no more of them than fill the screen."""
        lines, index = 0, 0
        while index < self.row_count and lines < viewport.height:
            lines += len(self.split_row(index, max(width - 2, 0)))
            index += 1
        return lines


class PickerScreen(ModalScreen[int | None]):
    """Dismisses with the chosen row's index, or None. `rows` may be a `RowsOf`: only the rows
    drawn are made."""

    BINDINGS = bindings_for("picker")
    SCOPE = "picker"

    def __init__(
        self, title: str, rows: Sequence[Content | str], numbered: bool = True, highlight: int = 0
    ) -> None:
        super().__init__()
        self.title_text = title
        self.rows: Sequence[Content] = rows if isinstance(rows, RowsOf) else RowsOf(rows, lambda row: row)
        self.numbered = numbered
        self.highlight = highlight
        self.typed = ""

    def compose(self):
        with Vertical(id="picker-box"):
            yield Label(shown(self.title_text), id="picker-title", markup=False)
            yield PickerList(self.rows, self.numbered, id="picker-list")
            yield Label(Content(hint_for("picker")), id="picker-hint", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one(PickerList)
        choices.reset(len(self.rows), self.highlight if 0 <= self.highlight < len(self.rows) else 0)
        choices.focus()

    @on(VirtualList.Selected, "#picker-list")
    def _chosen(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.dismiss(event.index)

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
        self.query_one(PickerList).move_to(number - 1)
        if number * 10 > len(self.rows):  # no longer number starts with these digits
            self.dismiss(number - 1)

    def action_close(self) -> None:
        self.dismiss(None)
