"""Over the real archives in `../shared/corpus` (skipped when absent): every file loads, no item
is lost, and the words of each source are in what `digests show ISSUE --json` gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fidelity_words import coverage, shown_text, source_text, words
from reader.cli.browse import whole_issue_json
from reader.core.library import load_library

# Beside the repository as CI lays it out; DIGESTS_CORPUS points elsewhere for a local run.
CORPUS = Path(
    os.environ.get("DIGESTS_CORPUS") or Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
)
ARCHIVES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
MIN_COVERAGE = 0.99

pytestmark = pytest.mark.skipif(not ARCHIVES, reason="../shared/corpus is not beside the repository")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("archive", ARCHIVES)
def test_the_words_of_each_archive_are_shown(archive: str) -> None:
    library = load_library([CORPUS / archive], use_cache=False)
    assert library.issues and not [p for p in library.problems if p.kind == "skipped"]
    shown: dict[str, list[str]] = {}
    for issue in library.issues:
        shown.setdefault(issue.source, []).append(shown_text(whole_issue_json(issue)))
        ids = [item.id for item in issue.items]
        assert len(ids) == len(set(ids))
    total = lost = 0
    worst: list[tuple[float, str, list[str]]] = []
    for path in library.files:
        source = words(source_text(Path(path)))
        share, missing = coverage(source, set(words("\n".join(shown.get(str(path), [])))))
        total += len(source)
        lost += len(missing)
        worst.append((share, Path(path).name, missing[:8]))
    assert 1 - lost / total >= MIN_COVERAGE, sorted(worst)[:3]
