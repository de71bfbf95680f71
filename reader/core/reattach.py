"""Bookmarks and read marks survive a re-split of items (a new parser, an edited digest).

Item ids are `issue-id/title-slug[-n]`: when the parser splits an issue differently, a stored id
may name no item any more. `new_ids` finds each such mark's item again: in the same issue, the
item with the same title (for read marks, which keep only the id, the same title slug) or the same
first link. Both stores use it; a mark that matches nothing is left as it is (shown as missing),
never deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reader.core.model import Item, slugify
from reader.core.storage import StorageError

if TYPE_CHECKING:
    from reader.core.library import Library

_ORDINAL = re.compile(r"-(\d+)$")


@dataclass(frozen=True, slots=True)
class Mark:
    """What a stored mark knows of its item: its old id, and its title and first link if kept."""

    item_id: str
    title: str = ""
    first_link: str = ""


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _ordinal(item_id: str) -> int:
    """The '-n' ordinal of a repeated title slug (1 when there is none)."""
    match = _ORDINAL.search(item_id.partition("/")[2])
    return int(match.group(1)) if match else 1


def _same_title(mark: Mark, item: Item) -> bool:
    if mark.title:
        return _title_key(mark.title) == _title_key(item.title)
    slug = mark.item_id.partition("/")[2]
    base = slugify(item.title, 22) or "item"
    return slug == base or (slug.startswith(f"{base}-") and slug[len(base) + 1 :].isdigit())


def _same_link(mark: Mark, item: Item) -> bool:
    return bool(mark.first_link) and bool(item.links) and item.links[0].url == mark.first_link


def new_ids(marks: Iterable[Mark], library: Library) -> dict[str, str]:
    """Old id -> id of the item each mark now is, for marks whose id names no item of `library`.

    Candidates are the items of the mark's issue with the same title or the same first link; both
    together beat either alone, an item no other mark holds beats one already marked, and among
    equals the mark's old ordinal ('news-2': the second) picks. Marks with no candidate are left out.
    """
    marks = list(marks)
    present = {item.id for _, item in library.items()}
    issues = {issue.id: issue for issue in library.issues}
    taken = present & {mark.item_id for mark in marks}  # items another mark already holds
    found: dict[str, str] = {}
    for mark in marks:
        if mark.item_id in present or mark.item_id in found:
            continue
        issue = issues.get(mark.item_id.partition("/")[0])
        if issue is None:
            continue
        scored = []
        for item in issue.items:
            title, link = _same_title(mark, item), _same_link(mark, item)
            if title or link:
                scored.append((-(title + link), item.id in taken, item))
        if not scored:
            continue
        best = min(entry[:2] for entry in scored)
        equals = [item for score, held, item in scored if (score, held) == best]
        chosen = equals[min(_ordinal(mark.item_id), len(equals)) - 1]
        found[mark.item_id] = chosen.id
        taken.add(chosen.id)
    return found


class Reattaching(Protocol):
    def reattach(self, library: Library) -> int: ...


def reattach_marks(library: Library, *stores: Reattaching | None) -> list[str]:
    """Let each store re-attach its marks to `library`; the messages of those that could not save."""
    failures = []
    for store in stores:
        if store is None:
            continue
        try:
            store.reattach(library)
        except StorageError as exc:
            failures.append(str(exc))
    return failures
