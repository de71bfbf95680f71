"""Read marks as the screens see them: a change shows at once and is saved later, in batches, off the UI thread.

Saving a mark locks the file, re-reads it, merges and rewrites it atomically (ReadState.set_many):
tens of milliseconds with thousands of marks. Opening items one after another therefore only records
the change here (`mark`), and `save_pending` (run by the app in a worker, and once more at exit)
writes everything recorded so far in one go. Marks another running instance saved are kept: every
write merges with the file as it is on disk. Each change, and each change found in the file, moves
the unread counts of the issues it touches (unread_counts.py): nothing is counted again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from reader.ui.unread_counts import UnreadCounts

if TYPE_CHECKING:
    from reader.core.model import Issue, Item
    from reader.core.readstate import ReadState


class ReadMarks:
    """The store's marks with the unsaved changes on top. `on_pending` is called (on the UI thread)
    after each change; the caller then runs `save_pending` in a worker, once the changes pause."""

    def __init__(self, store: ReadState | None, on_pending: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_pending = on_pending
        self._pending: dict[str, bool] = {}  # item id -> read, not saved yet
        self._lock = threading.Lock()  # guards _pending, _known's changes and the counts
        self._saving = threading.Lock()  # held while a batch is written
        self._known: set[str] = set()  # the saved marks, as last read (changed with _saving held)
        self._version = 0  # bumped by every change of the marks
        self._counts = UnreadCounts()  # under _lock
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
                known = self.store.current()
                if known is not self._known:  # the file changed (another instance wrote it)
                    self._rebase(known)
            finally:
                self._saving.release()
        return self._known

    def _rebase(self, known: set[str], written: dict[str, bool] | None = None) -> None:
        """Make `known` the saved marks, dropping the pending changes `written` (just saved), and
        move the unread counts of the items whose state that changed. Call with _saving held: no
        one else changes `_known` meanwhile."""
        old, written = self._known, written or {}
        # what the file gained or lost besides what was written, found before taking the lock
        on_disk = (old ^ known) - written.keys() if known is not old and self._counts else None
        with self._lock:
            pending, counted = self._pending, bool(self._counts)
            read: list[str] = []
            unread: list[str] = []
            for item_id, wanted in written.items():
                if pending.get(item_id) == wanted:
                    del pending[item_id]
                    if counted and (item_id in known) != wanted:  # not saved after all
                        (unread if wanted else read).append(item_id)
            if counted and known is not old:
                if on_disk is None:
                    on_disk = (old ^ known) - written.keys()
                for item_id in on_disk:
                    if item_id not in pending:  # a pending change still decides
                        (read if item_id in known else unread).append(item_id)
            self._known = known
            self._version += 1
            self._counts.moved(read, True)
            self._counts.moved(unread, False)

    def is_read(self, item_id: str) -> bool:
        pending = self._pending.get(item_id)
        return pending if pending is not None else item_id in self._saved()

    def is_unread(self, item_id: str) -> bool:
        """False when read marks are unavailable: nothing is shown as unread then."""
        return self.available and not self.is_read(item_id)

    def unread_count(self, issue: Issue) -> int | None:
        """Counted once per issue, then kept up to date by each change (see unread_counts)."""
        return self.unread_total((issue,))

    def unread_total(self, issues: Iterable[Issue]) -> int | None:
        """The unread items of all `issues` (the file looked at once, not once per issue)."""
        if not self.available:
            return None
        self._saved()
        with self._lock:
            return sum(self._counts.get(issue, self._version, self._count_unread) for issue in issues)

    def _count_unread(self, items: list[Item]) -> int:
        saved, pending = self._known, self._pending
        if pending:
            return sum(1 for item in items if not pending.get(item.id, item.id in saved))
        return sum(1 for item in items if item.id not in saved)

    def forget_counts(self) -> None:
        """A new library: issues are new objects."""
        with self._lock:
            self._counts.clear()
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
        self._saved()
        with self._lock:
            saved, pending = self._known, self._pending
            changed = list(
                dict.fromkeys(
                    item_id for item_id in item_ids if pending.get(item_id, item_id in saved) != read
                )
            )
            if not changed:
                return []
            pending.update(dict.fromkeys(changed, read))
            self._version += 1
            self._counts.moved(changed, read)
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
            self._rebase(self.store.current(), batch)
            return error
