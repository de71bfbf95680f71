"""A first build fed while the library loads: each parsed file goes to the writer at once.

The index is built in place and committed in batches (a small first one, so the newest issues are
searchable within seconds, then segments of SEGMENT_ITEMS per writer process). After each commit
the manifest records the files committed and a `building` marker (this process, the file count),
so a searcher sees what is committed and says the results are partial, another process can tell
how far the build is, and a build that is interrupted (quit, crash, kill) resumes from the last
commit instead of starting over. The writer processes analyse and write while this process
parses the next files (parsing itself runs in the loader's worker processes).
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.parser_version import PARSER_VERSION
from reader.core.search import health
from reader.core.search.manifest import SCHEMA_VERSION, Building, FileState, Holds, Manifest, ManifestFile
from reader.core.search.results import UpdateReport
from reader.core.search.schema import documents, entries
from reader.core.search.write.building import PARALLEL_MIN_ITEMS, SEGMENT_ITEMS, build_processes
from reader.core.search.write.folder import IndexFolder
from reader.core.search.write.processes import LostSegment
from reader.core.search.write.updating import LOCKED_MESSAGE

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.loading import LibraryLoader, LoadBatch
    from reader.core.model import Issue
    from reader.core.search.write.updating import IndexUpdater

FIRST_COMMIT_ITEMS = 1_000  # the newest issues searchable soon after the build starts


@dataclass
class BuildProgress:
    """How far a build (or an update) is: files of the library read, items indexed (committed,
    searchable) and sent to the writers, since `started` (time.monotonic())."""

    files_done: int = 0
    files_total: int = 0
    items_indexed: int = 0
    items_sent: int = 0
    started: float = 0.0
    writing: bool = False  # a commit is under way: the writer processes finish their segments

    @property
    def rate(self) -> float:
        """Items sent to the writers per second so far."""
        elapsed = time.monotonic() - self.started
        return self.items_sent / elapsed if elapsed > 0 else 0.0


BuildCallback = Callable[[BuildProgress], None]


def holds_of(issues: list[Issue]) -> Holds:
    """What the index holds of one file with these issues."""
    if not issues:
        return Holds()
    docs = sum(len(entries(issue)) for issue in issues)
    return Holds("\n".join(issue.id for issue in issues), sum(len(issue.items) for issue in issues), docs)


class StreamingBuild:
    """Builds (or resumes building) the index in `folder` from a stream of load batches. The
    caller holds the folder's write lock."""

    def __init__(
        self,
        folder: IndexFolder,
        manifest: Manifest | None,
        parallel: bool | str,
        progress: BuildCallback | None,
        background: bool = True,
        early_commit: bool = True,
    ) -> None:
        self.folder, self.parallel, self.callback = folder, parallel, progress
        self.background = background  # writer processes at a lower priority than parsing (the app)
        self.early_commit = early_commit  # a first commit of FIRST_COMMIT_ITEMS (search while loading)
        self.manifest_file = ManifestFile(folder.path)
        self.manifest = manifest
        self.progress = BuildProgress(started=time.monotonic())
        self.fixup = False  # files changed since an interrupted run: an ordinary update must follow
        self.stale: set[str] = set()  # files whose issues a later file renamed or retitled
        self.added = 0
        self.unchanged = 0
        self._pending: dict[str, FileState] = {}
        self._pending_items = 0
        self._pending_docs = 0
        self._writer = None
        self._ix = None

    def run(self, batches: Iterable[LoadBatch]) -> Library | None:
        """Consume every batch; returns the library the last batch held."""
        from whoosh.filedb.filestore import FileStorage

        from reader.core.search.write.writers import create_index

        library = None
        if self.manifest is None:
            ix = self._ix = create_index(self.folder.path)
            self.manifest = Manifest(
                SCHEMA_VERSION, PARSER_VERSION, {}, health.with_checksums(self.folder.path)
            )
        else:
            ix = self._ix = FileStorage(str(self.folder.path)).open_index()
        try:
            for batch in batches:
                library = batch.library
                if self.manifest.building is None or self.manifest.building.files != batch.total:
                    self.manifest.building = Building(os.getpid(), batch.total)
                    self.manifest_file.save(self.manifest)
                self._take(batch)
                if self._pending_items >= self._commit_size():
                    self._commit()
                self._report(batch.done, batch.total)
            self._commit()
            self.manifest.building = None
            self.manifest_file.save(self.manifest)
        except BaseException:
            if self._writer is not None:
                self._writer.cancel()
            raise
        finally:
            ix.close()
        return library

    def _take(self, batch: LoadBatch) -> None:
        by_file: dict[str, list[Issue]] = defaultdict(list)
        for issue in batch.issues:
            by_file[os.path.abspath(issue.source)].append(issue)
        self.stale.update(os.path.abspath(issue.source) for _, issue in batch.renamed)
        self.stale.update(os.path.abspath(issue.source) for issue in batch.retitled)
        assert self.manifest is not None
        for key in batch.files:
            issues = by_file.get(key, [])
            state = batch.library.states.get(key)
            known = self.manifest.files.get(key)
            holds = holds_of(issues)
            if known is not None:  # committed by an earlier, interrupted run
                same = state is not None and (known.size, known.mtime_ns, known.sha) == (
                    state.size,
                    state.mtime_ns,
                    state.sha,
                )
                self.fixup = self.fixup or not same or known.holds != holds
                self.unchanged += holds.items
                continue
            for doc in (doc for issue in issues for doc in documents(issue)):
                self._writer_().add_document(**doc)
            if state is not None and state.sha:
                self._pending[key] = FileState(state.size, state.mtime_ns, state.sha, holds)
            self._pending_items += holds.items
            self._pending_docs += holds.docs
            self.progress.items_sent += holds.items

    def refresh(self, library: Library) -> None:
        """Index again the files whose issues a later file renamed or retitled after they were
        sent (two files naming their issues alike, a folder of issues sharing one title): only
        their documents that changed are rewritten."""
        from whoosh.filedb.filestore import FileStorage

        from reader.core.search.write.writers import apply_changes

        if not self.stale or self.manifest is None:
            return
        issues: dict[str, list[Issue]] = defaultdict(list)
        for issue in library.issues:
            if (key := os.path.abspath(issue.source)) in self.stale:
                issues[key].append(issue)
        ix = FileStorage(str(self.folder.path)).open_index()
        try:
            apply_changes(ix, {path: issues[path] for path in self.stale}, [])
        finally:
            ix.close()
        for path in self.stale:
            if (row := self.manifest.files.get(path)) is not None:
                self.manifest.files[path] = FileState(row.size, row.mtime_ns, row.sha, holds_of(issues[path]))
        self.manifest.index_files = health.with_checksums(self.folder.path, self.manifest.index_files)
        self.manifest_file.save(self.manifest)

    def _commit_size(self) -> int:
        first = self.early_commit and (not self.manifest or not self.manifest.files)
        return FIRST_COMMIT_ITEMS if first else SEGMENT_ITEMS * self._procs()

    def _procs(self) -> int:
        return build_processes(PARALLEL_MIN_ITEMS, "spawn" if self.parallel else False)

    def _writer_(self):
        if self._writer is None:
            from reader.core.search.write.writers import writer_for

            # Spawned, not forked: the loader's worker pool runs threads in this process.
            self._writer = writer_for(self._ix, procs=self._procs(), spawn=True, background=self.background)
        return self._writer

    def _commit(self) -> None:
        assert self.manifest is not None and self._ix is not None
        if self._writer is None and not self._pending:
            return
        expected = self.manifest.doc_count + self._pending_docs
        if self._writer is not None:
            writer, self._writer = self._writer, None
            self.progress.writing = True
            self._report(self.progress.files_done, self.progress.files_total)
            writer.commit(merge=False)
            self.progress.writing = False
        if self._ix.doc_count_all() != expected:
            raise LostSegment(f"{self._ix.doc_count_all()} entries indexed of {expected}")
        self.manifest.files.update(self._pending)
        self.manifest.index_files = health.with_checksums(self.folder.path, self.manifest.index_files)
        self.manifest_file.save(self.manifest)
        self.added += self._pending_items
        self.progress.items_indexed += self._pending_items
        self._pending, self._pending_items, self._pending_docs = {}, 0, 0

    def _report(self, done: int, total: int) -> None:
        self.progress.files_done, self.progress.files_total = done, total
        if self.callback is not None:
            self.callback(self.progress)


