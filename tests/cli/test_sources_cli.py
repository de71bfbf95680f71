"""`digests add`, `remove`, `sources`: the library's sources through the command line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from hostile import assert_clean
from reader.cli.main import main
from reader.core import library as library_module
from reader.core.library import load_library
from reader.core.locations import config_file, seeds_dir

DIGEST = "# {title}\n\n## First of {title}\n\nText.\n\n## Second of {title}\n\nMore.\n"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "my letters"
    (folder / "2020").mkdir(parents=True)
    for number in range(3):
        (folder / "2020" / f"letter-{number}.md").write_text(
            DIGEST.format(title=f"Letter {number}"), encoding="utf-8"
        )
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def configured_sources() -> list[str]:
    return tomllib.loads(config_file().read_text(encoding="utf-8"))["sources"]


def sources_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code, out, _err = run(capsys, "sources", "--json", *extra)
    assert code == 0
    return json.loads(out)


def test_add_stores_the_absolute_path_and_reports_counts(capsys, letters: Path, monkeypatch) -> None:
    monkeypatch.chdir(letters.parent)
    code, out, _ = run(capsys, "add", "my letters")
    assert code == 0
    assert configured_sources() == [str(letters)]
    assert "added" in out and "3 files, 6 items" in out


def test_sources_lists_seeds_and_added_sources_with_counts(capsys, letters: Path) -> None:
    run(capsys, "add", str(letters))
    data = sources_json(capsys)
    assert data["bundled_seeds"] is True and data["override"] is False
    rows = [
        (Path(s["path"]), s["seeds"], s["files"], s["issues"], s["items"], s["problems"])
        for s in data["sources"]
    ]
    assert rows == [(seeds_dir().resolve(), True, 5, 5, 45, []), (letters, False, 3, 3, 6, [])]
    code, out, _ = run(capsys, "sources")
    assert code == 0 and "bundled seeds" in out and str(letters) in out


def test_adding_twice_is_a_noop_with_a_message(capsys, letters: Path) -> None:
    run(capsys, "add", str(letters))
    code, out, _ = run(capsys, "add", str(letters))
    assert code == 0 and "already a source" in out
    code, out, _ = run(capsys, "add", str(letters / "2020" / "letter-1.md"))
    assert code == 0 and "already in the library" in out
    assert configured_sources() == [str(letters)]


def test_adding_a_missing_path_is_refused_and_nothing_is_added(capsys, letters: Path, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "add", str(letters), str(tmp_path / "typo"))
    assert code == 1
    assert "no such file or folder" in err and "typo" in err and "nothing was added" in err
    assert not config_file().exists()


def test_add_and_remove_need_something_to_act_on(capsys) -> None:
    assert run(capsys, "add")[0] == 2
    assert run(capsys, "remove")[0] == 2


def test_remove_a_source(capsys, letters: Path, tmp_path: Path) -> None:
    single = tmp_path / "single.md"
    single.write_text(DIGEST.format(title="Single"), encoding="utf-8")
    run(capsys, "add", str(letters), str(single))
    code, out, _ = run(capsys, "remove", str(letters))
    assert code == 0 and "removed" in out
    assert configured_sources() == [str(single)]
    assert letters.is_dir()  # the files stay on disk
    assert [Path(s["path"]).name for s in sources_json(capsys)["sources"]] == ["seeds", "single.md"]


def test_removing_an_unknown_source_fails(capsys, letters: Path) -> None:
    code, _out, err = run(capsys, "remove", str(letters))
    assert code == 1 and "not a source" in err
    code, _out, err = run(capsys, "remove", "seeds")
    assert code == 1 and "digests remove --seeds" in err


def test_the_bundled_seeds_can_be_switched_off_and_on(capsys, letters: Path) -> None:
    run(capsys, "add", str(letters))
    code, out, _ = run(capsys, "remove", "--seeds")
    assert code == 0 and "switched off" in out
    data = sources_json(capsys)
    assert data["bundled_seeds"] is False and [s["seeds"] for s in data["sources"]] == [False]
    code, out, _ = run(capsys, "list", "--json")
    assert {Path(i["source"]).parent.parent for i in json.loads(out)["issues"]} == {letters}
    assert "off" in run(capsys, "sources")[1]
    code, out, _ = run(capsys, "add", "--seeds")
    assert code == 0 and "switched on" in out
    assert sources_json(capsys)["bundled_seeds"] is True
    assert configured_sources() == [str(letters)]


def test_library_option_replaces_the_sources_for_one_run(capsys, letters: Path) -> None:
    data = sources_json(capsys, "--library", str(letters / "2020"))
    assert data["override"] is True
    assert [(Path(s["path"]), s["files"]) for s in data["sources"]] == [(letters / "2020", 3)]
    assert not config_file().exists()


def test_add_parses_at_once_so_the_next_start_reads_the_cache(capsys, letters: Path, monkeypatch) -> None:
    run(capsys, "add", str(letters))

    def no_parsing(path: Path):
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(library_module, "parse_path", no_parsing)
    assert load_library([letters]).item_count == 6


@pytest.mark.parametrize("command", ["add", "remove"])
def test_add_and_remove_refuse_to_write_over_a_broken_config(capsys, letters: Path, command: str) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text('sources = ["/my/letters"', encoding="utf-8")
    code, out, err = run(capsys, command, str(letters))
    assert code == 1 and out == ""
    assert f"error: {config_file()}: not valid TOML" in " ".join(err.split())
    verb = {"add": "added", "remove": "removed"}[command]
    assert f"fix or remove it, then try again; nothing was {verb}" in " ".join(err.split())
    assert config_file().read_text(encoding="utf-8") == 'sources = ["/my/letters"'
    assert list(config_file().parent.iterdir()) == [config_file()]


def test_the_library_loads_with_defaults_and_a_warning_when_the_config_is_broken(capsys) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text("sources = [", encoding="utf-8")
    code, out, _err = run(capsys, "list", "--json")
    assert code == 0
    assert len(json.loads(out)["issues"]) == 5  # the bundled seeds
    assert "config.toml: not valid TOML" in json.loads(out)["warnings"][0]


def test_odd_source_names_print_safely(capsys, tmp_path: Path) -> None:
    odd = tmp_path / "evil\x1b[31m name\nwith lines, 日本"
    odd.mkdir()
    (odd / "x.md").write_text(DIGEST.format(title="X"), encoding="utf-8")
    code, out, err = run(capsys, "add", str(odd))
    assert code == 0
    assert_clean(out + err)
    code, out, err = run(capsys, "sources")
    assert_clean(out + err)
    assert "evil\\e[31m name\\nwith lines, 日本" in out
    assert json.loads(run(capsys, "sources", "--json")[1])["sources"][1]["path"] == str(odd)
