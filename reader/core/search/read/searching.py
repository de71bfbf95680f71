"""Running a query on a searcher: filters, a ranking paged through, hits with snippets for the
returned rows only, did-you-mean."""

from __future__ import annotations

from dataclasses import dataclass, replace

from whoosh import query as wq
from whoosh.collectors import TopCollector

from reader.core.search.analysis import stemmed_words
from reader.core.search.context import FilterContext
from reader.core.search.read.bounds import (
    Budget,
    DeadlineCollector,
    Interrupted,
    bounded,
    matching_docs,
    spending,
)
from reader.core.search.read.doctable import SegmentTables
from reader.core.search.read.filters import STATE, Filter, split_filters
from reader.core.search.read.fuzzy import expand_fuzzy
from reader.core.search.read.prefix import PrefixQueries, as_you_type, estimate
from reader.core.search.read.query import TermMatcher, highlight_matcher, make_parser, parse
from reader.core.search.read.ranking import (
    NEWEST,
    OLDEST,
    RELEVANCE,
    Ranking,
    SearcherState,
    dated_ranking,
    depth_for,
    filtered_ranking,
)
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


def collect(searcher, q: wq.Query, limit: int, budget: Budget | None = None, allowed=None):
    """The top `limit` hits and the number of matches (among `allowed` document numbers), in one
    pass over every match (until the budget's deadline: then the matches found so far, the budget
    marked incomplete).

    Whoosh's default (block-quality skipping plus matcher `replace()`) returns wrong scores for Or
    queries (replace() drops a branch's share of a document's score) and needs a second pass to
    count; measured here, the plain pass is as fast or faster except for huge single unions.
    """
    collector = TopCollector(limit=limit, usequality=False, replace=0)
    try:
        searcher.search_with_collector(q, DeadlineCollector(collector, budget or Budget(3600), allowed))
    except Interrupted:
        pass
    return collector.results()


@dataclass
class Request:
    """One search: `text` is the query cleaned (`query` as typed, for the results)."""

    query: str
    text: str
    limit: int
    offset: int = 0
    sort: str = RELEVANCE
    prefix: bool = False
    context: FilterContext | None = None
    build: int | None = None  # hits made (snippets): the first of the page; ranked as the whole page


def needed(request: Request) -> int:
    """How many documents of the ranking a request needs: up to the end of its page, or with
    `build` up to the last hit made now (at least one, so that an empty page is not ranked)."""
    end = request.offset + request.limit
    if request.build is not None:
        end = min(end, request.offset + max(1, request.build))
    return end


DOCSET_SHARE = 0.25  # filters allowing at most this share of the documents join the query


