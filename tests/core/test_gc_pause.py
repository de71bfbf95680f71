"""gc_paused: the collector stays off until the last pause in any thread ends; `keep` freezes what
is alive then, so no young collection walks it all at once later (in the UI thread)."""

from __future__ import annotations

import gc
import threading

import pytest

from reader.core.gc_pause import gc_paused, kept_objects


def test_pauses_in_two_threads_keep_the_collector_off_until_the_last_ends() -> None:
    entered, release, done = threading.Event(), threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            entered.set()
            release.wait(30)
        done.set()

    assert gc.isenabled()
    thread = threading.Thread(target=other)
    with gc_paused():
        thread.start()
        assert entered.wait(30)
    assert not gc.isenabled(), "the other thread is still building: still off"
    release.set()
    assert done.wait(30)
    thread.join(30)
    assert gc.isenabled(), "back on once the last pause ended"


def test_keep_freezes_what_is_alive_when_the_pauses_end() -> None:
    frozen, kept = gc.get_freeze_count(), kept_objects()
    try:
        with gc_paused(keep=True):
            built = [[n] for n in range(5_000)]
            assert gc.get_freeze_count() == frozen, "frozen at the end, not before"
        assert gc.get_freeze_count() >= frozen + len(built), "what was built is out of later passes"
        assert kept_objects() >= kept + len(built), "an app learns that a collection of the frozen is due"
        assert gc.get_count()[0] < 1_000, "no pile of young objects left for the next collection"
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_without_keep_nothing_is_frozen_and_an_error_restores_the_collector() -> None:
    frozen, kept = gc.get_freeze_count(), kept_objects()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled() and gc.get_freeze_count() == frozen and kept_objects() == kept


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused(keep=True):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_with_full_collections_off_pauses_leave_the_collector_on_and_keep_still_freezes() -> None:
    from reader.core.gc_pause import building, young_collections_only

    frozen = gc.get_freeze_count()
    young_collections_only(True)
    try:
        with gc_paused(keep=True):
            assert gc.isenabled() and building()
            built = [object() for _ in range(10)]
        assert gc.isenabled() and not building()
        assert gc.get_freeze_count() > frozen, "what was built is frozen all the same"
        assert built
    finally:
        young_collections_only(False)
        gc.unfreeze()
    with gc_paused():
        assert not gc.isenabled(), "full collections on again: pauses switch the collector off"
