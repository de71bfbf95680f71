"""Output never fails on encoding: an ASCII stdout (C locale, PYTHONIOENCODING=ascii) and lone
surrogates in bookmarks.json degrade to replacement characters, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from childproc import child_env
from reader.cli.main import main
from reader.core import locations
from reader.core.bookmarks import BookmarkStore

DIGEST = (
    "# Café — “quoted” 日本 weekly\n\n"
    "## Naïve models · 2025\n\nText with ünïcødé, an ellipsis… and a bullet •.\n\n"
    "[Read](https://example.com/café)\n\n"
    "## Plain ASCII story\n\nJust words.\n"
)
ENVIRONMENTS = {
    "pythonioencoding-ascii": {"PYTHONIOENCODING": "ascii"},
    "c-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}
SURROGATE_BOOKMARKS = (
    '{"version": 1, "bookmarks": [{"item_id": "gone/a\\ud800b", "issue_id": "gone", '
    '"title": "Lone \\udc80 surrogate", "issue_title": "Issue \\ud83d", '
    '"links": [{"url": "https://example.com/\\ud800", "text": "link \\udfff"}], '
    '"created": "2024-01-01T00:00:00+00:00", "tags": ["t\\ud800"], "note": "note \\udfff"}]}\n'
)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "2025-01-06-café.md").write_text(DIGEST, encoding="utf-8")
    return folder


def digests(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        capture_output=True,
        timeout=120,
        env=child_env(**env),
        stdin=subprocess.DEVNULL,
    )


def _item_id(library: Path, env: dict[str, str]) -> str:
    """The first item's id as this environment sees it (under a C locale the non-ASCII file name
    decodes differently, and so does the issue id made from it)."""
    result = digests(env, "list", "--json", "--library", str(library))
    return json.loads(result.stdout)["issues"][0]["items"][0]["id"]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("env_name", sorted(ENVIRONMENTS))
def test_every_command_degrades_on_an_ascii_stdout(library: Path, env_name: str) -> None:
    env = ENVIRONMENTS[env_name]
    item_id = _item_id(library, env)
    locations.bookmarks_file().parent.mkdir(parents=True, exist_ok=True)
    locations.bookmarks_file().write_text(SURROGATE_BOOKMARKS, encoding="utf-8")
    commands = [
        ["list"],
        ["show", item_id],
        ["search", "models"],
        ["search", "café"],
        ["bookmarks"],
        ["bookmarks", "export"],
        ["doctor"],
        ["sources"],
        ["nonsense-command-«»"],
    ]
    for command in commands:
        result = digests(env, *command, "--library", str(library))
        err = result.stderr.decode("ascii", "replace")
        assert b"Traceback" not in result.stderr and "UnicodeEncodeError" not in err, (command, err)
        assert result.returncode in (0, 1, 2), (command, result.returncode, err)
        result.stdout.decode("ascii")  # nothing but ASCII reached the pipe
        if command[0] == "show":
            assert b"Naive models" in result.stdout or b"Na?ve models" in result.stdout
            assert b"Text with" in result.stdout
        if command == ["search", "models"]:
            assert b"Na?ve models" in result.stdout


@pytest.mark.parametrize("env_name", sorted(ENVIRONMENTS))
def test_json_on_an_ascii_stdout_is_escaped_not_lost(library: Path, env_name: str) -> None:
    result = digests(ENVIRONMENTS[env_name], "list", "--json", "--library", str(library))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.decode("ascii"))
    [issue] = data["issues"]
    assert issue["title"] == "Café — “quoted” 日本 weekly"
    assert issue["items"][0]["title"] == "Naïve models · 2025"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lone_surrogates_in_bookmarks_json_never_crash_and_are_replaced_on_load(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    path = locations.bookmarks_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SURROGATE_BOOKMARKS, encoding="utf-8")
    [bookmark] = BookmarkStore().all()
    assert bookmark.title == "Lone \ufffd surrogate" and bookmark.note == "note \ufffd"
    assert bookmark.links[0].url == "https://example.com/\ufffd" and bookmark.tags == ["t\ufffd"]
    assert bookmark.item_id == "gone/a\ufffdb"

    code, out, _ = run(capsys, "bookmarks", "--library", str(library))
    assert code == 0 and "Lone \ufffd surrogate" in out
    code, out, _ = run(capsys, "bookmarks", "--json", "--library", str(library))
    assert code == 0 and json.loads(out)["bookmarks"][0]["note"] == "note \ufffd"
    code, out, _ = run(capsys, "bookmarks", "export")
    assert code == 0 and "Lone \ufffd surrogate" in out
    exported = tmp_path / "out.json"
    code, _, err = run(capsys, "bookmarks", "export", "--format", "json", "-o", str(exported))
    assert code == 0, err
    assert json.loads(exported.read_text(encoding="utf-8"))["bookmarks"][0]["tags"] == ["t\ufffd"]


def test_import_normalises_lone_surrogates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "import.json"
    source.write_text(SURROGATE_BOOKMARKS, encoding="utf-8")
    code, out, err = run(capsys, "bookmarks", "import", str(source))
    assert code == 0, err
    assert "Imported 1 bookmark" in out
    saved = locations.bookmarks_file().read_bytes()
    saved.decode("utf-8")  # strict: the saved file is valid UTF-8 ...
    assert b"\\ud8" not in saved.lower() and b"\\udc" not in saved.lower()  # ... with no escaped surrogate
    assert json.loads(saved)["bookmarks"][0]["title"] == "Lone \ufffd surrogate"