def building_message(manifest: Manifest | None, first_build: bool = False) -> str:
    """What another process's build has done so far, for people (`first_build`: it holds the
    lock of an index that does not exist yet)."""
    if manifest is not None and manifest.building is not None:
        done = f" ({len(manifest.files)} of {manifest.building.files} files indexed)"
    elif first_build:
        done = ""
    else:
        return LOCKED_MESSAGE
    return (
        f"search index not updated: another Digest Reader is building it{done}; "
        "searching uses what it has indexed so far"
    )


def update_while_loading(
    updater: IndexUpdater,
    loader: LibraryLoader,
    progress: BuildCallback | None = None,
    on_batch: Callable[[LoadBatch], None] | None = None,
    *,
    rebuild: bool = False,
    wait: float = 0.0,
    verify: bool = False,
    need_library: bool = True,
    background: bool = True,
    early_commit: bool = True,
) -> tuple[Library | None, UpdateReport]:
    """Bring the index up to date with `loader`'s library, loading it only as far as needed.

    Nothing changed (the files stat'ed against the manifest; with `verify`, the index files
    against their checksums): no library is loaded at all (None is returned unless
    `need_library`). No index yet, or a first build interrupted: parse and index at once,
    committed in batches (StreamingBuild). Otherwise: the library is loaded (unchanged files from
    the parse cache) and the index updated as `IndexUpdater.run` does. `on_batch` sees every
    load batch (the app shows them). `background`: a first build's writer processes run at a
    lower priority than the parsing (the app; `digests index` wants both at full speed).
    `early_commit`: a first build commits its first FIRST_COMMIT_ITEMS at once, searchable while
    the rest is built (the app; a command that only waits for the end saves the extra writer
    processes and segment). When another process holds the write lock, the update is skipped
    after `wait` seconds and the report says why.
    """
    folder = updater.folder
    manifest = updater.peek()
    quick = manifest is not None and manifest.building is None and not rebuild and not updater.damaged
    if quick and manifest is not None and updater.unchanged_on_disk(manifest, loader, verify):
        library = _load(loader, on_batch) if need_library else None
        return library, updater.report(unchanged=manifest.item_count)
    if rebuild or not _streamable(updater, manifest):
        library = _load(loader, on_batch)
        return library, updater.run(library, _items_progress(progress), rebuild, wait, verify)
    with folder.writing(wait) as acquired:
        if not acquired:
            library = _load(loader, on_batch) if need_library else None
            unchanged = manifest.item_count if manifest else 0
            message = building_message(updater.peek(), first_build=True)
            return library, updater.report(unchanged=unchanged, skipped=True, message=message)
        manifest = updater.peek()
        if not _streamable(updater, manifest):  # another process finished meanwhile
            library = _load(loader, on_batch)
            return library, updater.run_locked(library, _items_progress(progress), wait)
        resumed = manifest.item_count if manifest is not None else 0
        build = StreamingBuild(folder, manifest, updater.parallel, progress, background, early_commit)
        batches = LoaderThread(loader, on_batch)
        try:
            library = build.run(batches)
        except LostSegment:  # a writer process died: build the whole library the ordinary way
            batches.close()
            shutil.rmtree(folder.path, ignore_errors=True)
            library = _load(loader, on_batch)
            return library, updater.run_locked(library, _items_progress(progress), wait)
        finally:
            batches.close()
        assert library is not None
        build.refresh(library)
        if build.fixup:  # files changed since an interrupted run
            updater.run_locked(library, None, wait)
        message = (
            f"resumed building the search index ({resumed} items were indexed)"
            if resumed
            else "built the search index"
        )
        return library, updater.report(
            added=build.added, unchanged=build.unchanged, rebuilt=not resumed, message=message
        )


