"""Fuzzy terms (`word~`) expanded once per query into the index terms they match.

Whoosh builds a Levenshtein automaton for every FuzzyTerm in every segment (and again for every
highlight); in pure Python that dominates a fuzzy search. Here one automaton per word walks each
segment's term list, and the FuzzyTerm becomes an Or of the terms found.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.automata import lev
from whoosh.codec.base import Automata

from reader.core.search.read.bounds import Budget
from reader.core.search.read.unions import PreloadedUnion

MAX_TERMS = 64  # most frequent matches kept, so that 'ab~2' cannot become a thousand-term Or


def expand_fuzzy(q: wq.Query, reader, budget: Budget) -> wq.Query:
    """`q` with every FuzzyTerm replaced by an Or of the index terms it matches (a word past the
    budget's fuzzy bounds is searched as typed)."""
    automata: dict[tuple[str, int, int], object] = {}

    def replace(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.FuzzyTerm):
            return node
        key = (node.text, node.maxdist, node.prefixlength)
        if key not in automata:
            allowed = budget.fuzzy_allowed(node.text)
            automata[key] = lev.levenshtein_automaton(*key).to_dfa() if allowed else None
        if automata[key] is None:
            return wq.Term(node.fieldname, node.text, boost=node.boost)
        terms = _matches(reader, node.fieldname, automata[key], budget)
        if not terms:
            return wq.NullQuery
        return PreloadedUnion([wq.Term(node.fieldname, term) for term in terms], boost=node.boost)

    return q.accept(replace).normalize()


def _matches(reader, fieldname: str, dfa, budget: Budget) -> list[str]:
    found: dict[str, int] = {}
    for leaf, _ in reader.leaf_readers():
        if budget.expired():
            break
        if fieldname not in leaf.indexed_field_names():
            continue
        for term in Automata.find_matches(dfa, leaf.cursor(fieldname)):
            found[term] = found.get(term, 0) + leaf.doc_frequency(fieldname, term)
    chosen: list[str] = []
    for term in sorted(found, key=lambda term: (-found[term], term))[:MAX_TERMS]:
        if not budget.take_postings(found[term], first=not chosen):
            break
        chosen.append(term)
    return chosen
