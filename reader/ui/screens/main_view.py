"""How the main screen lists the issues: one source or all (`f`, and the palette), sorted by date,
title or source (`s`), read items and issues hidden or shown (`h`). Each choice is remembered."""

from __future__ import annotations

from dataclasses import replace

from textual.content import Content

from reader.ui.listing import ViewOptions
from reader.ui.messages import RememberView
from reader.ui.screens.browse import SORT_NAMES, BrowseScreen
from reader.ui.state import plural
from reader.ui.text import shown


class ViewActions(BrowseScreen):
    def set_view(self, view: ViewOptions, message: str) -> None:
        """List the issues anew as `view` says, keeping the issue shown where it is still listed."""
        self.view = view
        self.state.view = replace(view, source=None)  # the source is remembered per library (Place)
        self.post_message(RememberView(view))
        self.fill_issues()
        if self.listed:
            self._show_issue(self.issues_pane.highlighted_issue, force=True)
        self.place_changed()
        self.notify(message, timeout=3, markup=False)

    def action_toggle_hide_read(self) -> None:
        hide = not self.view.hide_read
        self.set_view(
            replace(self.view, hide_read=hide),
            "Read items and issues hidden." if hide else "Read items and issues shown.",
        )

    def action_cycle_sort(self) -> None:
        sources = len(self.sources.names) if self.sources else 0
        sort = self.view.next_sort(sources)
        self.set_view(replace(self.view, sort=sort), f"Issues sorted {SORT_NAMES[sort]}.")

    def show_source(self, source: str | None) -> None:
        if self.sources is not None and source is not None and source not in self.sources.names:
            self.notify("That source is no longer in the library.", severity="warning", markup=False)
            return
        self.set_view(replace(self.view, source=source), f"Showing {source or 'every source'}.")
        self.issues_pane.focus()

    def action_pick_source(self) -> None:
        """A picker of the sources with their issue and unread counts; the first row shows them all."""
        library, sources = self.state.library, self.sources
        if library is None or sources is None:
            return
        if not sources.mixed:
            name = sources.names[0] if sources.names else "none"
            self.notify(f"Every issue comes from one source: {name}.", markup=False)
            return
        counts: dict[str, tuple[int, int]] = {}
        for issue in library.issues:
            issues, unread = counts.get(sources.of(issue), (0, 0))
            counts[sources.of(issue)] = (issues + 1, unread + (self.state.unread_count(issue) or 0))

        def row(name: Content, issues: int, unread: int) -> Content:
            tail = f" · {plural(issues, 'issue')}" + (
                f" · {unread:,} unread" if self.state.read_marks.available else ""
            )
            return name + Content(tail)

        total = sum(issues for issues, _ in counts.values()), sum(unread for _, unread in counts.values())
        rows = [row(Content("All sources"), *total)] + [
            row(shown(name), *counts[name]) for name in sources.names
        ]
        choices: list[str | None] = [None, *sources.names]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.show_source(choices[index])

        from reader.ui.screens.picker import PickerScreen

        current = choices.index(self.view.source) if self.view.source in choices else 0
        self.app.push_screen(PickerScreen("Show the issues of…", rows, highlight=current), chosen)
