"""Opening and closing the help (`?`, Esc) over an issue of many items: what it costs the UI thread.

    .venv/bin/python benchmarks/bench_help.py [--items 100000] [--runs 15]

A running headless app shows an issue of ITEMS items (built in memory, as in bench_big.py); each
key goes through the driver as a terminal's would. Per key: the time to the first painted frame,
and the UI thread's CPU time until the app is idle again (100 ms later: what the key cost in all,
whatever the frame pacing). Medians of RUNS; `j` in the items list for comparison. Figures, not
assertions: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reader.ui  # noqa: E402,F401 - before any Textual import: it sets the app's frame rate, as `digests` does
from bench_big import big_issue  # noqa: E402
from frames import Frames  # noqa: E402
from userdirs import fresh_user_dirs  # noqa: E402


async def measure(items: int, runs: int, home: Path) -> None:
    from reader.core.library import Library
    from reader.ui.app import DigestApp
    from reader.ui.messages import LibraryLoaded

    app = DigestApp([], build_index=False, index_dir=home / "index", opener=lambda url: True)
    frames = Frames(app)

    async def press(key: str) -> tuple[float, float]:
        cpu = time.thread_time()
        first = await frames.press(key, after=0.1)
        return first, time.thread_time() - cpu

    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.on_library_loaded(LibraryLoaded(Library(issues=[big_issue(items, 10)]), 0.0))
        await pilot.pause(0.5)
        app.main.jump_to("big/story-5", mark_read=False)
        await pilot.pause(0.3)
        app.main.items_pane.focus()
        await pilot.pause(0.2)
        figures: dict[str, list[tuple[float, float]]] = {"question_mark": [], "escape": [], "j": []}
        for _ in range(runs):
            for key, found in figures.items():
                found.append(await press(key))
    for key, found in figures.items():
        frame = statistics.median(first for first, _ in found) * 1000
        cpu = statistics.median(cost for _, cost in found) * 1000
        print(
            f"{key:>13}: first frame median {frame:5.1f} ms, UI thread CPU median {cpu:5.1f} ms ({runs} presses)"
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    home = fresh_user_dirs("bench-help-")
    asyncio.run(measure(options.items, options.runs, home))


if __name__ == "__main__":
    main()
