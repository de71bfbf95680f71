"""SearchIndex: the one object the CLI and the TUI use to keep the index current and search it.

Importing this module does not import Whoosh (start-up stays fast); the first update or search
does. Updates are serialised (a thread lock, and a lock file against other processes); searches
reuse one searcher, reopened only when the index on disk has changed. A search that finds the
index damaged says so in `error` and `damaged`; the next update rebuilds it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core import locations
from reader.core.sanitize import clean_line
from reader.core.search.manifest import MANIFEST_NAME, BuildStatus, ManifestFile
from reader.core.search.read.searchers import OpenIndex
from reader.core.search.results import RelatedItems, SearchResults, Span, UpdateReport
from reader.core.search.textprep import usable_text
from reader.core.search.write.folder import IndexFolder
from reader.core.search.write.updating import IndexUpdater
from reader.core.storage import describe_os_error

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.loading import LibraryLoader, LoadBatch
    from reader.core.search.context import FilterContext
    from reader.core.search.read.searching import QueryTools
    from reader.core.search.write.streaming import BuildCallback

SORTS = ("relevance", "newest", "oldest")  # as read/ranking.py (importing it would import Whoosh)
UNUSED_DAYS = 30  # a `--library` run's own index is deleted when no run has used it for this long
DEADLINE = 0.2  # seconds a search may take before it answers with what it found (incomplete)
RELATED_DEADLINE = 1.0  # the same for more like this


class SearchIndex:
    """The full-text index of a library's items, in `index_dir` (default: the user cache dir)."""

    def __init__(self, index_dir: Path | None = None, *, parallel: bool | str = True) -> None:
        """`parallel`: full builds of 500+ items may run one writer process per CPU, forked (True)
        or spawned ("spawn": safe in a process running threads, e.g. the app); False keeps every
        build in this process (see write/building.py)."""
        self.index_dir = Path(index_dir) if index_dir is not None else locations.index_dir()
        self.folder = IndexFolder(self.index_dir)
        self.parallel = parallel
        self._lock = threading.RLock()  # guards the searcher and the parser
        self._update_lock = threading.Lock()
        self._open = OpenIndex(self.index_dir)
        self._tools: QueryTools | None = None
        self._error: str | None = None
        self._tidied = False
        self.damaged: str | None = None
        self._status: tuple[int | None, BuildStatus | None] = (None, None)

    @classmethod
    def for_library(cls, paths: list[Path] | None, **options) -> SearchIndex:
        """The index of the configured library (`paths` None) or of a `--library` run. A run's
        own index is marked as used; those of runs not repeated for UNUSED_DAYS are deleted."""
        folder = locations.library_index_dir(paths)
        if paths is not None:
            prune_library_indexes(keep=folder)
        return cls(folder, **options)

    # -- state -------------------------------------------------------------------------------

    @property
    def error(self) -> str | None:
        """Why search is unavailable (unwritable cache folder, damaged index), else None."""
        return self._error

    def exists(self) -> bool:
        return self.folder.exists()

    def close(self) -> None:
        with self._lock:
            self._open.close()

    # -- updating ----------------------------------------------------------------------------

    def update(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
        *,
        wait: float = 0.0,
        verify: bool = False,
    ) -> UpdateReport:
        """Bring the index up to date with `library`; only changed digest files are touched.

        Safe to call from a worker thread while another thread searches. When another process
        holds the write lock the update is skipped after `wait` seconds (report.skipped).
        `verify`: also compare the index files with their checksums (a damaged index is rebuilt).
        The first update also removes what killed processes left beside the index.
        """
        return self._updating(lambda updater: (None, updater.run(library, progress, rebuild, wait, verify)))[
            1
        ]

    def update_while_loading(
        self,
        loader: LibraryLoader,
        progress: BuildCallback | None = None,
        on_batch: Callable[[LoadBatch], None] | None = None,
        **options: Any,
    ) -> tuple[Library | None, UpdateReport]:
        """Load `loader`'s library and bring the index up to date with it, overlapping the two:
        nothing changed means no library load at all (None unless `need_library`); a first
        build (or one interrupted) indexes each file as soon as it is parsed and commits in
        batches, searchable (partial) from the first commit; otherwise the library is loaded
        and the index updated as `update` does. `on_batch` sees each load batch, newest first.
        Options: rebuild, wait, verify (as `update`), need_library, background, early_commit
        (see write/streaming.py, where they are described)."""
        from reader.core.search.write.streaming import update_while_loading

        return self._updating(
            lambda updater: update_while_loading(updater, loader, progress, on_batch, **options)
        )

    def _updating(
        self, run: Callable[[IndexUpdater], tuple[Library | None, UpdateReport]]
    ) -> tuple[Library | None, UpdateReport]:
        started = time.perf_counter()
        library = None
        with self._update_lock:
            if not self._tidied:
                self._tidied = True
                self.folder.tidy()
            updater = IndexUpdater(self.folder, self._swap, parallel=self.parallel, damaged=self.damaged)
            try:
                library, report = run(updater)
                self._open.trust_next = report.changed or report.rebuilt
                self.damaged = updater.damaged
                self._error = self._damage_message() if self.damaged else None
            except OSError as exc:
                self._error = (
                    f"search is unavailable: the index in {self.index_dir} cannot be written "
                    f"({describe_os_error(exc)})"
                )
                report = UpdateReport(message=self._error, skipped=True)
        report.seconds = time.perf_counter() - started
        return library, report

    def build_status(self) -> BuildStatus | None:
        """How far the index's first build is (this process's or another's), or None when the
        index is complete or absent. Reads the manifest only when it changed (one stat)."""
        try:
            stamp = os.stat(self.index_dir / MANIFEST_NAME).st_mtime_ns
        except OSError:
            self._status = (None, None)
            return None
        if self._status[0] != stamp:
            manifest = ManifestFile(self.index_dir).peek()
            building = manifest.building if manifest is not None else None
            status = None
            if manifest is not None and building is not None:
                status = BuildStatus(len(manifest.files), building.files, manifest.item_count, building.pid)
            self._status = (stamp, status)
        return self._status[1]

    def is_current(self, library: Library) -> bool:
        """True when an update would find nothing to do (stats files; hashes only moved ones)."""
        return IndexUpdater(self.folder, self._swap, parallel=False, damaged=self.damaged).is_current(library)

    def _swap(self, built: Path, damaged: bool) -> Path | None:
        with self._lock:
            self._open.close()
            return self.folder.swap_in(built, damaged)

    def verify(self, full: bool = True) -> str | None:
        """Why the index cannot be trusted (checksums, and with `full` every document and posting
        read back), or None. For `digests doctor`; a damage found is remembered for the next update."""
        from reader.core.search.health import verify

        if not self.exists():
            return None
        problem = verify(self.index_dir, ManifestFile(self.index_dir).peek(), full=full)
        if problem:
            self._mark_damaged(problem)
        return problem

    # -- searching ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        offset: int = 0,
        sort: str = "relevance",
        context: FilterContext | None = None,
        as_you_type: bool = False,
        autocorrect: bool = False,
        deadline: float = DEADLINE,
        build: int | None = None,
    ) -> SearchResults:
        """One page of the items (and issue-level entries) matching `query`: Whoosh syntax plus
        filters (source:, date:, after:, before:, is:, tag:; read/filters.py), malformed syntax
        searching the plain words and a malformed filter left out with a message in `problems`.

        `offset`/`limit` pick the page (no cap: every match is reachable); `sort` is "relevance",
        "newest" or "oldest" (a query of filters alone lists newest first unless "oldest").
        `context` holds what is:/tag:/source: filters need (context.FilterContext). The next page
        of the same query reuses its ranking. An empty query finds nothing. When nothing is
        found, `suggestion` holds a corrected query; with `autocorrect` the corrected query's
        results are returned (`corrected_from` set). A search that hits a bound (expansion caps,
        `deadline` seconds) answers with what it found and sets `incomplete`. `build`: only the
        page's first hits are made (the rest: offset=build), ranked as the whole page. Never raises
        for any query: a damaged index gives no hits and sets `error`; an unknown `sort` is a ValueError.
        """
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        text = usable_text(clean_line(query or "")).strip()
        empty = SearchResults(
            query=query, total=0, suggestion=None, hits=[], offset=max(0, offset), sort=sort
        )
        if not text or limit <= 0:
            return empty
        with self._lock:
            searcher = self._searcher()
            if searcher is None:
                return empty
            tools = self._tools_()
            from reader.core.search.read.searching import Request

            request = Request(query, text, limit, max(0, offset), sort, as_you_type, context, build)
            try:
                results = tools.run(searcher, request, deadline)
                if autocorrect and not results.total and results.suggestion:
                    again = replace(request, query=results.suggestion, text=results.suggestion, prefix=False)
                    corrected = tools.run(searcher, again, deadline)
                    if corrected.total:
                        corrected.corrected_from = query
                        return corrected
            except Exception as exc:
                self._check(exc)
                return empty
            if not results.total:
                self._check(None)
            if self.damaged:
                return empty
            results.partial = self.build_status() is not None
            return results

    def count(
        self,
        query: str,
        context: FilterContext | None = None,
        *,
        unread: bool = False,
        deadline: float = DEADLINE,
    ) -> int:
        """How many items and issue entries `query` matches (with `unread`: how many unread items;
        without read marks in `context`, every item is unread), for the counts beside saved searches. Cheap when repeated: the words' matches are kept per
        open index, so after a read mark only the filters are worked out again. A count that
        reaches the deadline is a lower bound. Never raises (0 when search is unavailable)."""
        text = usable_text(clean_line(query or "")).strip()
        if not text and not unread:
            return 0
        with self._lock:
            searcher = self._searcher()
            if searcher is None:
                return 0
            try:
                return self._tools_().count(searcher, text, context, unread, deadline)
            except Exception as exc:
                self._check(exc)
                return 0

    def warm(self, *, filters: bool = False) -> None:
        """Open the searcher, read what every query needs (term tables, stored fields) and compare
        the index files with their checksums, so that the first search typed does not pay for
        it (~0.1 s on a 10k-item index). With `filters`, also read what date order and filters
        need (dates, sources, item ids: ~0.1 s more at 10k items, once per segment). Never raises."""
        self.search("warm up", limit=1, as_you_type=True)
        with self._lock:
            searcher = self._searcher()
            if searcher is not None:
                self._check(None)
            if searcher is not None and filters and not self.damaged:
                try:
                    self._tools_().state(searcher).warm()
                except Exception as exc:
                    self._check(exc)

    def related(self, item_id: str, limit: int = 10, *, deadline: float = RELATED_DEADLINE) -> RelatedItems:
        """Up to `limit` items of other issues most like `item_id` (more like this: its key terms
        searched for; read/related.py), each with its issue, date, a one-line snippet and a score.
        `known` is False for an item the index does not hold. Never raises."""
        nothing = RelatedItems(item_id, [], known=False)
        if not item_id:
            return nothing
        with self._lock:
            searcher = self._searcher()
            if searcher is None:
                return nothing
            tools = self._tools_()
            from reader.core.search.read.bounds import Budget, spending
            from reader.core.search.read.related import related_items

            try:
                with spending(Budget(deadline)) as budget:
                    table = tools.state(searcher).table
                    return related_items(searcher, table, tools.analyzer, item_id, limit, budget)
            except Exception as exc:
                self._check(exc)
                return nothing

    def forget_results(self) -> None:
        """Forget the rankings and counts kept for paging and saved-search counts, so that the
        next search of a query runs afresh (benchmarks use it to time repeated queries)."""
        with self._lock:
            if self._tools is not None:
                self._tools.forget_results()

    def match_spans(self, text: str, query: str, *, as_you_type: bool = False) -> list[Span]:
        """Character spans in `text` of the words `query` matches (stemmed), for highlighting."""
        cleaned = usable_text(clean_line(query or "")).strip()
        if not text or not cleaned:
            return []
        with self._lock:
            searcher = self._searcher() if as_you_type else None
            try:
                return self._tools_().spans(text, cleaned, searcher)
            except Exception as exc:
                if searcher is not None:
                    self._check(exc)
                return []

    # -- internals ---------------------------------------------------------------------------

    def _tools_(self) -> QueryTools:
        if self._tools is None:
            from reader.core.search.read.searching import QueryTools

            self._tools = QueryTools()
        return self._tools

    def _searcher(self):
        if self.damaged:
            return None
        searcher, problem = self._open.current()
        if problem:
            self._mark_damaged(problem)
        return searcher

    def _check(self, failure: BaseException | None) -> None:
        problem = self._open.damage(failure)
        if problem:
            self._mark_damaged(problem)

    def _mark_damaged(self, problem: str) -> None:
        self.damaged = problem[:300]
        self._error = self._damage_message()
        self._open.close()

    def _damage_message(self) -> str:
        return f"the search index is damaged ({self.damaged}); it will be rebuilt"


