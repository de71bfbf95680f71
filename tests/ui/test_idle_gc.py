"""Full garbage collections wait for a pause in the user's input; the app restores CPython's."""

from __future__ import annotations

import gc

from reader.ui.idle_gc import DUE_AFTER, IDLE_SECONDS, OVERDUE_AFTER, IdleCollector

from .conftest import running


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make_due(count: int = DUE_AFTER + 1) -> None:
    """Enough younger collections that a full one is due."""
    for _ in range(count):
        gc.collect(1)


def test_a_due_collection_waits_for_idle_input() -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    before = gc.get_threshold()
    collector.start()
    try:
        assert gc.get_threshold()[2] > 1_000_000, "no automatic full collections meanwhile"
        assert gc.get_threshold()[:2] == before[:2], "young generations as usual"
        make_due()
        collector.touched()
        clock.now += IDLE_SECONDS / 2
        assert not collector.tick(), "typing: not now"
        clock.now += IDLE_SECONDS
        assert collector.tick() and collector.collections == 1
        assert gc.get_count()[2] == 0, "a full collection ran"
        clock.now += IDLE_SECONDS * 5
        assert not collector.tick(), "nothing due right after a full collection"
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def test_input_that_never_pauses_still_gets_a_full_collection_when_overdue() -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    try:
        make_due()
        collector.touched()
        assert not collector.tick()
        make_due(OVERDUE_AFTER)
        collector.touched()
        assert collector.tick() and gc.get_count()[2] == 0
    finally:
        collector.stop()


async def test_the_app_defers_full_collections_while_running_and_restores_them(make_app) -> None:
    before = gc.get_threshold()
    app = make_app()
    async with running(app) as pilot:
        assert gc.get_threshold()[2] > 1_000_000
        old = app.idle_gc.last_input
        await pilot.press("j")
        assert app.idle_gc.last_input > old, "a key counts as input"
    assert gc.get_threshold() == before


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only a full collection frees it


def test_freeze_now_freezes_at_once_and_collects_frozen_garbage_when_idle() -> None:
    import weakref

    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    try:
        collector.freeze_now()
        assert gc.get_freeze_count() > 0, "frozen at once"
        collector.touched()
        assert not collector.tick() and gone() is not None, "typing: not now"
        clock.now += IDLE_SECONDS
        assert collector.tick() and gone() is None, "the garbage frozen with the rest is collected"
        assert gc.get_freeze_count() > 0 and not collector.refreeze, "the survivors frozen again"
    finally:
        collector.stop()
        gc.unfreeze()


def test_a_workers_kept_freeze_is_collected_when_idle() -> None:
    import weakref

    from reader.core.gc_pause import gc_paused

    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    try:
        with gc_paused(keep=True):  # as the app's workers build a document or the link index
            garbage = Node()
            gone = weakref.ref(garbage)
            del garbage
        assert gone() is not None, "frozen with what the worker built"
        collector.touched()
        assert not collector.tick(), "typing: not now"
        clock.now += IDLE_SECONDS
        assert collector.tick() and gone() is None, "collected at the first pause in the input"
    finally:
        collector.stop()
        gc.unfreeze()
