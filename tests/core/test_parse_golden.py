"""Golden files: each `tests/data/digests/<case>.<ext>` parses to `<case>.expected.json`.

One pair per shape real digests use and per format the parser reads; each source also shows
every one of its words. To add a case, write the digest, then run this module as a script
(`python tests/core/test_parse_golden.py CASE`) and check the expected file it writes by eye.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from fidelity_words import coverage, shown_text, source_text, words
from reader.cli.browse import whole_issue_json
from reader.core.parsing import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "digests"
CASES = sorted(p.name.removesuffix(".expected.json") for p in DATA.glob("*.expected.json"))


def source_of(case: str) -> Path:
    [path] = [p for p in DATA.glob(f"{case}.*") if not p.name.endswith(".expected.json")]
    return path


def summary(path: Path) -> dict:
    outcome = parse_file(path)
    return {
        "issues": [
            {
                "title": issue.title,
                "date": issue.date,
                "intro": bool(issue.preamble),
                "outro": bool(issue.footer),
                "items": [[item.title, item.section] for item in issue.items],
            }
            for issue in outcome.issues
        ]
    }


def test_every_source_has_its_expected_file() -> None:
    sources = {p.name.split(".")[0] for p in DATA.iterdir() if not p.name.endswith(".expected.json")}
    assert sources == set(CASES)
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    expected = json.loads((DATA / f"{case}.expected.json").read_text(encoding="utf-8"))
    assert summary(source_of(case)) == expected


@pytest.mark.parametrize("case", CASES)
def test_every_word_of_the_source_is_shown(case: str) -> None:
    path = source_of(case)
    shown = set(words("\n".join(shown_text(whole_issue_json(i)) for i in parse_file(path).issues)))
    share, missing = coverage(words(source_text(path)), shown)
    assert [w for w in missing if w != "by"] == [], f"{path.name}: {share:.1%} shown"  # bylines: the author


if __name__ == "__main__":  # write the expected file of each case named on the command line
    for name in sys.argv[1:]:
        target = DATA / f"{name}.expected.json"
        target.write_text(
            json.dumps(summary(source_of(name)), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(target.read_text(encoding="utf-8"))
