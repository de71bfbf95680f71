"""Read marks in a big issue: what a toggle (`u`) costs the UI thread, with its unread count.

    .venv/bin/python benchmarks/bench_marks.py [--items 100000] [--runs 200]

An issue of ITEMS items is built in memory and the marks live in a temporary data dir. Timed, on
the calling thread as the app's UI thread does it: the first count of the issue; a toggle followed
by the issue's count and the header's total (what `u` asks of the marks before the screen is
redrawn; median and max of RUNS); the first toggle after a save (the save rewrote the file); and
marking the whole issue read, then unread. Figures, not assertions: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from userdirs import fresh_user_dirs  # noqa: E402


def big_issue(items: int, issue_id: str = "big"):
    from reader.core.model import Issue, Item

    issue = Issue(id=issue_id, title="Big Weekly", source=f"{issue_id}.md")
    issue.items = [
        Item(id=f"{issue_id}/story-{n}", title=f"Story {n}", issue_id=issue_id) for n in range(items)
    ]
    return issue


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def measure(items: int, runs: int) -> None:
    from reader.core.readstate import ReadState
    from reader.ui.read_marks import ReadMarks

    big, small = big_issue(items), big_issue(3, "small")
    issues = [big, small]
    marks = ReadMarks(ReadState())

    def toggled(n: int) -> float:
        start = time.perf_counter()
        marks.toggle(f"big/story-{n}")
        marks.unread_count(big)
        sum(marks.unread_count(issue) or 0 for issue in issues)  # the header's total
        return time.perf_counter() - start

    start = time.perf_counter()
    marks.unread_count(big)
    print(f"first count of {items:,} items: {ms(time.perf_counter() - start)}")
    print(f"first toggle: {ms(toggled(0))}")
    times = [toggled(n % 1000) for n in range(runs)]
    print(f"toggle + counts: median {ms(statistics.median(times))}, max {ms(max(times))} ({runs} toggles)")
    marks.save_pending()
    after_save = [toggled(n) for n in range(5)]
    print(
        f"toggle after a save: first {ms(after_save[0])}, then median {ms(statistics.median(after_save[1:]))}"
    )
    for read in (True, False):
        start = time.perf_counter()
        marks.mark((item.id for item in big.items), read=read)
        marks.unread_count(big)
        print(f"whole issue marked {'read' if read else 'unread'}: {ms(time.perf_counter() - start)}")
    start = time.perf_counter()
    marks.save_pending()
    print(f"saving those marks (a worker in the app): {ms(time.perf_counter() - start)}")
    print(f"load average: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    fresh_user_dirs("bench-marks-")
    measure(options.items, options.runs)


if __name__ == "__main__":
    main()
