"""Big issues in the app: key press to painted frame in an issue of 100,000 items, and an item with
100,000 links (how long until it is shown, that keys are answered meanwhile, and its pickers: `y`
copies a link, `L` lists where its links go elsewhere).

    .venv/bin/python benchmarks/bench_big.py [--items 100000] [--links 100000] [--runs 5]

The issue is built in memory (the parser's speed is not what is measured) and handed to a running
headless app; each key goes through the driver as a terminal's would, and the time runs until the
first frame painted after the key's effect. Figures, not assertions: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reader.ui  # noqa: E402,F401 - before any Textual import: it sets the app's frame rate, as `digests` does
from frames import Frames  # noqa: E402
from userdirs import fresh_user_dirs  # noqa: E402

KEYS = ["end", "pageup", "pageup", "home", "pagedown", "j", "k", "end", "u", "u", "question_mark", "escape"]


def big_issue(items: int, links: int):
    from reader.core.model import Issue, Item, Link

    rows = [
        Item(
            id=f"big/story-{n}",
            title=f"Story {n}: a title long enough to wrap in the items pane",
            issue_id="big",
        )
        for n in range(items)
    ]
    for n, item in enumerate(rows):
        item.section, item.position = f"Section {n // 1000}", n
    flood = Item(
        id="big/links",
        title="An item with very many links",
        body="See the links below.",
        links=[Link(f"https://example.com/{n}", f"link number {n}") for n in range(links)],
        issue_id="big",
    )
    return Issue(id="big", title="Big Weekly", source="big.md", preamble="Hello.", items=[flood, *rows])


def echo_issue(issue):
    """Another issue linking to half the links of the big item (so `L` lists 50,000 of them)."""
    from reader.core.model import Issue, Item

    links = issue.items[0].links
    echo = Item(id="echo/1", title="Echoes", body="Again.", links=links[: len(links) // 2], issue_id="echo")
    return Issue(id="echo", title="Echo", source="echo.md", date="2000-01-01", items=[echo])


async def measure(items: int, links: int, runs: int) -> None:
    from reader.core.library import Library
    from reader.ui.app import DigestApp
    from reader.ui.messages import LibraryLoaded

    app = DigestApp(
        [], build_index=False, index_dir=Path(tempfile.mkdtemp()) / "index", opener=lambda url: True
    )
    key_to_frame = Frames(app).press

    issue = big_issue(items, links)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        library = Library(issues=[issue, echo_issue(issue)])
        app.on_library_loaded(LibraryLoaded(library, 0.0))  # as a loaded library is shown
        print(
            f"issue of {len(issue.items):,} items shown: {(time.perf_counter() - start) * 1000:.0f} ms on the UI thread"
        )
        main = app.main
        await pilot.pause(0.5)
        main.jump_to("big/story-0", mark_read=False)  # the big issue (listed after the dated echo)
        await pilot.pause(0.2)
        main.items_pane.action_first()  # "About this issue"
        await pilot.pause(0.2)
        waits = []  # help opened and closed while the links item is built: the app keeps answering
        started = time.perf_counter()
        main.items_pane.action_cursor_down()  # the item with the links
        while main.detail.rendering or time.perf_counter() - started < 0.2:
            waits.append(await key_to_frame("escape" if len(waits) % 2 else "question_mark"))
        if len(waits) % 2:
            await key_to_frame("escape")
        shown = time.perf_counter() - started
        print(
            f"item with {links:,} links: shown after {shown:.2f} s; {len(waits)} keys answered meanwhile, "
            f"slowest {max(waits) * 1000:.0f} ms"
        )
        await pickers(app, key_to_frame)
        main.items_pane.focus()
        main.items_pane.action_cursor_down()
        await pilot.pause(0.5)
        per_key: dict[str, list[float]] = {key: [] for key in dict.fromkeys(KEYS)}
        for _ in range(runs):
            for key in KEYS:
                per_key[key].append(await key_to_frame(key))
        for key, times in per_key.items():
            print(
                f"{key:>8}: median {statistics.median(times) * 1000:5.1f} ms, "
                f"max {max(times) * 1000:5.1f} ms ({len(times)} presses)"
            )
    print(f"load average: {os.getloadavg()[0]:.1f}")


async def pickers(app, key_to_frame) -> None:
    """On the item of many links: `y` (a picker of every link) and `L` (counted in a worker, then a
    picker of those other issues link to), key to first frame and until the picker is shown."""
    from reader.ui.screens.picker import PickerScreen

    while app.main.link_index is None:
        await asyncio.sleep(0.05)
    for key in ("y", "L"):
        start = time.perf_counter()
        frame = await key_to_frame(key)
        while not isinstance(app.screen, PickerScreen):
            await asyncio.sleep(0.001)
            if time.perf_counter() - start > 30:
                raise TimeoutError(f"no picker after {key!r}")
        shown = time.perf_counter() - start
        rows = len(app.screen.rows)
        escape = await key_to_frame("escape")
        print(
            f"{key:>8}: first frame {frame * 1000:.0f} ms, picker of {rows:,} rows shown after "
            f"{shown * 1000:.0f} ms, escape {escape * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    fresh_user_dirs("bench-big-")
    asyncio.run(measure(options.items, options.links, options.runs))


if __name__ == "__main__":
    main()
