"""The Detail pane: an item's title, issue, date, Markdown body and numbered links.

Search hits are highlighted from spans the search core computes on the rendered text; `n`/`N`
move between them and scroll the hit into view. Links are clickable through an index.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from reader.core.model import Issue, Item
from reader.ui.commands import bindings_for
from reader.ui.markdown_render import ContentBuilder, MarkdownRenderer

SpanFinder = Callable[[str, str], list[tuple[int, int]]]


def line_of_offset(text: str, offset: int, width: int) -> int:
    """The wrapped line (0-based) that holds character `offset` of `text` at `width` cells."""
    try:
        from rich._wrap import divide_line
    except ImportError:  # pragma: no cover - rich moved it; fall back to unwrapped lines
        return text.count("\n", 0, offset)
    line_number = 0
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        breaks = divide_line(line, max(width, 1), fold=True) if line else []
        if offset <= end:
            return line_number + sum(1 for cut in breaks if cut <= offset - start)
        line_number += len(breaks) + 1
        start = end + 1
    return line_number


class DetailBody(Static):
    """The rendered document; clicking a link asks the pane to open it."""

    COMPONENT_CLASSES = {
        "detail--title", "detail--meta", "detail--heading", "detail--strong", "detail--emphasis",
        "detail--strike", "detail--code", "detail--code-block", "detail--link", "detail--quote",
        "detail--bullet", "detail--rule", "detail--table-head", "detail--links-heading",
        "detail--link-number", "detail--link-text", "detail--match", "detail--match-current",
    }

    class LinkClicked(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.urls: list[str] = []

    def style_for(self, role: str):
        return self.get_visual_style(f"detail--{role}", partial=True)

    def action_open_url_index(self, index: int) -> None:
        if 0 <= index < len(self.urls):
            self.post_message(self.LinkClicked(self.urls[index]))


class DetailPane(VerticalScroll):
    """Scrollable, focusable holder of the DetailBody; knows the shown item and its search hits."""

    BINDINGS = bindings_for("list")

    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.issue: Issue | None = None
        self.item: Item | None = None
        self.query: str | None = None
        self.document: Content = Content("")
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1

    def compose(self):
        yield DetailBody(id="detail-body")

    @property
    def body(self) -> DetailBody:
        return self.query_one(DetailBody)

    def show_message(self, text: str) -> None:
        self.issue = self.item = None
        self.matches, self.current_match = [], -1
        self.body.urls = []
        self.document = Content(text)
        self.body.update(self.document)

    def show(self, issue: Issue, item: Item, query: str | None = None, finder: SpanFinder | None = None) -> None:
        """Render `item`; with a query, highlight its hits and scroll to the first."""
        self.issue, self.item, self.query = issue, item, query
        body = self.body
        out = ContentBuilder()
        out.add(item.title, body.style_for("title"))
        meta = " · ".join(filter(None, [issue.title, item.section, item.author, issue.date]))
        out.add("\n" + meta, body.style_for("meta"))
        out.add("\n\n")
        if item.body.strip():
            _, urls = MarkdownRenderer(body.style_for).render(item.body, out)
        else:
            out.add("(no text)", body.style_for("meta"))
            urls = []
        if item.links:
            out.add("\n\n")
            out.add("Links", body.style_for("links-heading"))
            for number, link in enumerate(item.links, 1):
                urls.append(link.url)
                click = body.style_for("link") + _click(len(urls) - 1)
                out.add(f"\n{number:>2}. ", body.style_for("link-number"))
                out.add(link.url, click)
                if link.text and link.text != link.url:
                    out.add("  " + link.text, body.style_for("link-text"))
        body.urls = urls
        self.document = out.build()
        self.matches = finder(self.document.plain, query) if (query and finder) else []
        self.current_match = 0 if self.matches else -1
        self._paint()
        self.scroll_home(animate=False)
        if self.matches:
            self.call_after_refresh(self._scroll_to_current)

    def refresh_styles(self, finder: SpanFinder | None = None) -> None:
        """Re-render with the current theme's styles (keeps the scroll position)."""
        if self.issue is not None and self.item is not None:
            y = self.scroll_y
            current = self.current_match
            self.show(self.issue, self.item, self.query, finder)
            self.current_match = current if current < len(self.matches) else self.current_match
            self._paint()
            self.call_after_refresh(self.scroll_to, y=y, animate=False)

    def _paint(self) -> None:
        document = self.document
        if self.matches:
            body = self.body
            normal, current = body.style_for("match"), body.style_for("match-current")
            for index, (start, end) in enumerate(self.matches):
                document = document.stylize(current if index == self.current_match else normal, start, end)
        self.body.update(document)

    def move_match(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) hit, wrapping around; False when there is none."""
        if not self.matches:
            return False
        self.current_match = (self.current_match + step) % len(self.matches)
        self._paint()
        self._scroll_to_current()
        return True

    def _scroll_to_current(self) -> None:
        if not self.matches:
            return
        width = self.body.content_region.width or self.scrollable_content_region.width
        line = line_of_offset(self.document.plain, self.matches[self.current_match][0], width)
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(0, line - height // 3), animate=False)


def _click(index: int):
    from textual.style import Style

    return Style.from_meta({"@click": f"open_url_index({index})"})
