"""Key press to painted frame in a running headless app (bench_big.py, bench_help.py)."""

from __future__ import annotations

import asyncio
import time


class Frames:
    """Watches `app` paint. `press` sends a key through the driver, as a terminal's would, and
    returns the time until the first frame painted after it."""

    def __init__(self, app) -> None:
        self.app = app
        self.painted: list[float] = []
        display = app._display

        def spy(screen, renderable):
            if renderable is not None:
                self.painted.append(time.perf_counter())
            display(screen, renderable)

        app._display = spy

    async def press(self, key: str, after: float = 0.05) -> float:
        """Seconds to the first frame; returns `after` seconds later (the key's other frames)."""
        from textual import events

        self.painted.clear()
        start = time.perf_counter()
        self.app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
        while not self.painted:
            await asyncio.sleep(0.0005)
            if time.perf_counter() - start > 10:
                raise TimeoutError(f"no frame after {key!r}")
        first = self.painted[0] - start
        await asyncio.sleep(after)
        return first
