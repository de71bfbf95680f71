"""The bookmarks view: sort by date or title, filter by tag, jump, remove (with undo), edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import on
from textual.content import Content
from textual.widgets import Header, Label, OptionList

from reader.core.bookmarks import Bookmark, BookmarkStore
from reader.ui.commands import bindings_for, keys_for
from reader.ui.screens.base import StateScreen
from reader.ui.screens.edit_bookmark import EditBookmarkScreen
from reader.ui.screens.picker import PickerScreen
from reader.ui.state import AppState, plural
from reader.ui.text import shown
from reader.ui.widgets.footer import KeyFooter
from reader.ui.widgets.lists import StyledList

Saved = TypeVar("Saved")


class BookmarkList(StyledList):
    ROLE_PREFIX = "bookmark-list"
    COMPONENT_CLASSES = {
        "bookmark-list--title",
        "bookmark-list--meta",
        "bookmark-list--note",
        "bookmark-list--missing",
        "bookmark-list--tag",
    }

    def prompt(self, bookmark: Bookmark) -> Content:
        title = shown(bookmark.title).stylize(self.style("title"))
        if bookmark.missing:
            title = Content("(missing) ").stylize(self.style("missing")) + title
        saved = f" · saved {bookmark.created[:10]}" if bookmark.created else ""
        meta = (shown(bookmark.issue_title) + Content(saved)).stylize(self.style("meta"))
        for tag in bookmark.tags:
            meta += Content(" ") + shown(f"#{tag}").stylize(self.style("tag"))
        lines = [title, meta]
        if bookmark.note:
            lines.append(shown(" ".join(bookmark.note.split())).stylize(self.style("note")))
        return Content("\n").join(lines)


class BookmarksScreen(StateScreen[str | None]):
    """Dismisses with the item id to show, or None."""

    BINDINGS = bindings_for("bookmarks")
    SUB_TITLE = "Bookmarks"
    SCOPE = "bookmarks"

    def __init__(self, state: AppState, store: BookmarkStore) -> None:
        super().__init__(state, id="bookmarks")
        self.store = store
        self.sort_by = "date"
        self.tag: str | None = None
        self.removed: list[Bookmark] = []  # undo stack, kept until the view closes
        self.shown: list[Bookmark] = []

    def compose(self):
        yield Header(icon="≡")
        yield Label(id="bookmarks-title", markup=False)
        yield BookmarkList(id="bookmarks-list")
        yield KeyFooter()

    @property
    def listing(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    def on_mount(self) -> None:
        self.refill()
        self.listing.focus()

    def refill(self, keep: str | None = None) -> None:
        keep = keep or self.listing.highlighted_id
        library = self.state.library
        bookmarks = list(self.store.with_missing(library) if library else self.store.all())
        total = len(bookmarks)
        if self.tag:
            bookmarks = [b for b in bookmarks if self.tag in b.tags]
        if self.sort_by == "title":
            bookmarks.sort(key=lambda b: (b.title.casefold(), b.item_id))
        else:
            bookmarks.sort(key=lambda b: b.created, reverse=True)
        self.shown = bookmarks
        listing = self.listing
        listing.fill(bookmarks, [b.item_id for b in bookmarks])
        if bookmarks and not (keep and listing.highlight_id(keep)):
            listing.highlighted = 0
        title = (
            f"{len(bookmarks):,} of {plural(total, 'bookmark')}" if self.tag else plural(total, "bookmark")
        )
        title += f" · sorted by {self.sort_by}"
        if self.tag:
            title += f" · tag #{self.tag}"
        if not total:
            title += f" · none yet: press {keys_for('toggle_bookmark')} on an item to bookmark it"
        self.query_one("#bookmarks-title", Label).update(Content(title))

    def _selected(self) -> Bookmark | None:
        item_id = self.listing.highlighted_id
        return next((b for b in self.shown if b.item_id == item_id), None)

    def _save(self, what: str, change: Callable[[], Saved]) -> Saved | None:
        try:
            return change()
        except OSError as exc:  # StorageError
            self.notify(str(exc), title=f"Could not {what}", severity="error", markup=False)
            return None

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _chosen(self, _event: OptionList.OptionSelected) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        bookmark = self._selected()
        if bookmark is None:
            return
        if bookmark.missing:
            self.notify(
                "That digest is no longer in the library; the bookmark is kept.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(bookmark.item_id)

    def action_remove(self) -> None:
        bookmark = self._selected()
        if bookmark is None:
            return
        index = self.listing.highlighted or 0
        removed = self._save("remove the bookmark", lambda: self.store.remove(bookmark.item_id))
        if removed is None:
            return
        self.removed.append(removed)
        self.refill()
        if self.shown:
            self.listing.highlighted = min(index, len(self.shown) - 1)
        self.notify(f"Bookmark removed. Press {keys_for('undo', 'bookmarks')} to undo.", markup=False)

    def action_undo(self) -> None:
        if not self.removed:
            self.notify("Nothing to undo.", markup=False)
            return
        bookmark = self.removed.pop()
        self._save("restore the bookmark", lambda: self.store.add_bookmark(bookmark))
        if not self.store.contains(bookmark.item_id):
            self.removed.append(bookmark)
            return
        self.refill(keep=bookmark.item_id)
        self.notify("Bookmark restored.", markup=False)

    def action_edit(self) -> None:
        bookmark = self._selected()
        if bookmark is None:
            return

        def edited(result: tuple[list[str], str] | None) -> None:
            if result is not None:
                tags, note = result
                self._save(
                    "save the bookmark", lambda: self.store.update(bookmark.item_id, tags=tags, note=note)
                )
                self.refill(keep=bookmark.item_id)

        self.app.push_screen(EditBookmarkScreen(bookmark), edited)

    def action_sort(self) -> None:
        self.sort_by = "title" if self.sort_by == "date" else "date"
        self.refill()

    def action_filter_tag(self) -> None:
        counts: dict[str, int] = {}
        for bookmark in self.store.all():
            for tag in bookmark.tags:
                counts[tag] = counts.get(tag, 0) + 1
        if not counts:
            self.notify(
                f"No bookmark has tags yet: press {keys_for('edit', 'bookmarks')} to add some.", markup=False
            )
            return
        tags = sorted(counts, key=str.casefold)
        rows = ["All bookmarks"] + [f"#{tag} ({counts[tag]})" for tag in tags]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.tag = None if index == 0 else tags[index - 1]
                self.refill()

        self.app.push_screen(PickerScreen("Show bookmarks tagged…", rows), chosen)

    def action_close(self) -> None:
        self.dismiss(None)
