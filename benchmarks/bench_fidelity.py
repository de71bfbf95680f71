"""Fidelity over real archives: does the reader show, split and find what the authors wrote?

    .venv/bin/python benchmarks/bench_fidelity.py [--corpus ../shared/corpus] [--phrases 20] [--json]

Per archive (each folder of the corpus, and the bundled seeds): files, issues, items per issue
(median), share of distinct issue titles, share dated, coverage (share of the source's words,
read independently of the parser by `tests/fidelity_words.py`, that `digests show ISSUE --json`
gives) and findability (distinctive 5-8 word phrases, each in exactly one file, searched quoted
with `digests --library DIR search --json`: share whose file has a hit in the top 5). Misses whose
phrase is only in an issue's intro or sign-off are counted apart. Figures, not assertions: the
table goes into docs/FIDELITY.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fidelity_words import coverage, shown_text, source_text, words  # noqa: E402
from reader.cli.browse import whole_issue_json  # noqa: E402
from reader.core.library import load_library  # noqa: E402

DIGESTS = [sys.executable, "-m", "reader"]


def _phrases(lines: dict[Path, list[list[str]]], count: int, rng: random.Random) -> list[tuple[Path, str]]:
    """Up to `count` phrases of 5-8 words from within one line of text (no URLs), each found in
    exactly one file (as a word sequence)."""
    joined = {path: " " + " ".join(w for line in ls for w in line) + " " for path, ls in lines.items()}
    candidates = [(p, line) for p, ls in lines.items() for line in ls if len(line) >= 5]
    chosen: list[tuple[Path, str]] = []
    for _ in range(count * 40):
        if len(chosen) >= count or not candidates:
            break
        path, line = rng.choice(candidates)
        size = rng.randint(5, min(8, len(line)))
        start = rng.randrange(0, len(line) - size + 1)
        phrase = line[start : start + size]
        if any(w in ("http", "https", "www") for w in phrase):
            continue
        if sum(len(w) >= 4 and not w.isdigit() for w in phrase) < 3:
            continue
        needle = " " + " ".join(phrase) + " "
        if sum(needle in text for text in joined.values()) == 1 and all(
            needle.strip() != c for _, c in chosen
        ):
            chosen.append((path, " ".join(phrase)))
    return chosen


def _search(library: Path, phrase: str, env: dict[str, str]) -> list[str]:
    run = subprocess.run(
        [*DIGESTS, "--library", str(library), "search", "--json", "--limit", "5", f'"{phrase}"'],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if run.returncode != 0:
        return []
    return [hit["issue_id"] for hit in json.loads(run.stdout).get("hits", [])][:5]


def measure(folder: Path, phrases: int, env: dict[str, str], seed: int = 7) -> dict:
    library = load_library([folder], use_cache=False)
    by_source: dict[str, list] = {}
    for issue in library.issues:
        by_source.setdefault(issue.source, []).append(issue)
    files = [Path(f) for f in library.files]
    source_words = {path: words(source_text(path)) for path in files}
    total = shown_total = 0
    per_issue_shown: dict[str, tuple[set[str], str]] = {}
    for path in files:
        shown_parts = []
        for issue in by_source.get(str(path), []):
            data = whole_issue_json(issue)
            shown_parts.append(shown_text(data))
            per_issue_shown[issue.id] = (set(), " ".join(words(issue.preamble + "\n" + issue.footer)))
        _, missing = coverage(source_words[path], set(words("\n".join(shown_parts))))
        total += len(source_words[path])
        shown_total += len(source_words[path]) - len(missing)
    titles = [issue.title for issue in library.issues]
    source_lines = {p: [words(line) for line in source_text(p).split("\n")] for p in files}
    sampled = _phrases(source_lines, phrases, random.Random(seed))
    found = 0
    misses: list[dict] = []
    for path, phrase in sampled:
        hits = _search(folder, phrase, env)
        sources = {i.source for i in library.issues if i.id in hits}
        if str(path) in sources:
            found += 1
            continue
        in_intro = any(f" {phrase} " in f" {per_issue_shown[i.id][1]} " for i in by_source.get(str(path), []))
        misses.append({"file": path.name, "phrase": phrase, "intro_or_outro": in_intro})
    return {
        "archive": folder.name,
        "files": len(files),
        "issues": len(library.issues),
        "items_median": statistics.median([len(i.items) for i in library.issues]) if library.issues else 0,
        "distinct_titles": len(set(titles)) / len(titles) if titles else 1.0,
        "dated": sum(1 for i in library.issues if i.date) / len(library.issues) if library.issues else 0.0,
        "coverage": shown_total / total if total else 1.0,
        "findability": found / len(sampled) if sampled else 1.0,
        "phrases": len(sampled),
        "misses": misses,
        "problems": len(library.problems),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--phrases", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folders = sorted(p for p in args.corpus.iterdir() if p.is_dir()) if args.corpus.is_dir() else []
    folders.append(ROOT / "seeds")
    rows = []
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ)
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env[name] = str(Path(home) / name)
        for folder in folders:
            rows.append(measure(folder, args.phrases, env))
            if not args.json:
                row = rows[-1]
                intro_misses = sum(m["intro_or_outro"] for m in row["misses"])
                print(
                    f"| {row['archive']} | {row['files']} | {row['issues']} | {row['items_median']:g} "
                    f"| {row['distinct_titles']:.0%} | {row['dated']:.0%} | {row['coverage']:.2%} "
                    f"| {row['findability']:.0%} ({len(row['misses'])} missed, {intro_misses} in intro/outro) |",
                    flush=True,
                )
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
