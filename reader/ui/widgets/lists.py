"""The Issues and Items panes: virtual OptionLists whose rows are built as Content (never markup)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.model import Issue, Item
from reader.ui.commands import bindings_for


class StyledList(OptionList):
    """An OptionList whose rows are styled through its component classes (see styles/*.tcss)."""

    ROLE_PREFIX = "list"
    BINDINGS = bindings_for("list")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)

    def style(self, role: str):
        return self.get_visual_style(f"{self.ROLE_PREFIX}--{role}", partial=True)

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_id(self, option_id: str) -> bool:
        """Move the cursor to the row with this id; False when there is none."""
        try:
            self.highlighted = self.get_option_index(option_id)
        except Exception:  # OptionDoesNotExist
            return False
        return True

    def replace_prompt(self, option_id: str, prompt: Content) -> None:
        try:
            self.replace_option_prompt(option_id, prompt)
        except Exception:  # the row is gone (list rebuilt meanwhile)
            pass


def hanging(content: Content, width: int, indent: int) -> Content:
    """Wrap `content` to `width` with every line after the first indented by `indent` spaces."""
    if width <= indent + 4:
        return content
    lines = content.wrap(width)
    if len(lines) <= 1:
        return content
    rest = Content(" ").join(lines[1:]).wrap(width - indent)
    pad = Content(" " * indent)
    return Content("\n").join([lines[0], *(pad + line for line in rest)])


class IssueList(StyledList):
    """One row per issue: its title, then date, item count and unread count."""

    ROLE_PREFIX = "issue-list"
    COMPONENT_CLASSES = {"issue-list--meta", "issue-list--unread-title", "issue-list--unread"}

    def prompt(self, issue: Issue, unread: int | None) -> Content:
        count = len(issue.items)
        meta = [issue.date or "undated", f"{count} item{'s' if count != 1 else ''}"]
        title = Content(issue.title)
        if unread:
            title = title.stylize(self.style("unread-title"))
        line = Content(" · ".join(meta)).stylize(self.style("meta"))
        if unread:
            line = (
                line
                + Content(" · ").stylize(self.style("meta"))
                + Content(f"{unread} unread").stylize(self.style("unread"))
            )
        return Content("\n").join([title, line])

    def show_issues(self, issues: Sequence[Issue], unread: Callable[[Issue], int | None]) -> None:
        keep = self.highlighted_id
        self.set_options(Option(self.prompt(issue, unread(issue)), id=issue.id) for issue in issues)
        if not (keep and self.highlight_id(keep)) and issues:
            self.highlighted = 0


class ItemList(StyledList):
    """The items of one issue, under their section headings, with unread and bookmark marks."""

    ROLE_PREFIX = "item-list"
    COMPONENT_CLASSES = {"item-list--section", "item-list--unread", "item-list--bookmark", "item-list--read"}
    MARKS_WIDTH = 4

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.marks: Callable[[Item], tuple[bool, bool]] = lambda item: (False, False)
        self._built_width = 0

    @property
    def text_width(self) -> int:
        return max(self.scrollable_content_region.width - 2, 0)  # option padding: 0 1

    def prompt(self, item: Item, unread: bool, bookmarked: bool) -> Content:
        unread_mark = Content("● " if unread else "  ").stylize(self.style("unread"))
        bookmark_mark = Content("★ " if bookmarked else "  ").stylize(self.style("bookmark"))
        title = Content(item.title)
        if not unread:
            title = title.stylize(self.style("read"))
        row = Content.assemble(unread_mark, bookmark_mark, title)
        return hanging(row, self.text_width, self.MARKS_WIDTH) if self.text_width else row

    def show_items(self, items: Sequence[Item], marks: Callable[[Item], tuple[bool, bool]]) -> None:
        self.items, self.marks = list(items), marks
        self._built_width = self.text_width
        options: list[Option] = []
        section: str | None = None
        for item in items:
            if item.section and item.section != section:
                heading = Content(item.section).stylize(self.style("section"))
                options.append(Option(Content("\n") + heading if options else heading, disabled=True))
            section = item.section
            options.append(Option(self.prompt(item, *marks(item)), id=item.id))
        self.set_options(options)
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        if first is not None:
            self.highlighted = first

    def update_item(self, item: Item, unread: bool, bookmarked: bool) -> None:
        self.replace_prompt(item.id, self.prompt(item, unread, bookmarked))

    def on_resize(self) -> None:
        if self.items and self.text_width != self._built_width:
            self._built_width = self.text_width
            for item in self.items:
                self.update_item(item, *self.marks(item))
