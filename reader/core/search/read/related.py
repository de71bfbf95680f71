"""More like this: the items of other issues most similar to one item.

Whoosh's `more_like` done with its public parts: the item's key terms are picked from its
title (counted thrice: it names the subject) and text with Whoosh's Expander (the Bo1 model of
`key_terms_from_text`), leaving out terms found in no other document (names and typos that would
find nothing) and terms found in more than MAX_TERM_SHARE of the documents (they say little); the
terms, weighted, are looked for in other items' titles (boosted as in searches) and text, in one
flat union, collected without the item's own issue and the issue-level documents.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.classify import Bo1Model, Expander
from whoosh.collectors import TopCollector

from reader.core.sanitize import clean_line
from reader.core.search.read.bounds import Budget, DeadlineCollector, Interrupted
from reader.core.search.read.doctable import DocTable
from reader.core.search.read.query import TermMatcher
from reader.core.search.read.snippets import snippet
from reader.core.search.read.unions import PreloadedUnion
from reader.core.search.results import RelatedItem, RelatedItems
from reader.core.search.schema import FIELD_BOOSTS, ITEM
from reader.core.search.textprep import without_urls

FIELD = "text"
FIELDS = ("title", "text")  # where the key terms are looked for in other items (DEFAULT_FIELDS)
TITLE_WEIGHT = 2  # the item's title counts this many more times when picking its key terms
KEY_TERMS = 12  # terms searched for
CANDIDATES = 40  # best-weighted terms looked at to find them
MAX_TERM_SHARE = 0.05  # terms in more documents than this share are left out
MIN_TERM_CAP = 20  # (but not fewer than this many: a small library has few of each)
MAX_TEXT = 20_000  # characters of a long item read for its key terms


def key_terms(searcher, text: str) -> list[tuple[str, float]]:
    """The item's most telling terms with their weights (Bo1), as `more_like` would pick them."""
    reader = searcher.reader()
    expander = Expander(reader, FIELD, model=Bo1Model)
    expander.add_text(text[:MAX_TEXT])
    most = max(MIN_TERM_CAP, int(reader.doc_count() * MAX_TERM_SHARE))
    chosen = []
    for term, weight in expander.expanded_terms(CANDIDATES, normalize=True):
        if 2 <= reader.doc_frequency(FIELD, term) <= most:
            chosen.append((term, weight))
            if len(chosen) == KEY_TERMS:
                break
    return chosen


def related_items(
    searcher, table: DocTable, analyzer, item_id: str, limit: int, budget: Budget
) -> RelatedItems:
    """Up to `limit` items of other issues like `item_id`, most similar first."""
    docnum = searcher.document_number(key=f"{ITEM} {item_id}")
    if docnum is None:
        return RelatedItems(item_id, [], known=False)
    fields = searcher.stored_fields(docnum)
    title = fields.get("title", "")
    text = f"{title}\n{without_urls(fields.get('body', ''))}"
    terms = key_terms(searcher, f"{title}\n" * TITLE_WEIGHT + text)
    words = spelled(text, [term for term, _ in terms], analyzer)
    if not terms or limit <= 0:
        return RelatedItems(item_id, [], terms=words)
    same_issue = {
        d
        for d in searcher.docs_for_query(wq.Term("issue_id", fields.get("issue_id", "")))
        if d in table.live()
    }
    allowed = table.item_docs() - same_issue
    collector = TopCollector(limit=limit, usequality=False, replace=0)
    query = PreloadedUnion(
        [
            wq.Term(field, term, boost=weight * FIELD_BOOSTS[field])
            for term, weight in terms
            for field in FIELDS
        ]
    )
    try:
        searcher.search_with_collector(query, DeadlineCollector(collector, budget, allowed))
    except Interrupted:
        pass
    matcher = TermMatcher(exact={term for term, _ in terms})
    found = []
    for other, score in collector.results().items():
        stored = searcher.stored_fields(other)
        text, _ = snippet(stored.get("body", ""), matcher, analyzer)
        found.append(
            RelatedItem(
                item_id=stored.get("item_id", ""),
                issue_id=stored.get("issue_id", ""),
                title=stored.get("title", ""),
                issue_title=stored.get("issue", ""),
                date=stored.get("date") or None,
                snippet=clean_line(text),
                score=float(score or 0.0),
            )
        )
    return RelatedItems(item_id, found, terms=words, incomplete=budget.incomplete)


def spelled(text: str, terms: list[str], analyzer) -> list[str]:
    """Each term (a stem) as the item first writes it, lower-cased: 'anneal' -> 'annealing'."""
    wanted = set(terms)
    written: dict[str, str] = {}
    for term, start, end in analyzer.spans(text[:MAX_TEXT]):
        if term in wanted and term not in written:
            written[term] = text[start:end].lower()
    return [written.get(term, term) for term in terms]
