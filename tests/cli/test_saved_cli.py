"""`digests saved [add|remove]`: saved searches from the shell, JSON for scripts."""

from __future__ import annotations

import errno
import json
import os

import pytest

from reader.cli.main import main
from reader.core import locations, storage
from reader.core.saved_searches import resolve_saved


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


def test_add_list_json_remove(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "saved")
    assert code == 0 and "No saved searches yet" in out
    assert json.loads(run(capsys, "saved", "--json")[1]) == {"saved": []}
    code, out, _ = run(capsys, "saved", "add", "rust", "crate", "of", "the", "week")
    assert code == 0 and "Saved search rust: crate of the week" in " ".join(out.split())
    run(capsys, "saved", "add", "papers", '"attention is all" OR transformer')
    code, out, _ = run(capsys, "saved", "add", "RUST", "crate of the week date:2024")
    assert code == 0 and "Replaced saved search RUST" in out
    code, out, _ = run(capsys, "saved", "--json")
    data = json.loads(out)
    assert [set(entry) for entry in data["saved"]] == [{"name", "query", "created"}] * 2
    assert [(e["name"], e["query"]) for e in data["saved"]] == [
        ("RUST", "crate of the week date:2024"),
        ("papers", '"attention is all" OR transformer'),
    ]
    assert resolve_saved("rust") == "crate of the week date:2024"  # what `search --saved` will run
    code, out, _ = run(capsys, "saved")
    assert code == 0 and "RUST" in out and '"attention is all" OR transformer' in out and "2 saved" in out
    code, out, _ = run(capsys, "saved", "remove", "Papers")
    assert code == 0 and "Removed saved search papers" in out
    code, out, err = run(capsys, "saved", "remove", "papers")
    assert code == 1 and out == "" and "no saved search named 'papers'; saved: 'RUST'" in err


def test_a_query_starting_with_a_dash(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "saved", "add", "no-ads", "--", "-sponsor", "news")
    assert code == 0 and resolve_saved("no-ads") == "-sponsor news"


def test_bad_input_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "saved", "add", " ", "query")
    assert code == 2 and out == "" and "needs a name" in err
    with pytest.raises(SystemExit) as exited:
        main(["saved", "add", "name-only"])
    assert exited.value.code == 2
    assert not locations.saved_searches_file().exists()


def test_corrupt_file_is_reported_and_moved_aside(capsys: pytest.CaptureFixture[str]) -> None:
    path = locations.saved_searches_file()
    path.parent.mkdir(parents=True)
    path.write_text("{broken", encoding="utf-8")
    code, out, err = run(capsys, "saved", "--json")
    assert code == 0 and json.loads(out) == {"saved": []}
    moved = list(path.parent.glob("saved-searches.json.corrupt-*"))
    assert len(moved) == 1 and "warning:" in err and "moved it to" in err
    assert moved[0].read_text(encoding="utf-8") == "{broken"


def test_a_disk_that_refuses_gives_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "saved", "add", "kept", "query")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, "replace", refuse)
        code, out, err = run(capsys, "saved", "add", "x", "y")
    assert code == 1 and out == "" and err.startswith("error: could not save")
    assert "previous version is kept" in err and resolve_saved("kept") == "query"
