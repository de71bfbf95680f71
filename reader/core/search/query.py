"""From what people type to a Whoosh query, never raising.

Plain words must all match, each in the title (boosted) or the text. Whoosh syntax works:
"phrases", OR, NOT / -word, field:word, wildcards, word~ (fuzzy). Malformed syntax falls back to
the plain words. As-you-type, the last unfinished word matches as a prefix through a bounded
expansion (the most frequent index terms starting with it).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from fnmatch import translate

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    OperatorsPlugin,
)
from whoosh.support.levenshtein import distance

from reader.core.search.analysis import WordAnalyzer
from reader.core.search.schema import DEFAULT_FIELDS, FIELD_ALIASES, FIELD_BOOSTS, HIGHLIGHT_FIELDS

MAX_EXPANSIONS = 12  # prefix terms used for an unfinished word
MAX_SCAN = 2000  # prefix terms looked at to pick them
PREFIX_FIELDS = frozenset({"title", "text", "issue", "section"})
# "-word" and "NOT word" both exclude; a '-' inside a word (state-of-the-art) does not.
_NOT = r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[\w\"(]))"
_PLAIN_WORD = re.compile(r"\w+")
_DANGLING_FIELD = re.compile(r"(?<![\w:])(\w+):+(?=\s|$)")
_LAST_WORD = re.compile(r"(?:(?P<field>[A-Za-z_]+):)?(?P<word>\w+)$")


def make_parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.replace_plugin(OperatorsPlugin(Not=_NOT))
    return parser


def is_malformed(text: str) -> bool:
    """Unbalanced quotes or parentheses: Whoosh would guess; we search the plain words instead."""
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or char == '"':
            return True
    return depth != 0


def _has_error(q: wq.Query) -> bool:
    return any(getattr(node, "error", None) for node in _walk(q))


def _walk(q: wq.Query):
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _walk(child)


def plain_words_query(text: str, analyzer: WordAnalyzer) -> wq.Query:
    """Every word of `text` (operators and punctuation ignored) in the title or the text."""
    groups = []
    for word in _PLAIN_WORD.findall(text):
        term = analyzer.term(word.lower())
        if term is not None:
            groups.append(wq.Or([wq.Term(name, term, boost=FIELD_BOOSTS[name]) for name in DEFAULT_FIELDS]))
    return wq.And(groups) if groups else wq.NullQuery


def parse(text: str, parser: MultifieldParser, analyzer: WordAnalyzer) -> wq.Query:
    """The query for `text`; plain words when the syntax is malformed. Never raises."""
    text = _without_dangling_fields(text, parser.schema)
    if is_malformed(text):
        return plain_words_query(text, analyzer)
    try:
        q = parser.parse(text)
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        return plain_words_query(text, analyzer)
    if q is None or _has_error(q):
        return plain_words_query(text, analyzer)
    return q


def _without_dangling_fields(text: str, schema) -> str:
    """'title: word' names no field for 'word' (a stray colon): drop 'title:', keep other words."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        known = name in schema or any(name in aliases for aliases in FIELD_ALIASES.values())
        return "" if known else name

    return _DANGLING_FIELD.sub(replace, text)


def expand_prefix(reader, word: str, analyzer: WordAnalyzer, fieldname: str = "text") -> list[str]:
    """Index terms an unfinished word may become: the most frequent ones starting with it, its own
    stem, or (when nothing starts with it) the longest stem it starts with ('propaga' -> 'propag').
    """
    lowered = word.lower()
    candidates = []
    try:
        for count, (term, info) in enumerate(reader.iter_prefix(fieldname, lowered)):
            if count >= MAX_SCAN:
                break
            candidates.append((info.doc_frequency(), term.decode("utf-8") if isinstance(term, bytes) else term))
    except (KeyError, ValueError):
        candidates = []
    terms = [term for _, term in heapq.nlargest(MAX_EXPANSIONS, candidates)]
    own = analyzer.term(lowered)
    if own and own not in terms and reader.doc_frequency(fieldname, own):
        terms.append(own)
    if not terms:
        for size in range(len(lowered) - 1, max(2, len(lowered) - 5), -1):
            if reader.doc_frequency(fieldname, lowered[:size]):
                terms.append(lowered[:size])
                break
    return terms


def as_you_type(text: str, parser: MultifieldParser, analyzer: WordAnalyzer, reader) -> wq.Query:
    """Like `parse`, with the last word (when the text does not end in a space) as a prefix."""
    q = parse(text, parser, analyzer)
    match = _LAST_WORD.search(text)
    if not match or text.count('"') % 2:
        return q
    if match.start() and not text[match.start() - 1].isspace() and text[match.start() - 1] not in "(-":
        return q
    fields = _prefix_fields(match.group("field"), parser.schema)
    if not fields:
        return q
    terms = expand_prefix(reader, match.group("word"), analyzer)
    if not terms:
        return q

    def field_prefix(name: str, boost: float) -> wq.Query:
        return wq.Or([wq.Term(name, term) for term in terms], boost=boost)

    start = match.start("word")
    replaced = False

    def swap(node: wq.Query) -> wq.Query:
        nonlocal replaced
        if isinstance(node, wq.Term) and getattr(node, "startchar", None) == start and node.fieldname in fields:
            replaced = True
            return field_prefix(node.fieldname, node.boost)
        return node

    q = q.accept(swap)
    if not replaced:  # the word was a stop word, or sat under an operator Whoosh rewrote
        prefix = wq.Or([field_prefix(name, FIELD_BOOSTS.get(name, 1.0)) for name in fields])
        if text[:match.start()].rstrip().endswith(("-", "NOT")):
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


@dataclass
class TermMatcher:
    """Which analyzed words a query matches, for highlighting: exact terms, prefixes, patterns,
    fuzzy terms. Negated parts of the query are left out."""

    exact: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    patterns: list[re.Pattern] = field(default_factory=list)
    fuzzy: list[tuple[str, int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or self.patterns or self.fuzzy)

    def __call__(self, term: str) -> bool:
        if term in self.exact:
            return True
        if any(term.startswith(p) for p in self.prefixes) or any(p.match(term) for p in self.patterns):
            return True
        return any(term[:prefix] == text[:prefix] and distance(term, text, limit=maxdist) <= maxdist
                   for text, maxdist, prefix in self.fuzzy)


def highlight_matcher(q: wq.Query, fields: frozenset[str] = HIGHLIGHT_FIELDS) -> TermMatcher:
    matcher = TermMatcher()
    _collect(q, fields, matcher)
    return matcher


def _collect(q: wq.Query, fields: frozenset[str], matcher: TermMatcher) -> None:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        _collect(q.a, fields, matcher)
        if isinstance(q, wq.AndMaybe):
            _collect(q.b, fields, matcher)
        return
    if isinstance(q, wq.Phrase):
        if q.fieldname in fields:
            matcher.exact.update(q.words)
        return
    if not q.is_leaf():
        for child in q.children():
            _collect(child, fields, matcher)
        return
    if getattr(q, "fieldname", None) not in fields or not isinstance(getattr(q, "text", None), str):
        return
    if isinstance(q, wq.FuzzyTerm):
        matcher.fuzzy.append((q.text, q.maxdist, q.prefixlength))
    elif isinstance(q, wq.Prefix):
        matcher.prefixes.append(q.text)
    elif isinstance(q, wq.Wildcard):
        matcher.patterns.append(re.compile(translate(q.text)))
    elif isinstance(q, wq.Term):
        matcher.exact.add(q.text)
