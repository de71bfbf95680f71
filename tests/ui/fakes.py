"""A stand-in search index with the core's API, for driving the UI's timing paths deterministically.

It implements `reader.ui.state.SearchBackend`, as the real index does (test_state.py checks both).
The real index is exercised too (test_search.py::test_real_index_*); this one lets a test hold a
search or an index build open to check what the UI does meanwhile.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from reader.core.library import Library
from reader.core.search.context import FilterContext
from reader.core.search.results import Hit, RelatedItems, SearchResults, UpdateReport


def word_spans(text: str, query: str, prefix_last: bool = False) -> list[tuple[int, int]]:
    words = query.lower().split()
    spans = []
    for index, word in enumerate(words):
        tail = r"\w*" if prefix_last and index == len(words) - 1 else r"s?\b"
        spans += [m.span() for m in re.finditer(r"\b" + re.escape(word) + tail, text, re.IGNORECASE)]
    return sorted(spans)


class FakeIndex:
    def __init__(self) -> None:
        self.error: str | None = None
        self.library: Library | None = None
        self.warmed = False
        self.total_is_estimate = False  # results say their total is an estimate
        self.hold_update: threading.Event | None = None
        self.hold: dict[str, threading.Event] = {}  # query -> released when set
        self.searched: list[str] = []
        self.suggestions = {"transfromers": "transformers"}

    def exists(self) -> bool:
        return self.library is not None

    def warm(self) -> None:
        self.warmed = True

    def update(
        self, library: Library, progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> UpdateReport:
        total = len(library.issues)
        for done in range(1, total + 1):
            if progress:
                progress(done, total)
            if self.hold_update is not None and done == 1:
                self.hold_update.wait(10)
        self.library = library
        return UpdateReport(added=library.item_count)

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        offset: int = 0,
        sort: str = "relevance",
        context: FilterContext | None = None,
        as_you_type: bool = False,
        build: int | None = None,
    ) -> SearchResults:
        assert self.library is not None, "searched before the index was built"
        self.searched.append(query)
        if query in self.hold:
            self.hold[query].wait(10)
        hits = []
        texts = [(issue, item, f"{item.title} {item.body}") for issue, item in self.library.items()]
        # An issue's intro and sign-off are searched too: such a hit has no item (item_id None).
        texts += [(issue, None, f"{issue.preamble} {issue.footer}") for issue in self.library.issues]
        for issue, item, text in texts:
            spans = word_spans(text, query, as_you_type)
            if len({text[a:b].lower().rstrip("s") for a, b in spans}) >= len(query.split()):
                start = max(0, spans[0][0] - 20)
                snippet = text[start : start + 80]
                hits.append(
                    Hit(
                        item.id if item else None,  # type: ignore[arg-type]  # the search engineer's contract
                        issue.id,
                        item.title if item else issue.title,
                        issue.title,
                        1.0,
                        snippet,
                        [(a - start, min(b, start + 80) - start) for a, b in spans if a < start + 80],
                    )
                )
        suggestion = self.suggestions.get(query.strip()) if not hits else None
        return SearchResults(
            query,
            len(hits),
            suggestion,
            hits[offset : offset + (limit if build is None else min(limit, build))],
            total_is_estimate=self.total_is_estimate,
            offset=offset,
            sort=sort,
        )

    def count(self, query: str, context: FilterContext | None = None, *, unread: bool = False) -> int:
        return self.search(query, 10**6).total

    def related(self, item_id: str, limit: int = 10) -> RelatedItems:
        return RelatedItems(item_id, [], known=False)

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        return word_spans(text, query)
