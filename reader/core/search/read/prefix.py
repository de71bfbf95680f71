"""Search as you type: the last, unfinished word matches as a prefix, and stays fast on big indexes.

Bounded expansion: the unfinished word stands for the most frequent index terms starting with it
(at most MAX_EXPANSIONS of them, and no more than POSTINGS_BUDGET postings between them).
Title first: a variant with the prefix matched in titles only runs first. Title postings are about
25 times shorter than text postings and title matches rank first anyway; only when it finds fewer
items than asked for does the text variant run (its new hits follow the title hits), and then it is
mostly cheap too, because a prefix rare in titles is rare in the text. When the title variant
alone fills the page, the total is an estimate (see `estimate`).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import MultifieldParser
from whoosh.query.compound import CompoundQuery

from reader.core.search.analysis import WordAnalyzer, has_cjk
from reader.core.search.read.query import parse
from reader.core.search.read.unions import LazyUnion, PreloadedUnion
from reader.core.search.schema import DEFAULT_FIELDS, FIELD_ALIASES, FIELD_BOOSTS

MAX_EXPANSIONS = 12  # index terms an unfinished word may stand for
MAX_SCAN = 600  # terms looked at to pick them, in alphabetical order, shared among segments
POSTINGS_BUDGET = 25_000  # total postings of the picked terms (the first one always counts)
PREFIX_FIELDS = frozenset({"title", "text", "issue", "section"})
_LAST_WORD = re.compile(r"(?:(?P<field>[A-Za-z_]+):)?(?P<word>\w+)$")
# The words glued by punctuation before the unfinished one ('storage.k8', 'move_gu', 'a::b')
_GLUED_TAIL = re.compile(r"(?<![\w.:])[^\W_]+(?:(?:[._-]|::)[^\W_]*)+$")


@dataclass
class PrefixQueries:
    """The query (as you type: the prefix matched in the text), and the title-only variant to try
    first when there is one."""

    full: wq.Query
    title_first: wq.Query | None = None


def expand_prefix(reader, word: str, analyzer: WordAnalyzer, fieldname: str = "text") -> list[str]:
    """Index terms an unfinished word may become: the most frequent ones starting with it, its own
    stem, or (when nothing starts with it) the longest stem it starts with ('propaga' -> 'propag').
    """
    lowered = word.lower()
    frequency: dict[str, int] = defaultdict(int)
    leaves = reader.leaf_readers()  # per segment: a multi-reader would look each term up everywhere
    scan = max(64, MAX_SCAN // len(leaves)) if leaves else 0
    try:
        for leaf, _ in leaves:
            for count, (term, info) in enumerate(leaf.iter_prefix(fieldname, lowered)):
                if count >= scan:
                    break
                frequency[term.decode("utf-8") if isinstance(term, bytes) else term] += info.doc_frequency()
    except (KeyError, ValueError):
        frequency.clear()
    candidates = [(count, term) for term, count in frequency.items()]
    terms: list[str] = []
    postings = 0
    for count, term in heapq.nlargest(MAX_EXPANSIONS, candidates):
        if terms and postings + count > POSTINGS_BUDGET:
            break
        terms.append(term)
        postings += count
    own = analyzer.term(lowered)
    if own and own not in terms and reader.doc_frequency(fieldname, own):
        terms.append(own)
    if not terms:
        for size in range(len(lowered) - 1, max(2, len(lowered) - 5), -1):
            if reader.doc_frequency(fieldname, lowered[:size]):
                terms.append(lowered[:size])
                break
    return terms


def as_you_type(text: str, parser: MultifieldParser, analyzer: WordAnalyzer, reader) -> PrefixQueries:
    """`parse(text)`, with the last word (when the text does not end in a space) as a prefix."""
    base = parse(text, parser, analyzer)
    match = _LAST_WORD.search(text)
    if not match or text.count('"') % 2 or has_cjk(match.group("word")):  # CJK characters are whole words
        return PrefixQueries(base)
    start, word, begins = match.start("word"), match.group("word"), match.start()
    glued = _GLUED_TAIL.search(text) if match.group("field") is None else None
    if glued:  # glued words are indexed whole too: the unfinished run is a prefix of those
        start = begins = glued.start()
        word = glued.group()
        base = parse(text[:start], parser, analyzer)
    before = text[:begins]
    if before and not before[-1].isspace() and before[-1] not in "(-":
        return PrefixQueries(base)
    fields = _prefix_fields(match.group("field"), parser.schema)
    terms = expand_prefix(reader, word, analyzer) if fields else []
    if not terms:
        return PrefixQueries(parse(text, parser, analyzer) if glued else base)
    excluded = before.rstrip().endswith(("-", "NOT"))
    if excluded and glued and base is wq.NullQuery:  # '-storage.k8' alone: everything but those
        base = wq.Every()
    if fields != DEFAULT_FIELDS or excluded:
        return PrefixQueries(_with_prefix(base, start, fields, fields, terms, excluded, wq.Or))
    # The text holds the title's words too: the text variant finds every match, with half the
    # matchers; title matches come from the title variant, tried first.
    # Text: expansions joined to other words by an And become a LazyUnion (only the documents the
    # other words match get scored); alone, a plain Or (scanned whole, its tree is as fast).
    # Titles: a PreloadedUnion (short postings, read whole).
    text = _with_prefix(base, start, ("text",), fields, terms, excluded, _Expansions)
    title = _with_prefix(base, start, ("title",), fields, terms, excluded, _Expansions)
    return PrefixQueries(
        _place_unions(text, LazyUnion, wq.Or), _place_unions(title, PreloadedUnion, PreloadedUnion)
    )


class _Expansions(CompoundQuery):
    """The expansions of the unfinished word, until `_place_unions` places them (not an Or
    subclass: normalizing an enclosing Or would merge it away)."""

    JOINT = " OR "


def _place_unions(q: wq.Query, in_and: type, elsewhere: type) -> wq.Query:
    """Each _Expansions in `q` as the union class `in_and` (under an And) or `elsewhere`; under
    an Or, a plain Or, so that normalizing merges it into its parent and counts a word also
    typed in full ('data OR da') once, as Whoosh does."""

    def place(node: wq.Query, parent: wq.Query | None) -> wq.Query:
        if isinstance(node, _Expansions):
            union = (
                in_and if isinstance(parent, wq.And) else wq.Or if isinstance(parent, wq.Or) else elsewhere
            )
            return union(node.subqueries, boost=node.boost)
        if node.is_leaf():
            return node
        return node.apply(lambda child: place(child, node))

    return place(q, None).normalize()


def _with_prefix(
    base: wq.Query,
    start: int,
    fields: tuple[str, ...],
    typed_in: tuple[str, ...],
    terms: list[str],
    excluded: bool,
    union: type,
) -> wq.Query:
    """`base` with the word at `start` replaced by its expansions in `fields` (dropped elsewhere).

    `union` combines the expansions: an Or, or an _Expansions that `_place_unions` turns into
    the union class fitting its place.
    """
    replaced = False

    def expansions(name: str, boost: float) -> wq.Query:
        return union([wq.Term(name, term) for term in terms], boost=boost)

    def swap(node: wq.Query) -> wq.Query:
        nonlocal replaced
        if (
            isinstance(node, wq.Term)
            and getattr(node, "startchar", None) == start
            and node.fieldname in typed_in
        ):
            replaced = True
            return expansions(node.fieldname, node.boost) if node.fieldname in fields else wq.NullQuery
        return node

    q = base.accept(swap)
    if not replaced:  # the word was a stop word, or sat under an operator Whoosh rewrote
        prefix = wq.Or([expansions(name, FIELD_BOOSTS.get(name, 1.0)) for name in fields])
        if excluded:
            q = wq.AndNot(q, prefix) if q is not wq.NullQuery else wq.NullQuery
        else:
            q = wq.And([q, prefix]) if q is not wq.NullQuery else prefix
    return q.normalize()


def _prefix_fields(typed: str | None, schema) -> tuple[str, ...]:
    """The fields an unfinished word is looked up in: the default ones, or the one typed before ':'."""
    if not typed:
        return DEFAULT_FIELDS
    name = next((real for real, aliases in FIELD_ALIASES.items() if typed in aliases), typed)
    return (name,) if name in schema and name in PREFIX_FIELDS else ()


def estimate(q: wq.Query, reader) -> int:
    """Matching items, estimated from term frequencies as if words occurred independently."""
    total = reader.doc_count()
    return round(total * _share(q, reader, max(1, total)))


def _share(q: wq.Query, reader, total: int) -> float:
    if isinstance(q, wq.Term):
        return min(1.0, reader.doc_frequency(q.fieldname, q.text) / total)
    if isinstance(q, wq.Not):
        return 1.0 - _share(q.query, reader, total)
    if isinstance(q, wq.AndNot):
        return _share(q.a, reader, total) * (1.0 - _share(q.b, reader, total))
    if isinstance(q, wq.AndMaybe):
        return _share(q.a, reader, total)
    if isinstance(q, wq.And):
        return math.prod(_share(sub, reader, total) for sub in q.subqueries)
    if isinstance(q, (wq.Or, PreloadedUnion, LazyUnion)):
        return 1.0 - math.prod(1.0 - _share(sub, reader, total) for sub in q.subqueries)
    return min(1.0, q.estimate_size(reader) / total)
