"""Full garbage collections never walk the whole heap while the user is busy: due ones wait for a
pause in the input, overdue ones collect only the unfrozen objects and freeze what survives, the
frozen objects are collected when the user pauses; the app restores CPython's thresholds."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from reader.core.gc_pause import gc_paused
from reader.ui import idle_gc
from reader.ui.idle_gc import DUE_AFTER, IDLE_SECONDS, OVERDUE_AFTER, IdleCollector

from .conftest import running


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only a (full) collection frees it


def make_due(count: int = DUE_AFTER + 1) -> None:
    """Enough younger collections that a full one is due."""
    for _ in range(count):
        gc.collect(1)


@pytest.fixture
def collector() -> Iterator[IdleCollector]:
    """A started collector with nothing frozen yet (as at the app's start), undone after."""
    gc.unfreeze()
    gc.collect()
    made = IdleCollector(Clock())
    made.start()
    try:
        yield made
    finally:
        made.stop()
        gc.unfreeze()


def clock_of(collector: IdleCollector) -> Clock:
    assert isinstance(collector.clock, Clock)
    return collector.clock


def test_a_due_collection_waits_for_idle_input(collector: IdleCollector) -> None:
    clock = clock_of(collector)
    assert gc.get_threshold()[2] > 1_000_000, "no automatic full collections meanwhile"
    make_due()
    collector.touched()
    clock.now += IDLE_SECONDS / 2
    assert not collector.tick(), "typing: not now"
    clock.now += IDLE_SECONDS
    assert collector.tick() and collector.collections == 1
    assert gc.get_count()[2] == 0, "a full collection ran"
    clock.now += IDLE_SECONDS * 5
    assert not collector.tick(), "nothing due right after a full collection"


def test_an_overdue_collection_under_non_stop_input_leaves_the_frozen_objects_alone(
    collector: IdleCollector,
) -> None:
    make_due()
    collector.touched()
    assert not collector.tick()
    frozen_garbage = Node()
    frozen_gone = weakref.ref(frozen_garbage)
    del frozen_garbage
    collector.freeze_now()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    make_due(OVERDUE_AFTER)
    collector.touched()
    assert collector.tick() and gc.get_count()[2] == 0, "overdue: runs while the user is busy"
    assert gone() is None, "the unfrozen garbage is collected"
    assert collector.whole_passes == 0 and frozen_gone() is not None, "not a pass over the frozen objects"


def test_the_frozen_objects_are_collected_when_the_user_pauses(collector: IdleCollector) -> None:
    clock = clock_of(collector)
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    collector.freeze_now()
    assert gc.get_freeze_count() > 0, "frozen at once, no collection"
    collector.touched()
    assert not collector.tick() and gone() is not None, "typing: not now"
    clock.now += IDLE_SECONDS
    assert collector.tick() and gone() is None, "the garbage frozen with the rest is collected"
    assert collector.whole_passes == 1 and gc.get_freeze_count() > 0, "the survivors frozen again"
    clock.now += IDLE_SECONDS * 5
    assert not collector.tick(), "nothing frozen since: no second pass over the whole heap"


def test_a_workers_kept_freeze_is_collected_when_idle(collector: IdleCollector) -> None:
    clock = clock_of(collector)
    with gc_paused(keep=True):  # as the app's workers build a document or the link index
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
    assert gone() is not None, "frozen with what the worker built"
    collector.touched()
    assert not collector.tick(), "typing: not now"
    clock.now += IDLE_SECONDS
    assert collector.tick() and gone() is None, "collected at the first pause in the input"


def test_while_a_worker_builds_young_collections_go_on_and_an_overdue_one_freezes_what_it_built(
    collector: IdleCollector,
) -> None:
    collector.touched()
    with gc_paused(keep=True):  # a worker building
        assert gc.isenabled(), "young collections go on: they free the UI's cycles meanwhile"
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
        built = [Node() for _ in range(100)]
        make_due(OVERDUE_AFTER)
        assert collector.tick() and gone() is None, "the cycles dropped meanwhile collected"
        assert not any(obj is built for obj in gc.get_objects()), "what is built so far frozen"
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
        make_due(OVERDUE_AFTER)
        assert collector.tick() and gone() is None, "the next pass walks only newer objects"
    assert built and collector.whole_passes == 0


def test_frozen_garbage_stays_bounded_under_input_that_never_pauses(
    collector: IdleCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle_gc, "FORCE_AT_LEAST", 1_000)
    collector.freeze_now()
    collector.frozen_after_whole = base = gc.get_freeze_count()  # as after a whole-heap pass
    collector.frozen_since = 0
    kept = [Node() for _ in range(base // 2)]  # grown by half: due at the next pause only
    collector.freeze_now()
    collector.touched()
    assert not collector.tick() and collector.whole_passes == 0, "busy: not now"
    garbage = [Node() for _ in range(int(base * idle_gc.FORCE_GROWTH) + 2_000)]
    gone = weakref.ref(garbage[0])
    del garbage
    collector.freeze_now()  # frozen with much garbage: past FORCE_GROWTH
    collector.touched()
    assert collector.tick() and collector.whole_passes == 1, "busy, but the frozen objects tripled"
    assert gone() is None and kept[0] is not None


def test_a_tick_never_walks_the_frozen_objects_to_count_them(
    collector: IdleCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = clock_of(collector)
    collector.freeze_now()
    clock.now += IDLE_SECONDS
    assert collector.tick() and collector.whole_passes == 1

    def walks() -> int:
        raise AssertionError("gc.get_freeze_count() walks every frozen object")

    monkeypatch.setattr(gc, "get_freeze_count", walks)
    collector.touched()
    make_due(OVERDUE_AFTER)
    for _ in range(3):  # nothing due, then an overdue pass, then nothing again
        collector.tick()
    clock.now += IDLE_SECONDS
    collector.tick()
    assert collector.whole_passes == 1


async def test_the_app_defers_full_collections_while_running_and_restores_them(make_app) -> None:
    before = gc.get_threshold()
    app = make_app()
    async with running(app) as pilot:
        assert gc.get_threshold()[2] > 1_000_000
        old = app.idle_gc.last_input
        await pilot.press("j")
        assert app.idle_gc.last_input > old, "a key counts as input"
    assert gc.get_threshold() == before
