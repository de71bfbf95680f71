"""The search results: a virtual list of hits that grows page by page as the cursor or the view nears
its end (`WantMore`), so every match is reachable however many there are. Each row is the hit's
title, where it is from (with its date) and a one-line snippet with the matched words marked;
lines longer than the list is wide end in "…" instead of wrapping. Rows are Content, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.style import Style

from reader.ui.roles import role_style
from reader.ui.text import shown, steady_spans
from reader.ui.widgets.lists import ABOUT_TITLE
from reader.ui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from reader.core.search.results import Hit

PREFETCH_ROWS = 10  # the next page is asked for when the view shows a row this close to the end


class ResultList(VirtualList):
    """Hits in rank order; `more` says whether a page after them may hold more."""

    COMPONENT_CLASSES = {
        "result-list--title",
        "result-list--issue",
        "result-list--snippet",
        "result-list--match",
    }

    @dataclass
    class WantMore(Message):
        """The user reached (or nears) the last loaded hit: load the next page. `step`: move the
        cursor down once it is there (↓ on the last row)."""

        results: ResultList
        step: bool

        @property
        def control(self) -> ResultList:
            return self.results

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.more = False
        self.asked = False  # a WantMore is being answered

    def style(self, role: str) -> Style:
        return role_style(self, f"result-list--{role}")

    # -- rows -------------------------------------------------------------------------------------
    def row_content(self, index: int) -> Content:
        hit = self.hits[index]
        title = shown(hit.title).stylize(self.style("title"))
        issue = shown(_where(hit)).stylize(self.style("issue"))
        text, spans = steady_spans(hit.snippet.replace("\n", " "), hit.snippet_spans)
        snippet = Content(text).stylize(self.style("snippet"))
        for start, end in spans:
            snippet = snippet.stylize(self.style("match"), start, end)
        lines = [title, issue] + ([snippet] if hit.snippet.strip() else [])
        return Content("\n").join(lines)

    def row_height(self, index: int) -> int:
        """The number of lines `split_row` makes, counted in the plain text (as Content.split
        counts them: a last empty line is dropped)."""
        hit = self.hits[index]
        snippet = [hit.snippet.replace("\n", " ")] if hit.snippet.strip() else []
        text = "\n".join([hit.title, _where(hit), *snippet])
        return text.count("\n") + 1 - text.endswith("\n")

    def split_row(self, index: int, width: int) -> list[Content]:
        """Each line of a row cut to the width with "…": a row is always its two or three lines."""
        lines = self.row_content(index).split("\n")
        return [line.truncate(width, ellipsis=True) for line in lines] if width else lines

    def show_hits(self, hits: Sequence[Hit], more: bool) -> None:
        """A new result: the cursor on the first hit."""
        self.hits, self.more, self.asked = list(hits), more, False
        self.reset(len(self.hits), highlight=0 if self.hits else None)
        self._check_end()

    def add_hits(self, hits: Sequence[Hit], more: bool, step: bool) -> None:
        """The next page, after the hits shown; with `step`, the cursor moves on to its first hit."""
        at = self.highlighted
        self.hits.extend(hits)
        self.more, self.asked = more and bool(hits), False
        self.row_count = len(self.hits)
        self._viewport = None
        self._update_virtual_size()
        self.refresh()
        if step and at is not None and at + 1 < self.row_count:
            self.move_to(at + 1)
        self._check_end()

    def clear(self) -> None:
        self.show_hits([], False)

    @property
    def highlighted_hit(self) -> Hit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and index < len(self.hits) else None

    @property
    def option_count(self) -> int:
        """How many hits are loaded (named as OptionList names it)."""
        return self.row_count

    # -- paging -----------------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        if self.highlighted is not None and self.highlighted >= self.row_count - 1:
            self._ask(step=True)  # the last row: the next page, never back to the first
            return
        super().action_cursor_down()

    def move_to(self, index: int | None) -> None:
        super().move_to(index)
        self._check_end()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_end()

    def _check_end(self) -> None:
        """Ask for the next page when the cursor or the view is near the last loaded hit."""
        if not self.more or self.asked or not self.row_count:
            return
        last_seen = max(self.highlighted or 0, self.top + max(self._view_height // 3, 1))
        if last_seen >= self.row_count - PREFETCH_ROWS:
            self._ask(step=False)

    def _ask(self, step: bool) -> None:
        if self.more and (not self.asked or step):
            self.asked = True
            self.post_message(self.WantMore(self, step))


def _where(hit: Hit) -> str:
    """Where a hit is from: its issue (an issue's own page says so), with the date."""
    where = hit.issue_title if hit.item_id is not None else f"{ABOUT_TITLE} · {hit.issue_title}"
    return f"{where} · {hit.date}" if hit.date else where
