"""One index update: decide what changed (cheaply), then rebuild or apply only the changes."""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.parser_version import PARSER_VERSION
from reader.core.search import health
from reader.core.search.manifest import (
    SCHEMA_VERSION,
    Holds,
    Manifest,
    ManifestFile,
    Plan,
    file_state,
    index_snapshot,
    plan_changes,
    unchanged_files,
)
from reader.core.search.results import UpdateReport
from reader.core.search.schema import entries
from reader.core.search.write.folder import IndexFolder

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.loading import LibraryLoader
    from reader.core.model import Issue

Progress = Callable[[int, int], None]
Swap = Callable[[Path, bool], "Path | None"]
LOCKED_MESSAGE = (
    "search index not updated: another Digest Reader is updating it right now; "
    "searching uses the index as it is"
)


def library_files(library: Library) -> tuple[dict[str, Holds], dict[str, list[Issue]]]:
    """What the index should hold of each library file (absolute path), and each file's issues
    (a feed file has several)."""
    issues: dict[str, list[Issue]] = defaultdict(list)
    for issue in library.issues:
        issues[os.path.abspath(issue.source)].append(issue)
    current = {os.path.abspath(path): Holds() for path in library.files}
    for path, found in issues.items():
        docs = sum(len(entries(issue)) for issue in found)
        ids = "\n".join(issue.id for issue in found)
        current[path] = Holds(ids, sum(len(issue.items) for issue in found), docs)
    return current, issues


