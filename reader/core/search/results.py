"""What searching and indexing return. Plain dataclasses: importing them never imports Whoosh."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass
class UpdateReport:
    """What an index update did, in items, and how long it took.

    `message` says why the update was unusual: the index was built or rebuilt (and why), or the
    update was skipped (another process holds the write lock, the cache folder is unwritable).
    """

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    message: str | None = None
    skipped: bool = False
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line for people: 'added 3, updated 1, removed 0 items (12 unchanged) in 0.21 s'."""
        return (
            f"added {self.added}, updated {self.updated}, removed {self.removed} items "
            f"({self.unchanged} unchanged) in {self.seconds:.2f} s"
        )


@dataclass
class Hit:
    """One match: an item (`kind` "item") or an issue's intro, sign-off and links (`kind` "issue",
    `item_id` None; it opens the issue view). `snippet` is plain text; `snippet_spans` mark the
    matched words in it. `score` is the relevance (0 in results sorted by date)."""

    item_id: str | None
    issue_id: str
    title: str
    issue_title: str
    score: float
    snippet: str
    snippet_spans: list[Span] = field(default_factory=list)
    title_spans: list[Span] = field(default_factory=list)
    date: str | None = None
    kind: str = "item"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "item_id": self.item_id,
            "issue_id": self.issue_id,
            "title": self.title,
            "issue_title": self.issue_title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "snippet_spans": [list(span) for span in self.snippet_spans],
            "date": self.date,
        }


@dataclass
class SearchResults:
    """One page of ranked hits for `query`: `total` counts every match, `hits` holds those from
    `offset` (at most the `limit` asked for), in the `sort` order asked for.

    `suggestion` is a corrected query when nothing was found; `corrected_from` is the original
    query when these results are already those of the corrected one. `total_is_estimate`: the
    total was estimated (as you type, when title matches fill the page). `incomplete`: the search
    reached a bound (too many words matched a pattern, or its deadline passed), so other matches
    may exist. `filters` describes the filters applied (source:, date:, is:, tag:), `problems`
    says why a filter was left out (malformed, unknown source, state not given). `partial`: the index was still being built (its first build commits in batches):
    files not indexed yet may match too.
    """

    query: str
    total: int
    suggestion: str | None
    hits: list[Hit]
    corrected_from: str | None = None
    total_is_estimate: bool = False
    incomplete: bool = False
    offset: int = 0
    sort: str = "relevance"
    filters: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    partial: bool = False

    @property
    def has_more(self) -> bool:
        """Whether a page after this one may hold hits (ask with offset + len(hits))."""
        return bool(self.hits) and (self.offset + len(self.hits) < self.total or self.total_is_estimate)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "total_is_estimate": self.total_is_estimate,
            "incomplete": self.incomplete,
            "partial": self.partial,
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "offset": self.offset,
            "sort": self.sort,
            "filters": list(self.filters),
            "problems": list(self.problems),
            "hits": [hit.to_json() for hit in self.hits],
        }


@dataclass
class RelatedItem:
    """An item like another one (`SearchIndex.related`): where it is, a one-line snippet around
    the shared key terms, and how alike (a search score: higher is more alike)."""

    item_id: str
    issue_id: str
    title: str
    issue_title: str
    date: str | None
    snippet: str
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "issue_id": self.issue_id,
            "title": self.title,
            "issue_title": self.issue_title,
            "date": self.date,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


@dataclass
class RelatedItems:
    """The items of other issues most like `item_id`, most alike first. `known` is False when the
    index holds no such item; `terms` are the key terms searched for (as the item writes them);
    `incomplete`: the search reached its deadline (the items found so far)."""

    item_id: str
    related: list[RelatedItem]
    known: bool = True
    terms: list[str] = field(default_factory=list)
    incomplete: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "related": [item.to_json() for item in self.related]}
