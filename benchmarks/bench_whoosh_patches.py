"""A/B of each Whoosh patch (reader/core/search/engine_patches/) against Whoosh's public API.

    .venv/bin/python benchmarks/bench_whoosh_patches.py build --items 10000 --rounds 3
    .venv/bin/python benchmarks/bench_whoosh_patches.py query --items 10000 --rounds 5

`build`: full builds of the same library, the variants interleaved (A B C A B C …), then one
changed digest and nothing changed; medians per variant. `query`: one fresh process per run and
variant, interleaved, each opening the prebuilt index and timing bench_search's workload (as-you-type
included, snippets included); medians of the runs' p50/p95 and of the resident memory after.
Work happens in --work (kept between calls, so the libraries and indexes are made once).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

Variant = Callable[[ExitStack], object]


@contextmanager
def patched(target, name: str, value):
    old = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, old)


def variants() -> dict[str, dict[str, Variant]]:
    """Variant name -> how to set it up (on an ExitStack that undoes it)."""
    from whoosh.filedb import filestore

    from reader.core.search import engine_patches as ep
    from reader.core.search.read import searching

    def off(*names: str) -> Variant:
        return lambda stack: stack.enter_context(ep.turned_off(*names))

    build = {"patched": lambda stack: None}
    query = {"patched": lambda stack: None}
    for name, patch in ep.PATCHES.items():
        if patch.measured_by == "build":
            build[f"without {name}"] = off(name)
        elif patch.measured_by == "query":
            query[f"without {name}"] = off(name)
    writing = [
        name
        for name, patch in ep.PATCHES.items()
        if patch.measured_by == "build" and name != "parallel_build"
    ]
    build["public codec (the writing patches off)"] = off(*writing)
    query["public: FileStorage(supports_mmap=False)"] = lambda stack: (
        stack.enter_context(ep.turned_off("mmap_views")),
        stack.enter_context(patched(filestore, "FileStorage", _NoMmapStorage)),
    )
    query[NON_COMPOUND] = off("mmap_views")
    query["public: whoosh.highlight snippets"] = lambda stack: stack.enter_context(
        patched(searching, "snippet", whoosh_snippet)
    )
    return {"build": build, "query": query}


NON_COMPOUND = "public: ix.writer(compound=False)"


class _NoMmapStorage:
    from whoosh.filedb.filestore import FileStorage as original

    def __new__(cls, path, *args, **kwargs):
        return cls.original(path, supports_mmap=False)


def whoosh_snippet(text, matcher, analyzer, verdicts=None):
    """Snippets from whoosh.highlight (ContextFragmenter, BasicFragmentScorer) with a formatter
    that returns (text, spans) like ours, for the A/B."""
    from whoosh import highlight

    from reader.core.search.read.snippets import ELLIPSIS, FRAGMENTS, SNIPPET_CHARS, SURROUND_CHARS

    class Spans(highlight.Formatter):
        def format(self, fragments, replace=False):
            parts, spans, length = [], [], 0
            for index, fragment in enumerate(fragments):
                lead = f" {ELLIPSIS} " if index else ""
                parts.append(lead)
                length += len(lead)
                start = fragment.startchar
                spans += [
                    (length + t.startchar - start, length + t.endchar - start) for t in fragment.matches
                ]
                piece = fragment.text[start : fragment.endchar]
                parts.append(piece)
                length += len(piece)
            return "".join(parts), spans

    terms = frozenset(matcher.exact)
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SURROUND_CHARS)
    found = highlight.highlight(
        text, terms, analyzer, fragmenter, Spans(), top=FRAGMENTS, scorer=highlight.BasicFragmentScorer()
    )
    return found if found else (text[:SNIPPET_CHARS], [])


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the writer processes of a build)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def library_at(work: Path, items: int) -> Path:
    from synthetic import generate_library

    folder = work / f"lib-{items}"
    if not folder.exists():
        generate_library(folder, items)
    return folder


def bench_build(work: Path, items: int, rounds: int, names: list[str], serial: bool = False) -> None:
    from reader.core.library import load_library
    from reader.core.search import SearchIndex
    from synthetic import rewrite_digest

    folder = library_at(work, items)
    library = load_library([folder], use_cache=False)
    paths = sorted(p for p in folder.iterdir() if p.is_file())
    table = variants()["build"]
    names = names or list(table)
    figures: dict[str, dict[str, list[float]]] = {
        n: {"rate": [], "cpu": [], "changed": [], "nothing": []} for n in names
    }
    for round_ in range(rounds):
        for name in names:
            target = work / "build-index"
            with ExitStack() as stack:
                table[name](stack)
                index = SearchIndex(target, parallel=not serial)
                started, cpu = time.perf_counter(), cpu_seconds()
                report = index.update(library, rebuild=True)
                seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
                assert report.rebuilt and index.error is None, report
                figures[name]["rate"].append(report.added / seconds)
                figures[name]["cpu"].append(cpu * 1000 / report.added)
                rewrite_digest(paths[round_ % len(paths)], seed=round_ + 17)
                changed = load_library([folder])
                started = time.perf_counter()
                assert index.update(changed).changed
                figures[name]["changed"].append((time.perf_counter() - started) * 1000)
                library = changed
                started = time.perf_counter()
                assert not index.update(library).changed
                figures[name]["nothing"].append((time.perf_counter() - started) * 1000)
                index.close()
            print(f"round {round_ + 1} {name}: {figures[name]['rate'][-1]:,.0f} items/s", file=sys.stderr)
    print(
        f"| variant ({items:,} items, {rounds} rounds) | full build items/s (wall) "
        "| CPU ms per item, all processes | one changed digest ms | nothing changed ms |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name in names:
        f = figures[name]
        print(
            f"| {name} | {statistics.median(f['rate']):,.0f} | {statistics.median(f['cpu']):.2f} "
            f"| {statistics.median(f['changed']):.0f} | {statistics.median(f['nothing']):.1f} |"
        )


def resident_mb() -> float:
    """This process's resident memory now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def query_once(index_dir: Path, queries_file: Path, name: str) -> dict:
    """In a fresh process: open the index under variant `name`, time the workload."""
    from bench_search import percentile, time_queries
    from reader.core.search import SearchIndex

    queries = json.loads(queries_file.read_text())
    out: dict = {}
    before = resident_mb()
    with ExitStack() as stack:
        variants()["query"][name](stack)
        index = SearchIndex(index_dir)
        index.warm()
        for kind, items in queries.items():
            prefix = kind == "as-you-type prefix"
            ms = time_queries(lambda q: index.search(q[0], limit=20, as_you_type=prefix), items)
            out[kind] = (percentile(ms, 50), percentile(ms, 95))
            found = sum(index.search(q[0], limit=20, as_you_type=prefix).total for q in items)
            assert found and index.error is None, (name, kind, index.error)
        out["rss_mb"] = resident_mb() - before
    return out


