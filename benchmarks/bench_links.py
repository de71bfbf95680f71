"""Link index benchmark: build time, "also in N issues" for one item's links, places of a URL, updates.

    .venv/bin/python benchmarks/bench_links.py                     # 10k and 50k items
    .venv/bin/python benchmarks/bench_links.py --sizes 10000 --runs 5

Libraries come from benchmarks/synthetic.py (user dirs inside a temporary folder). Their links are
nearly all different, so the benchmark adds what real newsletters have: each issue links to its
newsletter's home and archive in its intro, and 5% of items link again to a page an earlier issue
linked to. Figures, not assertions: docs/PERFORMANCE.md records them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def realistic_links(library, seed: int = 3) -> None:
    """Shared intro links per newsletter, and 5% of items re-linking an earlier item's page."""
    from reader.core.model import Link

    rng = random.Random(seed)
    earlier: list[str] = []
    for issue in reversed(library.issues):  # oldest first
        name = issue.title.split("#")[0].strip().lower().replace(" ", "-")
        issue.links += [
            Link(f"https://www.{name}.example/"),
            Link(f"https://{name}.example/archive?utm_source=x"),
        ]
        for item in issue.items:
            if earlier and rng.random() < 0.05:
                item.links.append(Link(rng.choice(earlier) + "?utm_medium=email"))
            earlier += [link.url for link in item.links[:1]]


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of each of `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_size(n: int, work: Path, runs: int) -> dict[str, float]:
    from benchmarks.synthetic import generate_library

    from reader.core.library import load_library
    from reader.core.link_index import LinkIndex

    folder = work / f"lib-{n}"
    generate_library(folder, n)
    library = load_library([folder])
    realistic_links(library)
    links = sum(len(issue.links) + sum(len(item.links) for item in issue.items) for issue in library.issues)
    builds = timed(lambda: LinkIndex.from_library(library), runs)
    index = LinkIndex.from_library(library)
    rng = random.Random(11)
    pairs = list(library.items())
    sample = [rng.choice(pairs) for _ in range(2000)]
    per_item = []
    for issue, item in sample:
        start = time.perf_counter()
        index.also_in_item(issue, item)
        per_item.append((time.perf_counter() - start) * 1000)
    fresh = []  # URLs never seen: normalised on the spot
    for issue, item in sample[:500]:
        urls = [link.url + "&utm_campaign=new" for link in item.links] or ["https://new.example/x"]
        start = time.perf_counter()
        index.also_in_many(urls, issue.id)
        fresh.append((time.perf_counter() - start) * 1000)
    linked = [(issue, item) for issue, item in sample if item.links]
    places = timed(lambda: index.places(rng.choice(linked)[1].links[0].url), 500)
    home = library.issues[0].links[-2].url
    home_places = timed(lambda: index.places(home), 50)
    issue = library.issues[len(library.issues) // 2]
    replace = timed(lambda: index.replace_issue(issue), 200)
    return {
        "items": library.item_count,
        "issues": len(library.issues),
        "links": links,
        "distinct": len(index),
        "build_median": statistics.median(builds),
        "build_max": max(builds),
        "item_p50": percentile(per_item, 50),
        "item_p95": percentile(per_item, 95),
        "item_max": max(per_item),
        "fresh_p95": percentile(fresh, 95),
        "places_p95": percentile(places, 95),
        "home_issues": index.issue_count(home),
        "home_p95": percentile(home_places, 95),
        "replace_median": statistics.median(replace),
    }


ROWS = [
    ("items / issues", lambda r: f"{r['items']:,} / {r['issues']:,}"),
    ("links (distinct after normalising)", lambda r: f"{r['links']:,} ({r['distinct']:,})"),
    ("build from a loaded library, median (max)", lambda r: f"{r['build_median']:.0f} ms ({r['build_max']:.0f} ms)"),
    ("also-in counts of one item's links, p50 / p95 / max", lambda r: f"{r['item_p50'] * 1000:.0f} / {r['item_p95'] * 1000:.0f} / {r['item_max'] * 1000:.0f} µs"),
    ("the same for links never seen (normalised then), p95", lambda r: f"{r['fresh_p95'] * 1000:.0f} µs"),
    ("places of an item's link, newest first, p95", lambda r: f"{r['places_p95'] * 1000:.0f} µs"),
    ("places of a link in every issue of a newsletter, p95", lambda r: f"{r['home_p95']:.2f} ms ({r['home_issues']} issues)"),
    ("replace one issue (30 items), median", lambda r: f"{r['replace_median'] * 1000:.0f} µs"),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000", help="comma-separated item counts")
    parser.add_argument("--runs", type=int, default=5, help="index builds timed per size")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-links-"))
    for name in ("data", "cache", "config"):
        os.environ[f"XDG_{name.upper()}_HOME"] = str(work / name)
    print(f"load average before: {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}", file=sys.stderr)
    try:
        results = []
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            print(f"benchmarking {n:,} items…", file=sys.stderr)
            results.append(bench_size(n, work, args.runs))
        print("| metric | " + " | ".join(f"{r['items']:,} items" for r in results) + " |")
        print("| --- |" + " --- |" * len(results))
        for label, show in ROWS:
            print(f"| {label} | " + " | ".join(show(r) for r in results) + " |")
    finally:
        print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