def _streamable(updater: IndexUpdater, manifest: Manifest | None) -> bool:
    """True for no index at all, or a first build interrupted (same versions, not damaged)."""
    if manifest is None:
        return not updater.folder.path.exists()
    return (
        manifest.building is not None
        and manifest.schema == SCHEMA_VERSION
        and manifest.parser == PARSER_VERSION
        and not updater.damaged
        and updater.consistent(manifest)
    )


def _load(loader: LibraryLoader, on_batch: Callable[[LoadBatch], None] | None) -> Library:
    if on_batch is None:
        return loader.load()
    library = None
    for batch in loader.batches():
        on_batch(batch)
        library = batch.library
    assert library is not None
    return library


class LoaderThread:
    """The library loading in a thread of its own: each batch reaches `on_batch` as soon as it is
    made, whatever the index build is doing (a commit waits for the writer processes); the build
    reads the batches in order from a queue. An exception in the loader (or in `on_batch`) is
    raised where the batches are read."""

    _END = object()

    def __init__(self, loader: LibraryLoader, on_batch: Callable[[LoadBatch], None] | None) -> None:
        self.loader, self.on_batch = loader, on_batch
        self.queue: queue.Queue = queue.Queue()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="library-loader", daemon=True)

    def _run(self) -> None:
        batches = self.loader.batches()
        try:
            for batch in batches:
                if self.stopping.is_set():
                    break
                if self.on_batch is not None:
                    self.on_batch(batch)
                self.queue.put(batch)
        except BaseException as exc:  # handed to the reader, raised there
            self.queue.put(exc)
        finally:
            batches.close()
            self.queue.put(self._END)

    def __iter__(self) -> Iterator[LoadBatch]:
        if not self.thread.is_alive() and not self.stopping.is_set():
            self.thread.start()
        while (item := self.queue.get()) is not self._END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        """Stop loading at the next batch (what was parsed stays in the parse cache)."""
        self.stopping.set()


def _items_progress(progress: BuildCallback | None) -> Callable[[int, int], None] | None:
    """An update's (done, total) progress as BuildProgress (its `items_sent` half the units)."""
    if progress is None:
        return None
    state = BuildProgress(started=time.monotonic())

    def update(done: int, total: int) -> None:
        state.items_sent, state.items_indexed = done // 2, (done - total // 2) if done > total // 2 else 0
        progress(state)

    return update
