"""Loading the library progressively: newest files first, in batches, straight from the cache.

    loader = LibraryLoader(paths)         # paths None: the configured library
    library = loader.cached()             # warm start: the parse cache alone, no file looked at
    for batch in loader.batches():        # newest files first; batch.library: everything so far
        show(batch)
    changes = loader.changes(library)     # after a warm start: what changed on disk since
    changes = loader.changes(library, show)  # ... the changed library in batches, as it loads

Files are parsed newest first (the date in the file name, else the mtime), in worker processes
when there are many (`reader.core.parse_pool`); unchanged files come from the parse cache at once.
Every parse is written to the cache's journal as it arrives, so quitting (or a crash, or a kill)
mid-load loses nothing: the next load resumes. A file that fails, even one that kills its worker process, is a problem of its
own and never stops the others.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.core.assembling import Assembler, predicted_base, walk_key
from reader.core.file_states import FileState, FileStates, key_of
from reader.core.gc_pause import gc_paused
from reader.core.library import DIGEST_SUFFIXES, Library, Progress, configured_paths, discover, issue_order
from reader.core.model import Issue
from reader.core.parse_cache import ParseCache, Parsed
from reader.core.parse_pool import parse_newest_first
from reader.core.problems import CACHE, Problem

BATCH_SECONDS = 0.25  # at most this long between batches while files are being parsed
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_NUMERIC_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_./]?(0[1-9]|1[0-2])[-_./]?(0[1-9]|[12]\d|3[01])(?!\d)")
_NAMED_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[-_./ ]([a-z]{3})[a-z]*[-_./ ](\d{1,2})(?!\d)", re.IGNORECASE
)


def name_date(path: str) -> str | None:
    """The date a file's name (or its folders' names) carries, as YYYY-MM-DD; None without one."""
    text = "/".join(Path(path).parts[-3:])
    found = None
    for match in _NUMERIC_DATE.finditer(text):
        found = f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    if found:
        return found
    for match in _NAMED_DATE.finditer(text):
        month = match.group(2).lower()
        if month in _MONTHS and 1 <= int(match.group(3)) <= 31:
            found = f"{match.group(1)}-{_MONTHS.index(month) + 1:02d}-{int(match.group(3)):02d}"
    return found


def newest_first(files: list[Path], states: FileStates) -> list[Path]:
    """`files` by the date in their names (else their mtime's), then mtime, newest first."""

    def key(path: Path) -> tuple[str, int]:
        st = states.stat(path)
        mtime = st.st_mtime_ns if st is not None else 0
        return name_date(str(path)) or time.strftime("%Y-%m-%d", time.gmtime(mtime / 1e9)), mtime

    return sorted(files, key=key, reverse=True)


@dataclass
class LoadBatch:
    """Issues that arrived since the last batch, and the library so far.

    `library` is a new object each batch (its issues shared, sorted newest first): show it as is.
    `renamed` (old id, issue) and `retitled`: issues of earlier batches whose id or title a newer
    file changed (two files naming their issues alike; rare). `done`/`total` count files; `files`
    are those of this batch (absolute paths; a skipped file has no issues).
    """

    issues: list[Issue]
    library: Library
    done: int
    total: int
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    renamed: list[tuple[str, Issue]] = field(default_factory=list)
    retitled: list[Issue] = field(default_factory=list)
    final: bool = False

    @property
    def loading(self) -> int:
        """Files still loading."""
        return self.total - self.done


@dataclass
class LibraryChanges:
    """What a check of the files found since a warm start; `library` is the library as it now is
    (None when nothing changed)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    library: Library | None = None

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


class LibraryLoader:
    """Loads the library of `paths` (None: the configured one): `load`, `batches`, `cached`,
    `changes`. One loader per load."""

    def __init__(
        self,
        paths: Iterable[Path] | None = None,
        *,
        use_cache: bool = True,
        workers: int | None = None,
        batch_seconds: float | None = BATCH_SECONDS,
    ):
        self.problems: list[Problem] = []
        if paths is None:
            paths, self.problems = configured_paths()
        self.paths = [Path(p) for p in paths]
        self.use_cache = use_cache
        self.workers = workers
        self.batch_seconds = batch_seconds
        self.states = FileStates()

    def load(self, progress: Progress | None = None) -> Library:
        """The whole library (`progress(done, total, path)` per file)."""
        batches = self.batches(None, on_file=progress)
        try:
            library = Library()
            for batch in batches:
                library = batch.library
            return library
        finally:
            batches.close()

    def batches(
        self, batch_seconds: float | bool | None = True, on_file: Progress | None = None
    ) -> Generator[LoadBatch, None, None]:
        """Batches of issues, newest files first: the first as soon as one file is read, then at
        most every `batch_seconds` (True: the loader's; None: one batch at the end), the last with
        `final` set. Closing the generator stops the parsing; what was parsed is kept in the cache."""
        if batch_seconds is True:
            batch_seconds = self.batch_seconds
        files, found = discover(self.paths)
        assembler = Assembler(files, self.problems + found, self.paths)
        cache = ParseCache() if self.use_cache else None
        fresh: list[tuple[Path, Parsed]] = []
        with gc_paused():
            if cache is not None:
                cache.load()
            order = newest_first(files, self.states)
            pending = []
            for path in order:
                cached = cache.lookup(path, self.states) if cache is not None else None
                if cached is None:
                    pending.append(path)
                else:
                    fresh.append((path, cached))
        holder = _HoldBack(files, _with_predecessors(pending, files))
        total, last = len(files), time.monotonic()
        new: list[Issue] = []
        taken: list[str] = []
        renamed: list[tuple[str, Issue]] = []
        retitled: list[Issue] = []
        problems_seen = 0

        def take(path: Path, parsed: Parsed) -> None:
            issues, moved, relabelled = assembler.add(path, parsed)
            taken.append(key_of(path))
            new.extend(issues)
            renamed.extend(moved)
            retitled.extend(relabelled)
            if on_file:
                on_file(assembler.done, total, path)

        def batch(final: bool = False) -> LoadBatch:
            nonlocal new, taken, renamed, retitled, problems_seen, last
            failure = cache.save() if final and cache is not None else None
            extra = [Problem("", failure, CACHE)] if failure else []
            library = assembler.library(extra)
            made = LoadBatch(
                new,
                library,
                assembler.done,
                total,
                library.problems[problems_seen:],
                taken,
                renamed,
                retitled,
                final,
            )
            new, taken, renamed, retitled = [], [], [], []
            problems_seen, last = len(library.problems), time.monotonic()
            return made

        parsing = parse_newest_first(holder.order, self.workers)
        try:
            with gc_paused():
                for path, parsed in fresh:
                    take(path, parsed)
            if not pending:
                yield batch(final=True)
                return
            sent = False
            if fresh and batch_seconds is not None:
                yield batch()
                sent = True
            for path, parsed in parsing:
                if cache is not None:
                    cache.store(path, parsed)  # before the assembler renames anything
                with gc_paused():
                    for ready_path, ready in holder.finished(path, parsed):
                        take(ready_path, ready)
                if (
                    new
                    and batch_seconds is not None
                    and assembler.done < total
                    and (not sent or time.monotonic() - last >= batch_seconds)
                ):
                    yield batch()
                    sent = True
            yield batch(final=True)
        finally:
            parsing.close()  # a load abandoned mid-way: its parses are in the journal already

    def cached(self) -> Library | None:
        """The library as the parse cache holds it, without looking at any file (warm start):
        None when the cache holds none of its files. Check it with `changes`."""
        cache = ParseCache()
        with gc_paused():
            cache.load()
            sources = [os.path.abspath(Path(p).expanduser()) for p in self.paths]
            keys = sorted(
                (k for k in cache.entries if _belongs(k, sources)), key=lambda k: walk_key(k, sources)
            )
            if not keys:
                return None
            assembler = Assembler([Path(k) for k in keys], self.problems, self.paths)
            for key in keys:
                parsed = cache.cached(key)
                if parsed is not None:
                    assembler.add(key, parsed)
            return assembler.library()

    def changes(
        self, shown: Library, on_batch: Callable[[LoadBatch], object] | None = None
    ) -> LibraryChanges:
        """Compare the files on disk with `shown` (a warm start's library): files added, changed
        (content, not only mtime) and removed; when any, the library loaded anew (unchanged files
        from the cache). Stats every file; hashes only those whose size or mtime moved.

        `on_batch` sees that load in batches (all but the last, which is `changes.library`): the
        unchanged files at once, then the others as they are parsed, newest first; a changed file
        keeps its issues as `shown` has them until its new parse arrives."""
        files, _ = discover(self.paths)
        now = {key_of(path) for path in files}
        before = shown.states
        changes = LibraryChanges(
            added=sorted(now - set(before)),
            removed=sorted(set(before) - now),
        )
        for key in sorted(now & set(before)):
            old = before[key]
            current = self.states.stat(key)
            if current is not None and old.same_stat(FileState(current.st_size, current.st_mtime_ns)):
                continue
            state = self.states.hashed(key)
            if state is None or state.sha != old.sha:
                changes.changed.append(key)
        if not changes.empty:
            changes.library = self.load() if on_batch is None else self._apply(shown, changes, on_batch)
        return changes

    def _apply(
        self, shown: Library, changes: LibraryChanges, on_batch: Callable[[LoadBatch], object]
    ) -> Library:
        waiting = set(changes.changed)
        before = [issue for issue in shown.issues if key_of(issue.source) in waiting]
        library = None
        batches = self.batches()
        try:
            for batch in batches:
                library = batch.library
                if batch.final:
                    break
                waiting.difference_update(batch.files)
                old = [issue for issue in before if key_of(issue.source) in waiting]
                if old:
                    issues = sorted(library.issues + old, key=issue_order)
                    batch = replace(batch, library=replace(library, issues=issues, _by_id={}))
                on_batch(batch)
        finally:
            batches.close()
        assert library is not None
        return library


def _belongs(key: str, sources: list[str]) -> bool:
    """True when `discover(sources)` would list the file `key`."""
    for source in sources:
        if key == source:
            return True
        if key.startswith(source.rstrip(os.sep) + os.sep):
            parts = Path(os.path.relpath(key, source)).parts
            hidden = any(part.startswith(".") for part in parts)
            return not hidden and os.path.splitext(parts[-1])[1].lower() in DIGEST_SUFFIXES
    return False


def _with_predecessors(pending: list[Path], files: list[Path]) -> list[Path]:
    """`pending` in its order, each file preceded by the pending files before it in the library's
    order whose names give the same issue id (so ids never change once handed out)."""
    place = {key_of(path): n for n, path in enumerate(files)}
    groups: dict[str, list[Path]] = {}
    for path in sorted(pending, key=lambda p: place.get(key_of(p), 0)):
        groups.setdefault(predicted_base(str(path)), []).append(path)
    ordered: dict[str, Path] = {}
    for path in pending:
        for earlier in groups[predicted_base(str(path))]:
            if earlier == path:
                break
            ordered.setdefault(key_of(earlier), earlier)
        ordered.setdefault(key_of(path), path)
    return list(ordered.values())


class _HoldBack:
    """Hands a parsed file on only when every file before it with the same predicted issue id
    has been, so the first of them keeps the id whatever order they are parsed in."""

    def __init__(self, files: list[Path], order: list[Path]) -> None:
        self.order = order
        place = {key_of(path): n for n, path in enumerate(files)}
        self._before: dict[str, list[str]] = {}
        groups: dict[str, list[str]] = {}
        for path in sorted(order, key=lambda p: place.get(key_of(p), 0)):
            base = predicted_base(str(path))
            self._before[key_of(path)] = list(groups.get(base, []))
            groups.setdefault(base, []).append(key_of(path))
        self._parked: dict[str, tuple[Path, Parsed]] = {}
        self._handed: set[str] = set()

    def finished(self, path: Path, parsed: Parsed) -> list[tuple[Path, Parsed]]:
        self._parked[key_of(path)] = (path, parsed)
        ready = []
        progress = True
        while progress:
            progress = False
            for key, entry in list(self._parked.items()):
                if all(before in self._handed for before in self._before.get(key, [])):
                    del self._parked[key]
                    self._handed.add(key)
                    ready.append(entry)
                    progress = True
        return ready
