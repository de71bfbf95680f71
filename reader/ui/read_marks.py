"""Read marks as the screens see them: a change shows at once and is saved later, in batches, off the UI thread.

Saving a mark locks the file, re-reads it, merges and rewrites it atomically (ReadState.set_many):
tens of milliseconds with thousands of marks. Opening items one after another therefore only records
the change here (`mark`), and `save_pending` (run by the app in a worker, and once more at exit)
writes everything recorded so far in one go. Marks another running instance saved are kept: every
write merges with the file as it is on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.model import Issue
    from reader.core.readstate import ReadState


class ReadMarks:
    """The store's marks with the unsaved changes on top. `on_pending` is called (on the UI thread)
    after each change; the caller then runs `save_pending` in a worker, once the changes pause."""

    def __init__(self, store: ReadState | None, on_pending: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_pending = on_pending
        self._pending: dict[str, bool] = {}  # item id -> read, not saved yet
        self._lock = threading.Lock()  # guards _pending
        self._saving = threading.Lock()  # held while a batch is written
        self._known: set[str] = set()
        self._version = 0  # bumped by every change made here
        self._counts: dict[tuple[str, int], int] = {}  # (issue id, id(issue)) -> unread, for _counted
        self._counted: tuple[int, int] = (0, -1)  # (id of the saved marks, _version) the counts are for
        self._read_ids: tuple[tuple[int, int], frozenset[str]] = ((0, -1), frozenset())

    @property
    def available(self) -> bool:
        return self.store is not None

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def _saved(self) -> set[str]:
        """The marks on disk. While a batch is being written the last known ones are used, so the UI
        thread never waits for a write."""
        if self.store is not None and self._saving.acquire(blocking=False):
            try:
                self._known = self.store.current()
            finally:
                self._saving.release()
        return self._known

    def is_read(self, item_id: str) -> bool:
        pending = self._pending.get(item_id)
        return pending if pending is not None else item_id in self._saved()

    def is_unread(self, item_id: str) -> bool:
        """False when read marks are unavailable: nothing is shown as unread then."""
        return self.available and not self.is_read(item_id)

    def unread_count(self, issue: Issue) -> int | None:
        """Remembered until the marks change: the issue list and the header ask for every issue."""
        if not self.available:
            return None
        saved, pending = self._saved(), self._pending
        if self._counted != (id(saved), self._version):
            self._counts.clear()
            self._counted = (id(saved), self._version)
        key = (issue.id, id(issue))
        count = self._counts.get(key)
        if count is None:
            if pending:
                count = sum(1 for item in issue.items if not pending.get(item.id, item.id in saved))
            else:
                count = sum(1 for item in issue.items if item.id not in saved)
            self._counts[key] = count
        return count

    def forget_counts(self) -> None:
        """A new library: issues are new objects."""
        self._version += 1

    def read_ids(self) -> frozenset[str]:
        """Every item id marked read, the unsaved marks included (for is:unread and is:read)."""
        saved, pending = self._saved(), self._pending
        key = (id(saved), self._version)
        if self._read_ids[0] != key:
            read = set(saved)
            read.update(item_id for item_id, is_read in pending.items() if is_read)
            read.difference_update(item_id for item_id, is_read in pending.items() if not is_read)
            self._read_ids = (key, frozenset(read))
        return self._read_ids[1]

    # -- changes ---------------------------------------------------------------------------------
    def unread_test(self) -> Callable[[str], bool]:
        """`is_unread` for many items in a row: the marks are looked up once."""
        if not self.available:
            return lambda item_id: False
        saved, pending = self._saved(), self._pending
        if not pending:
            return lambda item_id: item_id not in saved
        return lambda item_id: not pending.get(item_id, item_id in saved)

    def mark(self, item_ids: Iterable[str], read: bool = True) -> list[str]:
        """Record items as read (or unread); the ids of those that changed."""
        if self.store is None:
            return []
        saved, pending = self._saved(), self._pending
        changed = list(
            dict.fromkeys(item_id for item_id in item_ids if pending.get(item_id, item_id in saved) != read)
        )
        if not changed:
            return []
        with self._lock:
            self._pending.update(dict.fromkeys(changed, read))
            self._version += 1
        if self.on_pending is not None:
            self.on_pending()
        return changed

    def toggle(self, item_id: str) -> bool:
        """Flip one item; returns its new state (read: True)."""
        read = not self.is_read(item_id)
        self.mark([item_id], read)
        return read

    def save_pending(self) -> str | None:
        """Write every recorded change (at most two locked, atomic writes); the error message when
        the file could not be written (the changes are then dropped: the file on disk is intact)."""
        if self.store is None:
            return None
        with self._saving:
            with self._lock:
                batch = dict(self._pending)
            if not batch:
                return None
            error = None
            try:
                for read in (True, False):
                    ids = [item_id for item_id, wanted in batch.items() if wanted is read]
                    if ids:
                        self.store.set_many(ids, read)
            except OSError as exc:  # StorageError: disk full, read-only, a file left aside
                error = str(exc)
            known = self.store.current()
            with self._lock:
                for item_id, read in batch.items():
                    if self._pending.get(item_id) == read:
                        del self._pending[item_id]
                self._known = known
                self._version += 1
            return error
