"""Pausing the cyclic garbage collector while many objects are built (parsing, decoding a cache,
indexing links): what such work drops is freed by reference counts, and the collector's passes over
a growing heap only slow it down (3-4x at 20k items).

The collector is one switch for the whole process, so pauses in several threads are counted: it is
switched back on when the last of them ends, never under a thread that is still building. Every
object allocated while it was off waits in the youngest generation, and the first collection after
it walks them all at once, holding the interpreter lock (a few hundred milliseconds for 100,000
links, in whichever thread allocates next, often the UI's). A pause that builds what lives on in a
long-running app can pass `keep=True`: what is alive when the pauses end is then frozen
(`gc.freeze`) instead, out of every later pass, until the app collects it when the user is idle.

An app that has switched off automatic full collections itself (`young_collections_only`) keeps
the collector on through pauses: young collections cost little whatever the heap, and they free
the cycles the other threads drop meanwhile (a UI's), which a pause of seconds would let pile up
and `keep` freeze with the rest.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses running now, in any thread
_was_enabled = False  # the collector's state when the first of them began
_keep = False  # one of them asked to freeze what is alive when they end
_kept_objects = 0  # about how many objects those freezes froze
_young_only = False  # full collections are off: pauses leave the collector on (`young_collections_only`)


def young_collections_only(on: bool) -> None:
    """Say that automatic full collections are off (or back on): pauses then leave the collector
    on, and only `keep` still freezes at their end."""
    global _young_only
    _young_only = on


def unfrozen_objects() -> int:
    """About how many objects a `gc.freeze()` now would freeze, without walking the frozen ones (which
    `gc.get_freeze_count()` does: tens of milliseconds at a million objects). The youngest generation
    is counted by CPython as objects are made (and mostly unmade); the older two are listed."""
    return gc.get_count()[0] + len(gc.get_objects(1)) + len(gc.get_objects(2))


def building() -> bool:
    """A paused block is running in some thread."""
    return _depth > 0


def kept_objects() -> int:
    """About how many objects paused blocks have frozen (`keep=True`) so far (`unfrozen_objects`)."""
    return _kept_objects


@contextmanager
def gc_paused(keep: bool = False) -> Iterator[None]:
    """Suspend the cyclic garbage collector for the block; put it back as it was when the last
    paused block in any thread ends, also on error. `keep`: freeze what is alive then."""
    global _depth, _was_enabled, _keep, _kept_objects
    with _lock:
        if _depth == 0:
            _was_enabled, _keep = gc.isenabled(), False
            if not _young_only:
                gc.disable()
        _depth += 1
        _keep = _keep or keep
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _keep:
                    _kept_objects += unfrozen_objects()
                    gc.freeze()
                if _was_enabled:
                    gc.enable()
