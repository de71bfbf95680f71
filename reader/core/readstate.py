"""Which items the user has read: `read-state.json` in the data dir.

    {"version": 1, "read": ["issue-id/item-slug", ...]}

Same guarantees as the bookmarks (shared_store.SharedJsonStore): atomic writes, a lock around each
read-merge-write so two instances keep each other's marks, a broken file moved aside with a
message. Mutations raise StorageError (previous file intact) when the disk is full or read-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core import locations
from reader.core.model import Issue
from reader.core.reattach import Mark, new_ids
from reader.core.sanitize import replace_surrogates
from reader.core.shared_store import SharedJsonStore

if TYPE_CHECKING:
    from reader.core.library import Library

READ_STATE_VERSION = 1


class ReadState(SharedJsonStore[set[str]]):
    kind = "read state"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or locations.read_state_file(), READ_STATE_VERSION)

    def empty(self) -> set[str]:
        return set()

    def decode(self, data: dict[str, Any]) -> set[str]:
        read = data.get("read", [])
        if not isinstance(read, list) or not all(isinstance(item_id, str) for item_id in read):
            raise ValueError("'read' is not a list of item ids")
        return {replace_surrogates(item_id) for item_id in read}

    def encode(self, value: set[str]) -> dict[str, Any]:
        return {"read": sorted(value)}

    def is_read(self, item_id: str) -> bool:
        return item_id in self.current()

    def reattach(self, library: Library) -> int:
        """Move each read mark whose item id is gone to the item it now is (same issue, same title
        slug: see reattach.new_ids); returns how many. Others stay as they are."""
        moves = new_ids([Mark(item_id) for item_id in self.current()], library)
        if not moves:
            return 0

        def change(marks: set[str]) -> int:
            moved = [old for old in moves if old in marks]
            marks.difference_update(moved)
            marks.update(moves[old] for old in moved)
            return len(moved)

        return self.modify(change, unchanged=lambda moved: moved == 0)

    def set_read(self, item_id: str, read: bool = True) -> None:
        self.set_many([item_id], read)

    def set_many(self, item_ids: Iterable[str], read: bool = True) -> int:
        """Mark several items (say, a whole issue) in one write. Returns how many changed."""
        wanted = set(item_ids)
        if not wanted or (wanted <= self.current() if read else not wanted & self.current()):
            return 0

        def change(marks: set[str]) -> int:
            before = len(marks)
            if read:
                marks |= wanted
            else:
                marks -= wanted
            return abs(len(marks) - before)

        return self.modify(change, unchanged=lambda changed: changed == 0)

    def toggle(self, item_id: str) -> bool:
        """Flip the item's state; returns the new one."""

        def change(marks: set[str]) -> bool:
            if item_id in marks:
                marks.discard(item_id)
                return False
            marks.add(item_id)
            return True

        return self.modify(change)

    def unread_count(self, issue: Issue) -> int:
        read = self.current()
        return sum(1 for item in issue.items if item.id not in read)
