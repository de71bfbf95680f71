"""The Detail pane: an item's title, issue, date, Markdown body and numbered links.

A line-API ScrollView: the document is one Content, wrapped to the pane's width once, and only the
visible lines are rendered; a new item therefore repaints this pane alone (a Static in a scroll
container made Textual lay out the whole screen on every move). Search hits are highlighted from
spans the search core computes on the rendered text; `n`/`N` move between them. Links are
clickable through an `@click` action carrying only an index.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from reader.core.model import Issue, Item
from reader.ui.commands import bindings_for
from reader.ui.markdown_render import ContentBuilder, MarkdownRenderer

SpanFinder = Callable[[str, str], list[tuple[int, int]]]


_HANG = re.compile(r"^((?:▌ )*[ \t]*(?:•  |\d+\. )?)")


def wrap_document(document: Content, width: int) -> tuple[list[Content], list[int]]:
    """Wrap to `width` cells; list items, links, quotes and indented lines keep a hanging indent.

    The text after a marker ("12. ", "•  ", "▌ ", leading spaces) is wrapped as a column of its own,
    so a word too long for a line (a URL) is folded right after its marker rather than moved below
    it, and every continuation line starts under the text, not under the marker.
    Returns the lines and, for each, the offset in `document` where it starts (for jumping to hits).
    """
    from rich._wrap import divide_line  # the word wrapping Content itself uses

    lines: list[Content] = []
    starts: list[int] = []
    offset = 0
    for line in document.split("\n", allow_blank=True):
        text = line.plain
        hang = len(_HANG.match(text).group(1))
        hang = hang if hang <= width // 2 else 0
        cuts = [hang + cut for cut in divide_line(text[hang:], width - hang, fold=True)] if text else []
        pad = Content(" " * hang)
        for number, (begin, end) in enumerate(zip([0, *cuts], [*cuts, len(text)])):
            piece = line[begin:end].rstrip()
            lines.append(pad + piece if number and hang else piece)
            starts.append(offset + begin)
        offset += len(text) + 1
    return lines, starts


class DetailPane(ScrollView, can_focus=True):
    """Shows one item (or a message); knows its links and search hits."""

    BINDINGS = bindings_for("list")
    COMPONENT_CLASSES = {
        "detail--title",
        "detail--meta",
        "detail--heading",
        "detail--strong",
        "detail--emphasis",
        "detail--strike",
        "detail--code",
        "detail--code-block",
        "detail--link",
        "detail--quote",
        "detail--bullet",
        "detail--rule",
        "detail--table-head",
        "detail--links-heading",
        "detail--link-number",
        "detail--link-text",
        "detail--match",
        "detail--match-current",
    }

    class LinkClicked(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.issue: Issue | None = None
        self.item: Item | None = None
        self.query: str | None = None
        self.document: Content = Content("")
        self.painted: Content = self.document
        self.urls: list[str] = []
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1
        self._lines: list[Content] | None = None
        self._starts: list[int] = []
        self._strips: dict[int, Strip] = {}
        self._wrapped_width = 0

    def style_for(self, role: str) -> Style:
        return self.get_visual_style(f"detail--{role}", partial=True)

    # -- content ----------------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.issue = self.item = None
        self.matches, self.current_match, self.urls = [], -1, []
        self.document = Content(text)
        self._paint()
        self.scroll_to(y=0, animate=False)

    def show(
        self, issue: Issue, item: Item, query: str | None = None, finder: SpanFinder | None = None
    ) -> None:
        """Render `item`; with a query, highlight its hits and scroll to the first."""
        self.issue, self.item, self.query = issue, item, query
        self.document, self.urls = self.render_item(issue, item)
        self.matches = finder(self.document.plain, query) if (query and finder) else []
        self.current_match = 0 if self.matches else -1
        self._paint()
        self.scroll_to(y=0, animate=False)
        if self.matches:
            self._scroll_to_current()

    def render_item(self, issue: Issue, item: Item) -> tuple[Content, list[str]]:
        style = self.style_for
        out = ContentBuilder()
        out.add(item.title, style("title"))
        meta = " · ".join(filter(None, [issue.title, item.section, item.author, issue.date]))
        out.add("\n" + meta, style("meta"))
        out.add("\n\n")
        urls: list[str] = []
        if item.body.strip():
            _, urls = MarkdownRenderer(style).render(item.body, out)
        else:
            out.add("(no text)", style("meta"))
        if item.links:
            out.add("\n\n")
            out.add("Links", style("links-heading"))
            for number, link in enumerate(item.links, 1):
                urls.append(link.url)
                out.add(f"\n{number:>2}. ", style("link-number"))
                out.add(
                    link.url, style("link") + Style.from_meta({"@click": f"open_url_index({len(urls) - 1})"})
                )
                if link.text and link.text != link.url:
                    out.add("  " + link.text, style("link-text"))
        return out.build(), urls

    def refresh_styles(self, finder: SpanFinder | None = None) -> None:
        """Re-render with the current theme's styles, keeping the position and the current hit."""
        if self.issue is None or self.item is None:
            return
        y, current = self.scroll_y, self.current_match
        self.document, self.urls = self.render_item(self.issue, self.item)
        if self.query and finder:
            self.matches = finder(self.document.plain, self.query)
        self.current_match = current if current < len(self.matches) else (0 if self.matches else -1)
        self._paint()
        self.scroll_to(y=y, animate=False)

    def _paint(self) -> None:
        painted = self.document
        if self.matches:
            normal, current = self.style_for("match"), self.style_for("match-current")
            for index, (start, end) in enumerate(self.matches):
                painted = painted.stylize(current if index == self.current_match else normal, start, end)
        self.painted = painted
        self.border_subtitle = (
            f"hit {self.current_match + 1} of {len(self.matches)} · n / N" if self.matches else None
        )
        self._lines = None
        self._strips.clear()
        self._layout_lines()
        self.refresh()

    # -- search hits ------------------------------------------------------------------------------
    def move_match(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) hit, wrapping around; False when there is none."""
        if not self.matches:
            return False
        self.current_match = (self.current_match + step) % len(self.matches)
        self._paint()
        self._scroll_to_current()
        return True

    def _scroll_to_current(self) -> None:
        width = self.scrollable_content_region.width
        if not self.matches or width <= 0:
            return
        self._layout_lines()
        line = max(0, bisect_right(self._starts, self.matches[self.current_match][0]) - 1)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= line < self.scroll_y + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, force=True)

    # -- line API ---------------------------------------------------------------------------------
    def _layout_lines(self) -> list[Content]:
        width = self.scrollable_content_region.width
        if self._lines is None or width != self._wrapped_width:
            self._wrapped_width = width
            self._lines, self._starts = wrap_document(self.painted, width) if width > 0 else ([], [])
            self._strips.clear()
            self._set_virtual_size(Size(width, len(self._lines)))
        return self._lines

    def _set_virtual_size(self, size: Size) -> None:
        """Like assigning virtual_size, without laying out the whole screen again.

        The reactive would re-arrange every widget on each new item; only a scrollbar that comes or
        goes needs that, and the CSS keeps the scrollbar shown (overflow-y: scroll) so none ever does.
        """
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
        lines = self._layout_lines()
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            segments = lines[index].render_segments(self.visual_style)
            strip = Strip(segments).extend_cell_length(width, base)
            self._strips[index] = strip
        return strip.crop(0, width)

    # -- actions ----------------------------------------------------------------------------------
    def action_open_url_index(self, index: int) -> None:
        if 0 <= index < len(self.urls):
            self.post_message(self.LinkClicked(self.urls[index]))

    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)
