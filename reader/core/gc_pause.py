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
_frozen = 0  # freezes done for `keep`


def keep_freezes() -> int:
    """How many times paused blocks froze what was alive (`keep=True`): an app that collects the
    frozen objects when idle (gc.unfreeze, gc.collect) learns from it that one is due."""
    return _frozen


@contextmanager
def gc_paused(keep: bool = False) -> Iterator[None]:
    """Suspend the cyclic garbage collector for the block; put it back as it was when the last
    paused block in any thread ends, also on error. `keep`: freeze what is alive then."""
    global _depth, _was_enabled, _keep, _frozen
    with _lock:
        if _depth == 0:
            _was_enabled, _keep = gc.isenabled(), False
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
                    gc.freeze()
                    _frozen += 1
                if _was_enabled:
                    gc.enable()
