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
from itertools import accumulate

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher, Matcher, NullMatcher, ReadTooFar
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.compound import CompoundQuery


class _Union(CompoundQuery):
    JOINT = " OR "

    def estimate_size(self, ixreader) -> int:
        return min(ixreader.doc_count_all(), sum(q.estimate_size(ixreader) for q in self.subqueries))


class SortedListMatcher(ListMatcher):
    """Whoosh's ListMatcher with a binary-search `skip_to` (its own steps one document at a time)."""

    def skip_to(self, id):
        if not self.is_active():
            raise ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)


class PreloadedUnion(_Union):
    """An Or of terms whose matches are read and scored in one pass into a flat list."""

    def _matcher(self, subs, searcher, context):
        scored = context is None or context.weighting is not None
        scores: dict[int, float] = defaultdict(float)
        for sub in subs:
            matcher = sub.matcher(searcher, context)
            while matcher.is_active():
                scores[matcher.id()] += matcher.score() if scored else 1.0
                matcher.next()
        ids = sorted(scores)
        return SortedListMatcher(ids, [scores[docnum] * self.boost for docnum in ids])


def read_postings(matcher) -> tuple[array, array]:
    """All (document numbers, weights) of a term matcher, a block at a time where Whoosh's W3
    format allows (its own reader decodes and yields every posting in Python). Documents deleted
    from the segment (a FilterMatcher around the term's) are left out."""
    deleted = None
    if isinstance(matcher, FilterMatcher) and matcher._exclude and matcher.boost == 1.0:
        matcher, deleted = matcher.child, matcher._ids
    ids, weights = array("l"), array("f")
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            ids.extend(accumulate(matcher._data[0]))  # delta-coded within the block
            if matcher._weights is None:
                matcher._read_weights()
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    if deleted:
        kept = [at for at, docnum in enumerate(ids) if docnum not in deleted]
        ids, weights = array("l", (ids[at] for at in kept)), array("f", (weights[at] for at in kept))
    return ids, weights


def scorer_of(matcher):
    """The scorer a term matcher scores with (inside a deletion filter too), or None."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return getattr(matcher, "scorer", None) or getattr(matcher, "_scorer", None)


class _Posting:
    """What a scorer reads of a matcher, for one document of one term."""

    __slots__ = ("_weight", "docnum")

    def __init__(self, docnum: int, weight: float) -> None:
        self.docnum, self._weight = docnum, weight

    def id(self) -> int:
        return self.docnum

    def weight(self) -> float:
        return self._weight


class LazyUnionMatcher(Matcher):
    """Matches the union of some terms' documents; scores a document when asked (exactly as the
    terms' own scorers would, summed)."""

    def __init__(self, ids: list[int], terms: list[tuple[array, array, object]], boost: float, i: int = 0):
        self._ids, self._terms, self._boost, self._i = ids, terms, boost, i

    def is_active(self) -> bool:
        return self._i < len(self._ids)

    def id(self) -> int:
        return self._ids[self._i]

    def next(self) -> None:
        if self._i >= len(self._ids):
            raise ReadTooFar
        self._i += 1

    def skip_to(self, id):
        if not self.is_active():
            raise ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def all_ids(self):
        return iter(self._ids[self._i :])

    def copy(self) -> LazyUnionMatcher:
        return LazyUnionMatcher(self._ids, self._terms, self._boost, self._i)

    def reset(self) -> None:
        self._i = 0

    def replace(self, minquality=0):
        return self if self.is_active() else NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def weight(self) -> float:
        docnum = self.id()
        return sum(
            weights[at]
            for ids, weights, _ in self._terms
            if (at := bisect_left(ids, docnum)) < len(ids) and ids[at] == docnum
        )

    def score(self) -> float:
        docnum = self.id()
        total = 0.0
        for ids, weights, scorer in self._terms:
            at = bisect_left(ids, docnum)
            if at < len(ids) and ids[at] == docnum:
                total += scorer.score(_Posting(docnum, weights[at])) if scorer is not None else weights[at]
        return total * self._boost

    def value(self):
        return ""

    def supports(self, astype: str) -> bool:
        return False


class LazyUnion(_Union):
    """An Or of terms for the inside of an And: documents merged up front, scored on demand."""

    def _matcher(self, subs, searcher, context):
        terms = []
        for sub in subs:
            matcher = sub.matcher(searcher, context)
            if matcher.is_active():
                scorer = scorer_of(matcher)
                ids, weights = read_postings(matcher)
                terms.append((ids, weights, scorer))
        if not terms:
            return NullMatcher()
        merged = sorted(set().union(*(ids for ids, _, _ in terms)))
        return LazyUnionMatcher(merged, terms, self.boost)
