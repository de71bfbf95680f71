"""The keys of every list, for a scrolling text (the detail pane, the help): j/k a line, g/G and
Home/End to the ends, Space/PgDn and PgUp a page. Every scroll happens at once (no animation, not
after the next refresh), so the next key of a quick burst sees where the text is."""

from __future__ import annotations

from textual.widget import Widget


class ScrollKeys(Widget):
    """Mixed into a scrolling widget whose BINDINGS come from the "list" scope."""

    def scroll_by_lines(self, lines: float) -> None:
        y = max(0.0, min(self.max_scroll_y, self.scroll_y + lines))
        self.scroll_to(y=y, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.scroll_by_lines(1)

    def action_cursor_up(self) -> None:
        self.scroll_by_lines(-1)

    def action_first(self) -> None:
        self.scroll_by_lines(-self.scroll_y)

    def action_last(self) -> None:
        self.scroll_by_lines(self.max_scroll_y)

    def action_page_down(self) -> None:
        self.scroll_by_lines(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self.scroll_by_lines(-self.scrollable_content_region.height)
