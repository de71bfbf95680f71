"""Issue 14's search figures, for bench_search.py: as-you-type with one filter, the next page,
sorting by date, more like this, and saved-search counts. Each timed search first forgets the
rankings the index keeps for paging (`forget_results`), so that a repeat is not a cache hit;
what the index keeps per segment (document tables) and per set of filters stays, as it does while
someone types.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

FILTERS = ("is:unread", "date:2024", "source:x")
CLOCK = time.perf_counter  # --clock cpu: time.process_time (this process's CPU, the wait for a CPU left out)


def context_for(library, seed: int = 9):
    """Half the items read, 50 bookmarked, and a source `x` holding every fourth digest file."""
    from reader.core.search.context import FilterContext, source_names

    rng = random.Random(seed)
    items = [item.id for _, item in library.items()]
    sources = sorted({issue.source for issue in library.issues})
    names = dict(source_names(library))
    names["x"] = frozenset(sources[::4])
    return FilterContext(
        read=frozenset(rng.sample(items, len(items) // 2)),
        bookmarked=frozenset(rng.sample(items, min(50, len(items)))),
        tags={"later": frozenset(rng.sample(items, min(20, len(items))))},
        sources=names,
    )


def _ms(run) -> float:
    started = CLOCK()
    run()
    return (CLOCK() - started) * 1000


def _median_of(runs: int, run) -> float:
    return statistics.median(_ms(run) for _ in range(runs))


def filtered_as_you_type(index, queries: list[str], context, repeats: int = 3) -> dict[str, list[float]]:
    """Per filter (and none), each query's median ms, the variants interleaved query by query.
    The filter comes first, so that the last word is still the one being typed."""
    variants = ["", *(f"{f} " for f in FILTERS)]

    def run(text: str) -> None:
        index.forget_results()
        index.search(text, limit=20, as_you_type=True, context=context)

    for query in queries:  # warm-up: first uses build the document tables and filter sets
        for variant in variants:
            run(variant + query)
    timings: dict[str, list[float]] = {variant.strip() or "none": [] for variant in variants}
    for query in queries:
        runs: dict[str, list[float]] = {variant: [] for variant in variants}
        for _ in range(repeats):
            for variant in variants:
                runs[variant].append(_ms(lambda v=variant: run(v + query)))
        for variant in variants:
            timings[variant.strip() or "none"].append(statistics.median(runs[variant]))
    return timings


def next_pages(index, queries: list[str], repeats: int = 3) -> tuple[list[float], list[float]]:
    """As you type: ms for the second page after the first (it ranks deeper), and the third."""
    second, third = [], []
    for query in queries:
        seconds, thirds = [], []
        for _ in range(repeats):
            index.forget_results()
            index.search(query, limit=20, as_you_type=True)
            seconds.append(_ms(lambda q=query: index.search(q, limit=20, offset=20, as_you_type=True)))
            thirds.append(_ms(lambda q=query: index.search(q, limit=20, offset=40, as_you_type=True)))
        second.append(statistics.median(seconds))
        third.append(statistics.median(thirds))
    return second, third


def frequent_words(index, library, near: int = 10_000, count: int = 15) -> list[tuple[str, int]]:
    """Words of the library matching about `near` items (the closest by document frequency)."""
    from reader.core.search.analysis import stemmed_words

    searcher, _ = index._open.current()
    reader = searcher.reader()
    analyzer = stemmed_words()
    seen: dict[str, int] = {}
    for _, item in list(library.items())[:300]:
        for word in item.body.lower().split():
            word = "".join(c for c in word if c.isalpha())
            term = analyzer.term(word) if word else None
            if term and word not in seen:
                seen[word] = reader.doc_frequency("text", term)
    return sorted(seen.items(), key=lambda pair: abs(pair[1] - near))[:count]


def date_sorted(index, words: list[str], repeats: int = 3) -> tuple[list[float], list[int]]:
    """ms to sort every match of each word by date (first page), and the match counts."""
    timings, totals = [], []
    for word in words:
        index.search(word, limit=20, sort="newest")
        runs = []
        for _ in range(repeats):
            index.forget_results()
            started = CLOCK()
            results = index.search(word, limit=20, sort="newest")
            runs.append((CLOCK() - started) * 1000)
        timings.append(statistics.median(runs))
        totals.append(results.total)
    return timings, totals


def related(index, library, count: int = 30, seed: int = 4, repeats: int = 3) -> list[float]:
    """ms for more like this on `count` random items."""
    rng = random.Random(seed)
    items = [item.id for _, item in library.items()]
    chosen = rng.sample(items, min(count, len(items)))
    for item_id in chosen:
        index.related(item_id)
    return [_median_of(repeats, lambda i=item_id: index.related(i)) for item_id in chosen]


def saved_counts(index, library, words: list[str], context) -> tuple[float, float, float]:
    """ms to count the unread matches of 20 saved searches (words, some with a filter): cold
    (their matches read), again after one more item is marked read (only the filters are worked
    out again), and repeated."""
    from dataclasses import replace

    queries = [words[n % len(words)] + (f" {FILTERS[n % len(FILTERS)]}" if n % 4 else "") for n in range(20)]
    index.forget_results()
    cold = _ms(lambda: [index.count(q, context, unread=True) for q in queries])
    unread = next(item.id for _, item in library.items() if item.id not in context.read)
    marked = replace(context, read=context.read | {unread})
    after_mark = _ms(lambda: [index.count(q, marked, unread=True) for q in queries])
    again = _ms(lambda: [index.count(q, marked, unread=True) for q in queries])
    return cold, after_mark, again


def main() -> None:
    """Only these figures, on synthetic libraries kept in --work (built once)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--items", default="10000,50000", help="comma-separated item counts")
    parser.add_argument(
        "--work", type=Path, required=True, help="folder for the libraries and indexes (kept)"
    )
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    os.environ["XDG_CACHE_HOME"] = str(args.work / "cache")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_search
    from reader.core.library import load_library
    from reader.core.search import SearchIndex
    from synthetic import generate_library

    print(f"load average before: {os.getloadavg()[0]:.2f}; clock: {args.clock}", file=sys.stderr)
    results = []
    for n in (int(size) for size in args.items.split(",")):
        folder = args.work / f"lib-{n}"
        if not folder.is_dir():
            generate_library(folder, n)
        library = load_library([folder])
        index = SearchIndex(args.work / f"index-{n}")
        index.update(library)
        index.warm()
        typed = [q for q, _ in bench_search.workload(library)["as-you-type prefix"]]
        results.append(
            {"n": library.item_count, "features": bench_search.bench_features(index, library, typed)}
        )
    bench_search.print_features(results)
    print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
