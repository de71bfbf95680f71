"""Messages the background workers post to the app (workers never touch widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from reader.core.library import Library


class LibraryLoaded(Message):
    def __init__(self, library: Library, seconds: float) -> None:
        super().__init__()
        self.library = library
        self.seconds = seconds


class LoadProgress(Message):
    """Files parsed so far; or, with `error`, why loading failed."""

    def __init__(self, done: int, total: int, error: str | None = None) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.error = error


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexReady(Message):
    """The search index is up to date (`error` None) or unavailable (`error` says why).

    `final` is False when an existing index is usable while its update still runs.
    """

    def __init__(self, report: Any | None, error: str | None, final: bool = True) -> None:
        super().__init__()
        self.report = report
        self.error = error
        self.final = final


class SearchDone(Message):
    def __init__(self, generation: int, query: str, results: Any | None, error: str | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.results = results
        self.error = error