def bench_query(work: Path, items: int, rounds: int, names: list[str]) -> None:
    from reader.core.library import load_library
    from reader.core.search import SearchIndex

    lib = library_at(work, items)
    index_dir = work / f"index-{items}"
    if not index_dir.exists():
        SearchIndex(index_dir).update(load_library([lib], use_cache=False))
    table = variants()["query"]
    names = names or list(table)
    queries_file = work / f"queries-{items}.json"
    if not queries_file.exists():
        from bench_search import workload

        queries_file.write_text(json.dumps(workload(load_library([lib]))))
    if NON_COMPOUND in names and not (work / f"index-{items}-noncompound").exists():
        from reader.core.search import engine_patches

        options = engine_patches.writer_options
        with patched(engine_patches, "writer_options", lambda: {**options(), "compound": False}):
            SearchIndex(work / f"index-{items}-noncompound").update(load_library([lib]))
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for round_ in range(rounds):
        for name in names:
            folder = (
                index_dir.with_name(index_dir.name + "-noncompound") if name == NON_COMPOUND else index_dir
            )
            code = [sys.executable, __file__, "_query_once", str(folder), str(queries_file), name]
            env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
            result = subprocess.run(code, capture_output=True, text=True, check=True, env=env)
            runs[name].append(json.loads(result.stdout))
            aytp = runs[name][-1]["as-you-type prefix"]
            print(f"round {round_ + 1} {name}: as-you-type p95 {aytp[1]:.1f} ms", file=sys.stderr)
    kinds = [k for k in runs[names[0]][0] if k != "rss_mb"]
    print(
        f"| variant ({items:,} items, {rounds} runs) | "
        + " | ".join(f"{k} p50/p95 ms" for k in kinds)
        + " | RSS added by the index, MB |"
    )
    print("| --- |" + " --- |" * (len(kinds) + 1))
    for name in names:
        cells = []
        for kind in kinds:
            p50 = statistics.median(r[kind][0] for r in runs[name])
            p95 = statistics.median(r[kind][1] for r in runs[name])
            cells.append(f"{p50:.1f} / {p95:.1f}")
        rss = statistics.median(r["rss_mb"] for r in runs[name])
        print(f"| {name} | " + " | ".join(cells) + f" | {rss:.0f} |")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_query_once":
        index_dir, queries_file, name = sys.argv[2:5]
        print(json.dumps(query_once(Path(index_dir), Path(queries_file), name)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["build", "query", "list"])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-whoosh-patches"))
    parser.add_argument("--variant", action="append", default=[], help="only these variants (repeatable)")
    parser.add_argument("--serial", action="store_true", help="build: in this process only (CPU per item)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(args.work / "cache")
    print(f"load average before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    if args.what == "list":
        for kind, table in variants().items():
            print(kind, ", ".join(table))
    elif args.what == "build":
        bench_build(args.work, args.items, args.rounds, args.variant, args.serial)
    else:
        bench_query(args.work, args.items, args.rounds, args.variant)
    print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
