"""Bounds on every query, whatever is typed: how many index terms a pattern may stand for, how
many terms one query may look at, how many fuzzy words it may have, and a deadline for the
whole search. A search that reaches one answers with what it found, marked incomplete.

Patterns (`word*`, `*ord`, `w?rd`, `[a TO z]`) become an Or of the MAX_PATTERN_TERMS most frequent
index terms they match, found by walking each segment's term list from the pattern's literal
start; `*` alone (every document) is answered from the document list, not from every term.
"""

from __future__ import annotations

import heapq
import re
import time
from collections import defaultdict
from collections.abc import Callable
from fnmatch import translate

from whoosh import query as wq
from whoosh.collectors import WrappingCollector

MAX_PATTERN_TERMS = 64  # index terms a pattern may stand for (the most frequent)
MAX_SCANNED = 50_000  # index terms one query may look at while expanding its patterns
MAX_FUZZY_WORDS = 8  # fuzzy words per query; more are searched as typed
MAX_FUZZY_LENGTH = 24  # longer words are searched as typed (their edit automaton grows large)
CHECK_EVERY = 128  # terms or matches between looks at the clock


class Budget:
    """What one search may still spend; `incomplete` is set when a bound was reached."""

    def __init__(self, seconds: float) -> None:
        self.until = time.perf_counter() + seconds
        self.scanned = 0
        self.fuzzy = 0
        self.incomplete = False

    def expired(self) -> bool:
        if time.perf_counter() >= self.until:
            self.incomplete = True
            return True
        return False

    def scan(self) -> bool:
        """Count one term looked at; False when no more may be."""
        self.scanned += 1
        if self.scanned > MAX_SCANNED or (self.scanned % CHECK_EVERY == 0 and self.expired()):
            self.incomplete = True
            return False
        return True

    def fuzzy_allowed(self, word: str) -> bool:
        """Whether one more fuzzy word may be expanded (else it is searched as typed)."""
        self.fuzzy += 1
        if self.fuzzy > MAX_FUZZY_WORDS or len(word) > MAX_FUZZY_LENGTH or self.expired():
            self.incomplete = True
            return False
        return True


def bounded(q: wq.Query, reader, budget: Budget) -> wq.Query:
    """`q` with every pattern replaced by its (capped) expansion, and `field:*` by every document."""

    def replace(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Every):
            return wq.Every(boost=node.boost)
        if isinstance(node, (wq.Prefix, wq.Wildcard, wq.TermRange)):
            terms = pattern_terms(node, reader, budget)
            if not terms:
                return wq.NullQuery
            return wq.Or([wq.Term(node.fieldname, term) for term in terms], boost=node.boost)
        if isinstance(node, wq.Regex):  # not made by our parser; never expanded
            return wq.NullQuery
        return node

    return q.accept(replace).normalize()


def _matcher_of(node: wq.Query) -> tuple[str, Callable[[str], bool], Callable[[str], bool]]:
    """(where to start, does a term match, is a term past every match) for a pattern."""
    if isinstance(node, wq.Prefix):
        text = node.text
        return text, lambda term: True, lambda term: not term.startswith(text)
    if isinstance(node, wq.Wildcard):
        literal = re.match(r"[^*?]*", node.text).group()  # type: ignore[union-attr]
        pattern = re.compile(translate(node.text))
        return (
            literal,
            lambda term: pattern.match(term) is not None,
            lambda term: not term.startswith(literal),
        )
    assert isinstance(node, wq.TermRange)
    start, end = node.start or "", node.end
    exclude_start, exclude_end = node.startexcl, node.endexcl

    def past(term: str) -> bool:
        return end is not None and (term > end or (exclude_end and term == end))

    return start, lambda term: not (exclude_start and term == start), past


def pattern_terms(node: wq.Query, reader, budget: Budget) -> list[str]:
    """The most frequent index terms matching a Prefix, Wildcard or TermRange, within bounds."""
    fieldname = node.fieldname
    start, accept, past = _matcher_of(node)
    frequency: dict[str, int] = defaultdict(int)
    for leaf, _ in reader.leaf_readers():
        if fieldname not in leaf.indexed_field_names():
            continue
        field = leaf.schema[fieldname]
        try:
            for found, btext in leaf.terms_from(fieldname, start):
                if found != fieldname or not budget.scan():
                    break
                term = field.from_bytes(btext)
                if past(term):
                    break
                if accept(term):
                    frequency[term] += leaf.doc_frequency(fieldname, btext)
        except (KeyError, ValueError):
            continue
        if budget.incomplete and budget.scanned > MAX_SCANNED:
            break
    if len(frequency) > MAX_PATTERN_TERMS:
        budget.incomplete = True
    return [
        term
        for term, _ in heapq.nlargest(MAX_PATTERN_TERMS, frequency.items(), key=lambda kv: (kv[1], kv[0]))
    ]


class Interrupted(Exception):
    """The deadline passed while collecting matches."""


class DeadlineCollector(WrappingCollector):
    """Collects as its child does, and stops when the search's deadline passes (the child then
    holds the matches found so far)."""

    def __init__(self, child, budget: Budget) -> None:
        super().__init__(child)
        self.budget = budget

    def collect_matches(self) -> None:
        child, budget = self.child, self.budget
        for count, docnum in enumerate(child.matches(), 1):
            if count % CHECK_EVERY == 1 and budget.expired():
                raise Interrupted
            child.collect(docnum)
