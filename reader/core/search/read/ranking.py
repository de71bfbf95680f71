"""The order of a query's matches, computed once and paged through.

By relevance, the top documents are collected, a few pages ahead of the one asked for (one pass
over every match, which also counts them); a later page within them is a slice, one beyond them
collects deeper. As you type, the title matches alone serve every page they reach. By date
(newest or oldest first), every match is listed unscored and sorted by the searcher's date
order. A query of filters alone lists the documents they allow, by date. Rankings are kept per
open searcher (a few, most recent first), so the next page costs only its snippets.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass, field

from reader.core.search.context import FilterContext
from reader.core.search.read.bounds import Budget
from reader.core.search.read.doctable import DocTable, SegmentTables
from reader.core.search.read.filters import Filter
from reader.core.search.read.query import TermMatcher
from reader.core.search.read.restrict import Restriction, cache_key, resolve, restrict
from reader.core.search.read.snippets import Verdicts
from reader.core.search.read.unions import DocSet

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORTS = (RELEVANCE, NEWEST, OLDEST)
PAGES_AHEAD = 5  # pages ranked beyond the one asked for
KEPT = 8  # rankings and filter sets remembered per searcher
KEPT_MATCHES = 32  # queries whose matches are remembered for counts (saved searches)


@dataclass
class Ranking:
    """Documents in order (all of them when `complete`), with their scores (0 by date)."""

    docs: list[int]
    scores: list[float]
    total: int
    estimated: bool = False
    complete: bool = False
    incomplete_search: bool = False  # a bound was reached: other matches may exist
    matcher: TermMatcher = field(default_factory=TermMatcher)
    verdicts: Verdicts | None = None

    def covers(self, end: int) -> bool:
        """Whether the documents up to `end` are known."""
        return self.complete or len(self.docs) >= end or (not self.estimated and len(self.docs) >= self.total)


def by_date(docs: list[int], table: DocTable, newest: bool) -> list[int]:
    rank = table.order(newest)
    return sorted(docs, key=rank.__getitem__)


def dated_ranking(matches: list[int], table: DocTable, newest: bool, budget: Budget) -> Ranking:
    """Every match by date."""
    docs = by_date(matches, table, newest)
    return Ranking(docs, [0.0] * len(docs), len(docs), complete=not budget.incomplete)


def filtered_ranking(table: DocTable, allowed: frozenset[int], newest: bool) -> Ranking:
    """A query of filters alone: what they allow, by date."""
    docs = by_date(list(allowed), table, newest)
    return Ranking(docs, [0.0] * len(docs), len(docs), complete=True)


def depth_for(offset: int, limit: int) -> int:
    """How many documents to rank for a page: a few pages ahead, so that the next ones are slices
    (collecting them costs little more: every match is scored anyway)."""
    return offset + limit * (1 + PAGES_AHEAD)


class SearcherState:
    """What one open searcher keeps between searches: its document table, the documents each
    set of filters allows, and recent rankings."""

    def __init__(self, searcher, segments: SegmentTables) -> None:
        self.searcher = searcher
        self.table = DocTable(searcher.reader(), segments)
        self._allowed: OrderedDict[tuple, frozenset[int] | None] = OrderedDict()
        self._rankings: OrderedDict[tuple, Ranking] = OrderedDict()
        self._matches: OrderedDict[str, array] = OrderedDict()
        self._docsets: OrderedDict[tuple, DocSet] = OrderedDict()
        self.corrections: dict[str, str | None] = {}  # "did you mean" per word (read/suggest.py)

    def warm(self) -> None:
        """Read the document tables now (date order, sources, item ids)."""
        self.table.order(newest=True)
        self.table.of_sources(())
        self.table.of_items(())
        self.table.item_docs()

    def restriction(self, filters: list[Filter], context: FilterContext | None) -> Restriction:
        resolved, problems = resolve(filters, context)
        key = cache_key(resolved)
        if key in self._allowed:
            self._allowed.move_to_end(key)
            allowed = self._allowed[key]
        else:
            allowed = self._allowed[key] = restrict(self.table, resolved)
            _trim(self._allowed)
        return Restriction(allowed, [spec.describe() for spec, _ in resolved], problems, key)

    def docset(self, restriction: Restriction) -> DocSet | None:
        """The allowed documents as a query to join with And (None: no filter)."""
        if restriction.allowed is None:
            return None
        found = self._docsets.get(restriction.key)
        if found is None:
            per_leaf = self.table.per_leaf(restriction.allowed)
            found = self._docsets[restriction.key] = DocSet(per_leaf, len(restriction.allowed))
            _trim(self._docsets)
        return found

    def ranking(self, key: tuple) -> Ranking | None:
        found = self._rankings.get(key)
        if found is not None:
            self._rankings.move_to_end(key)
        return found

    def remember(self, key: tuple, ranking: Ranking) -> None:
        if ranking.incomplete_search:
            return  # another try may find more
        self._rankings[key] = ranking
        _trim(self._rankings)

    def forget_results(self) -> None:
        """Drop the rankings and matches kept (filter sets and document tables stay)."""
        self._rankings.clear()
        self._matches.clear()

    def matches(self, words: str) -> array | None:
        """Every document `words` match, when counted before (see `remember_matches`)."""
        found = self._matches.get(words)
        if found is not None:
            self._matches.move_to_end(words)
        return found

    def remember_matches(self, words: str, docs: list[int], complete: bool) -> array:
        kept = array("l", docs)
        if complete:
            self._matches[words] = kept
            _trim(self._matches, KEPT_MATCHES)
        return kept


def _trim(kept: OrderedDict, size: int = KEPT) -> None:
    while len(kept) > size:
        kept.popitem(last=False)
