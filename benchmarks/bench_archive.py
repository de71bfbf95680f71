"""Archive benchmarks (core level): a weekly's archive opened cold and warm, and `digests index`.

    .venv/bin/python benchmarks/bench_archive.py [FOLDER] [--runs 5] [--workdir DIR] [--skip-index]

FOLDER defaults to a synthetic weekly (`synthetic.generate_archive`: 667 dated files, ~12 MB,
growing from ~5 to ~40 kB over the years). Every run is a fresh process with user dirs inside
WORKDIR; each figure counts from just before the process starts (interpreter and imports in).

- cold first start (caches emptied): the first load batch (the newest issues, readable), every
  issue loaded, the first index commit (search answers, partial), search ready (the index built
  while the library loads: `SearchIndex.update_while_loading`);
- warm start (caches built): the library from the parse cache alone (`LibraryLoader.cached`),
  then the background check of the files (`LibraryLoader.changes`), then the index check;
- `digests index` end to end on the 10k-item / 28 MB library (`synthetic.generate_library`, 50
  items of ~2.8 kB a file): cold (parse + index) and with nothing changed, wall time and peak RSS
  of the largest process; a bare `digests --help` for reference.

Medians of `--runs` runs. Figures, not assertions: docs/PERFORMANCE.md records them.
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

from benchmarks.synthetic import generate_archive, generate_library  # noqa: E402

COLD = r"""
import json, sys, time
start = float(sys.argv[2])
from pathlib import Path
from reader.core.loading import LibraryLoader
from reader.core.search import SearchIndex

def main():
    folder = [Path(sys.argv[1])]
    marks = {"import": time.time() - start}
    def on_batch(batch):
        if "first_batch" not in marks:
            marks["first_batch"] = time.time() - start
            marks["first_issues"] = len(batch.issues)
            marks["first_newest"] = batch.library.issues[0].date
        if batch.final:
            marks["all_issues"] = time.time() - start
            marks["issues"] = len(batch.library.issues)
            marks["items"] = batch.library.item_count
    def progress(state):
        if state.items_indexed and "first_commit" not in marks:
            marks["first_commit"] = time.time() - start
    index = SearchIndex.for_library(folder, parallel="spawn")
    library, report = index.update_while_loading(LibraryLoader(folder), progress, on_batch)
    marks["search_ready"] = time.time() - start
    marks["indexed"] = report.added
    print(json.dumps(marks))

if __name__ == "__main__":
    main()
"""

WARM = r"""
import json, sys, time
start = float(sys.argv[2])
from pathlib import Path
from reader.core.loading import LibraryLoader
from reader.core.search import SearchIndex

def main():
    folder = [Path(sys.argv[1])]
    marks = {}
    loader = LibraryLoader(folder)
    cached = loader.cached()
    marks["library_shown"] = time.time() - start
    marks["issues"] = len(cached.issues) if cached else 0
    changes = loader.changes(cached)
    marks["checked"] = time.time() - start
    marks["changed"] = len(changes.added + changes.changed + changes.removed)
    _, report = SearchIndex.for_library(folder).update_while_loading(LibraryLoader(folder), need_library=False)
    marks["index_checked"] = time.time() - start
    print(json.dumps(marks))

if __name__ == "__main__":
    main()
