"""Unread counts kept up to date by each read mark: right through toggles, whole issues marked,
saves, marks another instance saved, reloads and issues that changed; and never counted again."""

from __future__ import annotations

import random
import threading

from reader.core.model import Issue, Item, assign_item_ids
from reader.core.readstate import ReadState
from reader.ui.read_marks import ReadMarks


def make_issue(issue_id: str, count: int, items: type[list] = list) -> Issue:
    issue = Issue(id=issue_id, title=issue_id.title(), source=f"{issue_id}.md")
    issue.items = items(Item(id="", title=f"Story {n}") for n in range(count))
    assign_item_ids(issue_id, issue.items)
    return issue


def expected(marks: ReadMarks, issue: Issue) -> int:
    return sum(1 for item in issue.items if not marks.is_read(item.id))


def check(marks: ReadMarks, issues: list[Issue], step: str) -> None:
    for issue in issues:
        assert marks.unread_count(issue) == expected(marks, issue), f"{issue.id} after {step}"
    assert marks.unread_total(issues) == sum(expected(marks, issue) for issue in issues), step


def test_counts_stay_right_through_toggles_marks_saves_other_instances_and_reloads() -> None:
    rng = random.Random(20261130)
    marks = ReadMarks(ReadState())
    other = ReadState(marks.store.path)  # another running instance
    sizes = {"alpha": 40, "bravo": 25, "charlie": 1, "delta": 0}
    issues = [make_issue(name, size) for name, size in sizes.items()]

    def some_ids(k: int) -> list[str]:
        ids = [item.id for issue in issues for item in issue.items] + ["gone/story-1", "alpha/story-999"]
        return rng.sample(ids, min(k, len(ids)))

    def toggle() -> None:
        for item_id in some_ids(3):
            marks.toggle(item_id)

    def mark_issue() -> None:
        issue = rng.choice(issues)
        marks.mark((item.id for item in issue.items), read=rng.random() < 0.7)

    def mark_many() -> None:
        marks.mark(some_ids(rng.randint(1, 30)), read=rng.random() < 0.5)

    def save() -> None:
        assert marks.save_pending() is None

    def other_instance() -> None:
        other.set_many(some_ids(rng.randint(1, 20)), read=rng.random() < 0.6)

    def reload() -> None:  # the library read again: new objects, an issue grown or shrunk on disk
        nonlocal issues
        sizes["bravo"] = rng.randint(0, 50)
        issues = [make_issue(name, size) for name, size in sizes.items()]
        marks.forget_counts()

    def changed_in_place() -> None:  # an issue given other items, or renamed, without a new library
        issue = rng.choice(issues)
        how = rng.randrange(3)
        if how == 0:
            issue.items.append(
                Item(id=f"{issue.id}/late-{rng.randrange(10**6)}", title="Late", issue_id=issue.id)
            )
        elif how == 1:
            issue.items = issue.items[: len(issue.items) // 2]
        else:
            issue.id = f"{issue.id}-2" if not issue.id.endswith("-2") else issue.id[:-2]
            assign_item_ids(issue.id, issue.items)

    steps = [toggle] * 6 + [
        mark_issue,
        mark_many,
        mark_many,
        save,
        save,
        other_instance,
        reload,
        changed_in_place,
    ]
    check(marks, issues, "start")
    for n in range(400):
        step = rng.choice(steps)
        step()
        check(marks, issues, f"step {n}: {step.__name__}")
    save()
    check(marks, issues, "the last save")
    again = ReadMarks(ReadState(marks.store.path))  # what was saved counts the same in a new run
    for issue in issues:
        assert again.unread_count(issue) == marks.unread_count(issue)


class CountedList(list):
    """A list of items that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        CountedList.walks += 1
        return super().__iter__()


def test_a_toggle_moves_the_count_without_walking_the_issue() -> None:
    """Counting an issue walks its items once, filing their ids once more at the first change;
    after that no toggle, mark, save or mark from another instance walks them again."""
    big = make_issue("big", 5000, CountedList)
    small = make_issue("small", 3)
    marks = ReadMarks(ReadState())
    other = ReadState(marks.store.path)
    assert marks.unread_count(big) == 5000
    marks.toggle("big/story-7")
    assert marks.unread_count(big) == 4999
    CountedList.walks = 0
    for n in range(200):
        marks.toggle(f"big/story-{n}")
        assert marks.unread_count(big) == 5000 - len({7} ^ set(range(n + 1)))
    marks.mark(["small/story-0", "big/story-4000", "big/story-4001"])
    assert marks.save_pending() is None
    other.set_many(["big/story-4999", "big/story-4000", "elsewhere/x"])
    other.set_many(["big/story-1"], read=False)
    total = marks.unread_total([big, small])
    assert CountedList.walks == 0, "the issue was walked again"
    assert total == expected(marks, big) + 2 == (5000 - 199 - 2 - 1 + 1) + 2


def test_an_item_id_in_two_issues_still_counts_right() -> None:
    """Ids are unique in a library; should two issues share one, both are counted again instead."""
    first, second = make_issue("same", 4), make_issue("same", 6)
    marks = ReadMarks(ReadState())
    assert marks.unread_count(first) == 4 and marks.unread_count(second) == 6
    marks.toggle("same/story-1")
    assert marks.unread_count(first) == 3 and marks.unread_count(second) == 5
    marks.mark(item.id for item in second.items)
    assert marks.unread_count(first) == 0 and marks.unread_count(second) == 0
    marks.forget_counts()  # a new library: moved again, one by one
    unique = make_issue("unique", 3)
    assert marks.unread_count(unique) == 3
    marks.toggle("unique/story-2")
    assert marks.unread_count(unique) == 2


def test_counts_stay_right_while_a_worker_saves() -> None:
    """The app saves in a worker thread while the UI thread marks and counts."""
    rng = random.Random(7)
    issue = make_issue("busy", 300)
    marks = ReadMarks(ReadState())
    assert marks.unread_count(issue) == 300
    done = threading.Event()

    def saver() -> None:
        while not done.is_set():
            marks.save_pending()

    worker = threading.Thread(target=saver)
    worker.start()
    try:
        for _ in range(300):
            marks.toggle(f"busy/story-{rng.randrange(300)}")
            marks.unread_count(issue)
    finally:
        done.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    marks.save_pending()
    assert marks.unread_count(issue) == expected(marks, issue)
    assert ReadMarks(ReadState(marks.store.path)).unread_count(issue) == marks.unread_count(issue)


def test_marks_a_failed_save_dropped_count_as_unread_again(monkeypatch) -> None:
    issue = make_issue("lost", 10)
    marks = ReadMarks(ReadState())
    assert marks.unread_count(issue) == 10
    marks.mark(["lost/story-1", "lost/story-2"])
    assert marks.unread_count(issue) == 8

    def disk_full(*_args, **_kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(marks.store, "set_many", disk_full)
    assert marks.save_pending() == "No space left on device"
    assert not marks.is_read("lost/story-1") and marks.unread_count(issue) == 10
