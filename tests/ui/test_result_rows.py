"""The results list counts a row's lines without making the row (its virtual size needs the last
rows' heights on every new result): the count must be what making the row gives."""

from __future__ import annotations

from itertools import product

from textual.app import App

from reader.core.search.results import Hit
from reader.ui.widgets.results import ResultList

TEXTS = ["", "T", "a\nb", "x\n", "\n", "\n\n"]
SNIPPETS = ["", "  ", "s", "a\nb", "s\n"]


class Rows(App):
    def compose(self):
        yield ResultList(id="rows")


async def test_row_heights_match_the_rows_made() -> None:
    hits = [
        Hit(item_id, "issue", title, issue_title, 1.0, snippet, date=date)
        for title, issue_title, snippet, date, item_id in product(
            TEXTS, TEXTS, SNIPPETS, [None, "2024-01-02"], [None, "issue/item"]
        )
    ]
    app = Rows()
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(ResultList)
        rows.show_hits(hits, False)
        await pilot.pause()
        for index, hit in enumerate(hits):
            assert rows.row_height(index) == len(rows.split_row(index, 40)) == len(rows.row_lines(index)), hit
