"""`digests show` on hostile-size inputs: wall time and peak memory, cold (parsed) and warm (cached).

    .venv/bin/python benchmarks/bench_big_inputs.py [--runs 3] [--workdir DIR] [--cases one-line,links]

Cases (written into WORKDIR, seeded, so every run sees the same bytes):
- one-line: a 10 MB digest that is a single line of words;
- links: one item holding 100,000 links, one sentence with a link per line (6 MB);
- link-list: 100,000 `- [text](url)` bullets, one item each (the parser's list path; slow, opt-in).

Each `show` runs in a fresh process with user dirs inside WORKDIR (the real cache is never touched).
Cold: the parse cache is emptied first; warm: the same command again. The figure is the whole
process (interpreter start, library load, rendering, writing the output to a pipe); peak memory is
the child's maximum resident set (wait4). Figures, not assertions: docs/PERFORMANCE.md records them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "model",
    "data",
    "training",
    "neural",
    "attention",
    "transformer",
    "paper",
    "release",
    "open",
    "weights",
    "benchmark",
]
LINKS = 100_000


def write_case(name: str, folder: Path) -> str:
    """Write the case's digest into `folder`; return the id of the item to show."""
    rng = random.Random(0)
    folder.mkdir(parents=True, exist_ok=True)
    if name == "one-line":
        line = " ".join(rng.choice(WORDS) for _ in range(1_400_000))[:10_000_000]
        (folder / "one-line.md").write_text(line, encoding="utf-8")
    elif name == "links":
        body = "\n".join(
            f"See [link {n} {rng.choice(WORDS)}](https://example.com/{n}/{rng.choice(WORDS)}) for more."
            for n in range(LINKS)
        )
        (folder / "links.md").write_text(f"# Links\n\n## Many links\n\n{body}\n", encoding="utf-8")
    elif name == "link-list":
        body = "\n".join(f"- [entry {n}](https://example.com/{n}) {rng.choice(WORDS)}" for n in range(LINKS))
        (folder / "list.md").write_text(f"# List\n\n## Entries\n\n{body}\n", encoding="utf-8")
    else:
        raise SystemExit(f"unknown case {name!r}")
    return _first_item(folder)


def _env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for kind in ("DATA", "CACHE", "CONFIG"):
        env[f"XDG_{kind}_HOME"] = str(workdir / "user" / kind.lower())
    return env


def _first_item(folder: Path) -> str:
    code = (
        "import sys\nfrom pathlib import Path\nfrom reader.core.library import load_library\n"
        "print(next(iter(load_library([Path(sys.argv[1])], use_cache=False).items()))[1].id)"
    )
    env = _env(folder.parent)
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return result.stdout.strip()


def run_show(workdir: Path, folder: Path, item_id: str) -> tuple[float, float, int]:
    """(seconds, peak MB, bytes written) of one `digests show` in a fresh process."""
    command = [sys.executable, "-m", "reader", "show", item_id, "--library", str(folder)]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=_env(workdir))
        _, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"show {item_id} exited {child.returncode}")
        size = out.tell()
    return took, usage.ru_maxrss / 1024, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--cases", default="one-line,links")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-big-"))
    print(f"workdir {workdir}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':<10} {'cache':<5} {'median s':>9} {'max s':>7} {'peak MB':>8} {'output MB':>10}")
    try:
        for name in args.cases.split(","):
            folder = workdir / name
            item_id = write_case(name, folder)
            for cache in ("cold", "warm"):
                figures = []
                for _ in range(args.runs):
                    if cache == "cold":
                        shutil.rmtree(workdir / "user" / "cache", ignore_errors=True)
                    figures.append(run_show(workdir, folder, item_id))
                times = [f[0] for f in figures]
                print(
                    f"{name:<10} {cache:<5} {statistics.median(times):>9.2f} {max(times):>7.2f}"
                    f" {max(f[1] for f in figures):>8.0f} {figures[0][2] / 2**20:>10.1f}"
                )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
