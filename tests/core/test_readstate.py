"""Read state: versioned, merged between instances, broken files moved aside, failing disks reported."""

from __future__ import annotations

import errno
import json
import os

import pytest

from reader.core import locations, storage
from reader.core.model import Issue, Item
from reader.core.readstate import ReadState
from reader.core.storage import StorageError


def issue_with(n: int) -> Issue:
    issue = Issue(id="iss", title="Issue", source="iss.md")
    issue.items = [Item(id=f"iss/item-{i}", title=f"Item {i}", issue_id="iss") for i in range(n)]
    return issue


def test_round_trip_and_counts() -> None:
    state = ReadState()
    assert state.path == locations.read_state_file()
    issue = issue_with(4)
    assert state.unread_count(issue) == 4 and not state.is_read("iss/item-0")
    state.set_read("iss/item-0")
    assert state.toggle("iss/item-1") is True
    again = ReadState()
    assert again.is_read("iss/item-0") and again.is_read("iss/item-1") and again.unread_count(issue) == 2
    assert again.toggle("iss/item-1") is False
    state.set_read("iss/item-0", False)
    assert ReadState().unread_count(issue) == 4
    data = json.loads(state.path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "read": []}


def test_whole_issue_in_one_write_and_no_write_when_nothing_changes() -> None:
    state = ReadState()
    issue = issue_with(3)
    assert state.set_many(item.id for item in issue.items) == 3
    assert ReadState().unread_count(issue) == 0
    mtime = state.path.stat().st_mtime_ns
    assert state.set_many([issue.items[0].id]) == 0
    assert state.path.stat().st_mtime_ns == mtime
    assert state.set_many([i.id for i in issue.items], read=False) == 3 and state.unread_count(issue) == 3


def test_two_instances_keep_each_others_marks() -> None:
    one, two = ReadState(), ReadState()
    assert not one.is_read("a") and not two.is_read("b")
    one.set_read("a")
    two.set_read("b")
    assert ReadState().current() == {"a", "b"}
    assert one.is_read("b")  # sees the other's change without a restart


def test_corrupt_file_is_moved_aside_with_a_message() -> None:
    path = locations.read_state_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "read": "oops"}', encoding="utf-8")
    state = ReadState()
    assert not state.is_read("oops")
    moved = list(path.parent.glob("read-state.json.corrupt-*"))
    assert len(moved) == 1 and str(moved[0]) in (state.message or "")
    state.set_read("x")
    assert ReadState().current() == {"x"}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_failing_disk_leaves_the_previous_file_and_gives_a_message(
    monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    state = ReadState()
    state.set_read("kept")
    before = state.path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, "replace", fail)
        with pytest.raises(StorageError):
            state.set_read("new")
        with pytest.raises(StorageError):
            state.toggle("kept")
    assert state.path.read_bytes() == before
    assert state.message and os.strerror(code) in state.message
    assert state.current() == {"kept"}


def test_lone_surrogates_in_the_file_are_replaced_on_load() -> None:
    from reader.core import locations

    locations.read_state_file().parent.mkdir(parents=True, exist_ok=True)
    locations.read_state_file().write_text('{"version": 1, "read": ["a/b\\ud800"]}', encoding="utf-8")
    state = ReadState()
    assert state.is_read("a/b\ufffd")
    state.set_read("c/d")
    assert "\\ud800" not in locations.read_state_file().read_text(encoding="utf-8")
