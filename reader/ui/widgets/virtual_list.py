"""VirtualList: a list of any number of rows, of any height, that only ever renders the rows on screen.

Textual's OptionList measures every option (wrapping its text) whenever the list changes, is
resized or one prompt is replaced: seconds for an issue of 100,000 items. Here the list scrolls by
row: `scroll_y` is the index of the top row, so moving, paging, jumping to the end and redrawing a
row cost what the visible rows cost, whatever the length. Subclasses say what a row shows
(`row_content`), whether it can be highlighted (`row_enabled`) and how far its continuation lines
are indented (`row_indent`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ui.commands import bindings_for
from reader.ui.wrapping import wrap_line

CACHE_ROWS = 2000  # wrapped rows kept; a screenful is a few dozen


class VirtualList(ScrollView, can_focus=True):
    """Rows 0..row_count-1; `highlighted` is the cursor (an enabled row, or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings_for("list"),
        Binding("enter", "select", "Select", show=False),
    ]
    COMPONENT_CLASSES = {"virtual-list--row", "virtual-list--highlighted", "virtual-list--disabled"}
    DEFAULT_CSS = """
    VirtualList {
        background: $background;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        /* The cursor: the theme's primary colour over the background, text black or white,
           whichever reads (a solid primary is too mid-toned for either in some themes). */
        & > .virtual-list--highlighted {
            color: auto 100%;
            background: $primary 20%;
        }
        &:focus > .virtual-list--highlighted {
            color: auto 100%;
            background: $primary 40%;
            text-style: bold;
        }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to `index` (also when moved by the program)."""

        virtual_list: VirtualList
        index: int

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    @dataclass
    class Selected(Message):
        """Enter or a click on row `index`."""

        virtual_list: VirtualList
        index: int

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row_count = 0
        self.highlighted: int | None = None
        self._wrapped: dict[int, list[Content]] = {}
        self._strips: dict[tuple[int, str], list[Strip]] = {}
        self._wrap_width = -1
        self._viewport: list[tuple[int, int]] | None = None  # (row, line in row) per screen line

    # -- what subclasses provide ------------------------------------------------------------------
    def row_content(self, index: int) -> Content:
        raise NotImplementedError

    def row_enabled(self, index: int) -> bool:
        return True

    def row_indent(self, index: int) -> int:
        return 0

    def row_height(self, index: int) -> int:
        """How many screen lines row `index` takes; a subclass that knows without making the row
        says so (the virtual size of new rows needs the heights of the last screenful)."""
        return len(self.row_lines(index))

    # -- filling ----------------------------------------------------------------------------------
    def reset(self, row_count: int, highlight: int | None = 0) -> None:
        """New rows: forget every cached row, scroll to the top, put the cursor on `highlight`
        (or the next enabled row after it)."""
        self.row_count = row_count
        self.highlighted = None
        self._forget()
        self._update_virtual_size()
        self.scroll_to(y=0, animate=False, force=True, immediate=True)
        if highlight is not None:
            self.move_to(self.next_enabled(highlight, 1, include=True))

    def refresh_rows(self, indexes: Iterable[int] | None = None) -> None:
        """Draw some rows (None: all) again, e.g. when their marks changed."""
        if indexes is None:
            self._forget()
        else:
            for index in indexes:
                self._wrapped.pop(index, None)
                for variant in ("row", "focus", "blur", "disabled"):
                    self._strips.pop((index, variant), None)
            self._viewport = None
        self._update_virtual_size()
        self.refresh()

    def _forget(self) -> None:
        self._wrapped.clear()
        self._strips.clear()
        self._viewport = None

    # -- measuring --------------------------------------------------------------------------------
    @property
    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - 2, 0)  # rows have one cell of padding each side

    @property
    def _view_height(self) -> int:
        return self.scrollable_content_region.height

    @property
    def top(self) -> int:
        return max(0, min(round(self.scroll_y), max(self.row_count - 1, 0)))

    def row_lines(self, index: int) -> list[Content]:
        """The row wrapped to the current width (cached)."""
        width = self._text_width
        if width != self._wrap_width:
            self._wrap_width = width
            self._forget()
        lines = self._wrapped.get(index)
        if lines is None:
            if len(self._wrapped) >= CACHE_ROWS:
                self._wrapped.clear()
            lines = self._wrapped[index] = self.split_row(index, width)
        return lines

    def split_row(self, index: int, width: int) -> list[Content]:
        """The screen lines of row `index` at `width` (0: not laid out yet): wrapped, continuation
        lines indented by `row_indent`."""
        lines: list[Content] = []
        indent = self.row_indent(index)
        for line in self.row_content(index).split("\n", allow_blank=True):
            lines += wrap_line(line, width, indent)[0] if width else [line]
        return lines

    def _top_for_bottom(self, index: int) -> int:
        """The first row to show so that row `index` is the last one and ends on screen."""
        room = self._view_height
        top = index
        used = self.row_height(index)
        while top > 0 and used + self.row_height(top - 1) <= room:
            top -= 1
            used += self.row_height(top)
        return top

    def _update_virtual_size(self) -> None:
        """Scrolling is by rows: the furthest scroll puts the last rows at the bottom of the view."""
        if not self.row_count or self._view_height <= 0:
            size = Size(0, 0)
        else:
            size = Size(self._text_width, self._top_for_bottom(self.row_count - 1) + self._view_height)
        if size != self.virtual_size:
            self.virtual_size = size

    def _layout(self) -> list[tuple[int, int]]:
        if self._viewport is None:
            layout: list[tuple[int, int]] = []
            row, height = self.top, self._view_height
            while row < self.row_count and len(layout) < height:
                layout += [(row, line) for line in range(len(self.row_lines(row)))]
                row += 1
            self._viewport = layout[:height]
        return self._viewport

    # -- moving -----------------------------------------------------------------------------------
    def next_enabled(self, start: int, step: int, include: bool = False) -> int | None:
        """The first enabled row from `start` (itself too when `include`) in direction `step`."""
        index = start if include else start + step
        while 0 <= index < self.row_count:
            if self.row_enabled(index):
                return index
            index += step
        return None

    def move_to(self, index: int | None) -> None:
        """Put the cursor on row `index` (None: no change), scroll it into view, say so."""
        if index is None or not 0 <= index < self.row_count:
            return
        previous, self.highlighted = self.highlighted, index
        self.post_message(self.Highlighted(self, index))  # first: what it shows is painted in the same frame
        self.refresh_rows([index] if previous is None else [index, previous])
        self.scroll_to_row(index)

    def scroll_to_row(self, index: int) -> None:
        if self._view_height <= 0:
            return
        top = self.top
        if index < top:
            top = index
        else:
            used = 0
            for row in range(top, index + 1):  # stops after a screenful, however far `index` is
                used += self.row_height(row)
                if used > self._view_height:
                    top = self._top_for_bottom(index)
                    break
        if top != self.top:  # at once: the next key of a burst sees where the list is
            self.scroll_to(y=top, animate=False, force=True, immediate=True)

    def _page_rows(self, start: int, step: int) -> int:
        """The row one screenful away from `start`."""
        used, index = 0, start
        while 0 <= index + step < self.row_count:
            used += self.row_height(index + step)
            if used > self._view_height:
                break
            index += step
        return index

    def action_cursor_down(self) -> None:
        if self.highlighted is None:
            self.move_to(self.next_enabled(0, 1, include=True))
        else:
            self.move_to(self.next_enabled(self.highlighted, 1))

    def action_cursor_up(self) -> None:
        if self.highlighted is not None:
            self.move_to(self.next_enabled(self.highlighted, -1))

    def action_first(self) -> None:
        self.move_to(self.next_enabled(0, 1, include=True))

    def action_last(self) -> None:
        self.move_to(self.next_enabled(self.row_count - 1, -1, include=True))

    def action_page_down(self) -> None:
        start = self.highlighted if self.highlighted is not None else 0
        target = self._page_rows(start, 1)
        self.move_to(self.next_enabled(target, 1, include=True) or self.next_enabled(target, -1))

    def action_page_up(self) -> None:
        start = self.highlighted if self.highlighted is not None else 0
        target = self._page_rows(start, -1)
        self.move_to(self.next_enabled(target, -1, include=True) or self.next_enabled(target, 1))

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if isinstance(row, int) and self.row_enabled(row):
            self.move_to(row)
            self.action_select()

    # -- drawing ----------------------------------------------------------------------------------
    def _variant(self, index: int) -> str:
        if index == self.highlighted:
            return "focus" if self.has_focus else "blur"
        return "row" if self.row_enabled(index) else "disabled"

    def _row_strips(self, index: int) -> list[Strip]:
        variant = self._variant(index)
        strips = self._strips.get((index, variant))
        if strips is None:
            if len(self._strips) >= CACHE_ROWS:
                self._strips.clear()
            extra = {"focus": ["virtual-list--highlighted"], "blur": ["virtual-list--highlighted"]}
            classes = ["virtual-list--row", *extra.get(variant, [])]
            if variant == "disabled":
                classes.append("virtual-list--disabled")
            style = self.get_visual_style(*classes)
            rich_style = style.rich_style
            width = self.scrollable_content_region.width
            pad = Segment(" ", rich_style)
            strips = []
            for line in self.row_lines(index):
                segments = line.render_segments(style)
                if variant in extra:  # the cursor's colours, over any role's: readable in every theme
                    segments = list(Segment.apply_style(Segment.remove_color(segments), rich_style))
                strip = Strip([pad, *segments]).extend_cell_length(width, rich_style).crop(0, width)
                strips.append(strip.apply_meta({"row": index}))
            self._strips[(index, variant)] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        layout = self._layout()
        width = self.scrollable_content_region.width
        if y >= len(layout):
            return Strip.blank(width, self.rich_style)
        row, line = layout[y]
        strips = self._row_strips(row)
        return strips[line] if line < len(strips) else Strip.blank(width, self.rich_style)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._viewport = None
        super().watch_scroll_y(old_value, new_value)

    def on_resize(self) -> None:
        self._forget()
        self._update_virtual_size()
        if self.highlighted is not None:
            self.scroll_to_row(self.highlighted)

    def on_focus(self) -> None:
        self.refresh_rows([] if self.highlighted is None else [self.highlighted])

    def on_blur(self) -> None:
        self.on_focus()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()  # a new theme: rows carry their colours
