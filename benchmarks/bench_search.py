"""Search benchmark: Whoosh index build, updates, cold open and query latency, with FTS5 alongside.

    .venv/bin/python benchmarks/bench_search.py                 # N = 1k, 10k, 50k (a few minutes)
    .venv/bin/python benchmarks/bench_search.py --sizes 1000,10000
    .venv/bin/python benchmarks/bench_search.py --sizes 1000 --index-runs 3   # + cold `digests index` at 10k / 28 MB

Everything happens under a temporary folder (XDG_CACHE_HOME included); prints Markdown tables.
Query latencies include making the snippets of the top 20 hits; FTS5 rows include its snippet().
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

KINDS = ("single word", "two words", "phrase", "as-you-type prefix", "fuzzy")
QUERIES_PER_KIND = 30
_WORD = re.compile(r"[a-z]{4,}")


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the writer processes of a build)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def workload(library, seed: int = 7) -> dict[str, list[tuple[str, list[str]]]]:
    """Realistic queries drawn from the library's own words: (query text, its words) per kind."""
    from reader.core.search.analysis import stemmed_words
    from reader.core.search.textprep import plain_text

    rng = random.Random(seed)
    analyzer = stemmed_words()
    items = [item for _, item in library.items()]
    sample = rng.sample(items, min(400, len(items)))
    texts = [plain_text(item.body).lower() for item in sample]
    counts = Counter(w for text in texts for w in _WORD.findall(text) if analyzer.term(w))
    ranked = [w for w, _ in counts.most_common()]
    words = ranked[10:3000] or ranked
    queries: dict[str, list[tuple[str, list[str]]]] = {kind: [] for kind in KINDS}
    for _ in range(QUERIES_PER_KIND):
        word = rng.choice(words)
        queries["single word"].append((word, [word]))
        text = rng.choice(texts)
        pair = rng.sample([w for w in _WORD.findall(text) if analyzer.term(w)], 2)
        queries["two words"].append((" ".join(pair), pair))
        tokens = text.split()
        start = rng.randrange(len(tokens) - 1)
        phrase = [re.sub(r"\W", "", t) for t in tokens[start : start + 2]]
        phrase = phrase if all(len(t) > 3 for t in phrase) else pair
        queries["phrase"].append((f'"{" ".join(phrase)}"', phrase))
        prefix = word[: max(3, len(word) - 3)]
        typed = [prefix] if rng.random() < 0.5 else [rng.choice(words), prefix]
        queries["as-you-type prefix"].append((" ".join(typed), typed))
        at = rng.randrange(1, len(word))
        typo = word[:at] + rng.choice("aeiourstn") + word[at + 1 :]
        queries["fuzzy"].append((f"{typo}~", [typo]))
    queries["as-you-type prefix"][:2] = [("trans", ["trans"]), ("model tra", ["model", "tra"])]
    return queries


HOSTILE_PIECES = [
    "*",
    "?",
    "a",
    "mo",
    "tr",
    "~",
    "~2",
    " ",
    " TO ",
    "[",
    "]",
    "{",
    "}",
    "OR ",
    "-",
    '"',
    "title:",
    "^2",
]  # query syntax, and words


def hostile_queries(library, count: int = 100, seed: int = 11) -> list[tuple[str, bool]]:
    """Query strings no person means but anyone can type (issue 16: `*`, `[a TO z]`, hundreds of
    wildcards, long prefix lists, fuzzy words), plus seeded random soups of syntax and words;
    each with whether it runs as you type."""
    rng = random.Random(seed)
    words = [
        w
        for w, _ in Counter(_WORD.findall(" ".join(i.title.lower() for _, i in library.items()))).most_common(
            200
        )
    ]
    letters = "abcdefghijklmnopqrstuvwxyz"
    fixed = [
        "*",
        "[a TO z]",
        "{a TO zz}",
        " ".join(f"*{c}" for c in letters * 12)[:600],
        " ".join(f"{c}*" for c in letters * 12)[:600],
        " OR ".join(f"{w[:2]}*" for w in words[:80])[:600],
        " ".join(f"{w}~2" for w in words[:40])[:600],
        "title:* text:[a TO m]",
    ]
    queries = [(q, at % 2 == 1) for at, q in enumerate(fixed + fixed)]
    while len(queries) < count:
        pieces = [rng.choice(HOSTILE_PIECES + words[:50]) for _ in range(rng.randint(1, 60))]
        queries.append(("".join(pieces)[:1000], rng.random() < 0.5))
    return queries


