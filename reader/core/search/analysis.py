"""Words as the index sees them: one fast pass of tokenize, lower-case, stop words and stemming.

`WordAnalyzer` does what Whoosh's StemmingAnalyzer chain does (Snowball English stems, stop words
and one-letter words left out with positions renumbered, so a phrase holding them still matches)
without its per-token generator chain, with words split as a reader reads them (see WORD_PATTERN);
`FastPositions` skips Token objects entirely when indexing. The query path (Tokens) and the
indexing path (`term_positions`) share one stem cache; a test checks they agree.
"""

from __future__ import annotations

import re
import struct
from array import array
from collections import defaultdict
from collections.abc import Iterator
from itertools import accumulate, pairwise

import Stemmer
from whoosh.analysis import STOP_WORDS, Token
from whoosh.analysis.tokenizers import Tokenizer
from whoosh.formats import Positions

# Chinese and Japanese are written without spaces: each ideograph or kana is a word of its own
# (a query's characters must all match; quotes make them a phrase). Other scripts: runs of letters
# and digits; punctuation and '_' split words ('storage.k8s.io' is 'storage k8s io', as a reader
# reads it), and such a glued run is also indexed whole, lower-cased (JOINED_PATTERN: 'k8s.io',
# 'move_guard', 'xcode-kotlin', '2.0'), so that an identifier typed whole ranks its own items first.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD_PATTERN = rf"[{CJK}]|[^\W_{CJK}]+"
_CONNECTOR = r"(?:[._-]|::)"
JOINED_PATTERN = rf"[{CJK}]|[^\W_{CJK}]+(?:{_CONNECTOR}[^\W_{CJK}]+)*"
MAX_JOINED = 64  # longer glued runs are indexed by their parts only
_CJK_CHAR = re.compile(f"[{CJK}]")
_WORDS = re.compile(WORD_PATTERN)
GLUED_RUNS = _JOINED = re.compile(JOINED_PATTERN)
LINK_PATTERN = r"[^\W_]+"
_STOP_WORDS = frozenset(STOP_WORDS)
# Snowball English (Porter2) in C: 'propagating' and 'propagation' both -> 'propag'. Its own cache is
# off: `stem` keeps one in front of it.
_STEMMER = Stemmer.Stemmer("english", 0)
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 500_000
_COUNT = struct.Struct("!I")  # as Whoosh's pack_uint, so decode_frequency reads it unchanged
_ONE = _COUNT.pack(1)
_GAP = struct.Struct("=I")  # one item of array("I"): native order, 4 bytes
assert array("I").itemsize == _GAP.size
# The value of a posting at one position (most postings), shared rather than built per posting
ONE_POSITION = [_ONE + _GAP.pack(position) for position in range(4096)]


def too_short(word: str) -> bool:
    """Words under 2 letters are not indexed, except a single ideograph or kana (a CJK word)."""
    return len(word) < 2 and not _CJK_CHAR.match(word)


def is_word_char(char: str) -> bool:
    """True for a character WORD_PATTERN joins into longer words (letters and digits; not CJK)."""
    return char.isalnum() and _CJK_CHAR.match(char) is None


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def stem(word: str) -> str:
    """English (Snowball/Porter2) stem of a lower-case word, cached."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= _STEM_CACHE_LIMIT:
            _STEMS.clear()
        found = _STEMS[word] = _STEMMER.stemWord(word)
    return found


_FIRST, _PART, _WHOLE = 0, 1, 2  # kinds of piece: see WordAnalyzer._pieces


def _joined_position(first: int | None, pos: int | None, index: int) -> int:
    """A glued run's own position: its first indexed part's, else the next word's."""
    if first is not None:
        return first
    return pos + 1 if pos is not None else index + 1


