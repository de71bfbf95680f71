"""`digests list` and `digests show`: JSON shapes, --library, warnings on stderr, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import browse
from reader.cli.main import main

SEED_IDS = {"000-c4ff5c47", "001-f6c8b6d0", "002-93599bb9", "003-28404f70", "004-82ebace2"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_shape_is_exactly_as_documented(capsys, seeds_dir: Path) -> None:
    code, out, err = run(capsys, "list", "--json", "--library", str(seeds_dir))
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"issues", "warnings"}
    assert data["warnings"] == []
    assert {issue["id"] for issue in data["issues"]} == SEED_IDS
    for issue in data["issues"]:
        assert set(issue) == {"id", "title", "source", "date", "author", "links", "items"}
        assert all(set(link) == {"url", "text"} for link in issue["links"])
        for item in issue["items"]:
            assert set(item) == {"id", "title", "section", "links"}
            assert all(set(link) == {"url", "text"} for link in item["links"])
    digest = next(i for i in data["issues"] if i["id"] == "001-f6c8b6d0")
    assert (digest["title"], digest["author"], digest["date"]) == (
        "2019 DS/ML digest 20",
        "snakers41",
        "2019-12-23",
    )
    assert digest["items"][3] == {
        "id": "001-f6c8b6d0/pixel-phones-now-can",
        "title": "Pixel phones now can make long exposure night sky photos",
        "section": "ML in general",
        "links": [],
    }


def test_list_warns_on_stderr_and_still_lists_the_rest(capsys, seed_copy: Path) -> None:
    (seed_copy / "empty.txt").write_bytes(b"")
    (seed_copy / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = run(capsys, "list", "--json", "--library", str(seed_copy))
    assert code == 0
    data = json.loads(out)
    assert {issue["id"] for issue in data["issues"]} == SEED_IDS
    assert len(data["warnings"]) == 2
    assert err.startswith("warning: ") and err.count("warning: ") == 2
    flat = "".join(err.split())  # rich may wrap a long path
    assert "empty.txt:skipped,emptyfile" in flat
    assert "photo.md:skipped,binaryfile" in flat


def test_list_for_humans_shows_titles_ids_and_counts(capsys, seeds_dir: Path) -> None:
    code, out, err = run(capsys, "--library", str(seeds_dir), "list")
    assert code == 0 and err == ""
    assert "2019 DS/ML digest 20" in out
    assert "001-f6c8b6d0/87-4-top-1-accuracy" in out
    assert "ML in general" in out
    assert "5 issues, 45 items" in out


ONE = "001_f6c8b6d058287792.txt"
TWO = "003_28404f703abf928a.txt"


def test_library_with_one_file_and_repeated(capsys, seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "list", "--json", "--library", str(seeds_dir / ONE))
    assert code == 0
    assert [issue["id"] for issue in json.loads(out)["issues"]] == ["001-f6c8b6d0"]
    code, out, _ = run(
        capsys, "list", "--json", "--library", str(seeds_dir / ONE), "--library", str(seeds_dir / TWO)
    )
    assert {issue["id"] for issue in json.loads(out)["issues"]} == {"001-f6c8b6d0", "003-28404f70"}
    code, out, _ = run(capsys, "--library", str(seeds_dir / TWO), "list", "--json")
    assert [issue["id"] for issue in json.loads(out)["issues"]] == ["003-28404f70"]


def test_library_before_and_after_the_command_add_up(capsys, seeds_dir: Path) -> None:
    _code, out, _ = run(
        capsys, "--library", str(seeds_dir / ONE), "list", "--json", "--library", str(seeds_dir / TWO)
    )
    assert {issue["id"] for issue in json.loads(out)["issues"]} == {"001-f6c8b6d0", "003-28404f70"}


def test_library_missing_path_is_a_warning(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "list", "--json", "--library", str(tmp_path / "nope"))
    assert code == 0
    assert json.loads(out)["issues"] == []
    assert "nope: no such file or folder" in " ".join(err.split())


def test_show_json_by_id_and_unique_prefix(capsys, seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "show", "001-f6c8b6d0/87-4", "--json", "--library", str(seeds_dir))
    assert code == 0
    item = json.loads(out)
    assert item["id"] == "001-f6c8b6d0/87-4-top-1-accuracy"
    assert item["title"] == "87.4% top-1 accuracy on Imagenet"
    assert "480M params" in item["body"]
    assert item["issue_title"] == "2019 DS/ML digest 20"


def test_show_prints_links_numbered_below_the_text(capsys, seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "--library", str(seeds_dir), "show", "000-c4ff5c47/bonus-insights-future")
    assert code == 0
    assert out.index("Bonus Insights & Future-Proofing") < out.index("Links")
    assert "[1] https://github.com/microsoft/graphormer" in out
    assert "[2] https://github.com/microsoft/Swin-Transformer" in out


def test_show_unknown_id_exits_1_with_one_line(capsys, seeds_dir: Path) -> None:
    code, out, err = run(capsys, "show", "no-such-item", "--library", str(seeds_dir))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "no issue with id 'no-such-item'" in err and "Traceback" not in err
    code, out, err = run(capsys, "show", "no-such/item", "--library", str(seeds_dir))
    assert code == 1 and out == ""
    assert "no item with id 'no-such/item'" in err


def test_show_ambiguous_prefix_names_candidates(capsys, seeds_dir: Path) -> None:
    code, _, err = run(capsys, "show", "001-f6c8b6d0/", "--library", str(seeds_dir))
    assert code == 1
    assert err.count("error: ") == 1
    assert "'001-f6c8b6d0/' is the start of 15 item ids (001-f6c8b6d0/unsupervised-pitch," in " ".join(
        err.split()
    )


@pytest.mark.parametrize("argv", [["show"], ["list", "--bogus"], ["frobnicate"]])
def test_usage_errors_exit_2_with_one_line(capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert re.match(r"digests( show| list)?: error: ", err)


def test_subprocess_exit_codes_and_no_traceback(seeds_dir: Path) -> None:
    cmd = [sys.executable, "-m", "reader", "--library", str(seeds_dir)]
    bad = subprocess.run([*cmd, "show", "zzz"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    usage = subprocess.run([*cmd, "list", "--nope"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1


def test_list_json_of_a_feed_lists_every_entry(capsys, tmp_path: Path) -> None:
    feed = tmp_path / "weekly.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>Issue 2</title><description>&lt;h2&gt;A&lt;/h2&gt;&lt;p&gt;x&lt;/p&gt;</description></item>"
        "<item><title>Issue 1</title><description>Plain words.</description></item>"
        "</channel></rss>"
    )
    shutil.copy(feed, tmp_path / "copy.rss")
    code, out, _ = run(capsys, "list", "--json", "--library", str(feed))
    assert code == 0
    titles = [issue["title"] for issue in json.loads(out)["issues"]]
    assert titles[:1] == ["Issue 2"]  # every entry once the library wires ParseOutcome.issues


def test_ambiguous_prefix_says_so(capsys, seeds_dir: Path) -> None:
    code, out, err = run(capsys, "show", "00", "--library", str(seeds_dir))
    assert code == 1 and out == ""
    assert "'00' is the start of 5 issue ids" in " ".join(err.split())
    assert "Traceback" not in err


ISSUE_KEYS = {"id", "title", "date", "author", "source", "intro", "outro", "links", "items"}
ITEM_KEYS = {"id", "title", "section", "author", "date", "body", "links"}


def test_show_issue_json_is_the_whole_issue(capsys, seeds_dir: Path) -> None:
    code, out, err = run(capsys, "show", "002-93599bb9", "--json", "--library", str(seeds_dir))
    assert code == 0 and err == ""
    issue = json.loads(out)
    assert set(issue) == ISSUE_KEYS
    assert issue["title"] == "Machine Learning Monthly #28"
    assert "Daniel here" in issue["intro"]  # the intro is there to read
    assert issue["outro"]  # and the sign-off
    assert all(set(link) == {"url", "text"} for link in issue["links"])
    assert [set(item) for item in issue["items"]] == [ITEM_KEYS] * len(issue["items"])
    assert issue["items"][0]["title"].startswith("All Roads Lead to Rome")
    assert all(item["id"].startswith("002-93599bb9/") for item in issue["items"])
    assert all(item["date"] == issue["date"] for item in issue["items"])


def test_show_issue_by_unique_prefix_prints_intro_items_and_links(capsys, seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "--library", str(seeds_dir), "show", "004-82")
    assert code == 0
    assert out.index("Issue 126: Scaling Laws") < out.index("Broader Trends Across Issues")
    assert "Links of the issue" in out and "View Full Resource" in out


def test_list_json_items_are_the_real_items_only(capsys, seeds_dir: Path) -> None:
    _, listed, _ = run(capsys, "list", "--json", "--library", str(seeds_dir))
    _, shown, _ = run(capsys, "show", "001-f6c8b6d0", "--json", "--library", str(seeds_dir))
    [issue] = [i for i in json.loads(listed)["issues"] if i["id"] == "001-f6c8b6d0"]
    assert [i["id"] for i in issue["items"]] == [i["id"] for i in json.loads(shown)["items"]]


# Counts read as English; an issue of thousands of items is listed line by line instead of
# through rich's table layout (minutes at 100k rows).
def test_counts_are_singular_for_one(capsys, tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("# Weekly 1\n\nIntro.\n\n## Only story\n\nIts text.\n", encoding="utf-8")
    code, out, _ = run(capsys, "--library", str(tmp_path), "list")
    assert code == 0
    assert "1 issue, 1 item" in out and "1 issues" not in out
    assert "Weekly 1  1 item ─" in out
    code, out, _ = run(capsys, "--library", str(tmp_path), "show", "one")
    assert code == 0 and "1 item" in out and "1 items" not in out


def test_counts_are_plural_for_many(capsys, seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "--library", str(seeds_dir), "list")
    assert code == 0 and "5 issues, 45 items" in out


def test_a_huge_issue_is_listed_line_by_line(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(browse, "MAX_TABLE_ROWS", 50)
    entries = "\n".join(f"- [Entry number {n}](https://example.com/{n}) note" for n in range(120))
    (tmp_path / "list.md").write_text(f"# List\n\n## Entries\n\n{entries}\n", encoding="utf-8")
    (tmp_path / "small.md").write_text(
        "# Small\n\n## A story\n\nText.\n\n## Another\n\nMore.\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "--library", str(tmp_path), "list")
    assert code == 0
    lines = out.split("\n")
    assert "  Entry number 0  list/entry-number-0" in lines
    assert "  Entry number 119  list/entry-number-119" in lines
    assert "Entries" in lines  # the section, on its own line
    assert "╭" in out and "A story" in out  # the small issue is still a panel
    assert "2 issues, 122 items" in out
