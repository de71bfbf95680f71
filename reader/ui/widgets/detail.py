"""The Detail pane: an item (title, where it is from, Markdown body, numbered links) or the issue view.

A line-API ScrollView: the document is one Content, wrapped to the pane's width once, and only the
visible lines are rendered. A long document (a huge body, 100,000 links) is built and wrapped in a
worker while the pane says so, so no key waits for it. Search hits are spans the search core
computes on the rendered text; they are painted on the visible lines only, so `n`/`N` cost nothing
whatever the length. Links are clickable through an `@click` action carrying only an index.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from textual import events, work
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from reader.core.model import Issue, Item
from reader.ui.commands import bindings_for, keys_for
from reader.ui.documents import (
    BIG_DOCUMENT,
    ROLES,
    Document,
    SpanFinder,
    build,
    find,
    message_document,
    render_cost,
)
from reader.ui.pacing import Superseded, checkpoint_for_this_worker
from reader.ui.roles import role_style
from reader.ui.widgets.scroll_keys import ScrollKeys
from reader.ui.wrapping import Layout, SpanIndex, chars_in_cells, layout_text, line_content

MAX_STRIPS = 4000  # rendered lines kept


@dataclass
class Rendered(Message, bubble=False):
    """A document built (and laid out) in a worker, for request `generation`."""

    generation: int
    document: Document
    spans: SpanIndex
    matches: list[tuple[int, int]]
    layout: Layout | None
    width: int
    keep: tuple[float, int] | None
    in_place: bool = False  # replaces the same document shown meanwhile: keep the place it is at now


@dataclass
class Wrapped(Message, bubble=False):
    """`text` (the document shown when it was asked for) wrapped to `width`."""

    text: str
    layout: Layout
    width: int


class DetailPane(ScrollKeys, ScrollView, can_focus=True):
    """Shows one item, an issue view or a message; knows its links and search hits."""

    BINDINGS = bindings_for("list", "detail")
    COMPONENT_CLASSES = {f"detail--{role}" for role in ROLES}

    class LinkClicked(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    class ReachedEnd(Message):
        """Space at the end of the text: the screen opens the next unread item."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.issue: Issue | None = None
        self.item: Item | None = None  # None in the issue view
        self.search_query: str | None = None
        self.finder: SpanFinder | None = None
        self.document: Content = Content("")
        self._spans = SpanIndex([])
        self._links: list[tuple[int, int, int]] = []  # the Links list: (start, end, url index)
        self._link_starts: list[int] = []
        self.urls: list[str] = []
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1
        self.rendering = False  # a worker is building the document
        self.generation = 0
        self._layout: Layout | None = None
        self._layout_width = -1
        self._strips: dict[int, Strip] = {}
        self._wanted_line: int | None = None  # where to scroll once the layout is known
        # For each link shown, how many other issues link there too (None: not known yet).
        self.also_in: Callable[[Issue, Item | None], Sequence[int] | None] | None = None
        self._keep_pending: tuple[float, int] | None = None  # the place asked of the worker's build

    @property
    def showing_issue(self) -> bool:
        """The issue view is shown (no item)."""
        return self.issue is not None and self.item is None

    def style_for(self, role: str) -> Style:
        return role_style(self, f"detail--{role}")

    # -- content ----------------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.issue = self.item = None
        self.search_query = None
        self.generation += 1
        self.rendering = False
        self._install(message_document(text), SpanIndex([]), [])

    def show(
        self,
        issue: Issue,
        item: Item | None,
        query: str | None = None,
        finder: SpanFinder | None = None,
        line: int = 0,
    ) -> None:
        """Show `item` (None: the issue view) from screen line `line`; with a query, highlight its
        hits and go to the first."""
        self.issue, self.item, self.search_query, self.finder = issue, item, query, finder
        self._rebuild(keep=(line, -1) if line else None)

    def refresh_styles(self) -> None:
        """Build the document again with the current theme's styles, keeping the place."""
        if self.issue is not None:
            y, current = self.scroll_y, self.current_match
            self._rebuild(keep=(y, current))

    def counts_known(self, also_in: Callable[[Issue, Item | None], Sequence[int] | None]) -> None:
        """The library's links are indexed: "also in N issues" counts join the document shown, if it
        has any. A long document is counted (and built again) in a worker, never on this thread."""
        self.also_in, issue, item = also_in, self.issue, self.item
        if issue is None:
            return
        if self.rendering:  # the worker started without the counts: start it again with them
            self._rebuild(keep=self._keep_pending)
        elif render_cost(issue, item) >= BIG_DOCUMENT:  # shown until a version with counts is ready
            self._rebuild(keep=(self.scroll_y, self.current_match), quiet=True)
        elif any(also_in(issue, item) or ()):
            self.refresh_styles()

    def _rebuild(self, keep: tuple[float, int] | None = None, quiet: bool = False) -> None:
        """Build the document of the issue or item set; a long one in a worker, the pane saying so
        meanwhile (`quiet`: the document shown stays until the new one is ready, and is kept if the
        new one would show no "also in" counts)."""
        issue, item = self.issue, self.item
        assert issue is not None
        self.generation += 1
        styles = {role: self.style_for(role) for role in ROLES}  # resolved here: workers see no widgets
        if render_cost(issue, item) < BIG_DOCUMENT:
            also = self.also_in(issue, item) if self.also_in is not None else None
            document = build(issue, item, styles, also)
            spans = SpanIndex(document.spans)
            self._install(document, spans, find(document, self.search_query, self.finder), keep)
            return
        if not quiet:
            self.rendering, self._keep_pending = True, keep
            waiting = message_document(f"{issue.title if item is None else item.title}\n\nRendering…")
            self._install(waiting, SpanIndex([]), [])
        request = (self.generation, issue, item, styles, self.search_query, self.finder, self._width, keep)
        self._build_in_worker(*request, self.also_in, quiet)  # counted in the worker: 100k links take long

    @work(thread=True, exclusive=True, group="detail", description="Rendering a long document")
    def _build_in_worker(
        self,
        generation: int,
        issue: Issue,
        item: Item | None,
        styles: dict[str, Style],
        query: str | None,
        finder: SpanFinder | None,
        width: int,
        keep: tuple[float, int] | None,
        also_in: Callable[[Issue, Item | None], Sequence[int] | None] | None = None,
        only_with_counts: bool = False,
    ) -> None:
        from reader.core.gc_pause import gc_paused

        checkpoint = checkpoint_for_this_worker()  # another document asked for meanwhile: stop early
        try:
            with gc_paused(keep=True):  # what is built is freed by reference counts: no collection
                also = also_in(issue, item) if also_in is not None else None
                if only_with_counts and not any(also or ()):
                    return  # the document shown says it all already
                document = build(issue, item, styles, also, checkpoint)
                spans = SpanIndex(document.spans, checkpoint)
                document = replace(document, spans=[])
                matches = find(document, query, finder)
                layout = layout_text(document.text, width, checkpoint) if width > 0 else None
        except Superseded:
            return
        self.post_message(
            Rendered(generation, document, spans, matches, layout, width, keep, only_with_counts)
        )

    def on_rendered(self, message: Rendered) -> None:
        if message.generation != self.generation:
            return  # another item was chosen meanwhile
        self.rendering = False
        layout = message.layout if message.width == self._width else None
        keep = (self.scroll_y, self.current_match) if message.in_place else message.keep
        self._install(message.document, message.spans, message.matches, keep, layout)

    def _install(
        self,
        document: Document,
        spans: SpanIndex,
        matches: list[tuple[int, int]],
        keep: tuple[float, int] | None = None,
        layout: Layout | None = None,
    ) -> None:
        self.document = Content(document.text, strip_control_codes=False)  # its styles are in `spans`
        self.urls, self._links = document.urls, document.links
        self._link_starts = [start for start, _, _ in document.links]
        self._spans = spans
        self.matches = matches
        current = keep[1] if keep else 0
        self.current_match = current if 0 <= current < len(matches) else (0 if matches else -1)
        self._layout = None
        if layout is not None:
            self._use_layout(layout, self._width)
        self._strips.clear()
        self._update_subtitle()
        self._layout_lines()
        self.refresh()
        self._wanted_line = int(keep[0]) if keep else None
        self._scroll_to_line(int(keep[0]) if keep else 0)
        if self.matches and not keep:
            self._scroll_to_current()

    def _scroll_to_line(self, line: int) -> None:
        self.scroll_to(y=line, animate=False, immediate=True)
        if self._layout is not None and self._layout.starts and line < len(self._layout.starts):
            self._wanted_line = None  # reached: a later layout (a resize) keeps the place itself

    def _update_subtitle(self) -> None:
        if self.matches:
            keys = f"{keys_for('next_match')} / {keys_for('previous_match')}"
            self.border_subtitle = f"hit {self.current_match + 1} of {len(self.matches)} · {keys}"
        else:
            self.border_subtitle = None

    # -- search hits ------------------------------------------------------------------------------
    def move_match(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) hit, wrapping around; False when there is none."""
        if not self.matches:
            return False
        self.current_match = (self.current_match + step) % len(self.matches)
        self._strips.clear()
        self._update_subtitle()
        self._scroll_to_current()
        self.refresh()
        return True

    def _scroll_to_current(self) -> None:
        layout = self._layout
        if not self.matches or layout is None:
            return
        line = max(0, bisect_right(layout.starts, self.matches[self.current_match][0]) - 1)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= line < self.scroll_y + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, force=True, immediate=True)

    # -- line API ---------------------------------------------------------------------------------
    @property
    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _layout_lines(self) -> Layout | None:
        """The document wrapped to the pane's width; a long one is wrapped in a worker meanwhile."""
        width = self._width
        if width <= 0:
            return None
        if self._layout is None or width != self._layout_width:
            if len(self.document.plain) >= BIG_DOCUMENT and not self.rendering:
                self._use_layout(self._layout or Layout([], [], []), width)  # until the worker is done
                self._wrap_in_worker(self.document.plain, width)
            else:
                self._use_layout(layout_text(self.document.plain, width), width)
        return self._layout

    def _use_layout(self, layout: Layout, width: int) -> None:
        self._layout, self._layout_width = layout, width
        self._strips.clear()
        self._set_virtual_size(Size(width, len(layout.starts)))
        self.refresh()
        if self._wanted_line is not None:
            self._scroll_to_line(self._wanted_line)

    @work(thread=True, exclusive=True, group="detail-wrap", description="Wrapping a long document")
    def _wrap_in_worker(self, text: str, width: int) -> None:
        try:
            layout = layout_text(text, width, checkpoint_for_this_worker())
        except Superseded:
            return
        self.post_message(Wrapped(text, layout, width))

    def on_wrapped(self, message: Wrapped) -> None:
        if message.text is self.document.plain and message.width == self._width:
            self._use_layout(message.layout, message.width)
            if self.matches:
                self._scroll_to_current()

    def _set_virtual_size(self, size: Size) -> None:
        """Like assigning virtual_size, without laying out the whole screen again (the reactive
        would, on each new item; only a scrollbar that comes or goes needs that, and the CSS keeps it
        shown: overflow-y: scroll)."""
        if size == self.virtual_size:
            return
        had_scrollbar = self.show_vertical_scrollbar
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        self.refresh(layout=self.show_vertical_scrollbar != had_scrollbar)

    def on_resize(self) -> None:
        self._layout_lines()
        if self.matches:
            self._scroll_to_current()

    def render_line(self, y: int) -> Strip:
        layout = self._layout_lines()
        width = self._width
        index = self.scroll_offset.y + y
        if layout is None or index >= len(layout.starts):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            if len(self._strips) >= MAX_STRIPS:
                self._strips.clear()
            line = self._paint_hits(layout, index)
            strip = Strip(line.render_segments(self.visual_style)).extend_cell_length(width, self.rich_style)
            self._strips[index] = strip
        return strip.crop(0, width)

    def _paint_hits(self, layout: Layout, index: int) -> Content:
        """Line `index` with the search hits on it highlighted (the current one stronger)."""
        line = line_content(self.document.plain, self._spans, layout, index)
        if not self.matches:
            return line
        start, end, pad = layout.starts[index], layout.ends[index], layout.pads[index]
        normal, current = self.style_for("match"), self.style_for("match-current")
        first = max(0, bisect_left(self.matches, (start, -1)) - 1)
        for number in range(first, len(self.matches)):
            begin, stop = self.matches[number]
            if begin >= end:
                break
            if stop <= start:
                continue
            left = max(begin, start) - start + pad
            right = min(stop, end) - start + pad
            line = line.stylize(current if number == self.current_match else normal, left, right)
        return line

    # -- clicks -----------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        """A click on a URL of the Links list opens it (links in the text carry their own action)."""
        offset = event.get_content_offset(self)
        layout = self._layout
        if offset is None or layout is None or "@click" in event.style.meta:
            return
        index = self.scroll_offset.y + offset.y
        if not 0 <= index < len(layout.starts) or offset.x < layout.pads[index]:
            return
        start, end = layout.starts[index], layout.ends[index]
        position = start + chars_in_cells(self.document.plain[start:end], offset.x - layout.pads[index])
        number = bisect_right(self._link_starts, position) - 1
        if position < end and number >= 0 and position < self._links[number][1]:
            event.stop()
            self.post_message(self.LinkClicked(self.urls[self._links[number][2]]))

    # -- actions ----------------------------------------------------------------------------------
    def action_open_url_index(self, index: int) -> None:
        if 0 <= index < len(self.urls):
            self.post_message(self.LinkClicked(self.urls[index]))

    def scroll_by_lines(self, lines: float) -> None:
        self._wanted_line = None  # the user scrolls: a layout arriving later leaves the place alone
        super().scroll_by_lines(lines)

    @property
    def at_end(self) -> bool:
        """The end of the text is on screen (nothing is being rendered)."""
        return not self.rendering and self.scroll_y >= self.max_scroll_y

    def action_read_on(self) -> None:
        """Page down; at the end of the text, ask for the next unread item."""
        if self.at_end:
            self.post_message(self.ReachedEnd())
        else:
            self.action_page_down()
