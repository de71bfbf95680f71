"""Running a query on a searcher: hits with snippets for the returned rows only, did-you-mean."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.collectors import TopCollector

from reader.core.search.analysis import stemmed_words
from reader.core.search.read.bounds import Budget, DeadlineCollector, Interrupted, bounded, spending
from reader.core.search.read.fuzzy import expand_fuzzy
from reader.core.search.read.prefix import PrefixQueries, as_you_type, estimate
from reader.core.search.read.query import TermMatcher, highlight_matcher, make_parser, parse
from reader.core.search.read.snippets import Verdicts, match_spans, snippet
from reader.core.search.read.suggest import suggest
from reader.core.search.results import Hit, SearchResults, Span
from reader.core.search.schema import ITEM, build_schema


def tree_unions(q: wq.Query) -> wq.Query:
    """Make every Or use Whoosh's union-matcher tree. On segments of up to 5,000 documents Whoosh
    picks its ArrayUnionMatcher instead, which loses top hits under its block-quality skipping
    (found by bench: top-scored items missing from an And of two Ors) and reads whole unions that
    an And with a rare word never needs."""

    def tree(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Or):
            node.matcher_type = wq.Or.DEFAULT_MATCHER
        return node

    return q.accept(tree)


def collect(searcher, q: wq.Query, limit: int, budget: Budget | None = None):
    """The top `limit` hits and the number of matches, in one pass over every match (until the
    budget's deadline: then the matches found so far, the budget marked incomplete).

    Whoosh's default (block-quality skipping plus matcher `replace()`) returns wrong scores for Or
    queries (replace() drops a branch's share of a document's score) and needs a second pass to
    count; measured here, the plain pass is as fast or faster except for huge single unions.
    """
    collector = TopCollector(limit=limit, usequality=False, replace=0)
    try:
        searcher.search_with_collector(q, DeadlineCollector(collector, budget) if budget else collector)
    except Interrupted:
        pass
    return collector.results()


class QueryTools:
    """The parser, analyzer and schema, built once per SearchIndex (building them costs ~ms)."""

    def __init__(self) -> None:
        self.schema = build_schema()
        self.analyzer = stemmed_words()
        self.parser = make_parser(self.schema)

    def queries(
        self, text: str, searcher=None, prefix: bool = False, budget: Budget | None = None
    ) -> PrefixQueries:
        """The query for `text`; with a searcher, patterns and fuzzy words expanded within bounds."""
        if searcher is None:
            return PrefixQueries(parse(text, self.parser, self.analyzer))
        budget = budget or Budget(1.0)
        reader = searcher.reader()
        queries = (
            as_you_type(text, self.parser, self.analyzer, reader)
            if prefix
            else PrefixQueries(parse(text, self.parser, self.analyzer))
        )
        queries.full = tree_unions(bounded(expand_fuzzy(queries.full, reader, budget), reader, budget))
        if queries.title_first is not None:
            title = bounded(expand_fuzzy(queries.title_first, reader, budget), reader, budget)
            queries.title_first = tree_unions(title)
        return queries

    def run(
        self, searcher, original: str, text: str, limit: int, prefix: bool, deadline: float
    ) -> SearchResults:
        """Search. As you type, titles first: when the title-only variant fills `limit`, its hits
        stand and the total is estimated; else the text variant's hits follow them (prefix.py)."""
        with spending(Budget(deadline)) as budget:
            return self._run(searcher, original, text, limit, prefix, budget)

    def _run(
        self, searcher, original: str, text: str, limit: int, prefix: bool, budget: Budget
    ) -> SearchResults:
        queries = self.queries(text, searcher, prefix, budget)
        if queries.full is wq.NullQuery:
            return SearchResults(
                query=original, total=0, suggestion=None, hits=[], incomplete=budget.incomplete
            )
        found: list = []
        estimated = False
        titled = None
        if queries.title_first is not None:
            try:
                titled = collect(searcher, queries.title_first, limit, budget)
            except Exception:
                titled = None  # (IndexError): the full query answers alone; real damage fails there too
        if titled is not None:
            found = list(titled)
            estimated = len(found) >= limit
            total = max(len(titled), estimate(queries.full, searcher.reader())) if estimated else 0
        if not estimated:
            results = collect(searcher, queries.full, limit, budget)
            seen = {hit.docnum for hit in found}
            found += [hit for hit in results if hit.docnum not in seen][: limit - len(found)]
            total = max(len(results), len(found))
        matcher = highlight_matcher(queries.full)
        verdicts = Verdicts(matcher, self.analyzer)  # each word analyzed once for all the snippets
        hits = [self._hit(hit, matcher, verdicts) for hit in found]
        suggestion = suggest(searcher, text, self.analyzer, budget) if not total else None
        return SearchResults(
            query=original,
            total=total,
            suggestion=suggestion,
            hits=hits,
            total_is_estimate=estimated,
            incomplete=budget.incomplete,
        )

    def _hit(self, hit, matcher: TermMatcher, verdicts: Verdicts) -> Hit:
        fields = hit.fields()
        title = fields.get("title", "")
        text, spans = snippet(fields.get("body", ""), matcher, self.analyzer, verdicts)
        kind = fields.get("kind", ITEM)
        return Hit(
            item_id=fields.get("item_id", "") if kind == ITEM else None,
            issue_id=fields.get("issue_id", ""),
            title=title,
            issue_title=fields.get("issue", ""),
            score=float(hit.score or 0.0),
            snippet=text,
            snippet_spans=spans,
            title_spans=match_spans(title, matcher, self.analyzer),
            date=fields.get("date") or None,
            kind=kind,
        )

    def spans(self, text: str, query: str, searcher=None) -> list[Span]:
        q = self.queries(query, searcher, prefix=searcher is not None).full
        return match_spans(text, highlight_matcher(q), self.analyzer)
