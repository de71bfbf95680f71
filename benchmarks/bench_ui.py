"""TUI benchmarks: launch to first paint, next-item paint, search keystroke, palette, memory.

    .venv/bin/python benchmarks/bench_ui.py [--items 10000] [--workdir DIR] [--runs 5]
    .venv/bin/python benchmarks/bench_ui.py --archive [FOLDER] [--runs 5]

Each launch runs in a fresh process (headless Textual: the same compositor work as in a
terminal, without the terminal's own drawing time). User dirs point into WORKDIR, so the parse
cache and the search index are warm after the first (reported) build, as on a user's second start.
The app's bytecode is compiled first (as `pip install` does): with PYTHONDONTWRITEBYTECODE set
and no `__pycache__`, every launch would compile reader/ from source (~0.1 s more). Figures, not
assertions: docs/PERFORMANCE.md records them.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reader.ui  # noqa: E402,F401 - before any Textual import: it sets the app's frame rate, as `digests` does

# Typed one key at a time (about 150 keystrokes, so that the p95 is not the third-worst of 45).
SEARCH_WORDS = [
    "transformer",
    "gradient descent",
    "attention model",
    "dataset",
    "learning rate",
    "benchmark",
    "propagation",
    "neural network",
    "reinforcement",
    "language model",
    "evaluation",
    "open source",
    "inference",
    "fine tuning",
]

CHILD = r"""
import json, sys, time
start = float(sys.argv[1])
marks = {"import": None, "painted": None, "first": None, "populated": None, "searchable": None}
from reader.ui.app import DigestApp
marks["import"] = time.time() - start
paths = [__import__("pathlib").Path(p) for p in json.loads(sys.argv[2])] or None

class Probe(DigestApp):
    # Textual runs the handlers of every class in the MRO, this one's first: marks are taken
    # after the next refresh, once DigestApp's own handler has run and the screen is drawn.
    def on_mount(self):
        self.call_after_refresh(self.mark, "painted")

    def mark(self, name):
        if marks.get(name) is None:
            marks[name] = time.time() - start

    def on_library_batch(self, message):  # a first load's first batch: the newest issues listed
        self.call_after_refresh(self.mark, "first")

    def on_library_loaded(self, message):  # every issue listed (warm: from the parse cache)
        self.call_after_refresh(self.mark, "first")
        self.call_after_refresh(self.populated)

    def populated(self):
        self.mark("populated")
        if marks.get("index") is not None:
            self.exit()
        elif not self.build_index or self.state.index_status.error:
            marks["index"], marks["index_error"] = 0.0, self.state.index_status.error
            self.exit()

    def on_index_progress(self, message):
        if message.building and message.done:  # a first build's first commit: searchable (partial)
            self.call_after_refresh(self.mark, "searchable")

    def on_index_ready(self, message):
        self.call_after_refresh(self.mark, "searchable")
        if not message.final:
            return  # usable at once; the update still runs
        marks["index"] = time.time() - start
        marks["index_error"] = message.error
        if marks.get("populated") is not None:
            self.exit()

