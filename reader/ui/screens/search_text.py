"""The search screen's text in and out: the query box (pasted lines joined), the query run while
typing, and the status line: how many results (or none, with the did-you-mean), for which query,
in which order and how to change it (queries quoted cut short, so it stays one line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.widgets import Input

from reader.ui.commands import keys_for
from reader.ui.state import plural

if TYPE_CHECKING:
    from reader.core.search.results import SearchResults

SORTS = ("relevance", "newest", "oldest")
SORT_NAMES = {"relevance": "best match first", "newest": "newest first", "oldest": "oldest first"}
QUOTED = 40  # characters of a query quoted in the status line


def quoted(query: str) -> str:
    """“query”, cut to QUOTED characters: the status line stays one line whatever was typed."""
    query = " ".join(query.split())
    return f"“{query if len(query) <= QUOTED else query[: QUOTED - 1] + '…'}”"


def count_results(results: SearchResults) -> str:
    """'1 result', '1,200 results', or 'about 1,200 results' when the total is an estimate."""
    text = plural(results.total, "result")
    return f"about {text}" if results.total_is_estimate else text


class SearchInput(Input):
    """The query box: pasted lines are joined with spaces (Input keeps only the first line)."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own paste handler would keep the first line only
        event.stop()
        text = " ".join(event.text.split())
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


def typed_so_far(query: str) -> str:
    """The query to run while typing: a lone last letter after other words is left out.

    'attention m' would match every word starting with m (slow, and not yet what is meant);
    'attention' is searched until the next word has two letters.
    """
    words = query.split()
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isalnum():
        return " ".join(words[:-1])
    return query


def summary(results: SearchResults, query: str, suggestion: str | None, sort: str, indexing: str) -> Content:
    """The line for `results` of `query` (as typed); `indexing`: how far a first build is."""
    problems = Content("".join(f"⚠ {problem.rstrip('.')}. " for problem in results.problems))
    if not results.hits:
        text = problems + Content(f"No results for {quoted(query)}.")
        if suggestion:
            key = keys_for("accept_suggestion", "search")
            text += Content(f" Did you mean {quoted(suggestion)}? Press {key} to search for it.")
        return text
    text = problems + Content(count_results(results))
    if results.corrected_from:
        text += Content(f" for {quoted(results.query)} (nothing for {quoted(results.corrected_from)})")
    if results.partial:  # a first build under way: what is indexed so far
        text += Content(f" · partial: {indexing}")
    after = SORTS[(SORTS.index(sort) + 1) % len(SORTS)]
    key = keys_for("cycle_sort", "search")
    return text + Content(f" · {SORT_NAMES[sort]} · {key}: {SORT_NAMES[after]}")
