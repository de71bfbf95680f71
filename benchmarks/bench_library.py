"""Library loading benchmarks: parsing speed, cold parse, warm start from the parse cache, one edited
file, all touched.

    .venv/bin/python benchmarks/bench_library.py [--items 20000] [--per-file 30] [--long-items]
        [--folder DIR] [--workdir DIR] [--runs 5] [--json]

The library is synthetic (benchmarks/synthetic.py; `--long-items --items 10000 --per-file 50` is
issue 15's 28 MB library), or an existing folder (`--folder ../shared/corpus`: read, never changed;
the edit and touch steps are skipped). Every load runs in a fresh process with user dirs inside
WORKDIR (so the real cache is never touched); the figure is `load_library` itself, measured inside
that process, and the process's whole wall time (interpreter start and imports included) is shown
beside it. "Parsing" is `parse_file` over every file in one process, CPU time: the median of
`--runs` runs, in MB/s and items/s. Figures, not assertions: docs/PERFORMANCE.md records them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate_library, rewrite_digest  # noqa: E402

CHILD = r"""
import json, sys, time
from pathlib import Path
from reader.core.library import load_library
from reader.core.parse_cache import ParseCache
parsed = []  # files parsed (not from the cache): each is stored once
real_store = ParseCache.store
ParseCache.store = lambda self, path, *rest: parsed.append(path) or real_store(self, path, *rest)
start = time.perf_counter()
library = load_library([Path(sys.argv[1])])
took = time.perf_counter() - start
print(json.dumps({"load": took, "files": len(library.files), "issues": len(library.issues),
                  "items": library.item_count, "problems": len(library.problems), "parsed": len(parsed)}))
"""

PARSE_CHILD = r"""
import json, sys, time
from pathlib import Path
from reader.core.library import discover
from reader.core.parsing import parse_file
paths, _ = discover([Path(sys.argv[1])])
size = sum(p.stat().st_size for p in paths)
start = time.process_time()
items = sum(len(issue.items) for p in paths for issue in parse_file(p).issues)
took = time.process_time() - start
print(json.dumps({"cpu": took, "mb": size / 1e6, "items": items, "files": len(paths)}))
"""


def _env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("data", "cache", "config"):
        env[f"XDG_{name.upper()}_HOME"] = str(workdir / name)
    return env


def _child(code: str, library: Path, workdir: Path) -> dict[str, float]:
    """Run `code` in a fresh process over `library`; its JSON report and the process's wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(library)],
        env=_env(workdir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    result["process"] = time.perf_counter() - start
    return result


def load_once(library: Path, workdir: Path) -> dict[str, float]:
    return _child(CHILD, library, workdir)


def _cache_file(workdir: Path) -> Path:
    return next((workdir / "cache").rglob("parsed.jsonl"))


def parse_speed(library: Path, workdir: Path, runs: int) -> dict[str, float]:
    """Parsing alone in one process: CPU seconds, MB/s and items/s (medians of `runs`)."""
    results = [_child(PARSE_CHILD, library, workdir) for _ in range(runs)]
    cpu = statistics.median(r["cpu"] for r in results)
    first = results[0]
    return {
        "cpu": cpu,
        "mb": first["mb"],
        "files": first["files"],
        "items": first["items"],
        "mb_per_s": first["mb"] / cpu,
        "items_per_s": first["items"] / cpu,
    }


def run(items: int, per_file: int, workdir: Path, runs: int, long_items: bool, folder: Path | None) -> dict:
    if folder is None:
        library = workdir / "library"
        if library.exists():
            shutil.rmtree(library)
        files = generate_library(library, items, per_file, long_items=long_items)
    else:
        library, files = folder, []
    shutil.rmtree(workdir / "cache", ignore_errors=True)
    report: dict[str, object] = {"library": str(library), "parsing": parse_speed(library, workdir, runs)}
    report["cold"] = load_once(library, workdir)
    report["files"] = report["cold"]["files"]  # type: ignore[index]
    report["items"] = report["cold"]["items"]  # type: ignore[index]
    report["cache_mb"] = round(_cache_file(workdir).stat().st_size / 2**20, 1)
    if files:  # let every file age past the cache's "modified too recently to trust the mtime" window
        past = time.time() - 3600
        for path in files:
            os.utime(path, (past, past))
    load_once(library, workdir)
    warm = [load_once(library, workdir) for _ in range(runs)]
    report["warm"] = {key: statistics.median(r[key] for r in warm) for key in ("load", "process", "parsed")}
    report["warm_counts"] = {key: warm[0][key] for key in ("issues", "items", "problems")}
    if files:
        rewrite_digest(files[len(files) // 2])
        report["one_edited"] = load_once(library, workdir)
        for path in files:
            os.utime(path, (past + 60, past + 60))
        report["all_touched"] = load_once(library, workdir)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--per-file", type=int, default=30)
    parser.add_argument(
        "--long-items", action="store_true", help="items of 3-6 paragraphs of ~500 characters"
    )
    parser.add_argument("--folder", type=Path, help="an existing library to read instead of a synthetic one")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-library-"))
    workdir.mkdir(parents=True, exist_ok=True)
    report = run(args.items, args.per_file, workdir, args.runs, args.long_items, args.folder)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    speed = report["parsing"]
    print(f"library: {report['files']} files, {report['items']} items; parse cache {report['cache_mb']} MB")
    print(
        f"  parsing, one process (CPU, median)        {speed['cpu']:7.3f} s   {speed['mb']:.1f} MB:"
        f" {speed['mb_per_s']:.2f} MB/s, {speed['items_per_s']:,.0f} items/s"
    )
    for label, key in (
        ("cold (parse all, write cache)", "cold"),
        ("warm start (all cached), median", "warm"),
        ("one file edited", "one_edited"),
        ("every file touched (hash, no parse)", "all_touched"),
    ):
        figures = report.get(key)
        if not isinstance(figures, dict):
            continue
        print(
            f"  {label:<38} load_library {figures['load']:7.3f} s   whole process {figures['process']:7.3f} s"
            f"   files parsed {figures['parsed']}"
        )


if __name__ == "__main__":
    main()
