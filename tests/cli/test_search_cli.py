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
    assert sorted(hit["kind"] for hit in hits) == ["issue", "item", "item"]  # the issue's intro too


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
        == "20 of about 1,200 results (next: --offset 20)"
    )
    assert count_line(SearchResults("q", 1234, None, hits)) == "20 of 1,234 results (next: --offset 20)"
    assert (
        count_line(SearchResults("q", 1234, None, hits[:14], offset=1220)) == "1,221–1,234 of 1,234 results"
    )
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


# --- issue 14: pages, order, filters, saved searches --------------------------------------------


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    from search_archive import write_archive

    return write_archive(tmp_path / "archive")


def search_json(capsys: pytest.CaptureFixture[str], archive: Path, *argv: str) -> dict:
    code, out, _ = run(capsys, "--library", str(archive), "search", *argv, "--json")
    assert code == 0
    return json.loads(out)


def ids(data: dict) -> list[str]:
    return [hit["item_id"] for hit in data["hits"]]


def test_limit_and_offset_page_through_every_hit(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    everything = search_json(capsys, archive, "crate", "--limit", "100")
    assert everything["total"] == len(everything["hits"]) == 6
    pages = [search_json(capsys, archive, "crate", "--limit", "4", "--offset", str(o)) for o in (0, 4, 8)]
    assert [page["total"] for page in pages] == [6, 6, 6] and [len(page["hits"]) for page in pages] == [
        4,
        2,
        0,
    ]
    assert [hit for page in pages for hit in ids(page)] == ids(everything)
    assert pages[1]["offset"] == 4
    code, out, _ = run(capsys, "--library", str(archive), "search", "crate", "--limit", "4")
    assert code == 0 and "4 of 6 results (next: --offset 4)" in out
    code, out, _ = run(capsys, "--library", str(archive), "search", "crate", "--limit", "4", "--offset", "4")
    assert code == 0 and "5. " in out and "5–6 of 6 results" in out and "next" not in out
    _code, out, _ = run(capsys, "--library", str(archive), "search", "crate", "--offset", "40")
    assert "No more results" in out and "No items match" not in out


def test_sort_newest_and_oldest(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    from search_archive import CANDLE, SERDE, UNDATED

    newest = search_json(capsys, archive, "crate", "--sort", "newest")
    oldest = search_json(capsys, archive, "crate", "--sort", "oldest")
    assert ids(newest)[0] == CANDLE and ids(oldest)[0] == SERDE
    assert ids(newest)[-1] == ids(oldest)[-1] == UNDATED
    assert newest["sort"] == "newest" and sorted(ids(newest)) == sorted(ids(oldest))
    with pytest.raises(SystemExit) as exited:
        main(["search", "crate", "--sort", "best"])
    assert exited.value.code == 2


def test_filters_in_the_query_and_as_options(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    from search_archive import RAYON, TOKIO

    in_query = search_json(capsys, archive, "crate source:rust-weekly date:2024")
    as_options = search_json(capsys, archive, "crate", "--source", "rust-weekly", "--date", "2024")
    assert sorted(ids(in_query)) == sorted(ids(as_options)) == sorted([RAYON, TOKIO])
    assert as_options["filters"] == ["source rust-weekly", "dated 2024-01-01 to 2024-12-31"]
    after = search_json(capsys, archive, "crate", "--after", "2024-03", "--before", "2025")
    assert ids(after) == [TOKIO]
    alone = search_json(capsys, archive, "--source", "ml-news", "--limit", "100")
    assert alone["total"] == 5 and alone["hits"][0]["date"] == "2025-01-06"  # filters alone: newest first
    _code, out, _ = run(
        capsys, "--library", str(archive), "search", "crate", "--source", "ml-news", "--limit", "1"
    )
    assert "Filtered: source ml-news" in out


def test_a_malformed_filter_is_reported_and_the_rest_searched(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    code, out, err = run(capsys, "--library", str(archive), "search", "crate date:2024-13 source:nowhere")
    assert code == 0 and "6 results" in out
    assert (
        "warning: date:2024-13: there is no month 13" in err
        and "source:nowhere: no source has that name" in err
    )
    data = search_json(capsys, archive, "crate", "--date", "soon")
    assert data["total"] == 6 and data["problems"] == [
        "date:soon: 'soon' is not a date (use 2024, 2024-03, 2024-03-15 or 2024-01..2024-06)"
    ]


def test_read_marks_and_bookmarks_filter(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    from reader.core.bookmarks import BookmarkStore
    from reader.core.library import load_library
    from reader.core.readstate import ReadState
    from search_archive import CANDLE, RAYON, SERDE

    ReadState().set_many([SERDE, RAYON])
    library = load_library([archive], use_cache=False)
    for item_id, tags in ((RAYON, ["rust"]), (CANDLE, ["rust", "ml"])):
        issue, item = next((i, it) for i, it in library.items() if it.id == item_id)
        BookmarkStore().add(issue, item, tags)
    assert SERDE not in ids(search_json(capsys, archive, "crate", "--unread"))
    assert len(ids(search_json(capsys, archive, "crate is:unread"))) == 4
    assert sorted(ids(search_json(capsys, archive, "crate", "--read"))) == sorted([SERDE, RAYON])
    assert sorted(ids(search_json(capsys, archive, "crate", "--bookmarked"))) == sorted([RAYON, CANDLE])
    assert ids(search_json(capsys, archive, "crate", "--tag", "ML")) == [CANDLE]
    assert ids(search_json(capsys, archive, "--tag", "rust", "--unread")) == [CANDLE]


def test_search_a_saved_search(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    from search_archive import RAYON, SERDE, TOKIO

    run(capsys, "saved", "add", "rusty", "crate source:rust-weekly")
    data = search_json(capsys, archive, "--saved", "RUSTY")
    assert sorted(ids(data)) == sorted([SERDE, RAYON, TOKIO]) and data["query"] == "crate source:rust-weekly"
    assert ids(search_json(capsys, archive, "--saved", "rusty", "rayon")) == [RAYON]  # and more words
    assert ids(search_json(capsys, archive, "--saved", "rusty", "--date", "2023")) == [SERDE]
    run(capsys, "saved", "add", "either", "serde OR rayon")
    assert sorted(ids(search_json(capsys, archive, "--saved", "either", "crate"))) == sorted([SERDE, RAYON])
    code, out, err = run(capsys, "--library", str(archive), "search", "--saved", "nothing")
    assert code == 1 and out == "" and "no saved search named 'nothing'" in " ".join(err.split())


def test_an_empty_query_says_there_is_nothing_to_search_for(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    for query in ("", "   "):
        code, out, _ = run(capsys, "--library", str(archive), "search", query)
        assert code == 0 and out.strip() == "Nothing to search for." and "No items match" not in out
    data = search_json(capsys, archive, "")
    assert data["total"] == 0 and data["hits"] == [] and data["query"] == ""
    with pytest.raises(SystemExit) as exited:
        main(["--library", str(archive), "search"])
    assert exited.value.code == 2 and "give words to search for" in capsys.readouterr().err
