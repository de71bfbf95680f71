"""Unread counts per issue that a read mark moves by one, instead of counting the issue again.

An issue is counted once, when first asked. The first change after that files the item ids of the
issues counted so far (item id -> its issue's count), and from then on a change moves only the
counts of the items it touched: a toggle costs the same in an issue of 100,000 items as in one of
three. A count is for one Issue object with one list of items: an issue given new items, or renamed
(its items then get new ids), is counted again, and a new library starts afresh (`clear`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.model import Issue, Item


@dataclass(eq=False, slots=True)
class _Count:
    issue: Issue  # held, so that the id() it is filed under stays its own
    issue_id: str
    items: list[Item]
    length: int
    unread: int
    version: int  # the marks' version it was counted at (what an inexact count is checked against)
    ids: list[str] | None = None  # its item ids once filed (the owners table points here)

    def fits(self, issue: Issue) -> bool:
        return issue.items is self.items and len(issue.items) == self.length and issue.id == self.issue_id


class UnreadCounts:
    """The counts, for ReadMarks (which serialises every call under its lock).

    Item ids are unique in a library; should one stand in two counted issues, the counts stop
    being moved (`exact` False) and each is counted again after every change until `clear`."""

    def __init__(self) -> None:
        self._counts: dict[int, _Count] = {}  # id(issue) -> its count
        self._owners: dict[str, _Count] = {}  # item id -> the count it is part of (once filed)
        self._unfiled: list[_Count] = []
        self.exact = True

    def __bool__(self) -> bool:
        return bool(self._counts)

    def get(self, issue: Issue, version: int, count: Callable[[list[Item]], int]) -> int:
        """The issue's unread items; `count(items)` counts them when nothing counted fits."""
        entry = self._counts.get(id(issue))
        if entry is not None:
            if entry.fits(issue) and (self.exact or entry.version == version):
                return entry.unread
            self._forget(entry)
        items = issue.items
        entry = _Count(issue, issue.id, items, len(items), count(items), version)
        self._counts[id(issue)] = entry
        if self.exact:
            self._unfiled.append(entry)
        return entry.unread

    def moved(self, item_ids: Iterable[str], read: bool) -> None:
        """These items became read (`read`) or unread: their issues' counts follow."""
        if not self._counts or not self.exact:
            return
        if self._unfiled:
            self._file()
            if not self.exact:
                return
        step = -1 if read else 1
        owners = self._owners
        for item_id in item_ids:
            entry = owners.get(item_id)
            if entry is not None:
                entry.unread += step

    def clear(self) -> None:
        self._counts.clear()
        self._owners.clear()
        self._unfiled.clear()
        self.exact = True

    # -- filing ----------------------------------------------------------------------------------
    def _live(self, entry: _Count) -> bool:
        return self._counts.get(id(entry.issue)) is entry and entry.fits(entry.issue)

    def _forget(self, entry: _Count) -> None:
        if self._counts.get(id(entry.issue)) is entry:
            del self._counts[id(entry.issue)]
        owners = self._owners
        for item_id in entry.ids or ():
            if owners.get(item_id) is entry:
                del owners[item_id]

    def _file(self) -> None:
        unfiled, self._unfiled = self._unfiled, []
        owners = self._owners
        for entry in unfiled:
            if not self._live(entry):  # its issue changed since it was counted: counted anew when asked
                self._forget(entry)
                continue
            ids = [item.id for item in entry.items]
            fresh = dict.fromkeys(ids, entry)
            if len(fresh) != len(ids):
                self._inexact()
                return
            if not owners.keys().isdisjoint(fresh):
                for item_id in fresh.keys() & owners.keys():
                    earlier = owners.get(item_id)
                    if earlier is not None and self._live(earlier):
                        self._inexact()
                        return
                    if earlier is not None:
                        self._forget(earlier)  # the count of an issue that changed since
            owners.update(fresh)
            entry.ids = ids

    def _inexact(self) -> None:
        self._owners.clear()
        self._unfiled.clear()
        self.exact = False
