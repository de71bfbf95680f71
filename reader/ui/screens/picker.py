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
            rows = [
                (Content(f"{number:>{width}}.\u00a0") if self.numbered else Content("")) + row
                for number, row in enumerate(self.rows, 1)
            ]  # a no-break space: a long row (a URL) folds beside its number, not below it
            choices = StyledList(id="picker-list")
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
