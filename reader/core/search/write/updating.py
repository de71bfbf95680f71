"""One index update: decide what changed (cheaply), then rebuild or apply only the changes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.parsing import PARSER_VERSION
from reader.core.search.manifest import (
    SCHEMA_VERSION,
    Manifest,
    ManifestFile,
    Plan,
    file_state,
    index_snapshot,
    plan_changes,
)
from reader.core.search.results import UpdateReport

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.model import Issue
    from reader.core.search.index import SearchIndex

Progress = Callable[[int, int], None]
Current = dict[str, tuple[str | None, int]]


def library_files(library: Library) -> tuple[Current, dict[str, Issue]]:
    """Absolute path -> (issue id, item count) of every library file, and path -> issue."""
    issues = {os.path.abspath(issue.source): issue for issue in library.issues}
    current: Current = {}
    for path in library.files:
        key = os.path.abspath(path)
        issue = issues.get(key)
        current[key] = (issue.id, len(issue.items)) if issue else (None, 0)
    for key, issue in issues.items():
        current.setdefault(key, (issue.id, len(issue.items)))
    return current, issues


class IndexUpdater:
    """Runs one update of `index` for a library."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.manifest_file: ManifestFile = index.manifest_file()
        self.notes: list[str] = []
        self.moved_snapshot: dict[str, list[int]] | None = None

    def is_current(self, library: Library) -> bool:
        current, _ = library_files(library)
        manifest = self._load()
        if self._rebuild_reason(manifest, False) is not None:
            return False
        return plan_changes(manifest, current).empty

    def run(self, library: Library, progress: Progress | None, rebuild: bool, wait: float) -> UpdateReport:
        current, issues = library_files(library)
        self.current, self.issues, self.progress = current, issues, progress
        manifest = self._load()
        if self._rebuild_reason(manifest, rebuild) is None:
            plan = plan_changes(manifest, current)
            if plan.empty:
                if plan.touched or self.moved_snapshot is not None:
                    self._save_quietly(plan)
                return self._report(unchanged=manifest.item_count)
        with self.index.writing(wait) as acquired:
            if not acquired:
                from reader.core.search.index import LOCKED_MESSAGE

                unchanged = manifest.item_count if manifest else 0
                return self._report(unchanged=unchanged, skipped=True, message=LOCKED_MESSAGE)
            manifest = self._load()  # another process may have updated it meanwhile
            reason = self._rebuild_reason(manifest, rebuild)
            if reason is not None:
                return self._rebuild(reason)
            return self._apply(manifest, plan_changes(manifest, current), wait)

    # -- deciding ------------------------------------------------------------------------------

    def _load(self) -> Manifest | None:
        manifest, message = self.manifest_file.load()
        if message:
            self.notes.append(message)
        return manifest

    def _rebuild_reason(self, manifest: Manifest | None, rebuild: bool) -> tuple[str, bool] | None:
        """(why, damaged) when the index must be built from scratch, else None."""
        if rebuild:
            return "a rebuild was asked for", False
        if self.index.damaged:
            problem = _verify(self.index.index_dir, manifest) if manifest else self.index.damaged
            if problem:
                return f"it was damaged ({self.index.damaged})", True
            self.index.damaged = None  # a passing failure (e.g. a race with a commit); it reads fine
        if manifest is None:
            return ("it had no manifest", False) if self.index.exists() else ("", False)
        if manifest.schema != SCHEMA_VERSION:
            return "the index format changed", False
        if manifest.parser != PARSER_VERSION:
            return "the digest parser changed", False
        snapshot = index_snapshot(self.index.index_dir)
        if snapshot != manifest.index_files:
            problem = _verify(self.index.index_dir, manifest)
            if problem:
                return f"it was damaged ({problem})", True
            self.moved_snapshot = snapshot
        return None

    # -- doing ---------------------------------------------------------------------------------

    def _apply(self, manifest: Manifest, plan: Plan, wait: float) -> UpdateReport:
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import LockError

        from reader.core.search.write.writers import apply_changes

        unchanged = sum(
            manifest.files[p].items for p in plan.unchanged + list(plan.touched) if p in manifest.files
        )
        if plan.empty:
            self._record(manifest, plan)
            return self._report(unchanged=unchanged)
        try:
            ix = FileStorage(str(self.index.index_dir)).open_index()
            try:
                changed = {path: self.issues.get(path) for path in plan.changed}
                counts = apply_changes(ix, changed, plan.removed, self.progress, wait)
            finally:
                ix.close()
        except LockError:
            from reader.core.search.index import LOCKED_MESSAGE

            return self._report(unchanged=manifest.item_count, skipped=True, message=LOCKED_MESSAGE)
        except OSError:
            raise
        except Exception as exc:
            self.index.damaged = f"{type(exc).__name__}: {exc}"[:200]
            return self._rebuild((f"it was damaged ({self.index.damaged})", True))
        self._record(manifest, plan)
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
        manifest.index_files = index_snapshot(self.index.index_dir)
        self.manifest_file.save(manifest)

    def _save_quietly(self, plan: Plan) -> None:
        """Remember touched files (same content, new mtime) if nobody else is writing."""
        with self.index.writing(0.0) as acquired:
            manifest = self._load() if acquired else None
            if manifest is not None:
                self._record(manifest, plan)

    def _rebuild(self, reason: tuple[str, bool]) -> UpdateReport:
        from reader.core.search.write.building import build_all

        why, damaged = reason
        folder = self.index.index_dir
        building = folder.with_name(f".{folder.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        try:
            count = build_all(building, list(self.issues.values()), self.progress, self.index.parallel)
            states = {path: file_state(path, *self.current[path]) for path in self.current}
            manifest = Manifest(
                SCHEMA_VERSION,
                PARSER_VERSION,
                {p: s for p, s in states.items() if s},
                index_snapshot(building),
            )
            ManifestFile(building).save(manifest)
            aside = self.index.replace_folder(building, damaged)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        message = f"rebuilt the search index because {why}" if why else "built the search index"
        if aside:
            message += f"; the damaged index was moved to {aside}"
        return self._report(added=count, rebuilt=True, message=message)

    def _report(self, message: str | None = None, **counts) -> UpdateReport:
        text = "; ".join(self.notes + ([message] if message else [])) or None
        return UpdateReport(message=text, **counts)


def _verify(folder, manifest: Manifest) -> str | None:
    """Why the index in `folder` cannot be trusted, or None when it opens and matches the manifest."""
    try:
        from whoosh.filedb.filestore import FileStorage

        ix = FileStorage(str(folder)).open_index()
        try:
            count = ix.doc_count()
            with ix.searcher() as searcher:
                problem = probe(searcher)
        finally:
            ix.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    if problem:
        return problem
    if count != manifest.item_count:
        return f"it holds {count} items, its manifest {manifest.item_count}"
    return None


def probe(searcher) -> str | None:
    """Read a little of every segment (first and last stored document, the first postings of each
    field); why that failed, or None."""
    try:
        for leaf, _ in searcher.reader().leaf_readers():
            last = leaf.doc_count_all() - 1
            if last >= 0:
                leaf.stored_fields(0)
                leaf.stored_fields(last)
            for fieldname in ("title", "text"):
                for term, _info in leaf.iter_field(fieldname):
                    matcher = leaf.postings(fieldname, term)
                    matcher.id(), matcher.weight()
                    break
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    return None
