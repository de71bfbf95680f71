"""Garbage collections that never walk the whole heap while the user is busy.

CPython runs a full (generation 2) collection whenever enough objects have outlived younger
collections; its cost grows with every object alive (a 100,000-item library: hundreds of
thousands), and it landed in the middle of keystrokes. While the app runs, automatic full
collections are off (the young generations are collected as usual) and the long-lived objects are
frozen (`gc.freeze`: the library when it is kept, what workers build with `gc_paused(keep=True)`),
so a full collection of the rest walks only what was made since the last one.

- While input continues, a due collection waits; once OVERDUE_AFTER younger collections have
  passed it runs anyway (memory must not grow without bound under input that never pauses), over
  the unfrozen objects only, and freezes what survives: the next one walks only newer objects, so
  its cost follows what the app allocated meanwhile, never the size of the library.
- The frozen objects can hold garbage too (cycles frozen with the rest, or that died later): a pass
  over the whole heap (unfreeze, collect, freeze) runs when no key or mouse event came for
  IDLE_SECONDS, once the frozen objects grew by REFREEZE_GROWTH since the last such pass (the first
  library, a big document, an old library still held by cycles after a reload). Only once they grew
  by FORCE_GROWTH (and FORCE_AT_LEAST objects) does it run while input continues: memory stays bounded, and the moments that
  freeze (a library shown) never pay for a pass over every object.
- Nothing runs while a worker has paused the collector (`gc_paused`): what it is building is young
  and would be walked, holding the interpreter lock, for nothing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0
CHECK_SECONDS = 0.5
DUE_AFTER = 10  # younger collections since the last full one: CPython's own default threshold
OVERDUE_AFTER = 100  # ... after which the unfrozen objects are collected even while the user is busy
REFREEZE_GROWTH = 0.25  # frozen objects grown by this share since the last whole-heap pass: one is due
FORCE_GROWTH = 2.0  # ... by this share (and by FORCE_AT_LEAST objects): it runs even while busy
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
        """Keep every object alive now out of collections at once (`gc.freeze`, which costs nothing
        whatever the heap); what was garbage among them waits for a whole-heap pass (see above)."""
        gc.freeze()

    def _grown(self, share: float, at_least: int = 0) -> bool:
        """The frozen objects grew by `share` (and `at_least` objects) since the last whole-heap pass."""
        grown = gc.get_freeze_count() - self.frozen_after_whole
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
            self.frozen_after_whole = gc.get_freeze_count()
            self.whole_passes += 1
        elif pending >= OVERDUE_AFTER or (idle and pending >= DUE_AFTER):
            gc.collect()  # the unfrozen objects only
            if not idle:  # survivors out of the next passes: they walk only newer objects
                gc.freeze()
        else:
            return False
        self.collections += 1
        return True
