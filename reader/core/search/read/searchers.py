"""The searcher of the index on disk, reopened only when the index changed, and the check that
tells a damaged index from a query Whoosh cannot run."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.search.health import checksum_problem, describe, probe
from reader.core.search.manifest import ManifestFile

OPEN_ATTEMPTS = 3  # opening races with another process's commit are retried, not taken for damage


class OpenIndex:
    """The open searcher of the index in `folder` (Whoosh's public API only)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.searcher = None
        self.inode: int | None = None
        self.checked = False  # the files of the open index were compared with their checksums
        self.trust_next = False  # this process has just written (and checksummed) the index

    def _inode(self) -> int | None:
        try:
            return os.stat(self.folder).st_ino
        except OSError:
            return None

    def fresh(self) -> bool:
        """True when the open searcher still reads the newest commit in the same folder."""
        if self.searcher is None or self._inode() != self.inode:
            return False
        try:
            return bool(self.searcher.up_to_date())
        except Exception:
            return False

    def current(self) -> tuple[object | None, str | None]:
        """(searcher, None); (None, None) when there is no index; (None, why) when it cannot be
        opened even though no commit raced with the opening."""
        if self.fresh():
            return self.searcher, None
        self.close()
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import EmptyIndexError

        from reader.core.search.engine_patches import prepare_reading

        prepare_reading()
        for attempt in range(OPEN_ATTEMPTS):
            inode = self._inode()
            if inode is None:
                return None, None
            try:
                ix = FileStorage(str(self.folder)).open_index()
                searcher = ix.searcher()
            except EmptyIndexError:
                return None, None
            except Exception as exc:
                if attempt == OPEN_ATTEMPTS - 1 or not self._changed_since(inode, exc):
                    return None, describe(exc)
                continue
            self.searcher, self.inode, self.checked = searcher, inode, self.trust_next
            self.trust_next = False
            return searcher, None
        return None, None

    def _changed_since(self, inode: int, exc: BaseException) -> bool:
        """Whether a failed open may be a race: the folder was replaced, or files vanished."""
        return self._inode() != inode or isinstance(exc, FileNotFoundError)

    def close(self) -> None:
        if self.searcher is not None:
            try:
                self.searcher.close()
            except Exception:
                pass
        self.searcher, self.inode = None, None

    def damage(self, failure: BaseException | None) -> str | None:
        """Why the open index is damaged, or None: after a search that raised (`failure`), or one
        that found nothing (then once per opened index). Index files are compared with the
        checksums recorded at commit; after a failure, every segment is also probed."""
        if self.searcher is None or (failure is None and self.checked):
            return None
        self.checked = True
        if not self.fresh():
            return None  # the index changed meanwhile: a race, not damage
        manifest = ManifestFile(self.folder).peek()
        recorded = manifest.index_files if manifest else {}
        present = {name: entry for name, entry in recorded.items() if (self.folder / name).exists()}
        problem = checksum_problem(self.folder, present)
        if problem is None and failure is not None:
            problem = probe(self.searcher)
        if problem and not self.fresh():
            return None
        return problem
