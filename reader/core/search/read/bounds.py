"""Bounds on every query, whatever is typed: how many index terms a pattern may stand for, how
many terms one query may look at, how many fuzzy words it may have, and a deadline for the
whole search. A search that reaches one answers with what it found, marked incomplete.

Patterns (`word*`, `*ord`, `w?rd`, `[a TO z]`) become a union of the most frequent index terms
they match (at most MAX_PATTERN_TERMS each, MAX_PATTERN_POSTINGS postings between all of them),
found by walking each segment's term list from the pattern's literal start within half the
deadline; `*` alone (every document) is answered from the document list, not from every term.
"""

from __future__ import annotations

import heapq
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from fnmatch import translate

from whoosh import query as wq
from whoosh.collectors import WrappingCollector

MAX_PATTERN_TERMS = 64  # index terms a pattern may stand for (the most frequent)
MAX_SCANNED = 50_000  # index terms one query may look at while expanding its patterns
MAX_PATTERN_POSTINGS = 50_000  # postings of all the terms its patterns stand for
SCAN_SHARE = 0.5  # share of the deadline that expanding patterns may take (matching needs the rest)
MAX_FUZZY_WORDS = 8  # fuzzy words per query; more are searched as typed
MAX_FUZZY_LENGTH = 24  # longer words are searched as typed (their edit automaton grows large)
CHECK_EVERY = 128  # terms or matches between looks at the clock


class Interrupted(Exception):
    """The deadline passed while matching or collecting."""


class Budget:
    """What one search may still spend; `incomplete` is set when a bound was reached."""

    def __init__(self, seconds: float) -> None:
        now = time.perf_counter()
        self.until = now + seconds
        self.scan_until = now + seconds * SCAN_SHARE
        self.postings_left = MAX_PATTERN_POSTINGS
        self.scanned = 0
        self.fuzzy = 0
        self.incomplete = False
        self.out_of_time = False

    def expired(self) -> bool:
        if self.out_of_time or time.perf_counter() >= self.until:
            self.incomplete = self.out_of_time = True
        return self.out_of_time

    def check(self) -> None:
        """Raise Interrupted when the deadline has passed (for loops deep inside Whoosh's matching)."""
        if self.expired():
            raise Interrupted

    def scan(self) -> bool:
        """Count one term looked at; False when no more may be."""
        self.scanned += 1
        if self.scanned % CHECK_EVERY == 0 and time.perf_counter() >= self.scan_until:
            self.scanned = MAX_SCANNED + 1
        if self.out_of_time or self.scanned > MAX_SCANNED:
            self.incomplete = True
            return False
        return True

    def take_postings(self, count: int, first: bool) -> bool:
        """Whether a term with `count` postings may join the expansions (a pattern's most
        frequent term may, while any are left)."""
        if self.postings_left <= 0 or (count > self.postings_left and not first):
            self.incomplete = True
            return False
        self.postings_left -= count
        return True

    def fuzzy_allowed(self, word: str) -> bool:
        """Whether one more fuzzy word may be expanded (else it is searched as typed)."""
        self.fuzzy += 1
        if self.fuzzy > MAX_FUZZY_WORDS or len(word) > MAX_FUZZY_LENGTH or self.expired():
            self.incomplete = True
            return False
        return True


CURRENT: ContextVar[Budget | None] = ContextVar("search_budget", default=None)


@contextmanager
def spending(budget: Budget) -> Iterator[Budget]:
    """Make `budget` the one matchers built meanwhile check (see unions.PreloadedUnion)."""
    token = CURRENT.set(budget)
    try:
        yield budget
    finally:
        CURRENT.reset(token)


def bounded(q: wq.Query, reader, budget: Budget) -> wq.Query:
    """`q` with every pattern replaced by its (capped) expansion, and `field:*` by every document.

    An expansion is a flat union (read and scored up front, checking the deadline): an And of
    many Ors of many terms would make Whoosh's matchers search for a first match for minutes
    before a single document reaches the collector."""
    from reader.core.search.read.unions import PreloadedUnion

    def replace(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Every):
            return wq.Every(boost=node.boost)
        if isinstance(node, (wq.Prefix, wq.Wildcard, wq.TermRange)):
            terms = pattern_terms(node, reader, budget)
            if not terms:
                return wq.NullQuery
            return PreloadedUnion([wq.Term(node.fieldname, term) for term in terms], boost=node.boost)
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
    if budget.out_of_time or budget.scanned > MAX_SCANNED:
        budget.incomplete = True
        return []
    start, accept, past = _matcher_of(node)
    frequency: dict[str, int] = defaultdict(int)
    for leaf, _ in reader.leaf_readers():
        if fieldname not in leaf.indexed_field_names():
            continue
        field = leaf.schema[fieldname]
        try:
            for (found, btext), info in leaf.iter_from(fieldname, start):
                if found != fieldname or not budget.scan():
                    break
                term = field.from_bytes(btext)
                if past(term):
                    break
                if accept(term):
                    frequency[term] += info.doc_frequency()
        except (KeyError, ValueError):
            continue
        if budget.out_of_time or budget.scanned > MAX_SCANNED:
            break
    if len(frequency) > MAX_PATTERN_TERMS:
        budget.incomplete = True
    chosen: list[str] = []
    for term, count in heapq.nlargest(MAX_PATTERN_TERMS, frequency.items(), key=lambda kv: (kv[1], kv[0])):
        if not budget.take_postings(count, first=not chosen):
            break
        chosen.append(term)
    return chosen


def unscored(q: wq.Query) -> wq.Query:
    """`q` for listing its matches: a word looked up in the title and in the text is looked up in
    the text alone (the text field holds the title's words too), one matcher instead of a union."""

    def simplify(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.Or):
            return node
        in_text = {
            sub.text for sub in node.subqueries if isinstance(sub, wq.Term) and sub.fieldname == "text"
        }
        kept = [
            sub
            for sub in node.subqueries
            if not (isinstance(sub, wq.Term) and sub.fieldname == "title" and sub.text in in_text)
        ]
        if len(kept) == len(node.subqueries):
            return node
        if len(kept) == 1:
            return kept[0]
        simpler = wq.Or(kept, boost=node.boost)
        simpler.matcher_type = node.matcher_type
        return simpler

    return q.accept(simplify)


class DeadlineCollector(WrappingCollector):
    """Collects as its child does, and stops when the search's deadline passes (the child then
    holds the matches found so far). With `allowed` (global document numbers), only those."""

    def __init__(self, child, budget: Budget, allowed: frozenset[int] | None = None) -> None:
        super().__init__(child)
        self.budget = budget
        self.allowed = allowed

    def collect_matches(self) -> None:
        child, budget, allowed, offset = self.child, self.budget, self.allowed, self.offset
        for count, docnum in enumerate(child.matches(), 1):
            if count % CHECK_EVERY == 1 and budget.expired():
                raise Interrupted
            if allowed is None or offset + docnum in allowed:
                child.collect(docnum)


def matching_docs(searcher, q: wq.Query, budget: Budget, allowed: frozenset[int] | None = None) -> list[int]:
    """Every document `q` matches (unscored; among `allowed`), in index order, until the deadline
    (then those found so far, the budget marked incomplete)."""
    found: list[int] = []
    try:
        for count, docnum in enumerate(searcher.docs_for_query(unscored(q)), 1):
            if count % CHECK_EVERY == 1 and budget.expired():
                break
            if allowed is None or docnum in allowed:
                found.append(docnum)
    except Interrupted:
        pass
    return found
