"""Long links in the Detail pane fold without spaces inside the URL (its continuation lines start at
the left edge), the link's text hangs under it, and every line stays clickable."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.widgets.detail import DetailPane

from .conftest import NARROW, WIDE, running, settle

BASE = "https://example.com/very/long/path/" + "segment-abcdefghij/" * 9 + "end?q="
URLS = {n: f"https://example.org/{n}" for n in range(1, 13)} | {1: BASE + "first", 12: BASE + "twelfth"}
INDENT = "    "  # under the text after " 1. " and "12. "


@pytest.fixture
def long_links_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "long-links"
    folder.mkdir()
    refs = ", ".join(f"[ref {n}]({url})" for n, url in URLS.items())
    text = f"# Linkwrap Weekly\n\n## Many links item\n\nAn item with many links: {refs}.\n"
    (folder / "linkwrap.md").write_text(text, encoding="utf-8")
    return folder


async def open_detail(pilot, size: tuple[int, int]) -> DetailPane:
    detail = pilot.app.main.detail
    if size == NARROW:  # the detail takes over the screen once the item is opened
        await pilot.press("enter")
        await settle(pilot)
    assert detail.item.title == "Many links item"
    assert [link.url for link in detail.item.links] == list(URLS.values())
    assert detail.content_region.width >= 30
    return detail


def visible_rows(detail: DetailPane) -> list[str]:
    return [detail.render_line(y).text for y in range(detail.content_region.height)]


async def find_entry(pilot, detail: DetailPane, number: int) -> tuple[int, list[str]]:
    """Scroll so link `number`'s entry is in view; return its first row on screen and its rows."""
    marker = f"{number:>2}. "
    for top in range(detail.virtual_size.height):
        detail.scroll_to(y=top, animate=False, force=True)
        await pilot.pause()
        rows = visible_rows(detail)
        starts = [index for index, row in enumerate(rows) if row.startswith(marker)]
        if not starts:
            continue
        first = starts[0]
        entry = [rows[first]]
        for row in rows[first + 1 :]:
            if not row.strip() or row.startswith(f"{number + 1:>2}. "):  # the next entry or the end
                break
            entry.append(row)
            if row.strip().endswith(f"ref {number}"):  # the whole entry is in view
                return first, entry
    raise AssertionError(f"link {number} not found in the detail pane")


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120 columns", "80x24"])
async def test_a_long_link_folds_without_spaces_and_keeps_the_whole_url(
    make_app, long_links_dir, size
) -> None:
    app = make_app([long_links_dir])
    async with running(app, size=size) as pilot:
        detail = await open_detail(pilot, size)
        width = detail.content_region.width
        for number in (1, 12):
            _, entry = await find_entry(pilot, detail, number)
            assert entry[0].startswith(f"{number:>2}. https://example.com/"), (
                "the URL starts beside its number"
            )
            assert len(entry) >= 3, "a 200-character URL takes several lines"
            url = URLS[number]
            url_rows = [entry[0][len(INDENT) :]]
            for row in entry[1:]:
                if "".join(url_rows) == url:
                    break
                assert not row.startswith(" "), f"a space drawn inside the URL: {row!r}"
                url_rows.append(row.split("  ")[0])
            assert "".join(url_rows) == url, "the whole URL, uncut and without spaces"
            assert entry[-1].strip().endswith(f"ref {number}")
            assert all(len(row.rstrip()) <= width for row in entry)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120 columns", "80x24"])
async def test_clicking_any_line_of_a_wrapped_link_opens_that_link(
    make_app, long_links_dir, opened, size
) -> None:
    app = make_app([long_links_dir])
    async with running(app, size=size) as pilot:
        detail = await open_detail(pilot, size)
        first, _entry = await find_entry(pilot, detail, 12)
        region = detail.content_region
        await pilot.click(offset=(region.x + 8, region.y + first))  # first line, in the URL
        await pilot.pause()
        assert opened.urls == [URLS[12]]
        await pilot.click(offset=(region.x + 8, region.y + first + 2))  # a continuation line
        await pilot.pause()
        assert opened.urls == [URLS[12], URLS[12]]
        await pilot.click(offset=(region.x + 1, region.y + first + 1))  # a folded line: the URL still
        await pilot.pause()
        assert opened.urls == [URLS[12], URLS[12], URLS[12]]


def test_wrap_document_folds_a_long_word_beside_any_marker_and_never_indents_inside_it() -> None:
    from textual.content import Content

    from reader.ui.wrapping import wrap_document

    word = "x" * 50
    lines, starts = wrap_document(Content(f"•  {word} and more words after it\n▌ {word}\nplain {word}"), 20)
    rows = [line.plain for line in lines]
    assert rows[:3] == ["•  " + "x" * 17, "x" * 20, "x" * 13 + " and"], "the word folds at the left edge"
    assert rows[3:5] == ["   more words after", "   it"], "the words after it hang under the text"
    assert rows[5:8] == ["▌ " + "x" * 18, "x" * 20, "x" * 12]
    assert rows[8:10] == ["plain", "x" * 20], "unmarked text wraps as before"
    assert starts[:4] == [0, 20, 40, 58], "each row maps back to its offset in the document"
