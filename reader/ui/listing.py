"""Which issues the Issues pane lists, in what order, and where the reading loop goes next.

Pure functions of the library, the view options and the read marks: the main screen calls them,
the tests call them directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.model import Issue, Item
from reader.ui.settings import SORTS

if TYPE_CHECKING:  # the library module imports every parser: not at start
    from reader.core.library import Library

Unread = Callable[[Issue], int | None]


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """How the issues are listed: sorted by date, title or source; read ones hidden or not; one
    source only (None: all)."""

    sort: str = "date"
    hide_read: bool = False
    source: str | None = None

    def next_sort(self, sources: int) -> str:
        """The sort after this one (`s`); by source only when there is more than one."""
        order = [sort for sort in SORTS if sort != "source" or sources > 1]
        return order[(order.index(self.sort) + 1) % len(order)] if self.sort in order else order[0]


class Sources:
    """The source of each issue of a library (see `reader.core.library.source_labels`)."""

    def __init__(self, library: Library) -> None:
        from reader.core.library import source_labels

        self.labels = source_labels(library)
        self.names = sorted(set(self.labels.values()), key=lambda name: (name.casefold(), name))

    def of(self, issue: Issue) -> str:
        return self.labels.get(issue.id, "")

    @property
    def mixed(self) -> bool:
        return len(self.names) > 1


def list_issues(
    issues: Sequence[Issue], view: ViewOptions, sources: Sources, unread: Unread, keep: Issue | None = None
) -> list[Issue]:
    """The issues to list: of the chosen source, unread ones only when read ones are hidden (but
    always `keep`, the one being read), sorted as chosen. `issues` are in date order already
    (newest first, undated ones by the number in their file name)."""
    shown = [issue for issue in issues if view.source is None or sources.of(issue) == view.source]
    if view.hide_read:
        shown = [issue for issue in shown if issue is keep or unread(issue) != 0]
    if view.sort == "title":
        from reader.core.library import natural_key

        shown.sort(key=lambda issue: natural_key(issue.title.casefold()))
    elif view.sort == "source":
        shown.sort(key=lambda issue: sources.of(issue).casefold())
    return shown


def _candidates(
    issues: Sequence[Issue], at: int | None, position: int, unread: Unread
) -> Iterator[tuple[Issue, Sequence[Item]]]:
    """The items to look at for the next unread one, in reading order, after item `position` of
    issue `at` (None: from the first issue), wrapping around to end just before it."""
    count = len(issues)
    if at is None:
        yield from ((issue, issue.items) for issue in issues if unread(issue) != 0)
        return
    yield issues[at], issues[at].items[position + 1 :]
    for step in range(1, count):
        issue = issues[(at + step) % count]
        if unread(issue) != 0:
            yield issue, issue.items
    yield issues[at], issues[at].items[: max(position, 0)]


def next_unread(
    issues: Sequence[Issue],
    current: Issue | None,
    item: Item | None,
    is_unread: Callable[[str], bool],
    unread: Unread,
) -> tuple[Issue, Item] | None:
    """The next unread item after `item` of `current` (None: the issue's own page) in the listed
    issues, wrapping around; None when every listed item is read."""
    at = next((index for index, issue in enumerate(issues) if issue is current), None)
    position = -1
    if at is not None and item is not None:
        listed = issues[at].items
        fits = 0 <= item.position < len(listed) and listed[item.position] is item
        position = item.position if fits else next((i for i, found in enumerate(listed) if found is item), -1)
    for issue, items in _candidates(issues, at, position, unread):
        for found in items:
            if is_unread(found.id):
                return issue, found
    return None