class WordAnalyzer(Tokenizer):
    """Tokenizer + lower-case + stop words (and words under 2 letters) + optional English stemming;
    with `joins`, a run of words glued by '.', '_', '-' or '::' is also a term of its own (not in
    queries, which look for its parts as a phrase: see read/query.py)."""

    def __init__(
        self, pattern: str = WORD_PATTERN, stemming: bool = True, stop_words: bool = True, joins: bool = False
    ) -> None:
        self.pattern = pattern
        self.stemming = stemming
        self.stop_words = stop_words
        self.joins = joins
        self.is_morph = stemming
        self._compile()

    def _compile(self) -> None:
        self._regex = re.compile(self.pattern, re.UNICODE)
        self._stops = _STOP_WORDS if self.stop_words else frozenset()
        self._terms: dict[str, str | None] = {}  # word -> term, for terms_of()
        self._runs: dict[str, str | tuple[str, ...]] = {}  # run as written -> terms

    def __getstate__(self) -> dict:
        return {
            "pattern": self.pattern,
            "stemming": self.stemming,
            "stop_words": self.stop_words,
            "joins": self.joins,
        }

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({"joins": False, **state})
        self.is_morph = self.stemming
        self._compile()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordAnalyzer) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.pattern, self.stemming, self.stop_words, self.joins))

    def term(self, lowered: str) -> str | None:
        """The index term for one lower-case word, or None when it is a stop word or too short."""
        if too_short(lowered) or lowered in self._stops:
            return None
        return stem(lowered) if self.stemming else lowered

    def joined_terms(self, text: str) -> list[str]:
        """The glued runs of `text` indexed whole ('k8s.io', 'move_guard'), lower-cased."""
        if not self.joins:
            return []
        return [run.lower() for run in _JOINED.findall(text) if not run.isalnum() and len(run) <= MAX_JOINED]

    def terms_of(self, words: set[str]) -> dict[str, str | None]:
        """{word: term or None} for lower-case words (remembered: the hot path of snippets)."""
        known = self._terms
        if len(known) > _STEM_CACHE_LIMIT:
            known.clear()
        for word in words.difference(known):
            known[word] = self.term(word)
        return known

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """{term: [positions]} of `value`, numbered like Whoosh's StopFilter(renumber=True); a glued
        run's own term takes the position of its first indexed part (it never shifts the others).
        Each distinct run as written is analysed once (`_run_terms`: the hot path of indexing)."""
        if not self.joins:
            return self._part_positions(value)
        positions: dict[str, list[int]] = defaultdict(list)
        known = self._runs
        if len(known) > _STEM_CACHE_LIMIT:
            known.clear()
        pos = None
        index = -1
        for run in _JOINED.findall(value):
            terms = known.get(run)
            if terms is None:
                terms = known[run] = self._run_terms(run)
            if isinstance(terms, str):  # one word: its term, or "" when it is not indexed
                index += 1
                if terms:
                    pos = index if pos is None else pos + 1
                    positions[terms].append(pos)
                continue
            *parts, whole = terms
            first = None
            for term in parts:
                index += 1
                if not term:
                    continue
                pos = index if pos is None else pos + 1
                if first is None:
                    first = pos
                positions[term].append(pos)
            if whole:
                positions[whole].append(_joined_position(first, pos, index))
        return positions

    def _run_terms(self, run: str) -> str | tuple[str, ...]:
        """A word's term ("": not indexed); for a glued run, its parts' terms and its own."""
        if run.isalnum():
            return self.term(run.lower()) or ""
        parts = [self.term(word.lower()) or "" for word in _WORDS.findall(run)]
        return (*parts, run.lower() if len(run) <= MAX_JOINED else "")

    def _part_positions(self, value: str) -> dict[str, list[int]]:
        positions: dict[str, list[int]] = defaultdict(list)
        stops, stemming = self._stops, self.stemming
        pos = None
        for index, word in enumerate(self._regex.findall(value)):
            word = word.lower()
            if too_short(word) or word in stops:
                continue
            pos = index if pos is None else pos + 1
            positions[stem(word) if stemming else word].append(pos)
        return positions

    def spans(self, value: str) -> Iterator[tuple[str, int, int]]:
        """(term, start, end) of every indexed word of `value`, with character offsets."""
        for term, start, end in self.all_spans(value):
            if term is not None:
                yield term, start, end

    def words(self, value: str, end: int | None = None) -> list[str]:
        """The words of `value` (up to character `end`), before any analysis."""
        return self._regex.findall(value, 0, len(value) if end is None else end)

    def all_spans(self, value: str) -> Iterator[tuple[str | None, int, int]]:
        """(term or None for a stop word, start, end) of every word of `value`."""
        stops, stemming, cache = self._stops, self.stemming, _STEMS
        for match in self._regex.finditer(value):
            word = match.group().lower()
            if too_short(word) or word in stops:
                term = None
            elif stemming:
                term = cache.get(word) or stem(word)
            else:
                term = word
            yield term, match.start(), match.end()

    def _pieces(self, value: str, joins: bool) -> Iterator[tuple[str, int, int, int]]:
        """(word, start, end, kind) in order, kind being PART, a glued run's FIRST part, or the
        run's WHOLE term (after its parts)."""
        if not joins:
            for match in self._regex.finditer(value):
                yield match.group(), match.start(), match.end(), _FIRST
            return
        for run in _JOINED.finditer(value):
            text = run.group()
            if text.isalnum():
                yield text, run.start(), run.end(), _FIRST
                continue
            kind = _FIRST
            for part in _WORDS.finditer(text):
                yield part.group(), run.start() + part.start(), run.start() + part.end(), kind
                kind = _PART
            if len(text) <= MAX_JOINED:
                yield text, run.start(), run.end(), _WHOLE

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize and ("*" in value or "?" in value):  # a wildcard pattern: lower-case only
            token.text, token.stopped, token.boost = value.lower(), False, 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pieces = (
            self._pieces(value, self.joins and mode != "query")
            if tokenize
            else iter([(value, 0, len(value), _FIRST)])
        )
        pos = None
        index = -1
        first = None  # the position of the current glued run's first indexed part
        for word, start, end, kind in pieces:
            lowered = word.lower()
            if kind == _WHOLE:
                token.stopped, token.text, token.boost = False, lowered, 1.0
                if positions:
                    token.pos = start_pos + _joined_position(first, pos, index)
            else:
                index += 1
                if kind == _FIRST:
                    first = None
                term = self.term(lowered)
                if term is None and removestops:
                    continue
                token.stopped = term is None
                token.text = lowered if term is None else term
                token.boost = 1.0
                pos = index if pos is None else pos + 1
                if first is None and term is not None:
                    first = pos
                if positions:
                    token.pos = start_pos + pos
            if keeporiginal:
                token.original = word
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class FastPositions(Positions):
    """Positions format whose indexing path asks a WordAnalyzer for terms directly, and whose
    positions are packed as a count and an array of gaps (Whoosh pickles a list per posting)."""

    def encode(self, poslist):
        if len(poslist) == 1:  # most postings: a word once in a document
            first = poslist[0]
            return ONE_POSITION[first] if first < len(ONE_POSITION) else _ONE + _GAP.pack(first)
        gaps = array("I", [b - a for a, b in pairwise(poslist)])
        gaps.insert(0, poslist[0])
        return _COUNT.pack(len(gaps)) + gaps.tobytes()

    def decode_positions(self, valuestring):
        gaps = array("I")
        gaps.frombytes(valuestring[_COUNT.size :])
        return list(accumulate(gaps))

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, WordAnalyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for term, poslist in analyzer.term_positions(value).items():
            yield term, len(poslist), len(poslist) * boost, encode(poslist)


def stemmed_words() -> WordAnalyzer:
    return WordAnalyzer(joins=True)


def link_words() -> WordAnalyzer:
    """URL parts and link texts: split on punctuation, no stemming ('github', 'arxiv', '2106')."""
    return WordAnalyzer(LINK_PATTERN, stemming=False, stop_words=False)
