"""Library loading benchmarks: cold parse, warm start from the parse cache, one edited file, all touched.

    .venv/bin/python benchmarks/bench_library.py [--items 20000] [--per-file 30] [--workdir DIR] [--runs 5] [--json]

Every load runs in a fresh process with user dirs inside WORKDIR (so the real cache is never
touched); the figure is `load_library` itself, measured inside that process, and the process's
whole wall time (interpreter start and imports included) is shown beside it.
Figures, not assertions: docs/PERFORMANCE.md records them.
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


def _env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("data", "cache", "config"):
        env[f"XDG_{name.upper()}_HOME"] = str(workdir / name)
    return env


def load_once(library: Path, workdir: Path) -> dict[str, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(library)],
        env=_env(workdir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    result["process"] = time.perf_counter() - start
    return result


def _cache_file(workdir: Path) -> Path:
    return next((workdir / "cache").rglob("parsed.jsonl"))


def run(items: int, per_file: int, workdir: Path, runs: int) -> dict[str, object]:
    library = workdir / "library"
    if library.exists():
        shutil.rmtree(library)
    files = generate_library(library, items, per_file)
    shutil.rmtree(workdir / "cache", ignore_errors=True)
    report: dict[str, object] = {"items": items, "files": len(files)}
    report["cold"] = load_once(library, workdir)
    report["cache_mb"] = round(_cache_file(workdir).stat().st_size / 2**20, 1)
    # Let every file age past the cache's "modified too recently to trust the mtime" window.
    past = time.time() - 3600
    for path in files:
        os.utime(path, (past, past))
    load_once(library, workdir)
    warm = [load_once(library, workdir) for _ in range(runs)]
    report["warm"] = {key: statistics.median(r[key] for r in warm) for key in ("load", "process", "parsed")}
    report["warm_counts"] = {key: warm[0][key] for key in ("issues", "items", "problems")}
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
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-library-"))
    workdir.mkdir(parents=True, exist_ok=True)
    report = run(args.items, args.per_file, workdir, args.runs)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"library: {report['files']} files, {report['items']} items; parse cache {report['cache_mb']} MB")
    for label, key in (
        ("cold (parse all, write cache)", "cold"),
        ("warm start (all cached), median", "warm"),
        ("one file edited", "one_edited"),
        ("every file touched (hash, no parse)", "all_touched"),
    ):
        figures = report[key]
        assert isinstance(figures, dict)
        print(
            f"  {label:<38} load_library {figures['load']:7.3f} s   whole process {figures['process']:7.3f} s"
            f"   files parsed {figures['parsed']}"
        )


if __name__ == "__main__":
    main()