def time_queries(run, queries: list[tuple[str, list[str]]], repeats: int = 3) -> list[float]:
    """Per query, the median of `repeats` timed runs (after one warm-up run of every query), in ms.

    The median of a few runs keeps one-off stalls from other processes on this shared machine out
    of the percentiles; the warm-up run pays first-use costs (stem cache, OS page cache) once.
    """
    for query in queries:
        run(query)
    timings = []
    for query in queries:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            run(query)
            runs.append((time.perf_counter() - started) * 1000)
        timings.append(statistics.median(runs))
    return timings


def cold_open_ms(index_dir: Path, query: str) -> float:
    """A new process: import, open the index, answer one query (snippets included)."""
    code = (
        "import time; t=time.perf_counter(); from pathlib import Path; "
        "from reader.core.search import SearchIndex; "
        f"r=SearchIndex(Path({str(index_dir)!r})).search({query!r}); "
        "print((time.perf_counter()-t)*1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def naive_prefix_ms(index, prefix: str = "trans", repeats: int = 10) -> list[float]:
    """The issue's baseline: a plain Whoosh Prefix query on the text field, top 20, no snippets."""
    from whoosh import query as wq

    searcher, _ = index._open.current()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        results = searcher.search(wq.Prefix("text", prefix), limit=20)
        len(results)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def bench_size(n: int, work: Path) -> dict[str, object]:
    import fts5_reference
    from reader.core.library import load_library
    from reader.core.search import SearchIndex
    from synthetic import generate_library, rewrite_digest

    folder = work / f"lib-{n}"
    paths = generate_library(folder, n)
    started = time.perf_counter()
    library = load_library([folder], use_cache=False)
    parse_s = time.perf_counter() - started
    index = SearchIndex(work / f"index-{n}")
    wall, cpu = time.perf_counter(), cpu_seconds()
    report = index.update(library)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    assert report.added == library.item_count, report
    size_mb = sum(p.stat().st_size for p in index.index_dir.iterdir()) / 1e6
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    unchanged = []
    for _ in range(5):
        started = time.perf_counter()
        assert not index.update(library).changed
        unchanged.append((time.perf_counter() - started) * 1000)
    incremental = []
    for number in (1, len(paths) // 2, len(paths) - 2):
        rewrite_digest(paths[max(0, number)], seed=number + 1)
        changed = load_library([folder])
        started = time.perf_counter()
        step = index.update(changed)
        incremental.append((time.perf_counter() - started) * 1000)
        assert step.updated > 0 and not step.rebuilt, step
        library = changed
    cold = statistics.median(cold_open_ms(index.index_dir, "model training") for _ in range(3))
    db, fts_build_s = fts5_reference.build(library, work / f"fts-{n}.sqlite")
    queries = workload(library)
    rows = {}
    for kind, items in queries.items():
        prefix = kind == "as-you-type prefix"
        whoosh_ms = time_queries(lambda q: search_afresh(index, q[0], as_you_type=prefix), items)
        fts = [(fts5_reference.fts_query(kind, words), words) for _, words in items]
        fts_ms = time_queries(lambda q: fts5_reference.search(db, q[0]), fts) if fts[0][0] else None
        rows[kind] = (whoosh_ms, fts_ms)
    db.close()
    hostile = hostile_queries(library)
    hostile_ms = time_queries(lambda q: search_afresh(index, q[0], as_you_type=q[1]), hostile)
    incomplete = sum(index.search(q, limit=20, as_you_type=t).incomplete for q, t in hostile)
    return {
        "features": bench_features(index, library, [q for q, _ in queries["as-you-type prefix"]]),
        "hostile": (hostile_ms, incomplete / len(hostile)),
        "n": library.item_count,
        "files": len(paths),
        "parse_s": parse_s,
        "build_s": wall,
        "build_cpu_s": cpu,
        "size_mb": size_mb,
        "rss_mb": rss_mb,
        "unchanged_ms": statistics.median(unchanged),
        "incremental_ms": statistics.median(incremental),
        "cold_ms": cold,
        "fts_build_s": fts_build_s,
        "queries": rows,
        "naive_prefix": naive_prefix_ms(index),
    }


def search_afresh(index, query: str, **options):
    """A search that does not reuse the ranking a repeat of the same query would (paging cache)."""
    index.forget_results()
    return index.search(query, limit=20, **options)


def bench_features(index, library, typed: list[str]) -> dict[str, object]:
    """Issue 14: as you type with one filter, next page, sort by date, related, saved counts."""
    import search_features as features

    context = features.context_for(library)
    index.forget_results()
    started = time.perf_counter()  # first uses: the date tables and order, then the item table
    every = index.search("date:1900..2100", limit=20, sort="newest", context=context)
    cold_dates = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    index.search("is:unread", limit=20, context=context)
    cold_items = (time.perf_counter() - started) * 1000
    frequent = features.frequent_words(index, library)
    sorted_ms, totals = features.date_sorted(index, [word for word, _ in frequent])
    return {
        "filtered": features.filtered_as_you_type(index, typed, context),
        "pages": features.next_pages(index, typed),
        "sorted": (sorted_ms, statistics.median(totals)),
        "cold": (cold_dates, every.total, cold_items),
        "related": features.related(index, library),
        "counts": features.saved_counts(index, library, [word for word, _ in frequent[:7]], context),
    }


def startup_check(work: Path, files: int = 1000) -> tuple[float, float]:
    """Median ms of update() and is_current() with nothing changed, over `files` digest files."""
    from reader.core.library import load_library
    from reader.core.search import SearchIndex
    from synthetic import generate_library

    folder = work / "startup"
    generate_library(folder, files * 3, items_per_file=3, seed=3)
    library = load_library([folder], use_cache=False)
    index = SearchIndex(work / "index-startup")
    index.update(library)
    update_ms, current_ms = [], []
    for _ in range(7):
        started = time.perf_counter()
        assert not index.update(library).changed
        update_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert index.is_current(library)
        current_ms.append((time.perf_counter() - started) * 1000)
    return statistics.median(update_ms), statistics.median(current_ms)


def fmt(ms: list[float] | None) -> str:
    return "n/a" if not ms else f"{percentile(ms, 50):.1f} / {percentile(ms, 95):.1f}"


def print_report(results: list[dict], startup: tuple[float, float]) -> None:
    sizes = [f"{r['n']:,}" for r in results]
    print("| metric | " + " | ".join(f"{s} items" for s in sizes) + " |")
    print("| --- |" + " --- |" * len(results))

    def row(label: str, cell) -> None:
        print(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("digest files", lambda r: f"{r['files']:,}")
    row("full build, wall (items/s)", lambda r: f"{r['build_s']:.1f} s ({r['n'] / r['build_s']:,.0f}/s)")
    row(
        "full build, CPU of all processes",
        lambda r: f"{r['build_cpu_s']:.1f} s ({r['n'] / r['build_cpu_s']:,.0f}/s)",
    )
    row("FTS5 build (items/s)", lambda r: f"{r['fts_build_s']:.1f} s ({r['n'] / r['fts_build_s']:,.0f}/s)")
    row("index size on disk", lambda r: f"{r['size_mb']:.0f} MB")
    row("benchmark process peak RSS so far", lambda r: f"{r['rss_mb']:.0f} MB")
    row("parse library (not in build)", lambda r: f"{r['parse_s']:.1f} s")
    row("one digest changed: update", lambda r: f"{r['incremental_ms']:.0f} ms")
    row("nothing changed: update", lambda r: f"{r['unchanged_ms']:.1f} ms")
    row("cold open + first query (new process)", lambda r: f"{r['cold_ms']:.0f} ms")
    row("naive Whoosh `trans*`, no snippets p50/p95", lambda r: fmt(r["naive_prefix"]))
    row(
        "any string (100 hostile queries): p50/p95/p99/max ms",
        lambda r: "{:.1f} / {:.1f} / {:.1f} / {:.1f}".format(
            *(percentile(r["hostile"][0], p) for p in (50, 95, 99, 100))
        ),
    )
    row("any string: share answered as incomplete", lambda r: f"{r['hostile'][1]:.0%}")
    print_features(results, row)
    for kind in KINDS:
        row(f"{kind}: Whoosh p50/p95 ms", lambda r, k=kind: fmt(r["queries"][k][0]))
        row(f"{kind}: FTS5 p50/p95 ms", lambda r, k=kind: fmt(r["queries"][k][1]))
    print(
        f"\nNothing changed over 1,000 digest files: update() {startup[0]:.1f} ms, "
        f"is_current() {startup[1]:.1f} ms (medians of 7)."
    )


def print_features(results: list[dict], row=None) -> None:
    """Issue 14's rows (as the rows of `print_report`, or a table of their own)."""
    if row is None:
        print("| metric | " + " | ".join(f"{r['n']:,} items" for r in results) + " |")
        print("| --- |" + " --- |" * len(results))

        def row(label: str, cell) -> None:
            print(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    for name in ("none", "is:unread", "date:2024", "source:x"):
        row(f"as-you-type, filter {name}: p50/p95 ms", lambda r, n=name: fmt(r["features"]["filtered"][n]))
    row(
        "as-you-type next page (2nd / 3rd): p95 ms",
        lambda r: "{:.1f} / {:.1f}".format(*(percentile(pages, 95) for pages in r["features"]["pages"])),
    )
    row(
        "sort by date, words of ~10k matches: p50/p95 ms (median matches)",
        lambda r: "{} ({:,.0f})".format(fmt(r["features"]["sorted"][0]), r["features"]["sorted"][1]),
    )
    row(
        "first filtered searches: every document by date / is:unread (tables read) ms",
        lambda r: "{:.0f} ({:,} docs) / {:.0f}".format(*r["features"]["cold"]),
    )
    row("related (more like this): p50/p95 ms", lambda r: fmt(r["features"]["related"]))
    row(
        "20 saved searches' unread counts: cold / after a read mark / again ms",
        lambda r: "{:.0f} / {:.0f} / {:.1f}".format(*r["features"]["counts"]),
    )


def print_index_rate(work: Path, runs: int) -> None:
    """Cold `digests --library DIR index` (parse + index) on the issue-15 library, fresh user dirs
    each run (bench_archive.py's measure)."""
    from bench_archive import bench_index

    index = bench_index(work, runs)
    print(
        f"\n`digests index`, 10k items / {index['library_mb']} MB, cold end to end: median "
        f"{index['cold_wall']:.1f} s ({index['cold_items_per_second']:,} items/s; runs {index['cold_runs']} s); "
        f"nothing changed {index['unchanged_wall']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated item counts")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp dir)")
    parser.add_argument(
        "--index-runs",
        type=int,
        default=0,
        help="also time a cold `digests index` end to end on the 10k-item / 28 MB library, this many runs",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # the parse cache stays in here too
    print(
        f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; python {sys.version.split()[0]}",
        file=sys.stderr,
    )
    try:
        results = []
        for n in sizes:
            print(f"benchmarking {n:,} items…", file=sys.stderr)
            results.append(bench_size(n, work))
        startup = startup_check(work)
        print_report(results, startup)
        if args.index_runs:
            print_index_rate(work, args.index_runs)
    finally:
        print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
