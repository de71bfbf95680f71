"""Unions of a prefix's expansions (a dozen terms) that are cheap to intersect and to scan.

Whoosh's Or builds a binary tree of union matchers: every `skip_to` and `next` recurses through
it, several Python calls per level and document. For as-you-type queries two flat forms are
faster:

- PreloadedUnion reads and scores every posting once into a flat list: for a union scanned
  whole (the title-only variant, whose postings are short).
- LazyUnion reads the terms' document numbers block by block, merges them with set operations
  and scores a document only when it is asked to: for a union inside an And, where only the
  documents the other words also match are scored ('fine tu' at 10k items: 27 -> 9 ms).

Both skip with a binary search. Neither subclasses Or, so normalizing an enclosing Or does not
dissolve them.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from typing import Any

from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher, ReadTooFar
from whoosh.query.compound import CompoundQuery

from reader.core.search.read.bounds import CURRENT

CHECK_POSTINGS = 2048  # postings read between looks at the search's deadline


class _Union(CompoundQuery):
    JOINT = " OR "

    def estimate_size(self, ixreader) -> int:
        return min(ixreader.doc_count_all(), sum(q.estimate_size(ixreader) for q in self.subqueries))


class _SortedIds(Matcher):
    """A matcher over a sorted list of document numbers; `skip_to` is a binary search."""

    def __init__(self, ids, i: int = 0) -> None:
        self.ids, self.at = ids, i

    def is_active(self) -> bool:
        return self.at < len(self.ids)

    def id(self) -> int:
        return self.ids[self.at]

    def next(self) -> None:
        if self.at >= len(self.ids):
            raise ReadTooFar
        self.at += 1

    def skip_to(self, id):
        if not self.is_active():
            raise ReadTooFar
        if id > self.ids[self.at]:
            self.at = bisect_left(self.ids, id, self.at)

    def all_ids(self):
        return iter(self.ids[self.at :])

    def reset(self) -> None:
        self.at = 0

    def replace(self, minquality=0):
        return self if self.is_active() else NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def value(self):
        return ""

    def supports(self, astype: str) -> bool:
        return False


class ScoredList(_SortedIds):
    """Documents with their scores, computed up front."""

    def __init__(self, ids, scores, i: int = 0) -> None:
        super().__init__(ids, i)
        self.scores = scores

    def copy(self) -> ScoredList:
        return ScoredList(self.ids, self.scores, self.at)

    def weight(self) -> float:
        return self.scores[self.at]

    def score(self) -> float:
        return self.scores[self.at]


class PreloadedUnion(_Union):
    """An Or of terms whose matches are read and scored in one pass into a flat list (checking
    the current search's deadline while it reads)."""

    def _matcher(self, subs, searcher, context):
        scored = context is None or context.weighting is not None
        scores: dict[int, float] = defaultdict(float)
        budget = CURRENT.get()
        for sub in subs:
            if budget is not None:
                budget.check()
            matcher = sub.matcher(searcher, context)
            count = 0
            while matcher.is_active():
                scores[matcher.id()] += matcher.score() if scored else 1.0
                matcher.next()
                count += 1
                if budget is not None and count % CHECK_POSTINGS == 0:
                    budget.check()
        ids = sorted(scores)
        return ScoredList(ids, [scores[docnum] * self.boost for docnum in ids])


class _Posting:
    """What a scorer reads of a matcher, for one document of one term."""

    __slots__ = ("_weight", "docnum")

    def __init__(self, docnum: int, weight: float) -> None:
        self.docnum, self._weight = docnum, weight

    def id(self) -> int:
        return self.docnum

    def weight(self) -> float:
        return self._weight


class LazyUnionMatcher(_SortedIds):
    """Matches the union of some terms' documents; scores a document when asked (exactly as the
    terms' own scorers would, summed)."""

    def __init__(self, ids, terms: list[tuple[array, array, Any]], boost: float, i: int = 0):
        super().__init__(ids, i)
        self.terms, self.boost = terms, boost

    def copy(self) -> LazyUnionMatcher:
        return LazyUnionMatcher(self.ids, self.terms, self.boost, self.at)

    def weight(self) -> float:
        docnum = self.id()
        return sum(
            weights[at]
            for ids, weights, _ in self.terms
            if (at := bisect_left(ids, docnum)) < len(ids) and ids[at] == docnum
        )

    def score(self) -> float:
        docnum = self.id()
        total = 0.0
        for ids, weights, scorer in self.terms:
            at = bisect_left(ids, docnum)
            if at < len(ids) and ids[at] == docnum:
                total += scorer.score(_Posting(docnum, weights[at])) if scorer is not None else weights[at]
        return total * self.boost


def read_postings(matcher) -> tuple[array, array]:
    """All (document numbers, weights) of a term matcher (deleted documents are already left
    out by Whoosh's filter around it). Reading W3's blocks directly instead gained nothing
    measurable (docs/PERFORMANCE.md)."""
    ids, weights = array("l"), array("f")
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _scorer(sub, searcher, context):
    """The scorer Whoosh's Term gives its matcher (Searcher.postings), or None when unscored."""
    weighting = searcher.weighting if context is None else context.weighting
    if weighting is None:
        return None
    text = searcher.schema[sub.fieldname].to_bytes(sub.text)
    return weighting.scorer(searcher, sub.fieldname, text)


class LazyUnion(_Union):
    """An Or of terms for the inside of an And: documents merged up front, scored on demand."""

    def _matcher(self, subs, searcher, context):
        terms = []
        for sub in subs:
            matcher = sub.matcher(searcher, context)
            if matcher.is_active():
                ids, weights = read_postings(matcher)
                terms.append((ids, weights, _scorer(sub, searcher, context)))
        if not terms:
            return NullMatcher()
        merged = sorted(set().union(*(ids for ids, _, _ in terms)))
        return LazyUnionMatcher(merged, terms, self.boost)


class _Allowed(_SortedIds):
    """Matches the allowed documents; adds nothing to a score."""

    def copy(self) -> _Allowed:
        return _Allowed(self.ids, self.at)

    def weight(self) -> float:
        return 0.0

    def score(self) -> float:
        return 0.0

    def max_quality(self) -> float:
        return 0.0


class DocSet(wq.Query):
    """The documents filters allow, as a query to join with And: the intersection then skips
    through the other matchers' postings instead of scoring every match and dropping most.
    `per_leaf` maps each segment reader (by identity) to its allowed local document numbers,
    sorted."""

    def __init__(self, per_leaf: dict[int, array], size: int) -> None:
        self.per_leaf, self.size = per_leaf, size
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"DocSet({self.size})"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader) -> int:
        return self.size

    def matcher(self, searcher, context=None):
        ids = self.per_leaf.get(id(searcher.reader()))
        return _Allowed(ids) if ids else NullMatcher()
