"""The link index: which issues link to a URL, newest first; "also in N issues"; kept current."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.core.library import load_library
from reader.core.link_index import LinkIndex, LinkPlace
from reader.core.model import Issue, Item, Link

SHARED = "https://example.com/paper"


def _issue(issue_id: str, date: str | None, item_links: list[list[str]], own: Sequence[str] = ()) -> Issue:
    issue = Issue(id=issue_id, title=f"Issue {issue_id}", source=f"/lib/{issue_id}.md", date=date)
    issue.links = [Link(url) for url in own]
    issue.items = [
        Item(id=f"{issue_id}/item-{n}", title=f"Item {n} of {issue_id}", issue_id=issue_id,
             links=[Link(url) for url in links], position=n)
        for n, links in enumerate(item_links)
    ]  # fmt: skip
    return issue


def _rows(places: list[LinkPlace]) -> list[tuple[str, str | None]]:
    return [(p.issue.id, p.item.id if p.item else None) for p in places]


def _library() -> list[Issue]:
    return [
        _issue("old", "2023-01-02", [[SHARED], ["https://other.org/x"]]),
        _issue("undated", None, [["http://www.example.com/paper/?utm_source=news"]]),
        _issue("new", "2024-05-06", [["https://unrelated.net"], [SHARED + "#results", SHARED]], own=[SHARED]),
        _issue("mid", "2023-09-10", [[]], own=["https://example.com/paper/?fbclid=abc"]),
    ]


def test_places_newest_first_with_the_issues_own_links_and_normalised_urls() -> None:
    index = LinkIndex(_library())
    assert _rows(index.places("example.com/paper")) == [
        ("new", None),  # the issue's own links come before its items
        ("new", "new/item-1"),  # once per item, though it links twice
        ("mid", None),
        ("old", "old/item-0"),
        ("undated", "undated/item-0"),  # undated issues last
    ]
    assert index.places("https://nowhere.example/") == [] and index.places("/relative") == []
    row = index.places(SHARED)[1].to_json()
    assert row == {
        "issue_id": "new",
        "issue_title": "Issue new",
        "date": "2024-05-06",
        "item_id": "new/item-1",
        "item_title": "Item 1 of new",
    }
    assert index.places(SHARED)[0].to_json()["item_id"] is None


def test_also_in_counts_other_issues_only() -> None:
    issues = _library()
    index = LinkIndex(issues)
    assert index.issue_count(SHARED) == 4
    assert index.also_in(SHARED, "new") == 3
    assert index.also_in("HTTP://EXAMPLE.COM/paper/", "not-indexed") == 4
    assert index.also_in("https://other.org/x", "old") == 0
    assert index.also_in("javascript:alert(1)", "old") == 0
    new = issues[2]
    assert index.also_in_item(new, new.items[1]) == [3, 3]
    assert index.also_in_item(new) == [3]  # the issue's own links
    assert index.also_in_many(["https://unrelated.net/", SHARED], "new") == [0, 3]


def test_add_replace_and_remove_issues_incrementally() -> None:
    issues = _library()
    index = LinkIndex(issues)
    assert len(index) == 3  # distinct links
    index.add_issue(_issue("newest", "2025-01-01", [[SHARED, "https://fresh.io/a"]]))
    assert _rows(index.places(SHARED))[0] == ("newest", "newest/item-0")
    assert index.also_in(SHARED, "new") == 4 and index.issue_count("fresh.io/a") == 1
    # the issue was parsed again and no longer links to the paper
    index.replace_issue(_issue("newest", "2025-01-01", [["https://fresh.io/b"]]))
    assert index.issue_count(SHARED) == 4 and index.issue_count("fresh.io/a") == 0
    assert index.issue_count("fresh.io/b") == 1
    assert index.remove_issue("newest") and not index.remove_issue("newest")
    assert index.issue_count("fresh.io/b") == 0 and len(index) == 3
    for issue in issues:
        index.remove_issue(issue.id)
    assert len(index) == 0 and index.issue_ids == set() and index.places(SHARED) == []
    # built afresh equals kept current
    rebuilt = LinkIndex(issues)
    index = LinkIndex()
    for issue in reversed(issues):
        index.add_issue(issue)
    assert _rows(index.places(SHARED)) == _rows(rebuilt.places(SHARED))


def test_odd_links_never_break_the_index() -> None:
    issue = _issue("odd", "2024-01-01", [["", " ", "#top", "http://[::1", "\x1b[31m", "x" * 10_000, SHARED]])
    index = LinkIndex([issue])
    assert len(index) == 1 and index.also_in(SHARED, "other") == 1
    assert index.key(["not", "hashable"]) is None  # type: ignore[arg-type]


def test_seed_library_links_are_found(seeds_dir: Path) -> None:
    library = load_library([seeds_dir])
    index = LinkIndex.from_library(library)
    issue, item = next((i, it) for i, it in library.items() if it.links)
    url = item.links[0].url
    assert (issue.id, item.id) in _rows(index.places(url))
    assert index.also_in_item(issue, item)[0] == index.issue_count(url) - 1


def test_a_checkpoint_runs_between_steps_of_a_long_build_and_can_stop_it() -> None:
    many = _issue("many", "2024-01-01", [[f"https://example.com/{n}" for n in range(5_000)]])
    bare = _issue("bare", "2024-01-02", [[] for _ in range(3_000)])  # items without links are steps too
    calls: list[int] = []
    index = LinkIndex([many, bare], lambda: calls.append(1))
    assert len(calls) >= 7, "every CHECK_EVERY links or items, also inside one item's links"
    assert index.issue_count("https://example.com/4999") == 1, "the build is whole"

    class Stop(Exception):
        pass

    def stop() -> None:
        raise Stop

    with pytest.raises(Stop):  # the checkpoint's exception ends the build
        LinkIndex([many], stop)


def test_a_link_with_one_place_costs_little_memory() -> None:
    """Links found once (most of a library's): the index holds little more than their keys (it
    held a dict, a list and a LinkPlace per link: ~25 MB at 20k items)."""
    import tracemalloc

    issues = [_issue(f"i{n}", "2024-01-01", [[f"https://site{n}.org/{k}/{m}" for m in range(3)] for k in range(50)])
              for n in range(100)]  # fmt: skip
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = LinkIndex(issues)
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(index) == 15_000 and index.issue_count("https://site7.org/4/1") == 1
    links = sum(len(item.links) for issue in issues for item in issue.items)  # 15,000
    assert used / links < 250, (
        f"{used / links:.0f} bytes a link"
    )  # ~185 (the URL keys most of it); 447 before