app = Probe(paths, build_index=sys.argv[3] == "1")
app.run(headless=True, size=(120, 36))
print(json.dumps(marks))
"""


def launch(paths: list[Path] | None, env: dict[str, str], build_index: bool) -> dict:
    start = time.time()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            repr(start),
            json.dumps([str(p) for p in paths or []]),
            "1" if build_index else "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(values: list[float], unit: float = 1000.0) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values) * unit:.0f} ms, p95 {p95 * unit:.0f} ms, max {values[-1] * unit:.0f} ms (n={len(values)})"


def bench_launch(label: str, paths: list[Path] | None, env: dict[str, str], runs: int) -> None:
    results = [launch(paths, env, build_index=True) for _ in range(runs)]
    print(f"{label}: launch to first paint   {summary([r['painted'] for r in results])}")
    print(f"{label}: launch to library shown {summary([r['populated'] for r in results])}")
    print(
        f"{label}: launch to search ready  {summary([r['index'] for r in results])}"
        + (f"  [search error: {results[-1]['index_error']}]" if results[-1].get("index_error") else "")
    )


async def in_app(paths: list[Path], moves: int) -> None:
    """Next-item paint, search keystroke to results, palette, memory; inside one running app."""
    from textual import events

    from reader.ui.app import DigestApp

    app = DigestApp(paths)
    frames: list[float] = []  # times of frames painted while `watching()` was true
    watching = [lambda: False]
    display = app._display

    def spy(screen, renderable):
        if renderable is not None and watching[0]():
            frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = spy

    async def key_to_frame(key: str, changed) -> float:
        """Seconds from a key press to the first frame painted once `changed()` is true."""
        frames.clear()
        watching[0] = changed
        start = time.perf_counter()
        char = {"space": " "}.get(key, key if len(key) == 1 else None)
        app._driver.send_message(events.Key(key, char))
        while not frames:
            await asyncio.sleep(0.0005)
            if time.perf_counter() - start > 5:
                raise TimeoutError(f"no frame after {key!r}")
        watching[0] = lambda: False
        return frames[0] - start

    async with app.run_test(size=(120, 36)) as pilot:
        status = lambda: app.state.index_status  # noqa: E731
        while (status().updating or not status().ready) and status().error is None:
            await asyncio.sleep(0.05)
        await pilot.pause()
        main = app.main
        main.items_pane.focus()
        await pilot.pause()
        sizes, latencies = [], []
        for _ in range(moves):
            before = main.detail.item
            if main.items_pane.highlighted == main.items_pane.row_count - 1:
                main.issues_pane.action_cursor_down()
                await pilot.pause()
                main.items_pane.focus()
                continue
            latencies.append(await key_to_frame("j", lambda b=before: main.detail.item is not b))
            sizes.append(len(main.detail.item.body))
            await asyncio.sleep(0.02)
        print(f"next item to painted detail: {summary(latencies)}; bodies up to {max(sizes)} chars")

        if status().ready:
            await pilot.press("slash")
            await pilot.pause()
            screen = app.screen
            latencies = []
            for word in SEARCH_WORDS:
                await pilot.press("ctrl+u", word[0])  # one letter alone is not searched
                await asyncio.sleep(0.15)
                for char in word[1:]:
                    key = "space" if char == " " else char
                    before = screen.generation

                    def done(b=before):
                        return screen.generation > b and screen.shown_at >= screen.generation

                    latencies.append(await key_to_frame(key, done))
                    await asyncio.sleep(0.15)  # typing pace: each key searches (no debounce wait)
            print(f"search keystroke to painted results: {summary(latencies)}")
            await pilot.press("escape")
        else:
            print(f"search: unavailable ({status().error})")

        from reader.ui.providers import fuzzy_score

        library = app.state.library
        titles = [issue.title for issue in library.issues] + [item.title for _, item in library.items()]
        for query in ("g", "gradient", "grad desc"):
            start = time.perf_counter()
            found = sum(1 for title in titles if fuzzy_score(query, title))
            print(
                f"palette: matching {query!r} against {len(titles)} titles: "
                f"{(time.perf_counter() - start) * 1000:.0f} ms ({found} matches)"
            )
        rss = next(
            int(line.split()[1])
            for line in Path("/proc/self/status").read_text().splitlines()
            if line.startswith("VmRSS")
        )
        print(f"resident memory with {library.item_count} items loaded and indexed: {rss / 1024:.0f} MB")


async def renderers(library: Path) -> None:
    """Time to show a 5 KB and a 15 KB Markdown item: Textual's Markdown widget, rich's Markdown
    in a Static, and the app's own renderer (reader/ui/markdown_render.py in the DetailPane)."""
    from rich.markdown import Markdown as RichMarkdown
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown, Static

    from reader.core.library import load_library
    from reader.core.locations import styles_dir
    from reader.core.model import Issue, Item
    from reader.ui.widgets.detail import DetailPane

    loaded = load_library([library])
    bodies = [item.body for _, item in loaded.items()]
    text = "\n\n".join(bodies)

    class Bench(App):
        CSS_PATH = [styles_dir() / "app.tcss"]

        def compose(self):
            yield VerticalScroll(Markdown(id="md"), id="md-box")
            yield VerticalScroll(Static(id="rich"), id="rich-box")
            yield DetailPane(id="detail")

    app = Bench()
    async with app.run_test(size=(120, 36)) as pilot:
        for size in (5_000, 15_000):
            source = text[:size]
            item = Item(id="x/y", title="Benchmark item", body=source, issue_id="x")
            issue = Issue(id="x", title="Bench", source="bench", items=[item])

            async def textual_md():
                await app.query_one("#md", Markdown).update(source)

            async def rich_md():
                app.query_one("#rich", Static).update(RichMarkdown(source, hyperlinks=False))

            async def ours():
                app.query_one(DetailPane).show(issue, item)

            for name, show in (
                ("Textual Markdown widget", textual_md),
                ("rich Markdown in a Static", rich_md),
                ("DetailPane (own renderer)", ours),
            ):
                times = []
                for _ in range(5):
                    start = time.perf_counter()
                    await show()
                    await pilot.pause(0)
                    times.append(time.perf_counter() - start)
                print(
                    f"render {size // 1000:>2} KB item, {name}: median {statistics.median(times) * 1000:.0f} ms"
                )


