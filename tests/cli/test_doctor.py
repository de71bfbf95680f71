"""`digests doctor`: every problem with its file and reason; exit 0 when there is none, 1 otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bad_files import BAD_FILES, write_bad_library
from hostile import assert_clean
from reader.cli.main import main
from reader.core.config import Config, save_config
from reader.core.locations import config_file


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_healthy_library_exits_0(capsys) -> None:
    code, out, _ = run(capsys, "doctor")
    assert code == 0 and "No problems found" in out and "5 files, 5 issues, 45 items" in out
    code, out, _ = run(capsys, "doctor", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["problems"] == [] and data["items"] == 45


def test_every_bad_file_is_listed_with_its_reason(capsys, tmp_path: Path) -> None:
    folder = write_bad_library(tmp_path / "bad", big=False)
    save_config(Config(sources=[str(folder)]))
    code, out, _ = run(capsys, "doctor", "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    listed = {Path(p["file"]).name: p for p in data["problems"]}
    expected = {name for name, (_data, reason) in BAD_FILES.items() if reason} | {"dangling.md"}
    assert set(listed) == expected
    for name in expected - {"dangling.md"}:
        assert BAD_FILES[name][1] in listed[name]["reason"] and listed[name]["kind"] == "skipped"
    assert data["files"] == 5 + 17 and data["issues"] == 5 + 12  # seeds, then the readable digests


def test_text_output_names_each_file_safely(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "esc\x1b[31m, é.md").write_bytes(b"")
    (folder / "new\nline.md").write_bytes(b"\x00\x01binary")
    code, out, err = run(capsys, "doctor", "--library", str(folder))
    assert code == 1
    assert_clean(out + err)
    assert "esc\\e[31m, é.md" in out and "empty file" in out
    assert "new\\nline.md" in out and "binary" in out
    assert "2 problems" in out


def test_config_and_source_problems_are_listed(capsys, tmp_path: Path) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text("version = [broken", encoding="utf-8")
    code, out, _ = run(capsys, "doctor", "--json")
    problems = json.loads(out)["problems"]
    assert code == 1
    assert [(p["kind"], Path(p["file"]).name) for p in problems] == [("config", "config.toml")]
    assert problems[0]["reason"].startswith("not valid TOML")
    assert config_file().read_text(encoding="utf-8") == "version = [broken"  # left for the user to mend

    config_file().unlink()
    save_config(Config(sources=[str(tmp_path / "gone")]))
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "gone" in out and "no such file or folder" in out
