"""A source's label through the command line: `digests add PATH --label NAME` (and relabelling),
`digests sources [--json]` showing it, `digests search source:"LABEL"` matching it in any case."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.locations import config_file


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """Two newsletters, a folder each, both writing about crates."""
    made = []
    for name, words in (("import-ai", "models crate"), ("rust-news", "borrowing crate")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "issue-1.md").write_text(f"# {name} 1\n\n## Story of {name}\n\nText {words}.\n", "utf-8")
        made.append(folder)
    return made[0], made[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sources_in_file() -> list:
    return tomllib.loads(config_file().read_text(encoding="utf-8"))["sources"]


def test_add_with_a_label_then_relabel_and_remove_the_label(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]
) -> None:
    ai, rust = folders
    code, out, _ = run(capsys, "add", str(ai), "--label", "AI  weekly")
    assert code == 0 and f"added {ai} as 'AI weekly' (1 files" in out
    code, out, _ = run(capsys, "add", str(rust))
    assert code == 0 and sources_in_file() == [{"path": str(ai), "label": "AI weekly"}, str(rust)]
    code, out, _ = run(capsys, "add", str(rust), "--label", "Rusty")
    assert code == 0 and f"relabelled {rust}: 'Rusty'" in out
    code, out, _ = run(capsys, "add", str(rust), "--label", "Rusty")
    assert code == 0 and f"already labelled 'Rusty': {rust}" in out
    assert sources_in_file() == [
        {"path": str(ai), "label": "AI weekly"},
        {"path": str(rust), "label": "Rusty"},
    ]
    code, out, _ = run(capsys, "add", str(rust), "--label", "")
    assert code == 0 and "label removed" in out and sources_in_file()[1] == str(rust)


def test_a_label_that_cannot_be_one_changes_nothing(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]
) -> None:
    ai, rust = folders
    run(capsys, "add", str(ai))
    before = config_file().read_bytes()
    assert run(capsys, "add", str(ai), str(rust), "--label", "Both")[0] == 2
    code, _, err = run(capsys, "add", str(rust), "--label", "a\x1b[31mb")
    assert code == 2 and "control" in err and "\x1b" not in err
    (ai / "inner").mkdir()
    code, _, err = run(capsys, "add", str(ai / "inner"), "--label", "Inner")
    assert code == 1 and "a label names a whole source" in err
    assert config_file().read_bytes() == before


def test_sources_show_each_label(capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]) -> None:
    ai, rust = folders
    run(capsys, "add", str(ai), "--label", "AI weekly")
    run(capsys, "add", str(rust))
    code, out, _ = run(capsys, "sources", "--json")
    data = json.loads(out)
    assert code == 0
    by_path = {source["path"]: source for source in data["sources"]}
    assert by_path[str(ai)]["label"] == "AI weekly" and by_path[str(rust)]["label"] is None
    assert [source["label"] for source in data["sources"] if source["seeds"]] == [None]
    assert set(by_path[str(ai)]) == {
        "path",
        "exists",
        "files",
        "issues",
        "items",
        "problems",
        "seeds",
        "label",
    }
    code, out, _ = run(capsys, "sources")
    assert code == 0 and "label" in out.splitlines()[0]
    assert any("AI weekly" in line and str(ai) in line for line in out.splitlines())


def test_search_source_label_in_any_case(
    capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path]
) -> None:
    ai, rust = folders
    run(capsys, "remove", "--seeds")
    run(capsys, "add", str(ai), "--label", "AI weekly")
    run(capsys, "add", str(rust), "--label", "Rusty")

    def found(*argv: str) -> set[str]:
        code, out, _ = run(capsys, "search", "--json", *argv)
        assert code == 0
        return {hit["title"] for hit in json.loads(out)["hits"]}

    assert found("crate") == {"Story of import-ai", "Story of rust-news"}
    assert found('crate source:"ai WEEKLY"') == {"Story of import-ai"}
    assert found("crate", "--source", "rusty") == {"Story of rust-news"}
    assert found("crate -source:rusty") == found("crate source:import-ai"), "the folder name still works"
    _code, _out, err = run(capsys, "search", "crate source:nowhere")
    assert "no source has that name" in err and "ai weekly" in err
