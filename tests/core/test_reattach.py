"""Bookmarks and read marks survive a re-split of items: re-attached by title or first link in the
same issue, listed as missing (never deleted) when nothing matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core import locations
from reader.core.bookmarks import BookmarkStore
from reader.core.library import Library
from reader.core.model import Issue, Item, Link, assign_item_ids
from reader.core.readstate import ReadState
from reader.core.reattach import Mark, new_ids


def library(*titles_and_links: tuple[str, str], issue_id: str = "weekly-7") -> Library:
    items = [Item(id="", title=title, links=[Link(url)] if url else []) for title, url in titles_and_links]
    assign_item_ids(issue_id, items)
    return Library(issues=[Issue(id=issue_id, title="Weekly 7", source="weekly-7.md", items=items)])


BEFORE = library(("Intro", ""), ("News", "https://a.example/1"), ("Tools", "https://b.example/"))
# The parser now splits "News" into its entries, and a greeting title is cleaned up.
AFTER = library(
    ("Intro and welcome", ""),
    ("Alpha released", "https://a.example/1"),
    ("Beta paper", "https://a.example/2"),
    ("Tools", "https://b.example/"),
)


def test_new_ids_match_by_first_link_or_title_in_the_same_issue() -> None:
    marks = [
        Mark("weekly-7/news", "News", "https://a.example/1"),  # same first link
        Mark("weekly-7/tools-old", "Tools", ""),  # same title
        Mark("weekly-7/intro", "Intro", ""),  # nothing matches: stays missing
        Mark("other-issue/news", "News", "https://a.example/1"),  # another issue: never moved
        Mark("weekly-7/tools"),  # still there: not touched
    ]
    assert new_ids(marks, AFTER) == {
        "weekly-7/news": "weekly-7/alpha-released",
        "weekly-7/tools-old": "weekly-7/tools",
    }


def test_read_marks_match_by_title_slug_and_ordinal() -> None:
    before = library(("Links", "https://x/1"), ("Links", "https://x/2"), ("Links", "https://x/3"))
    assert [i.id for i in before.issues[0].items] == [
        "weekly-7/links",
        "weekly-7/links-2",
        "weekly-7/links-3",
    ]
    after = library(("Intro", ""), ("Links", "https://x/2"), ("Links", "https://x/3"))
    # 'links-3' is gone; of the two 'Links' left, the one no other mark holds is taken
    assert new_ids([Mark("weekly-7/links"), Mark("weekly-7/links-3")], after) == {
        "weekly-7/links-3": "weekly-7/links-2"
    }
    assert new_ids([Mark("weekly-7/gone-for-good")], after) == {}
    state = ReadState()
    state.set_many(["weekly-7/links", "weekly-7/links-3", "weekly-7/gone-for-good"])
    assert state.reattach(after) == 1
    assert ReadState().current() == {"weekly-7/links", "weekly-7/links-2", "weekly-7/gone-for-good"}


def test_both_stores_move_their_marks_and_keep_the_unmatched_ones() -> None:
    store, state = BookmarkStore(), ReadState()
    issue = BEFORE.issues[0]
    for item in issue.items:
        store.add(issue, item, tags=["kept"], note=f"about {item.title}")
    state.set_many(item.id for item in issue.items)
    assert store.reattach(AFTER) == 1  # 'news' by its first link; 'tools' is still there
    assert state.reattach(AFTER) == 0  # a read mark keeps only its id: 'news' has no title match
    by_id = {b.item_id: b for b in BookmarkStore().with_missing(AFTER)}
    assert set(by_id) == {"weekly-7/alpha-released", "weekly-7/tools", "weekly-7/intro"}
    moved = by_id["weekly-7/alpha-released"]
    assert (moved.title, moved.tags, moved.note, moved.missing) == (
        "Alpha released",
        ["kept"],
        "about News",
        False,
    )
    assert by_id["weekly-7/intro"].missing  # listed as missing, never deleted
    assert ReadState().current() == {"weekly-7/intro", "weekly-7/news", "weekly-7/tools"}  # none deleted
    assert store.reattach(AFTER) == 0 and state.reattach(AFTER) == 0  # nothing left to do: no write


def test_a_bookmark_moved_onto_a_bookmarked_item_keeps_both_tags_and_notes() -> None:
    store = BookmarkStore()
    before, after = BEFORE.issues[0], AFTER.issues[0]
    store.add(before, before.items[1], tags=["old"], note="first note")
    store.add(after, after.items[1], tags=["new"], note="second note")
    assert store.reattach(AFTER) == 1
    [merged] = store.all()
    assert merged.item_id == "weekly-7/alpha-released"
    assert merged.tags == ["new", "old"] and merged.note == "second note\n\nfirst note"


def test_the_cli_reattaches_and_lists_the_rest_as_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    digest = tmp_path / "lib" / "weekly-7.md"
    digest.parent.mkdir()
    digest.write_text(
        "# Weekly 7\n\n## Big News Roundup\n\n[Alpha](https://a.example/1) is out.\n\n"
        "## Retired section\n\nGone next week.\n",
        encoding="utf-8",
    )
    lib = ("--library", str(digest.parent))
    assert main(["bookmarks", "add", "weekly-7/big-news-roundup", *lib]) == 0
    assert main(["bookmarks", "add", "weekly-7/retired-section", *lib]) == 0
    capsys.readouterr()
    digest.write_text(
        "# Weekly 7\n\n## Big news round-up\n\n[Alpha](https://a.example/1) is out.\n", encoding="utf-8"
    )
    assert main(["bookmarks", "--json", *lib]) == 0
    listed = {b["item_id"]: b["missing"] for b in json.loads(capsys.readouterr().out)["bookmarks"]}
    assert listed == {"weekly-7/big-news-round-up": False, "weekly-7/retired-section": True}
    saved = json.loads(locations.bookmarks_file().read_text(encoding="utf-8"))
    assert {b["item_id"] for b in saved["bookmarks"]} == set(listed)