def bench_archive(folder: Path | None, workdir: Path, runs: int) -> None:
    """The app over an archive, medians of `runs` fresh processes: cold first starts (user dirs
    emptied before each): first paint, newest issues listed and readable (the first batch), every
    issue listed, searchable (partial), search ready (everything indexed); then warm starts: first
    paint, library shown (from the parse cache), search ready. The core-level figures are
    benchmarks/bench_archive.py's."""
    from benchmarks.synthetic import generate_archive

    if folder is None:
        folder = workdir / "weekly-archive"
        if not folder.exists():
            generate_archive(folder)
    home = workdir / "home-archive"
    env = dict(os.environ)
    for name in ("data", "cache", "config"):
        env[f"XDG_{name.upper()}_HOME"] = str(home / name)
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    cold = []
    for _ in range(runs):
        shutil.rmtree(home, ignore_errors=True)
        for name in ("data", "cache", "config"):
            (home / name).mkdir(parents=True, exist_ok=True)
        cold.append(launch([folder], env, build_index=True))
    warm = [launch([folder], env, build_index=True) for _ in range(runs)]
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    labels = {
        "painted": "first paint",
        "first": "newest issues listed and readable",
        "populated": "all issues listed",
        "searchable": "searchable (partial)",
        "index": "search ready",
    }
    for label, results in (("cold first start", cold), ("warm start", warm)):
        print(f"archive {folder.name}, {label} (median of {runs}, min-max):")
        for key, name in labels.items():
            values = [r[key] for r in results if r.get(key) is not None]
            if values:
                print(
                    f"  {name:<36} {statistics.median(values):6.2f} s  ({min(values):.2f}-{max(values):.2f})"
                )
        errors = {r.get("index_error") for r in results} - {None}
        if errors:
            print(f"  search errors: {errors}")


def compile_app() -> None:
    """reader/'s bytecode, as an installed app has it (see the module's docstring)."""
    if not compileall.compile_dir(ROOT / "reader", quiet=1):
        print("warning: reader/ could not be compiled: launches compile it from source")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/digest-reader-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument("--only", choices=["launch", "app"], help="run one half only")
    parser.add_argument(
        "--archive",
        nargs="?",
        const="",
        metavar="FOLDER",
        help="only the archive mode: cold and warm starts over FOLDER (default: a synthetic weekly)",
    )
    args = parser.parse_args()
    compile_app()
    if args.archive is not None:
        bench_archive(Path(args.archive) if args.archive else None, args.workdir, args.runs)
        return

    home = args.workdir / f"home-{args.items}"
    if args.only != "app":
        shutil.rmtree(home, ignore_errors=True)  # the first start below builds every cache
    env = dict(os.environ)
    for name in ("data", "cache", "config"):
        (home / name).mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name.upper()}_HOME"] = str(home / name)
    os.environ.update({k: v for k, v in env.items() if k.startswith("XDG_")})

    seeds_home = args.workdir / "home-seeds"
    seeds_env = dict(env)
    for name in ("data", "cache", "config"):
        (seeds_home / name).mkdir(parents=True, exist_ok=True)
        seeds_env[f"XDG_{name.upper()}_HOME"] = str(seeds_home / name)
    library = args.workdir / f"library-{args.items}"
    if not library.exists():
        from benchmarks.synthetic import generate_library

        generate_library(library, args.items)
    if args.only != "app":
        bench_launch("seeds", None, seeds_env, args.runs)
        first = launch([library], env, build_index=True)
        print(
            f"{args.items} items, first start (parse, index build): library shown {first['populated']:.2f} s, "
            f"search ready {first['index']:.2f} s"
        )
        bench_launch(f"{args.items} items, caches warm", [library], env, args.runs)
    if args.only != "launch":
        # The app first: its resident memory must not count what the renderer comparison (a
        # library loaded again, another Textual app) leaves in this process (+79 MB at 20k).
        asyncio.run(in_app([library], args.moves))
        asyncio.run(renderers(library))


if __name__ == "__main__":
    main()