class QueryTools:
    """The parser, analyzer and schema, built once per SearchIndex (building them costs ~ms), and
    what the open searcher keeps between searches."""

    def __init__(self) -> None:
        self.schema = build_schema()
        self.analyzer = stemmed_words()
        self.parser = make_parser(self.schema)
        self._segments = SegmentTables()
        self._state: SearcherState | None = None

    def state(self, searcher) -> SearcherState:
        if self._state is None or self._state.searcher is not searcher:
            self._state = SearcherState(searcher, self._segments)
        return self._state

    def forget_results(self) -> None:
        if self._state is not None:
            self._state.forget_results()

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

    def run(self, searcher, request: Request, deadline: float) -> SearchResults:
        """One page of results. As you type, titles first: when the title-only variant fills the
        hits asked for (the page, or with `build` the hits made now), its hits stand and the total
        is estimated; else the text variant's hits follow them (prefix.py). The title hits lead
        the whole ranking either way, so the hits made now are those the full page starts with;
        the rest of the page (asked with offset=build) ranks the text variant too."""
        with spending(Budget(deadline)) as budget:
            split = split_filters(request.text)
            state = self.state(searcher)
            restriction = state.restriction(split.filters, request.context)
            words = split.words.strip()
            key = (words, request.prefix and not split.words_done, request.sort, restriction.key)
            end = request.offset + request.limit
            made = end if request.build is None else min(end, request.offset + max(0, request.build))
            ranking = state.ranking(key)
            if ranking is None or not ranking.covers(needed(request)):
                depth = depth_for(request.offset, request.limit)
                ranking = self._rank(
                    searcher, state, words, request, restriction, depth, budget, split.words_done
                )
                state.remember(key, ranking)
            verdicts = ranking.verdicts or Verdicts(ranking.matcher, self.analyzer)
            hits = [
                self._hit(searcher, docnum, score, ranking.matcher, verdicts)
                for docnum, score in zip(
                    ranking.docs[request.offset : made], ranking.scores[request.offset : made], strict=True
                )
            ]
            suggestion = None
            if not ranking.total and words and not budget.expired():
                unfinished = request.prefix and not split.words_done
                corrected = suggest(searcher, words, self.analyzer, budget, state.corrections, unfinished)
                suggestion = split.with_words(corrected) if corrected else None
            return SearchResults(
                query=request.query,
                total=ranking.total,
                suggestion=suggestion,
                hits=hits,
                total_is_estimate=ranking.estimated,
                incomplete=ranking.incomplete_search,
                offset=request.offset,
                sort=request.sort if words or request.sort != RELEVANCE else NEWEST,
                filters=restriction.applied,
                problems=split.problems + restriction.problems,
            )

    def count(self, searcher, text: str, context: FilterContext | None, unread: bool, deadline: float) -> int:
        """How many documents `text` matches (with `unread`: also is:unread)."""
        with spending(Budget(deadline)) as budget:
            split = split_filters(text)
            if unread:
                split.filters.append(Filter(STATE, "unread", typed="is:unread"))
                if context is None or context.read is None:  # no read marks: nothing is read
                    context = replace(context or FilterContext(), read=frozenset())
            state = self.state(searcher)
            allowed = state.restriction(split.filters, context).allowed
            words = split.words.strip()
            if not words:
                return len(allowed) if allowed is not None else 0
            docs = state.matches(words)
            if docs is None:
                q = self.queries(words, searcher, False, budget).full
                found = matching_docs(searcher, q, budget) if q is not wq.NullQuery else []
                docs = state.remember_matches(words, found, complete=not budget.incomplete)
            if allowed is None:
                return len(docs)
            return sum(1 for docnum in docs if docnum in allowed)

    def _rank(
        self,
        searcher,
        state: SearcherState,
        words: str,
        request: Request,
        restriction,
        depth,
        budget,
        words_done: bool = False,
    ) -> Ranking:
        if not words:  # filters alone (or nothing): what they allow, newest first unless asked
            if restriction.allowed is None:
                return Ranking([], [], 0, complete=True)
            return filtered_ranking(state.table, restriction.allowed, newest=request.sort != OLDEST)
        queries = self.queries(words, searcher, request.prefix and not words_done, budget)
        matcher = highlight_matcher(queries.full)
        allowed = restriction.allowed
        if allowed is not None and len(allowed) <= DOCSET_SHARE * searcher.doc_count_all():
            # A narrow filter joins the query with And: the matchers skip what it rules out.
            # A wide one is cheaper to check per match.
            docset = state.docset(restriction)
            queries.full = wq.And([queries.full, docset])
            if queries.title_first is not None:
                queries.title_first = wq.And([queries.title_first, docset])
            allowed = None
        if queries.full is wq.NullQuery:
            ranking = Ranking([], [], 0, complete=True)
        elif request.sort != RELEVANCE:
            docs = matching_docs(searcher, queries.full, budget, allowed)
            ranking = dated_ranking(docs, state.table, request.sort == NEWEST, budget)
        else:
            ranking = self._relevance(searcher, queries, depth, needed(request), budget, allowed)
        ranking.matcher, ranking.verdicts = matcher, Verdicts(matcher, self.analyzer)
        ranking.incomplete_search = budget.incomplete
        return ranking

    def _relevance(
        self, searcher, queries: PrefixQueries, depth: int, end: int, budget: Budget, allowed
    ) -> Ranking:
        """The top `depth` by relevance; as you type, the title matches alone when they reach
        `end` (the hits asked for now): then the total is estimated."""
        found: list[tuple[int, float]] = []
        estimated = False
        total = 0
        if queries.title_first is not None:
            try:
                titled = collect(searcher, queries.title_first, depth, budget, allowed)
            except Exception:
                titled = None  # (IndexError): the full query answers alone; real damage fails there too
            if titled is not None:
                found = list(titled.items())
                estimated = len(found) >= end
                if estimated:
                    guess = estimate(queries.full, searcher.reader())
                    if allowed is not None:
                        guess = round(guess * len(allowed) / max(1, searcher.doc_count()))
                    total = max(len(titled), guess)
        if not estimated:
            results = collect(searcher, queries.full, depth, budget, allowed)
            seen = {docnum for docnum, _ in found}
            found += [pair for pair in results.items() if pair[0] not in seen][: depth - len(found)]
            total = max(len(results), len(found))
        return Ranking(
            [docnum for docnum, _ in found],
            [float(score or 0.0) for _, score in found],
            total,
            estimated=estimated,
            complete=not estimated and len(found) >= total,
        )

    def _hit(self, searcher, docnum: int, score: float, matcher: TermMatcher, verdicts: Verdicts) -> Hit:
        fields = searcher.stored_fields(docnum)
        title = fields.get("title", "")
        text, spans = snippet(fields.get("body", ""), matcher, self.analyzer, verdicts)
        kind = fields.get("kind", ITEM)
        return Hit(
            item_id=fields.get("item_id", "") if kind == ITEM else None,
            issue_id=fields.get("issue_id", ""),
            title=title,
            issue_title=fields.get("issue", ""),
            score=score,
            snippet=text,
            snippet_spans=spans,
            title_spans=match_spans(title, matcher, self.analyzer),
            date=fields.get("date") or None,
            kind=kind,
        )

    def spans(self, text: str, query: str, searcher=None) -> list[Span]:
        words = split_filters(query).words
        q = self.queries(words, searcher, prefix=searcher is not None).full
        return match_spans(text, highlight_matcher(q), self.analyzer)
