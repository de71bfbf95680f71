"""From what people type to a Whoosh query, never raising; and which words a query highlights.

Plain words must all match, each in the title (boosted) or the text. Whoosh syntax works:
"phrases", OR, NOT / -word, field:word, wildcards, word~ (fuzzy). A run of CJK characters counts
its characters found apart, and as a phrase ten times more. Malformed syntax falls back to the
plain words. (Filters are taken out before: filters.py; the as-you-type variant is in prefix.py.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import translate

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    MultifieldPlugin,
    OperatorsPlugin,
    QueryParser,
)
from whoosh.support.levenshtein import distance

from reader.core.search.analysis import WordAnalyzer, has_cjk
from reader.core.search.schema import DEFAULT_FIELDS, FIELD_ALIASES, FIELD_BOOSTS, HIGHLIGHT_FIELDS
from reader.core.search.textprep import usable_text

MAX_EDITS = 2
CJK_PHRASE_BOOST = 10.0  # the phrase's share of the score, against its characters found apart
# "-word" and "NOT word" both exclude; a '-' inside a word (state-of-the-art) does not.
_NOT = r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[\w\"(]))"
_PLAIN_WORD = re.compile(r"\w+")
_DANGLING_FIELD = re.compile(r"(?<![\w:])(\w+):+(?=\s|$)")


class _Parser(QueryParser):
    """Whoosh's parser, except that a run of CJK characters (each one a term) typed without quotes
    matches its characters anywhere, and as a phrase far better: the items holding the run come
    first (Chinese and Japanese are written without spaces between words); and that words glued
    by punctuation ('storage.k8s.io', 'move_guard') match their parts as a phrase, items with the
    glued run itself first."""

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
        analyzer = getattr(field, "analyzer", None)
        if (
            termclass is not wq.Term
            or not tokenize
            or not isinstance(analyzer, WordAnalyzer)
            or has_cjk(text)
        ):
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        parts = [token.text for token in analyzer(text, mode="query")]
        if len(parts) < 2 and not analyzer.joined_terms(text):
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        return glued_query(fieldname, parts, analyzer.joined_terms(text), boost)

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        if termclass is not wq.Term or not any(has_cjk(text) for text in texts):
            return super().multitoken_query(spec, texts, fieldname, termclass, boost)
        apart = wq.And([wq.Term(fieldname, text, boost=boost) for text in texts])
        return wq.AndMaybe(apart, wq.Phrase(fieldname, texts, boost=boost * CJK_PHRASE_BOOST))


def glued_query(fieldname: str, parts: list[str], joined: list[str], boost: float) -> wq.Query:
    """Words typed glued: their parts in sequence, the glued runs themselves scoring extra."""
    if len(parts) > 1:
        base: wq.Query = wq.Phrase(fieldname, parts, boost=boost)
    elif parts:
        base = wq.Term(fieldname, parts[0], boost=boost)
    else:  # no part is indexed on its own ('2.0'): the run alone
        return wq.And([wq.Term(fieldname, run, boost=boost) for run in joined]) if joined else wq.NullQuery
    if not joined:
        return base
    extra = [wq.Term(fieldname, run, boost=boost) for run in joined]
    return wq.AndMaybe(base, extra[0] if len(extra) == 1 else wq.Or(extra))


def make_parser(schema) -> MultifieldParser:
    parser = _Parser(None, schema, group=AndGroup)  # as whoosh.qparser.MultifieldParser makes one
    parser.add_plugin(MultifieldPlugin(list(DEFAULT_FIELDS), fieldboosts=FIELD_BOOSTS))
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
    text = usable_text(text)
    groups = []
    for word in _PLAIN_WORD.findall(text):
        term = analyzer.term(word.lower())
        if term is not None:
            groups.append(wq.Or([wq.Term(name, term, boost=FIELD_BOOSTS[name]) for name in DEFAULT_FIELDS]))
    return wq.And(groups) if groups else wq.NullQuery


def parse(text: str, parser: MultifieldParser, analyzer: WordAnalyzer) -> wq.Query:
    """The query for `text`; plain words when the syntax is malformed. Never raises."""
    text = _without_dangling_fields(usable_text(text), parser.schema)
    if is_malformed(text):
        return plain_words_query(text, analyzer)
    try:
        q = parser.parse(text)
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        return plain_words_query(text, analyzer)
    if q is None or _has_error(q):
        return plain_words_query(text, analyzer)
    return q.accept(_bounded_fuzziness)


def _bounded_fuzziness(node: wq.Query) -> wq.Query:
    """'word~9' would build a huge edit automaton: more than MAX_EDITS edits count as MAX_EDITS."""
    if isinstance(node, wq.FuzzyTerm) and node.maxdist > MAX_EDITS:
        return wq.FuzzyTerm(
            node.fieldname, node.text, boost=node.boost, maxdist=MAX_EDITS, prefixlength=node.prefixlength
        )
    return node


def _without_dangling_fields(text: str, schema) -> str:
    """'title: word' names no field for 'word' (a stray colon): drop 'title:', keep other words."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        known = name in schema or any(name in aliases for aliases in FIELD_ALIASES.values())
        return "" if known else name

    return _DANGLING_FIELD.sub(replace, text)


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

    @property
    def exact_only(self) -> bool:
        """True when a term matches exactly when it is in `exact`."""
        return not (self.prefixes or self.patterns or self.fuzzy)

    def __call__(self, term: str) -> bool:
        if term in self.exact:
            return True
        if not (self.prefixes or self.patterns or self.fuzzy):
            return False
        if any(term.startswith(p) for p in self.prefixes) or any(p.match(term) for p in self.patterns):
            return True
        return any(
            term[:prefix] == text[:prefix] and distance(term, text, limit=maxdist) <= maxdist
            for text, maxdist, prefix in self.fuzzy
        )


def highlight_matcher(q: wq.Query, fields: frozenset[str] = HIGHLIGHT_FIELDS) -> TermMatcher:
    """What `q` highlights (patterns and fuzzy words expanded already match as the terms they
    became)."""
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