class IndexUpdater:
    """Runs one update of the index in `folder`.

    `damaged`: why the last search thought the index damaged (None when it did not); after the
    run, `damaged` says whether that still stands. `swap` puts a complete build in place (the
    caller closes its searcher around it)."""

    def __init__(self, folder: IndexFolder, swap: Swap, *, parallel: bool | str, damaged: str | None) -> None:
        self.folder, self.swap, self.parallel, self.damaged = folder, swap, parallel, damaged
        self.manifest_file = ManifestFile(folder.path)
        self.notes: list[str] = []
        self.moved_snapshot = False  # index files touched, content the same: record them again
        self.behind = False  # the index has a commit the manifest missed: re-check every file

    def is_current(self, library: Library) -> bool:
        current, _ = library_files(library)
        manifest = self._load()
        if manifest is None or self._rebuild_reason(manifest, False) is not None:
            return False
        return not self.behind and plan_changes(manifest, current, library.states).empty

    def run(
        self, library: Library, progress: Progress | None, rebuild: bool, wait: float, verify: bool = False
    ) -> UpdateReport:
        current, issues = library_files(library)
        self.current, self.issues, self.progress = current, issues, progress
        self.states = library.states
        manifest = self._load()
        if manifest is not None and self._rebuild_reason(manifest, rebuild, verify) is None:
            plan = plan_changes(manifest, current, self.states)
            if plan.empty and not self.behind:
                if plan.touched or self.moved_snapshot:
                    self._save_quietly(plan)
                return self._report(unchanged=manifest.item_count)
        with self.folder.writing(wait) as acquired:
            if not acquired:
                from reader.core.search.write.streaming import building_message

                unchanged = manifest.item_count if manifest else 0
                return self._report(unchanged=unchanged, skipped=True, message=building_message(self.peek()))
            return self.run_locked(library, progress, wait, rebuild)

    def run_locked(
        self, library: Library, progress: Progress | None, wait: float, rebuild: bool = False
    ) -> UpdateReport:
        """`run`'s work once the write lock is held."""
        self.current, self.issues = library_files(library)
        self.progress, self.states = progress, library.states
        manifest = self._load()  # another process may have updated it meanwhile
        reason = self._rebuild_reason(manifest, rebuild)
        if reason is not None or manifest is None:
            return self._rebuild(reason or ("", False))
        plan = (
            self._reconciling(manifest) if self.behind else plan_changes(manifest, self.current, self.states)
        )
        return self._apply(manifest, plan, wait)

    def peek(self) -> Manifest | None:
        """The manifest as it is on disk (None when missing or broken); moves nothing."""
        return self.manifest_file.peek()

    def consistent(self, manifest: Manifest) -> bool:
        """True when the index files on disk are those the manifest recorded (size and mtime)."""
        return manifest.matches(index_snapshot(self.folder.path))

    def unchanged_on_disk(self, manifest: Manifest, loader: LibraryLoader, verify: bool) -> bool:
        """True when the index is current without loading the library: same versions, index
        files as recorded (with `verify`, their checksums too), and the library's files exactly
        the manifest's, none moved (stat only)."""
        if self._rebuild_reason(manifest, False) is not None or self.behind or self.moved_snapshot:
            return False
        from reader.core.library import discover

        files, _ = discover(loader.paths)
        if not unchanged_files(manifest, [os.path.abspath(f) for f in files], loader.states):
            return False
        return not (verify and health.checksum_problem(self.folder.path, manifest.index_files))

    def report(self, message: str | None = None, **counts) -> UpdateReport:
        return self._report(message, **counts)

    # -- deciding ------------------------------------------------------------------------------

    def _load(self) -> Manifest | None:
        manifest, message = self.manifest_file.load()
        if message:
            self.notes.append(message)
        return manifest

    def _rebuild_reason(
        self, manifest: Manifest | None, rebuild: bool, verify: bool = False
    ) -> tuple[str, bool] | None:
        """(why, damaged) when the index must be built from scratch, else None."""
        folder = self.folder.path
        if rebuild:
            return "a rebuild was asked for", False
        if self.damaged:
            if health.verify(folder, manifest) if manifest else self.damaged:
                return f"it was damaged ({self.damaged})", True
            self.damaged = None  # a passing failure (a race with a commit): it reads fine
        if manifest is None:
            return ("it had no manifest", False) if self.folder.exists() else ("", False)
        if manifest.schema != SCHEMA_VERSION:
            return "the index format changed", False
        if manifest.parser != PARSER_VERSION:
            return "the digest parser changed", False
        snapshot = index_snapshot(folder)
        if not manifest.matches(snapshot):
            return self._after_interruption(manifest, snapshot)
        if verify:
            problem = health.verify(folder, manifest)
            if problem:
                self.damaged = problem
                return f"it was damaged ({problem})", True
        return None

    def _after_interruption(
        self, manifest: Manifest, snapshot: dict[str, list[int]]
    ) -> tuple[str, bool] | None:
        """The index files differ from those recorded: files only touched, or a commit whose
        manifest was never saved (a kill in between): neither is damage. Recorded files still
        there must match their checksums, and the index must open and read."""
        kept = {name: entry for name, entry in manifest.index_files.items() if name in snapshot}
        problem = health.checksum_problem(self.folder.path, kept) or health.verify(self.folder.path, None)
        if problem:
            self.damaged = problem
            return f"it was damaged ({problem})", True
        if set(snapshot) == set(manifest.index_files):
            self.moved_snapshot = True
        else:
            self.behind = True
        return None

    def _reconciling(self, manifest: Manifest) -> Plan:
        """A plan that re-checks every file: an interrupted update may have applied any of them
        (documents with unchanged fingerprints are not rewritten)."""
        plan = Plan()
        for path, holds in self.current.items():
            plan.changed.append(path)
            state = file_state(path, holds, self.states.get(path))
            if state is not None:
                plan.states[path] = state
        plan.removed = [path for path in manifest.files if path not in self.current]
        return plan

    # -- doing ---------------------------------------------------------------------------------

    def _apply(self, manifest: Manifest, plan: Plan, wait: float) -> UpdateReport:
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import LockError

        from reader.core.search.write.writers import apply_changes

        files = manifest.files
        unchanged = sum(files[p].holds.items for p in plan.unchanged + list(plan.touched) if p in files)
        if plan.empty:
            self._record(manifest, plan)
            return self._report(unchanged=unchanged)
        try:
            ix = FileStorage(str(self.folder.path)).open_index()
            try:
                changed = {path: self.issues.get(path, []) for path in plan.changed}
                counts = apply_changes(ix, changed, plan.removed, self.progress, wait)
            finally:
                ix.close()
            docs = FileStorage(str(self.folder.path)).open_index().doc_count() if self.behind else 0
        except LockError:
            return self._report(unchanged=manifest.item_count, skipped=True, message=LOCKED_MESSAGE)
        except OSError:
            raise
        except Exception as exc:
            self.damaged = health.describe(exc)
            return self._rebuild((f"it was damaged ({self.damaged})", True))
        self._record(manifest, plan)
        if self.behind and docs != manifest.doc_count:  # it held what no file accounts for
            return self._rebuild(("it held entries of files no longer in the library", False))
        return self._report(
            added=counts.added,
            updated=counts.updated,
            removed=counts.removed,
            unchanged=unchanged + counts.unchanged,
        )

    def _record(self, manifest: Manifest, plan: Plan) -> None:
        for path in plan.changed:
            if path in plan.states:
                manifest.files[path] = plan.states[path]
            else:
                manifest.files.pop(path, None)
        for path in plan.removed:
            manifest.files.pop(path, None)
        manifest.files.update(plan.touched)
        manifest.building = None  # every file of the library is recorded now
        manifest.index_files = health.with_checksums(self.folder.path, manifest.index_files)
        self.manifest_file.save(manifest)

    def _save_quietly(self, plan: Plan) -> None:
        """Remember touched files (same content, new mtime) if nobody else is writing."""
        with self.folder.writing(0.0) as acquired:
            manifest = self._load() if acquired else None
            if manifest is not None:
                self._record(manifest, plan)

    def _rebuild(self, reason: tuple[str, bool]) -> UpdateReport:
        from reader.core.search.write.building import build_all

        why, damaged = reason
        building = self.folder.building()
        try:
            issues = [issue for found in self.issues.values() for issue in found]
            count = build_all(building, issues, self.progress, self.parallel)
            states = {
                path: file_state(path, holds, self.states.get(path)) for path, holds in self.current.items()
            }
            files = {p: s for p, s in states.items() if s}
            manifest = Manifest(SCHEMA_VERSION, PARSER_VERSION, files, health.with_checksums(building))
            ManifestFile(building).save(manifest)
            aside = self.swap(building, damaged)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        self.damaged = None
        message = f"rebuilt the search index because {why}" if why else "built the search index"
        if aside:
            message += f"; the damaged index was moved to {aside}"
        return self._report(added=count, rebuilt=True, message=message)

    def _report(self, message: str | None = None, **counts) -> UpdateReport:
        text = "; ".join(self.notes + ([message] if message else [])) or None
        return UpdateReport(message=text, **counts)
