"""The search screen's preview: the highlighted result's text (the detail pane's rendering, so
untrusted text is never markup) with the query's hits marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.documents import SpanFinder
from reader.ui.widgets.detail import DetailPane

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.model import Issue, Item
    from reader.core.search.results import Hit


class ResultPreview(DetailPane):
    """Not focusable: Tab moves between the query box and the results."""

    can_focus = False

    def on_mount(self) -> None:
        self.border_title = "Preview"

    def _update_subtitle(self) -> None:
        count = len(self.matches)
        self.border_subtitle = f"{count:,} hit{'' if count == 1 else 's'}" if count else None

    def show_hit(self, hit: Hit | None, library: Library | None, query: str, finder: SpanFinder) -> None:
        """Show the hit's item (or its issue's own page) from the top, with the hits of `query`."""
        found: tuple[Issue, Item | None] | None = None
        if hit is not None and library is not None:
            if hit.item_id is None:
                issue = library.issue(hit.issue_id)
                found = (issue, None) if issue is not None else None
            else:
                found = library.find_item(hit.item_id)
        if found is None:
            if self.issue is not None or hit is None:
                self.show_message("" if hit is None else "This result is no longer in the library.")
            return
        issue, item = found
        if self.issue is issue and self.item is item and self.search_query == query:
            return
        self.show(issue, item, query, finder)
