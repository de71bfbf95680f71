"""Running a query on a searcher: hits with snippets for the returned rows only, did-you-mean."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.collectors import TopCollector

from reader.core.search.analysis import stemmed_words
from reader.core.search.fuzzy import expand_fuzzy
from reader.core.search.prefix import PrefixQueries, as_you_type, estimate
from reader.core.search.query import TermMatcher, highlight_matcher, make_parser, parse
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

    def queries(self, text: str, searcher=None, prefix: bool = False) -> PrefixQueries:
        if searcher is None:
            return PrefixQueries(parse(text, self.parser, self.analyzer))
        reader = searcher.reader()
        queries = as_you_type(text, self.parser, self.analyzer, reader) if prefix else \
            PrefixQueries(parse(text, self.parser, self.analyzer))
        queries.full = expand_fuzzy(queries.full, reader)
        if queries.title_first is not None:
            queries.title_first = expand_fuzzy(queries.title_first, reader)
        return queries

    def run(self, searcher, original: str, text: str, limit: int, prefix: bool) -> SearchResults:
        """Search; as you type, try the title-first variant and estimate the total (see prefix.py)."""
        queries = self.queries(text, searcher, prefix)
        if queries.full is wq.NullQuery:
            return SearchResults(query=original, total=0, suggestion=None, hits=[])
        results = None
        if queries.title_first is not None:
            results = searcher.search(queries.title_first, limit=limit)
            if results.scored_length() < limit:
                results = None
        if results is None:
            results = self._collect(searcher, queries.full, limit, count=not prefix)
        found = results.scored_length()
        estimated = prefix and found >= limit
        if found < limit:  # the heap never filled, so nothing was skipped: all matches are here
            total = found
        else:
            total = max(found, estimate(queries.full, searcher.reader()) if estimated else len(results))
        matcher = highlight_matcher(queries.full, searcher.reader())
        hits = [self._hit(hit, matcher) for hit in results]
        suggestion = suggest(searcher, text, self.analyzer) if not total else None
        return SearchResults(query=original, total=total, suggestion=suggestion, hits=hits,
                             total_is_estimate=estimated)

    @staticmethod
    def _collect(searcher, q: wq.Query, limit: int, count: bool):
        """Top `limit` hits. With `count`, one pass that scores and counts every match: faster here
        than Whoosh's block-skipping pass plus a second counting pass (its replace() pruning also
        makes counts wrong when skipping is merely switched off, hence replace=0)."""
        if not count:
            return searcher.search(q, limit=limit)
        collector = TopCollector(limit=limit, usequality=False, replace=0)
        searcher.search_with_collector(q, collector)
        return collector.results()

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
        q = self.queries(query, searcher, prefix=searcher is not None).full
        return match_spans(text, highlight_matcher(q, searcher.reader() if searcher else None), self.analyzer)
