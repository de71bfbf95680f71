"""Same link elsewhere: for a URL, every issue of the library that links to it, newest first.

Built once per library load (`LinkIndex.from_library`), then kept current issue by issue
(`add_issue` also replaces, `remove_issue`). URLs are compared by `link_keys.link_key`, so
`http://www.example.com/a/?utm_source=x` and `https://example.com/a` are one link. An issue's
own links (intro, sign-off) count too, as places with no item. Lookups are dictionary hits: the
"also in N issues" counts of an item's links cost microseconds (a link found in many issues, a
pass over its places).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.gc_pause import gc_paused
from reader.core.link_keys import link_key
from reader.core.model import Issue, Item, Link

if TYPE_CHECKING:
    from reader.core.library import Library

_MEMO_LIMIT = 500_000  # raw URL -> key entries kept; past it the memo starts afresh
CHECK_EVERY = 1000  # links indexed between two calls of a checkpoint


@dataclass(frozen=True, slots=True)
class LinkPlace:
    """One place that links to a URL: an item of an issue, or the issue itself (`item` None)."""

    issue: Issue
    item: Item | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "issue_id": self.issue.id,
            "issue_title": self.issue.title,
            "date": self.issue.date,
            "item_id": self.item.id if self.item else None,
            "item_title": self.item.title if self.item else None,
        }


class LinkIndex:
    """Normalised URL -> the issues (and their items) that link to it."""

    def __init__(self, issues: Iterable[Issue] = (), checkpoint: Callable[[], None] | None = None) -> None:
        """Index `issues`; `checkpoint` (building in a worker) is called every CHECK_EVERY links and
        may raise to stop."""
        # key -> its places as one flat tuple (issue, item or None, issue, item or None, ...), an
        # issue's places together and in order. Most links have one place: 56 bytes, where a dict
        # of lists of LinkPlace objects took ~360 (25 MB at 20k items); LinkPlaces are made when asked.
        self._places: dict[str, tuple] = {}
        self._issues: dict[str, tuple[Issue, list[str]]] = {}  # issue id -> (issue, its keys)
        self._memo: dict[str, str | None] = {}  # raw URL -> key
        with gc_paused():  # many small objects at once: the collector would only slow it down
            for issue in issues:
                self.add_issue(issue, checkpoint)

    @classmethod
    def from_library(cls, library: Library, checkpoint: Callable[[], None] | None = None) -> LinkIndex:
        """The index of a loaded library."""
        return cls(library.issues, checkpoint)

    def __len__(self) -> int:
        """How many distinct links the library holds."""
        return len(self._places)

    @property
    def issue_ids(self) -> set[str]:
        return set(self._issues)

    def key(self, url: str) -> str | None:
        """The normalised form of `url` (see link_keys), None when it is not indexed."""
        try:
            return self._memo[url]
        except KeyError:
            pass
        except TypeError:  # not hashable: not a URL
            return None
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        found = self._memo[url] = link_key(url)
        return found

    # --- keeping it current -------------------------------------------------------------------
    def add_issue(self, issue: Issue, checkpoint: Callable[[], None] | None = None) -> None:
        """Index `issue`'s own links and its items' links; an issue already indexed under the same
        id is replaced (its old links forgotten). `checkpoint`: as for the constructor."""
        if issue.id in self._issues:
            self.remove_issue(issue.id)
        found: dict[str, list] = {}  # key -> [issue, item, issue, item, ...]
        seen: set[tuple[str, str | None]] = set()
        owners: list[tuple[Item | None, list[Link]]] = [(None, issue.links)]
        owners += [(item, item.links) for item in issue.items]
        due = CHECK_EVERY
        for item, links in owners:
            item_id = item.id if item else None
            for link in (None, *links):  # None: a step for the item itself, even without links
                due -= 1
                if not due:
                    due = CHECK_EVERY
                    if checkpoint is not None:
                        checkpoint()
                if link is None:
                    continue
                key = self.key(link.url)
                if key is not None and (key, item_id) not in seen:
                    seen.add((key, item_id))
                    found.setdefault(key, []).extend((issue, item))
        every = self._places
        for key, places in found.items():
            every[key] = every.get(key, ()) + tuple(places)
        self._issues[issue.id] = (issue, list(found))

    def remove_issue(self, issue_id: str) -> bool:
        """Forget an issue's links; False when it was not indexed."""
        entry = self._issues.pop(issue_id, None)
        if entry is None:
            return False
        for key in entry[1]:
            flat = self._places.get(key, ())
            kept = tuple(part for pair in _pairs(flat) if pair[0].id != issue_id for part in pair)
            if kept:
                self._places[key] = kept
            else:
                self._places.pop(key, None)
        return True

    def replace_issue(self, issue: Issue) -> None:
        """The issue was parsed again: index its links afresh (same as `add_issue`)."""
        self.add_issue(issue)

    # --- asking -------------------------------------------------------------------------------
    def places(self, url: str) -> list[LinkPlace]:
        """Every place linking to `url`, newest issue first (undated last); within an issue its own
        links first, then its items in order."""
        by_issue: dict[str, list[LinkPlace]] = {}
        for issue, item in _pairs(self._flat(url)):
            by_issue.setdefault(issue.id, []).append(LinkPlace(issue, item))
        groups = sorted(by_issue.values(), key=lambda places: (places[0].issue.source, places[0].issue.id))
        groups.sort(key=lambda places: places[0].issue.date or "", reverse=True)
        return [place for places in groups for place in places]

    def issue_count(self, url: str) -> int:
        """How many issues link to `url`."""
        return len(self._issue_ids(self._flat(url)))

    def also_in(self, url: str, issue_id: str) -> int:
        """How many issues other than `issue_id` link to `url` ("also in N issues")."""
        flat = self._flat(url)
        if len(flat) == 2:  # one place: most links
            return int(flat[0].id != issue_id)
        ids = self._issue_ids(flat)
        return len(ids) - (issue_id in ids)

    def _flat(self, url: str) -> tuple:
        key = self.key(url)
        return self._places.get(key, ()) if key is not None else ()

    @staticmethod
    def _issue_ids(flat: tuple) -> set[str]:
        return {issue.id for issue in flat[::2]}

    def also_in_many(self, urls: Iterable[str], issue_id: str) -> list[int]:
        """`also_in` for each of `urls` (say, an item's links, in order)."""
        return [self.also_in(url, issue_id) for url in urls]

    def also_in_item(self, issue: Issue, item: Item | None = None) -> list[int]:
        """`also_in` for each link of `item` (of `issue`'s own links when None), in their order."""
        links = item.links if item is not None else issue.links
        return self.also_in_many((link.url for link in links), issue.id)


def _pairs(flat: tuple) -> Iterator[tuple[Issue, Item | None]]:
    """(issue, item or None) of each place of a flat tuple."""
    return zip(flat[::2], flat[1::2], strict=True)
