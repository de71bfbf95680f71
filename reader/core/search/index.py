"""SearchIndex: the one object the CLI and the TUI use to keep the index current and search it.

Importing this module does not import Whoosh (start-up stays fast); the first update or search
does. Updates are serialised (a thread lock, and a lock file against other processes); searches
reuse one searcher, reopened only when the index on disk has changed.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import locations
from reader.core.sanitize import clean_line
from reader.core.search.manifest import ManifestFile, index_snapshot
from reader.core.search.results import SearchResults, Span, UpdateReport
from reader.core.search.textprep import usable_text
from reader.core.search.write.updating import IndexUpdater
from reader.core.storage import describe_os_error

if TYPE_CHECKING:
    from reader.core.library import Library

UNUSED_DAYS = 30  # a `--library` run's own index is deleted when no run has used it for this long
OPEN_ATTEMPTS = 3  # opening races with another process's commit are retried, not taken for damage
LOCKED_MESSAGE = (
    "search index not updated: another Digest Reader is updating it right now; "
    "searching uses the index as it is"
)


class SearchIndex:
    """The full-text index of a library's items, in `index_dir` (default: the user cache dir)."""

    def __init__(self, index_dir: Path | None = None, *, parallel: bool | str = True) -> None:
        """`parallel`: full builds of 500+ items may run one writer process per CPU, forked (True)
        or spawned ("spawn": safe in a process running threads, e.g. the app); False keeps every
        build in this process (see building.py)."""
        self.index_dir = Path(index_dir) if index_dir is not None else locations.index_dir()
        self.parallel = parallel
        self._lock = threading.RLock()  # guards the searcher and the parser
        self._update_lock = threading.Lock()
        self._searcher = None
        self._stamp: tuple | None = None
        self._tools = None
        self._error: str | None = None
        self.damaged: str | None = None

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
        return _newest_toc(self.index_dir) is not None

    def close(self) -> None:
        with self._lock:
            self._drop_searcher()

    # -- updating ----------------------------------------------------------------------------

    def update(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
        *,
        wait: float = 0.0,
    ) -> UpdateReport:
        """Bring the index up to date with `library`; only changed digest files are touched.

        Safe to call from a worker thread while another thread searches. When another process
        holds the write lock the update is skipped after `wait` seconds (report.skipped).
        """
        started = time.perf_counter()
        with self._update_lock:
            try:
                report = IndexUpdater(self).run(library, progress, rebuild, wait)
                self._error = None
            except OSError as exc:
                self._error = (
                    f"search is unavailable: the index in {self.index_dir} cannot be written "
                    f"({describe_os_error(exc)})"
                )
                report = UpdateReport(message=self._error, skipped=True)
        report.seconds = time.perf_counter() - started
        return report

    def is_current(self, library: Library) -> bool:
        """True when an update would find nothing to do (stats files; hashes only moved ones)."""
        return IndexUpdater(self).is_current(library)

    @contextmanager
    def writing(self, wait: float) -> Iterator[bool]:
        """Hold the cross-process update lock (a file next to the index); yields False if busy."""
        from filelock import FileLock, Timeout

        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.index_dir.with_name(self.index_dir.name + ".lock")), timeout=wait)
        try:
            lock.acquire()
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def replace_folder(self, built: Path, damaged: bool) -> Path | None:
        """Put a freshly built index folder in place; a damaged old one is moved aside (returned)."""
        from reader.core.storage import move_aside

        with self._lock:
            self._drop_searcher()
            aside = None
            if self.index_dir.exists():
                if damaged:
                    aside = move_aside(self.index_dir, "damaged")
                else:
                    old = self.index_dir.with_name(f".{self.index_dir.name}.old-{os.getpid()}")
                    shutil.rmtree(old, ignore_errors=True)
                    os.replace(self.index_dir, old)
                    shutil.rmtree(old, ignore_errors=True)
            os.replace(built, self.index_dir)
            self.damaged = None
            return aside

    def manifest_file(self) -> ManifestFile:
        return ManifestFile(self.index_dir)

    def snapshot(self) -> dict[str, list[int]]:
        return index_snapshot(self.index_dir)

    # -- searching ---------------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 20, *, as_you_type: bool = False, autocorrect: bool = False
    ) -> SearchResults:
        """Ranked items matching `query` (Whoosh syntax; malformed syntax searches the plain words).

        An empty query finds nothing. When nothing is found, `suggestion` holds a corrected query;
        with `autocorrect` the corrected query's results are returned (`corrected_from` set).
        Never raises: a damaged index gives no hits and sets `error`.
        """
        text = usable_text(clean_line(query or "")).strip()
        empty = SearchResults(query=query, total=0, suggestion=None, hits=[])
        if not text or limit <= 0:
            return empty
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return empty
            try:
                results = self._tools_().run(searcher, query, text, limit, as_you_type)
                if autocorrect and not results.total and results.suggestion:
                    corrected = self._tools_().run(
                        searcher, results.suggestion, results.suggestion, limit, False
                    )
                    if corrected.total:
                        corrected.corrected_from = query
                        return corrected
                return results
            except Exception as exc:
                self._failed(exc, searcher)
                return empty

    def warm(self) -> None:
        """Open the searcher and read what every query needs (term tables, stored fields), so the
        first search typed does not pay for it (~0.1 s on a 10k-item index). Never raises."""
        self.search("warm up", limit=1, as_you_type=True)

    def match_spans(self, text: str, query: str, *, as_you_type: bool = False) -> list[Span]:
        """Character spans in `text` of the words `query` matches (stemmed), for highlighting."""
        cleaned = usable_text(clean_line(query or "")).strip()
        if not text or not cleaned:
            return []
        with self._lock:
            searcher = self._current_searcher() if as_you_type else None
            try:
                return self._tools_().spans(text, cleaned, searcher)
            except Exception as exc:
                if searcher is not None:
                    self._failed(exc, searcher)
                return []

    # -- internals ---------------------------------------------------------------------------

    def _tools_(self):
        if self._tools is None:
            from reader.core.search.read.searching import QueryTools

            self._tools = QueryTools()
        return self._tools

    def _current_searcher(self):
        """The searcher of the newest index on disk, reopened when it changed; None if none."""
        stamp = _newest_toc(self.index_dir)
        if stamp is None:
            self._drop_searcher()
            return None
        if self._searcher is not None and stamp == self._stamp:
            return self._searcher
        self._drop_searcher()
        from whoosh.filedb.filestore import FileStorage

        from reader.core.search.viewfile import install

        install()  # segment parts read in place, not copied (memory)

        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._searcher = FileStorage(str(self.index_dir)).open_index().searcher()
            except Exception as exc:
                newer = _newest_toc(self.index_dir)
                if newer == stamp or attempt == OPEN_ATTEMPTS - 1:
                    self._mark_damaged(exc)
                    return None
                stamp = newer
                continue
            self._stamp = stamp
            if not self.damaged:
                self._error = None
            return self._searcher
        return None

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:
                pass
        self._searcher, self._stamp = None, None

    def _failed(self, exc: BaseException, searcher) -> None:
        """A search raised: the index is damaged if reading it back fails too; else it was the query."""
        from reader.core.search.write.updating import probe

        if probe(searcher) is not None:
            self._mark_damaged(exc)

    def _mark_damaged(self, exc: BaseException) -> None:
        self.damaged = f"{type(exc).__name__}: {exc}"[:200]
        self._error = f"the search index is damaged and will be rebuilt on the next update ({self.damaged})"
        self._drop_searcher()


def _newest_toc(folder: Path) -> tuple | None:
    """(name, inode, mtime) of the newest table of contents: changes whenever the index does.

    A commit renames a new one in and then deletes the old one: a listing can name a file gone
    by the time it is looked at, so a vanished file means looking again.
    """
    for _ in range(OPEN_ATTEMPTS):
        best = None
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("_MAIN_") and entry.name.endswith(".toc"):
                        gen = entry.name[6:-4]
                        if gen.isdigit() and (best is None or int(gen) > best[0]):
                            best = (int(gen), entry)
        except OSError:
            return None
        if best is None:
            return None
        try:
            stat = best[1].stat()
        except FileNotFoundError:
            continue
        except OSError:
            return None
        return best[1].name, stat.st_ino, stat.st_mtime_ns
    return None


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
