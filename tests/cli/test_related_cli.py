"""`digests related ITEM_ID`: more like this from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from search_archive import RAYON, TOKIO, write_archive


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive")


def test_related_json_shape(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, out, _ = run(capsys, "--library", str(archive), "related", RAYON, "--json")
    data = json.loads(out)
    assert code == 0 and list(data) == ["item_id", "related"] and data["item_id"] == RAYON
    keys = ["item_id", "issue_id", "title", "issue_title", "date", "snippet", "score"]
    assert data["related"] and all(list(entry) == keys for entry in data["related"])
    assert all(entry["issue_id"] != "twir-510" for entry in data["related"])  # other issues only
    assert data["related"][0]["item_id"] == TOKIO  # the other "crate of the week"
    scores = [entry["score"] for entry in data["related"]]
    assert scores == sorted(scores, reverse=True) and all("\n" not in e["snippet"] for e in data["related"])


def test_related_text_limit_and_prefix(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, out, _ = run(capsys, "--library", str(archive), "related", "twir-510/crate", "--limit", "2")
    assert code == 0 and "Like Crate of the week: rayon" in out and "1. " in out and "3. " not in out
    assert "This Week in Rust 520" in out and "2024-06-10" in out


def test_an_unknown_item_exits_1(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, out, err = run(capsys, "--library", str(archive), "related", "nowhere/nothing", "--json")
    assert code == 1 and out == "" and "no item with id 'nowhere/nothing'" in err
