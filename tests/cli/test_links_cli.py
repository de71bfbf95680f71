"""`digests links URL`: the issues linking to a URL, newest first, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main

PAPER = "https://arxiv.org/abs/2401.00001"
ROW_KEYS = {"issue_id", "issue_title", "date", "item_id", "item_title"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-03-01-weekly.md").write_text(
        "# Weekly 12\n\nHello readers. Our site: [home](https://www.example.org/).\n\n"
        "## A paper on sparse attention\n\nWe liked [the paper](https://arxiv.org/abs/2401.00001?utm_source=weekly).\n\n"
        "## Tools\n\nSee [tool](https://tool.dev/x).\n",
        encoding="utf-8",
    )
    (folder / "2024-05-01-weekly.md").write_text(
        "# Weekly 14\n\nHello again. [home](http://example.org)\n\n"
        "## Sparse attention, revisited\n\nAgain [the paper](http://www.arxiv.org/abs/2401.00001/#section).\n",
        encoding="utf-8",
    )
    return folder


def test_json_shape_newest_first(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, _ = run(capsys, "links", PAPER + "/?fbclid=x", "--json", "--library", str(library))
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"url", "issues"} and data["url"] == "arxiv.org/abs/2401.00001"
    assert all(set(row) == ROW_KEYS for row in data["issues"])
    assert [(r["issue_id"], r["date"], r["item_id"]) for r in data["issues"]] == [
        ("2024-05-01-weekly", "2024-05-01", "2024-05-01-weekly/sparse-attention"),
        ("2024-03-01-weekly", "2024-03-01", "2024-03-01-weekly/a-paper-on-sparse"),
    ]
    assert data["issues"][0]["issue_title"] == "Weekly 14"
    assert data["issues"][0]["item_title"] == "Sparse attention, revisited"


def test_issue_own_links_have_a_null_item(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, _ = run(capsys, "links", "example.org", "--json", "--library", str(library))
    data = json.loads(out)
    assert code == 0 and data["url"] == "example.org"
    assert [(r["issue_id"], r["item_id"], r["item_title"]) for r in data["issues"]] == [
        ("2024-05-01-weekly", None, None),
        ("2024-03-01-weekly", None, None),
    ]


def test_table(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, _ = run(capsys, "--library", str(library), "links", PAPER)
    assert code == 0
    lines = out.splitlines()
    newer = next(n for n, line in enumerate(lines) if "Weekly 14" in line)
    older = next(n for n, line in enumerate(lines) if "Weekly 12" in line)
    assert newer < older and "2024-05-01" in lines[newer]
    assert "2 issues link to arxiv.org/abs/2401.00001" in " ".join(out.split())
    code, out, _ = run(capsys, "--library", str(library), "links", "https://example.org")
    assert "the issue's own links" in out and "2 issues link to example.org" in " ".join(out.split())


def test_unknown_and_unusable_urls(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, _ = run(capsys, "links", "https://nowhere.example/x", "--json", "--library", str(library))
    assert code == 0 and json.loads(out) == {"url": "nowhere.example/x", "issues": []}
    code, out, _ = run(capsys, "links", "https://nowhere.example/x", "--library", str(library))
    assert code == 0 and "No issue links to nowhere.example/x" in out
    for bad in ("/about", "javascript:alert(1)", "", "\x1b[31mred"):
        code, out, err = run(capsys, "links", bad, "--library", str(library))
        assert code == 2 and out == "" and "is not a link to look for" in err and "\x1b" not in err


def test_untrusted_titles_never_reach_the_terminal_raw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "evil.md").write_text(
        "# Evil \x1b]52;c;ZXZpbA==\x07 issue [bold]x[/]\n\n## Item \x1b[2J one\n\n[p](https://example.com/p)\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "links", "https://example.com/p", "--library", str(tmp_path))
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "[bold]x[/]" in out
