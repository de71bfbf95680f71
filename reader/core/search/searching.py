"""Running a query on a searcher: hits with snippets for the returned rows only, did-you-mean."""

from __future__ import annotations

from whoosh import query as wq

from reader.core.search.analysis import stemmed_words
from reader.core.search.query import TermMatcher, as_you_type, highlight_matcher, make_parser, parse
from reader.core.search.results import Hit, SearchResults, Span
from reader.core.search.schema import build_schema
from reader.core.search.snippets import match_spans, snippet
from reader.core.search.suggest import suggest


class QueryTools:
    """The parser, analyzer and schema, built once per SearchIndex (building them costs ~ms)."""

    def __init__(self) -> None:
        self.schema = build_schema()
        self.analyzer = stemmed_words()
        self.parser = make_parser(self.schema)

    def query(self, text: str, searcher=None, prefix: bool = False) -> wq.Query:
        if prefix and searcher is not None:
            return as_you_type(text, self.parser, self.analyzer, searcher.reader())
        return parse(text, self.parser, self.analyzer)

    def run(self, searcher, original: str, text: str, limit: int, prefix: bool) -> SearchResults:
        q = self.query(text, searcher, prefix)
        if q is wq.NullQuery:
            return SearchResults(query=original, total=0, suggestion=None, hits=[])
        results = searcher.search(q, limit=limit)
        total = len(results)
        matcher = highlight_matcher(q)
        hits = [self._hit(hit, matcher) for hit in results]
        suggestion = suggest(searcher, text, self.analyzer) if not total else None
        return SearchResults(query=original, total=total, suggestion=suggestion, hits=hits)

    def _hit(self, hit, matcher: TermMatcher) -> Hit:
        fields = hit.fields()
        title = fields.get("title", "")
        text, spans = snippet(fields.get("body", ""), matcher, self.analyzer)
        return Hit(
            item_id=fields.get("item_id", ""),
            issue_id=fields.get("issue_id", ""),
            title=title,
            issue_title=fields.get("issue", ""),
            score=float(hit.score or 0.0),
            snippet=text,
            snippet_spans=spans,
            title_spans=match_spans(title, matcher, self.analyzer),
            date=fields.get("date") or None,
        )

    def spans(self, text: str, query: str, searcher=None) -> list[Span]:
        q = self.query(query, searcher, prefix=searcher is not None)
        return match_spans(text, highlight_matcher(q), self.analyzer)
