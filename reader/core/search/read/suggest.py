"""Did you mean: a corrected query from the index's own vocabulary, when a query finds nothing.

Each plain word whose term is not in the index is replaced by an index term within one (else two)
edits; as you type, the unfinished last word within one edit only (two edits cost several times
more, on every keystroke, for a word not typed yet: the finished query gets them). Index terms
are stems ('transform'), so candidates are compared as written in the digests: among the
spellings of each stem found in matching items, the one closest to what was typed wins
('transfomer' -> 'transformer'; ties go to the more frequent term).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

from whoosh import query as wq
from whoosh.support.levenshtein import distance

from reader.core.search.analysis import WordAnalyzer
from reader.core.search.read.bounds import Budget

FIELD = "text"
_WORD = re.compile(r"(?<![\w:~*?])(\w+)(?![\w:~*?])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_SAMPLE_DOCS = 5
_COMPARED = 5  # nearest candidate stems whose written forms are compared
MAX_WORDS = 12  # words of a query looked at for corrections
KNOWN_LIMIT = 2_000  # corrections a searcher remembers
MAX_WORD_LENGTH = 24  # longer words are not corrected (their edit automaton grows large)


def suggest(
    searcher,
    text: str,
    analyzer: WordAnalyzer,
    budget: Budget | None = None,
    known: dict[str, str | None] | None = None,
    last_unfinished: bool = False,
) -> str | None:
    """A corrected version of `text`, or None when no word needs (or has) a correction. At most
    MAX_WORDS words are looked at, and none after the budget's deadline. `known`: corrections
    found before with the same searcher ({word: correction or None}), reused and added to: as
    you type, each keystroke would otherwise look up again the words typed before it.
    `last_unfinished`: the last word is still being typed: only corrections within one edit
    (a miss is not remembered: the finished word gets its two-edit look-up)."""
    reader = searcher.reader()
    changed = False
    pieces: list[str] = []
    cursor = 0
    for number, match in enumerate(_WORD.finditer(text)):
        if number >= MAX_WORDS or (budget is not None and budget.expired()):
            break
        word = match.group(1)
        unfinished = last_unfinished and match.end() == len(text)
        if word in _OPERATORS:
            replacement = None
        elif known is not None and word in known:
            replacement = known[word]
        else:
            replacement = _correct(searcher, reader, word, analyzer, 1 if unfinished else 2)
            if known is not None and (replacement or not unfinished):
                if len(known) >= KNOWN_LIMIT:
                    known.clear()
                known[word] = replacement
        if replacement:
            pieces.append(text[cursor : match.start()] + replacement)
            cursor = match.end()
            changed = True
    pieces.append(text[cursor:])
    if not changed:
        return None
    corrected = "".join(pieces)
    if corrected.count('"') % 2:  # an unbalanced quote was searched as plain words: suggest those
        corrected = " ".join(corrected.replace('"', " ").split())
    return corrected


def _correct(searcher, reader, word: str, analyzer: WordAnalyzer, max_edits: int = 2) -> str | None:
    lowered = word.lower()
    term = analyzer.term(lowered)
    if term is None or reader.doc_frequency(FIELD, term) or not 3 <= len(term) <= MAX_WORD_LENGTH:
        return None
    for maxdist in range(1, max_edits + 1):
        candidates = sorted(
            (c for c in _terms_within(reader, term, maxdist) if c != term),
            key=lambda c: (distance(c, term), -reader.doc_frequency(FIELD, c), c),
        )
        if candidates:
            # Compare the words as written: 'propogation' is nearer 'propagation' than 'proposal',
            # though its stem 'propog' is one edit from both 'propag' and 'propos'.
            spelled = [
                (spelling_of(searcher, c, lowered, analyzer), rank)
                for rank, c in enumerate(candidates[:_COMPARED])
            ]
            return min(spelled, key=lambda pair: (distance(pair[0], lowered), pair[1]))[0]
    return None


def _terms_within(reader, term: str, maxdist: int) -> set[str]:
    """Index terms within `maxdist` edits, asked of each segment (fast there; a multi-segment
    reader would compare every term)."""
    return {
        found
        for leaf, _ in reader.leaf_readers()
        for found in leaf.terms_within(FIELD, term, maxdist, prefix=1)
    }


def spelling_of(searcher, term: str, typed: str, analyzer: WordAnalyzer) -> str:
    """How `term` (a stem) is written in the digests, preferring the form closest to `typed`.
    The first documents holding it are read, unscored (ranking them would score every one)."""
    forms: Counter[str] = Counter()
    for docnum in islice(searcher.docs_for_query(wq.Term(FIELD, term)), _SAMPLE_DOCS):
        fields = searcher.stored_fields(docnum)
        for field in ("title", "body"):
            text = fields.get(field) or ""
            forms.update(
                text[start:end].lower() for found, start, end in analyzer.spans(text) if found == term
            )
    if not forms:
        return term
    return min(forms, key=lambda form: (distance(form, typed), -forms[form], form))