def prune_library_indexes(keep: Path | None = None, max_age_days: float = UNUSED_DAYS) -> list[Path]:
    """Delete the `--library` runs' indexes (and their damaged copies moved aside) unused for
    `max_age_days`; `keep` is marked as used now. An index being updated (its lock file held)
    is left. Returns the deleted folders. Never raises: a cache we cannot tidy is left as it is."""
    from filelock import FileLock, Timeout

    parent = locations.library_indexes_dir()
    deleted = []
    try:
        if keep is not None and keep.is_dir():
            os.utime(keep)
        cutoff = time.time() - max_age_days * 86400
        for folder in sorted(parent.iterdir()) if parent.is_dir() else []:
            key = folder.name.split(".")[0]
            if (
                folder == keep
                or not folder.is_dir()
                or not locations.LIBRARY_INDEX_NAME.fullmatch(key)
                or folder.stat().st_mtime >= cutoff
            ):
                continue
            lock_path = parent / f"{key}.lock"
            try:
                with FileLock(str(lock_path), timeout=0):
                    shutil.rmtree(folder, ignore_errors=True)
            except Timeout:
                continue
            deleted.append(folder)
            if not (parent / key).exists():
                lock_path.unlink(missing_ok=True)
    except OSError:
        pass
    return deleted
