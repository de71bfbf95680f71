"""Garbage collections that never walk the whole heap while the user is busy.

CPython runs a full (generation 2) collection whenever enough objects have outlived younger
collections; its cost grows with every object alive (a 100,000-item library: hundreds of
thousands), and it landed in the middle of keystrokes. While the app runs, automatic full
collections are off (the young generations are collected as usual) and the long-lived objects are
frozen (`gc.freeze`: the library when it is kept, what workers build with `gc_paused(keep=True)`),
so a full collection of the rest walks only what was made since they were frozen.

- While input continues, a due collection waits; once OVERDUE_AFTER younger collections have
  passed it runs anyway (memory must not grow without bound under input that never pauses), over
  the unfrozen objects only: its cost follows what the app made since the last freeze (the UI's
  caches, mostly), never the size of the library. (Freezing what survives would be no better: the
  UI's render caches churn, and their dropped entries are cycles that only a whole pass frees.)
- The frozen objects can hold garbage too (cycles frozen with the rest, or that died later): a pass
  over the whole heap (unfreeze, collect, freeze) runs when no key or mouse event came for
  IDLE_SECONDS, once as many objects were frozen since the last such pass as it left (REFREEZE_GROWTH:
  the first library, big documents, a reloaded library). Only past FORCE_GROWTH (and FORCE_AT_LEAST
  objects) does it run while input continues: memory stays bounded, and the moments that freeze (a
  library shown) never pay for a pass over every object. Most of what is frozen dies by reference
  counts when dropped (workers let go of their arguments: `pacing.let_go_of_arguments`).
- Workers' paused blocks (`gc_paused`) leave the collector on meanwhile: young collections stay
  cheap with full ones off, and free the UI's cycles, which a pause of seconds would let pile up
  and then freeze with what the worker built. While such a block is under way a due pass runs at
  every tick, busy or not, and freezes what survives it: each walks what the worker built in the
  last CHECK_SECONDS once, never all it has built (which is frozen when the block ends anyway).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from reader.core.gc_pause import building, kept_objects, unfrozen_objects, young_collections_only

IDLE_SECONDS = 1.0
CHECK_SECONDS = 0.25  # a tick that finds nothing due costs microseconds
DUE_AFTER = 10  # younger collections since the last full one: CPython's own default threshold
DUE_WHILE_BUILDING = 2  # ... while a worker builds: each pass walks a quarter second's build, once
OVERDUE_AFTER = 100  # ... after which the unfrozen objects are collected even while the user is busy
REFREEZE_GROWTH = 1.0  # frozen objects grown by this share since the last whole-heap pass: one is due
FORCE_GROWTH = 3.0  # ... by this share (and by FORCE_AT_LEAST objects): it runs even while busy
FORCE_AT_LEAST = 500_000  # objects frozen since the last whole-heap pass (tens of megabytes)
_NEVER = 1 << 30


class IdleCollector:
    """`start()` defers full collections, `touched()` on input, `tick()` every CHECK_SECONDS."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self.saved: tuple[int, int, int] | None = None
        self.collections = 0  # passes run, of either kind
        self.whole_passes = 0  # of them over the whole heap (frozen objects included)
        self.frozen_after_whole = gc.get_freeze_count()  # frozen objects after the last whole pass
        # Objects frozen since, counted as they are frozen (here, and by workers' gc_paused(keep=True)):
        # gc.get_freeze_count() walks every frozen object, too slow to ask at each tick.
        self.frozen_since = 0
        self.kept = kept_objects()

    def start(self) -> None:
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(self.saved[0], self.saved[1], _NEVER)
            young_collections_only(True)

    def stop(self) -> None:
        """Automatic full collections as before `start()`."""
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            young_collections_only(False)
            self.saved = None

    def touched(self) -> None:
        self.last_input = self.clock()

    def freeze_now(self) -> None:
        """Keep every object alive now out of collections at once (`gc.freeze`, which costs nothing
        whatever the heap); what was garbage among them waits for a whole-heap pass (see above)."""
        self.frozen_since += unfrozen_objects()
        gc.freeze()

    def _grown(self, share: float, at_least: int = 0) -> bool:
        """The frozen objects grew by `share` (and `at_least` objects) since the last whole-heap pass."""
        kept = kept_objects()
        self.frozen_since, self.kept = self.frozen_since + kept - self.kept, kept
        grown = self.frozen_since
        return grown > at_least and grown > self.frozen_after_whole * share

    def tick(self) -> bool:
        """Run a collection if one is due (see the module's docstring); True when one ran."""
        if self.saved is None or not gc.isenabled():
            return False
        pending = gc.get_count()[2]
        idle = self.clock() - self.last_input >= IDLE_SECONDS
        if (idle and self._grown(REFREEZE_GROWTH)) or self._grown(FORCE_GROWTH, FORCE_AT_LEAST):
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.frozen_after_whole, self.frozen_since = gc.get_freeze_count(), 0
            self.whole_passes += 1
        elif (
            pending >= OVERDUE_AFTER
            or (idle and pending >= DUE_AFTER)
            or (building() and pending >= DUE_WHILE_BUILDING)
        ):
            gc.collect()  # the unfrozen objects only
            if building():  # what a worker has built so far (and the UI's live objects) walked once
                self.freeze_now()
        else:
            return False
        self.collections += 1
        return True
