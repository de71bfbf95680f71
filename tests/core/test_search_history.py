"""Search history: most recent first, each query once, at most 100, persisted; the ↑/↓ cursor."""

from __future__ import annotations

import json

import pytest

from reader.core import locations
from reader.core.search_history import HISTORY_LIMIT, HistoryCursor, SearchHistory


def test_most_recent_first_deduplicated_and_persisted() -> None:
    history = SearchHistory()
    assert history.path == locations.search_history_file()
    for query in ("rust", "diffusion", "crate of the week", "rust"):
        assert history.record(query)
    assert history.queries() == ["rust", "crate of the week", "diffusion"]
    assert SearchHistory().queries() == ["rust", "crate of the week", "diffusion"]
    data = json.loads(history.path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "queries": ["rust", "crate of the week", "diffusion"]}


def test_blank_repeated_and_huge_queries_do_not_write() -> None:
    history = SearchHistory()
    assert not history.record("") and not history.record("  \t\n ") and not history.path.exists()
    history.record("  two   words ")
    mtime = history.path.stat().st_mtime_ns
    assert not history.record("two words")  # already the most recent, as history keeps it
    assert not history.record("x" * 1001)
    assert history.path.stat().st_mtime_ns == mtime
    assert history.queries() == ["two words"]


def test_keeps_only_the_last_100() -> None:
    history = SearchHistory()
    for n in range(HISTORY_LIMIT + 20):
        history.record(f"query {n}")
    kept = SearchHistory().queries()
    assert len(kept) == HISTORY_LIMIT == 100
    assert kept[0] == "query 119" and kept[-1] == "query 20"


def test_forget_and_clear() -> None:
    history = SearchHistory()
    for query in ("a", "b", "c"):
        history.record(query)
    assert history.forget("b") and not history.forget("b")
    assert SearchHistory().queries() == ["c", "a"]
    assert history.clear() == 2 and SearchHistory().queries() == []
    assert history.clear() == 0


def test_two_instances_keep_each_others_queries() -> None:
    one, two = SearchHistory(), SearchHistory()
    one.record("from one")
    two.record("from two")
    assert one.queries() == ["from two", "from one"]


def test_broken_file_is_moved_aside_and_history_starts_afresh() -> None:
    path = locations.search_history_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "queries": [1, 2]}', encoding="utf-8")
    history = SearchHistory()
    assert history.queries() == []
    moved = list(path.parent.glob("search-history.json.corrupt-*"))
    assert len(moved) == 1 and str(moved[0]) in (history.pop_message() or "")
    history.record("new")
    assert SearchHistory().queries() == ["new"]


def test_a_file_written_by_hand_is_cleaned_on_load() -> None:
    path = locations.search_history_file()
    path.parent.mkdir(parents=True)
    queries = ["a", " a ", "", "b\x1b[2J", *[f"q{n}" for n in range(150)]]
    path.write_text(json.dumps({"version": 1, "queries": queries}), encoding="utf-8")
    kept = SearchHistory().queries()
    assert kept[:3] == ["a", "b", "q0"] and len(kept) == HISTORY_LIMIT


def test_cursor_walks_older_and_newer_and_gives_the_draft_back() -> None:
    cursor = HistoryCursor(["newest", "middle", "oldest"])
    assert cursor.newer("draft") is None and not cursor.walking
    assert cursor.older("dra") == "newest" and cursor.walking
    assert cursor.older("newest") == "middle"
    assert cursor.older("middle") == "oldest"
    assert cursor.older("oldest") is None  # at the oldest: the box keeps its text
    assert cursor.newer("oldest") == "middle"
    assert cursor.newer("middle") == "newest"
    assert cursor.newer("newest") == "dra" and not cursor.walking
    assert cursor.newer("dra") is None


def test_cursor_skips_the_query_already_shown_and_restarts_after_reset() -> None:
    cursor = HistoryCursor(["same", "older"])
    assert cursor.older("same") == "older"  # ↑ from a box showing the newest query moves on
    assert cursor.newer("older") == "same"
    cursor.reset()
    assert cursor.older("typed") == "same"
    assert HistoryCursor([]).older("x") is None


@pytest.mark.parametrize("limit", [1, 3])
def test_smaller_limit(limit: int) -> None:
    history = SearchHistory(limit=limit)
    for query in "abcd":
        history.record(query)
    assert history.queries() == list("dcba")[:limit]
    assert history.cursor().older("") == "d"
