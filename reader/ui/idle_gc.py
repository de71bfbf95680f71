"""Full garbage collections when the user pauses, not in the middle of a keystroke.

CPython runs a full (generation 2) collection whenever enough objects have outlived younger
collections; in this app one takes 12–50 ms, and they landed in the middle of search-as-you-type
keystrokes. While the app runs, automatic full collections are off (the young generations are
collected as usual) and a due one runs once no key or mouse event came for IDLE_SECONDS, or at
the latest once OVERDUE_AFTER younger collections have passed (input that never pauses must not
let memory grow without bound).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from reader.core.gc_pause import keep_freezes

IDLE_SECONDS = 1.0
CHECK_SECONDS = 0.5
DUE_AFTER = 10  # younger collections since the last full one: CPython's own default threshold
OVERDUE_AFTER = 100  # ... after which a full collection runs even while the user is busy
_NEVER = 1 << 30


class IdleCollector:
    """`start()` defers full collections, `touched()` on input, `tick()` every CHECK_SECONDS."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self.saved: tuple[int, int, int] | None = None
        self.collections = 0
        self.refreeze = False  # a full collection of the frozen objects too is due (`freeze_now`)
        self.kept = keep_freezes()  # workers' freezes (gc_paused(keep=True)) seen so far

    def start(self) -> None:
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(self.saved[0], self.saved[1], _NEVER)

    def stop(self) -> None:
        """Automatic full collections as before `start()`."""
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None

    def touched(self) -> None:
        self.last_input = self.clock()

    def freeze_now(self) -> None:
        """Keep every object alive now out of collections at once (`gc.freeze`) and collect what
        was garbage among them at the next idle tick: a full collection right away would cost the
        moment that froze them (the first library shown) a full pass over every object."""
        gc.freeze()
        self.refreeze = True

    def tick(self) -> bool:
        """Run a full collection if one is due and the user is idle; True when it ran."""
        if self.saved is None:
            return False
        if keep_freezes() != self.kept:  # a worker froze what it built: its garbage too
            self.kept, self.refreeze = keep_freezes(), True
        pending = gc.get_count()[2]
        idle = self.clock() - self.last_input >= IDLE_SECONDS
        if self.refreeze and idle:
            self.refreeze = False
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        elif pending < DUE_AFTER or (not idle and pending < OVERDUE_AFTER):
            return False
        else:
            gc.collect()
        self.collections += 1
        return True
