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
    matched words in it."""

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
    """Ranked hits for `query`. `total` counts every match, `hits` only the first `limit`.

    `suggestion` is a corrected query when nothing was found; `corrected_from` is the original
    query when these results are already those of the corrected one. `total_is_estimate`: the
    total was estimated (as you type, when title matches fill the page). `incomplete`: the search
    reached a bound (too many words matched a pattern, or its deadline passed), so other matches
    may exist. `partial`: the index was still being built (its first build commits in batches):
    files not indexed yet may match too.
    """

    query: str
    total: int
    suggestion: str | None
    hits: list[Hit]
    corrected_from: str | None = None
    total_is_estimate: bool = False
    incomplete: bool = False
    partial: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "total_is_estimate": self.total_is_estimate,
            "incomplete": self.incomplete,
            "partial": self.partial,
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "hits": [hit.to_json() for hit in self.hits],
        }
