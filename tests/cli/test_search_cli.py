"""`digests search` and `digests index` from the shell."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile import assert_clean, write_hostile_library
from reader.cli.main import main

WELDERS = "003-28404f70/who-watches-the"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_json_shape(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    code, out, _ = run(capsys, "search", "label propagation", "--json", "--library", str(seed_copy))
    assert code == 0
    data = json.loads(out)
    assert {"query", "total", "suggestion", "hits"} <= set(data)
    assert data["query"] == "label propagation" and data["total"] == len(data["hits"]) >= 1
    first = data["hits"][0]
    assert {"item_id", "issue_id", "title", "issue_title", "score", "snippet"} <= set(first)
    assert first["item_id"] == "000-c4ff5c47/reviving-classic-ai"
    assert "label propagation" in first["snippet"]


def test_search_builds_a_missing_index_then_reuses_it(
    capsys: pytest.CaptureFixture[str], seed_copy: Path
) -> None:
    code, out, err = run(capsys, "--library", str(seed_copy), "search", "welders")
    assert code == 0 and "Who Watches the Welders?" in out and WELDERS in out
    assert "built the search index" in err
    code, out, err = run(capsys, "--library", str(seed_copy), "search", "welders", "--limit", "1")
    assert code == 0 and "built" not in err and "1 result" in out


def test_search_brings_a_stale_index_up_to_date(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    run(capsys, "--library", str(seed_copy), "index")
    (seed_copy / "extra.md").write_text(
        "# Extra\n\n## Quokkas everywhere\n\nA quokka smiles.\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "quokka", "--json")
    assert code == 0 and [hit["title"] for hit in json.loads(out)["hits"]] == ["Quokkas everywhere"]


def test_no_results_suggests_a_correction(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "transfomer")
    assert code == 0 and "No items match transfomer" in out and "Did you mean transformer?" in out
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "transfomer", "--json")
    assert json.loads(out)["suggestion"] == "transformer" and json.loads(out)["hits"] == []


def test_index_reports_what_it_did(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    code, out, err = run(capsys, "--library", str(seed_copy), "index")
    assert code == 0 and "built the search index" in err
    assert out.startswith("added ") and " in " in out and out.rstrip().endswith(" s")
    code, out, _ = run(capsys, "--library", str(seed_copy), "index")
    assert code == 0 and "search index up to date" in out
    os.chmod(seed_copy / "003_28404f703abf928a.txt", 0o644)
    (seed_copy / "003_28404f703abf928a.txt").unlink()
    code, out, _ = run(capsys, "--library", str(seed_copy), "index", "--json")
    data = json.loads(out)
    assert code == 0 and data["removed"] > 0 and data["added"] == 0 and not data["rebuilt"]
    code, out, err = run(capsys, "--library", str(seed_copy), "index", "--rebuild")
    assert code == 0 and "rebuilt the search index because a rebuild was asked for" in err


def test_library_runs_use_their_own_index(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.md").write_text("# One\n\n## Only item\n\nwelders nowhere else\n", encoding="utf-8")
    run(capsys, "--library", str(seed_copy), "index")
    _code, out, _ = run(capsys, "--library", str(other), "search", "welders", "--json")
    assert [hit["title"] for hit in json.loads(out)["hits"]] == ["Only item"]
    _code, out, _ = run(capsys, "--library", str(seed_copy), "index")
    assert "up to date" in out  # the seed copy's index was not disturbed


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--limit", "0"])
    assert exit_info.value.code == 2


def test_hostile_hits_print_clean_and_literal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lib = write_hostile_library(tmp_path / "hostile")
    code, out, err = run(capsys, "--library", str(lib), "search", "markup OR zapper")
    assert code == 0
    assert_clean(out + err)
    assert "Evil red headline [@click=app.quit]quit[/]" in out  # fake markup stays literal
    assert "Zapper weekly [bold red]loud[/bold red]" in out
    code, out, err = run(capsys, "--library", str(lib), "search", "zapper", "--json")
    assert_clean(out + err)
    hits = json.loads(out)["hits"]
    assert sorted(hit["kind"] for hit in hits) == ["issue", "item", "item"]  # the intro too


def test_the_cli_says_when_results_may_be_incomplete(
    capsys: pytest.CaptureFixture[str], seed_copy: Path
) -> None:
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "[a TO z]")
    assert code == 0 and "Results may be incomplete" in out
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "[a TO z]", "--json")
    assert json.loads(out)["incomplete"] is True
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "welders", "--json")
    assert json.loads(out)["incomplete"] is False and json.loads(out)["total_is_estimate"] is False


def test_a_query_may_start_with_a_minus(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "-vision", "transformer", "--json")
    without = {hit["item_id"] for hit in json.loads(out)["hits"]}
    assert code == 0 and without
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "transformer", "--json")
    assert without < {hit["item_id"] for hit in json.loads(out)["hits"]}
    code, out, _ = run(
        capsys, "--library", str(seed_copy), "search", "--json", "--", "-vision", "transformer"
    )
    assert {hit["item_id"] for hit in json.loads(out)["hits"]} == without
    code, out, _ = run(capsys, "--library", str(seed_copy), "search", "-welders", "--limit", "1")
    assert code == 0 and WELDERS not in out


def test_estimated_totals_are_shown_as_estimates(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli.search_cmd import count_line
    from reader.core.search import SearchResults

    hits = [object()] * 20
    assert (
        count_line(SearchResults("q", 1234, None, hits, total_is_estimate=True))
        == "20 of about 1,200 results"
    )
    assert count_line(SearchResults("q", 1234, None, hits)) == "20 of 1,234 results"
    assert count_line(SearchResults("q", 1, None, hits[:1])) == "1 result"


def test_damage_found_by_a_search_is_said_once_and_answered_from_a_rebuild(
    capsys: pytest.CaptureFixture[str], seed_copy: Path
) -> None:
    from reader.core.locations import library_index_dir

    run(capsys, "--library", str(seed_copy), "index")
    index_dir = library_index_dir([seed_copy])
    segment = max(index_dir.glob("*.seg"), key=lambda p: p.stat().st_size)
    stat = segment.stat()
    data = bytearray(segment.read_bytes())
    for at in range(16, len(data) * 9 // 10, 13):  # every part of the segment
        data[at] ^= 0x5A
    segment.write_bytes(bytes(data))
    os.utime(segment, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    code, out, err = run(capsys, "--library", str(seed_copy), "search", "welders")
    assert code == 0 and WELDERS in out
    assert err.count("warning:") == 1 and "damaged" in err and "moved to" in err
    code, out, err = run(capsys, "--library", str(seed_copy), "search", "welders")
    assert code == 0 and WELDERS in out and "damaged" not in err