"""


def user_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc
    for name in ("data", "cache", "config"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name.upper()}_HOME"] = str(workdir / name)
    return env


def child(script: str, folder: Path, env: dict[str, str]) -> dict:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), repr(start)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB of the command's own process, stdout) of one command."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise RuntimeError(f"{command} exited with {process.returncode}")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read()


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def bench_archive(folder: Path, workdir: Path, runs: int) -> dict:
    cold = []
    home = workdir / "home-archive"
    for _ in range(runs):
        shutil.rmtree(home, ignore_errors=True)
        cold.append(child(COLD, folder, user_env(home)))
    past = time.time() - 3600  # files older than the cache's "too recent to trust" window
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    child(WARM, folder, user_env(home))  # the first warm start refreshes what the mtimes moved
    warm = [child(WARM, folder, user_env(home)) for _ in range(runs)]
    keys = ("import", "first_batch", "all_issues", "first_commit", "search_ready")
    return {
        "folder": str(folder),
        "issues": cold[0]["issues"],
        "items": cold[0]["items"],
        "cold": {key: round(median(cold, key), 3) for key in keys},
        "cold_runs": cold,
        "warm": {key: round(median(warm, key), 3) for key in ("library_shown", "checked", "index_checked")},
        "warm_runs": warm,
    }


def bench_index(workdir: Path, runs: int) -> dict:
    library = workdir / "library-10k-28mb"
    if not library.exists():
        generate_library(library, 10_000, 50, paragraphs=(4, 9))
    size = sum(p.stat().st_size for p in library.iterdir())
    digests = [sys.executable, "-m", "reader"]
    home = workdir / "home-index"
    cold = []
    for _ in range(runs):
        shutil.rmtree(home, ignore_errors=True)
        wall, _, out = timed([*digests, "--library", str(library), "index", "--json"], user_env(home))
        cold.append({"wall": wall, "items_per_second": 10_000 / wall, "report": json.loads(out)})
    unchanged = [timed([*digests, "--library", str(library), "index"], user_env(home)) for _ in range(runs)]
    helps = [timed([*digests, "--help"], user_env(home))[0] for _ in range(runs)]
    return {
        "library_mb": round(size / 2**20, 1),
        "cold_wall": round(statistics.median(run["wall"] for run in cold), 2),
        "cold_items_per_second": round(statistics.median(run["items_per_second"] for run in cold)),
        "cold_runs": [round(run["wall"], 2) for run in cold],
        "unchanged_wall": round(statistics.median(wall for wall, _, _ in unchanged), 3),
        "unchanged_peak_mb": round(max(peak for _, peak, _ in unchanged)),
        "help_wall": round(statistics.median(helps), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, help="an archive folder (default: a synthetic weekly)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--index-runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--skip-index", action="store_true", help="no `digests index` figures")
    parser.add_argument("--skip-archive", action="store_true", help="only the `digests index` figures")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    folder = args.folder
    if folder is None:
        folder = workdir / "weekly-archive"
        if not folder.exists():
            generate_archive(folder)
    report: dict = {"load_average": os.getloadavg()[0]}
    if not args.skip_archive:
        report["archive"] = bench_archive(folder.resolve(), workdir, args.runs)
    if not args.skip_index:
        report["index"] = bench_index(workdir, args.index_runs)
    report["load_average_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"load average {report['load_average']:.1f} before, {report['load_average_after']:.1f} after")
    if "archive" in report:
        archive = report["archive"]
        print(f"archive {archive['folder']}: {archive['issues']} issues, {archive['items']} items")
        cold, warm = archive["cold"], archive["warm"]
        print(
            f"  cold (median of {args.runs}): imports {cold['import']:.2f} s, newest issues readable "
            f"{cold['first_batch']:.2f} s, all issues {cold['all_issues']:.2f} s, first search (partial) "
            f"{cold['first_commit']:.2f} s, search ready {cold['search_ready']:.2f} s"
        )
        print(
            f"  warm (median of {args.runs}): library shown {warm['library_shown']:.2f} s, files checked "
            f"{warm['checked']:.2f} s, index checked {warm['index_checked']:.2f} s"
        )
    if "index" in report:
        index = report["index"]
        print(
            f"digests index, 10k items / {index['library_mb']} MB: cold {index['cold_wall']:.1f} s "
            f"({index['cold_items_per_second']} items/s; runs {index['cold_runs']}), nothing changed "
            f"{index['unchanged_wall']:.2f} s, peak {index['unchanged_peak_mb']} MB; digests --help {index['help_wall']:.2f} s"
        )


if __name__ == "__main__":
    main()
