"""The table of every command: what `reader.ui.commands` builds bindings, help, footer and palette from.

A command's `id` is its binding id: what a user names in config.toml's `[keys]` to remap it. It is
the action's name (without `app.`), prefixed with the scope outside the browsing screen and the app
("search.close", "list.page_down"). `rank` orders the footer: when the terminal is too narrow for
every key, the highest ranks are left out first (Help and Quit are never left out).
"""

from __future__ import annotations

from dataclasses import dataclass

# Scopes: "app" works everywhere; "list" in every list and text view; "detail" in the detail pane
# (over "list"); the others on their screen only.
SCOPE_TITLES = {
    "app": "On every screen",
    "list": "In every list and text view (the help too)",
    "main": "Browsing",
    "detail": "In the text of an item",
    "search": "Search",
    "bookmarks": "Bookmarks view",
    "picker": "Pickers (links, sources, tags)",
    "edit": "Editing a bookmark, naming a search",
    "confirm": "Questions",
    "help": "This help",
    "problems": "Problems view",
}

# The scopes whose keys are live at the same time: a user's key may not take a key another
# command of the same group already has.
SCOPE_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"app", "main", "list", "detail"},
        {"app", "search", "list"},
        {"app", "bookmarks", "list"},
        {"app", "picker", "list"},
        {"app", "edit"},
        {"app", "confirm"},
        {"app", "help", "list"},
        {"app", "problems", "list"},
    )
)
UNPREFIXED_SCOPES = {"app", "main"}


@dataclass(frozen=True, slots=True)
class Command:
    action: str  # Textual action, relative to the scope's screen or widget (or the app for "app")
    keys: str  # Textual key list, e.g. "j,down"; "" for palette-only commands
    label: str  # short text for the footer and the palette
    help: str  # one line for the help screen and the palette
    scope: str = "main"
    footer: bool = True
    palette: bool = True
    bind: bool = True  # False when a widget already handles the key (OptionList's Enter)
    key_display: str | None = None
    priority: bool = False  # acted on before the focused widget sees the key
    rank: int = 50  # footer: lower ranks stay longest
    name: str | None = None  # the id, when the action's name would repeat one

    @property
    def id(self) -> str:
        """The binding id users remap in config.toml's [keys]."""
        base = self.name or self.action.removeprefix("app.")
        return base if self.scope in UNPREFIXED_SCOPES else f"{self.scope}.{base}"


def _list(action: str, keys: str, label: str, help: str) -> Command:
    return Command(action, keys, label, help, scope="list", footer=False, palette=False)


COMMANDS: tuple[Command, ...] = (
    # Everywhere
    Command("quit", "q", "Quit", "Quit Digest Reader", scope="app", rank=0),
    Command(
        "quit",
        "ctrl+c",
        "Quit",
        "Quit, also while typing in a box",
        scope="app",
        footer=False,
        palette=False,
        priority=True,
        name="quit_now",
    ),
    Command("help", "question_mark", "Help", "Show every key and command", scope="app", rank=0),
    Command(
        "command_palette",
        "ctrl+p",
        "Palette",
        "Jump to any issue, item, bookmark or command",
        scope="app",
        priority=True,
        palette=False,
        footer=False,
    ),
    # Every list and text view
    _list("cursor_down", "j,down", "Down", "Move down (in a text: scroll down)"),
    _list("cursor_up", "k,up", "Up", "Move up (in a text: scroll up)"),
    _list("first", "g,home", "First", "Go to the first row (in a text: the top)"),
    _list("last", "G,end", "Last", "Go to the last row (in a text: the end)"),
    _list("page_down", "pagedown,space", "Page down", "Move down one page"),
    _list("page_up", "pageup", "Page up", "Move up one page"),
    # The detail pane
    Command(
        "read_on",
        "space",
        "Read on",
        "Page down; at the end of the text open the next unread item, in the next issue if need be",
        scope="detail",
        rank=3,
    ),
    # Browsing
    Command("app.focus_next", "tab", "Next pane", "Switch to the next pane", footer=False, palette=False),
    Command(
        "app.focus_previous",
        "shift+tab",
        "Previous pane",
        "Switch to the previous pane",
        footer=False,
        palette=False,
    ),
    Command("open", "enter", "Open", "Open the selected issue or item", footer=False, bind=False),
    Command("back", "escape", "Back", "Go back to the list", rank=20),
    Command("search", "slash", "Search", "Search every digest as you type", key_display="/", rank=1),
    Command("next_item", "J", "Next item", "Open the next item, also from the text", footer=False),
    Command("previous_item", "K", "Prev item", "Open the previous item, also from the text", footer=False),
    Command(
        "next_unread",
        "",
        "Next unread",
        "Open the next unread item, in the next issue if need be",
        footer=False,
        bind=False,
    ),
    Command("next_match", "n", "Next hit", "Jump to the next search hit in the text", footer=False),
    Command("previous_match", "N", "Prev hit", "Jump to the previous search hit in the text", footer=False),
    Command("toggle_bookmark", "b", "Bookmark", "Bookmark the item, or remove its bookmark", rank=4),
    Command("bookmarks", "B", "Bookmarks", "Show your bookmarks", rank=8),
    Command("copy_link", "y", "Copy link", "Copy the item's link (pick one when there are several)", rank=6),
    Command("copy_all_links", "Y", "Copy all", "Copy all the item's links, one per line", footer=False),
    Command("open_link", "o", "Open link", "Open one of the item's links in the browser", rank=5),
    Command(
        "open_web",
        "O",
        "Web version",
        "Open the issue's web version in the browser, when the digest names one",
        footer=False,
    ),
    Command("toggle_read", "u", "Read/unread", "Mark the item read or unread", footer=False),
    Command("mark_issue_read", "m", "Mark issue", "Mark every item of the issue read", footer=False),
    Command(
        "mark_view_read",
        "M",
        "Mark all",
        "Mark every item of the issues listed read (asks first)",
        footer=False,
    ),
    Command("undo_mark", "U", "Undo mark", "Undo the last m or M", footer=False),
    Command("toggle_hide_read", "h", "Hide read", "Hide or show read items and issues", rank=9),
    Command("pick_source", "f", "Sources", "Show the issues of one source, or of all", rank=7),
    Command("cycle_sort", "s", "Sort", "Sort the issues by date, title or source", rank=10),
    Command("refresh", "r", "Refresh", "Reload the library from disk", footer=False),
    Command(
        "related", "R", "Related", "List items of other issues like this one (more like this)", footer=False
    ),
    Command(
        "links_elsewhere",
        "L",
        "Elsewhere",
        "List the other issues that link where this item links, newest first",
        footer=False,
    ),
    Command(
        "open_saved_search",
        "",
        "Saved search",
        "Open one of your saved searches",
        footer=False,
        bind=False,
    ),
    Command(
        "delete_saved_search",
        "",
        "Delete saved search",
        "Forget one of your saved searches",
        footer=False,
        bind=False,
    ),
    Command(
        "problems",
        "",
        "Problems",
        "List the digest files that could not be read fully",
        footer=False,
        bind=False,
    ),
    Command(
        "rebuild_index",
        "",
        "Rebuild index",
        "Rebuild the search index from scratch",
        footer=False,
        bind=False,
    ),
    # Search
    Command("open_result", "enter", "Open", "Open the selected result", scope="search", bind=False),
    Command(
        "accept_suggestion",
        "tab",
        "Did you mean",
        "Search for the suggested spelling instead",
        scope="search",
        priority=True,
        rank=1,
    ),
    Command(
        "app.focus_next",
        "tab",
        "Switch",
        "Move between the search box and the results (when there is no suggestion)",
        scope="search",
        footer=False,
        palette=False,
    ),
    Command(
        "cycle_sort",
        "ctrl+o",
        "Order",
        "Order the results best match first, newest first or oldest first",
        scope="search",
        rank=3,
    ),
    Command(
        "save_search",
        "ctrl+s",
        "Save",
        "Save this search under a name (listed above the issues, with its unread count)",
        scope="search",
        rank=4,
    ),
    Command(
        "result_down",
        "down",
        "Down",
        "Next result (the next ones load as you go); in the box while recalling queries, a newer one",
        scope="search",
        footer=False,
        palette=False,
    ),
    Command(
        "result_up",
        "up",
        "Up",
        "Previous result; in the box at the first result, an older query from your history",
        scope="search",
        footer=False,
        palette=False,
    ),
    Command("close", "escape", "Back", "Close the search and go back", scope="search", rank=2),
    # Bookmarks view
    Command("jump", "enter", "Go to", "Show the bookmarked item", scope="bookmarks", bind=False),
    Command("remove", "d", "Remove", "Remove the bookmark (u undoes it)", scope="bookmarks"),
    Command("undo", "u", "Undo", "Bring back the last removed bookmark", scope="bookmarks"),
    Command("edit", "e", "Edit", "Edit the bookmark's tags and note", scope="bookmarks"),
    Command("sort", "s", "Sort", "Sort by date or by title", scope="bookmarks"),
    Command("filter_tag", "t", "Tag filter", "Show only the bookmarks with one tag", scope="bookmarks"),
    Command("close", "escape", "Back", "Close the bookmarks view", scope="bookmarks", rank=2),
    # Pickers
    Command(
        "pick_digit",
        "1,2,3,4,5,6,7,8,9,0",
        "Number",
        "Choose the row with that number",
        scope="picker",
        bind=False,
        key_display="1–9",
    ),
    Command("choose", "enter", "Choose", "Choose the selected row", scope="picker", bind=False),
    Command("close", "escape", "Cancel", "Close without choosing", scope="picker"),
    # Editing a bookmark: Tab is taken before the box under the cursor sees the keys typed after it
    Command("save", "enter", "Save", "Save the tags and note", scope="edit", bind=False),
    Command(
        "app.focus_next",
        "tab",
        "Next box",
        "Go to the next box",
        scope="edit",
        footer=False,
        palette=False,
        priority=True,
    ),
    Command(
        "app.focus_previous",
        "shift+tab",
        "Previous box",
        "Go to the previous box",
        scope="edit",
        footer=False,
        palette=False,
        priority=True,
    ),
    Command("close", "escape", "Cancel", "Close without saving", scope="edit"),
    # Questions
    Command("confirm", "y,enter", "Yes", "Do it", scope="confirm"),
    Command("close", "n,escape", "No", "Do not do it", scope="confirm"),
    # Help and problems
    Command("close", "escape,question_mark", "Close", "Close the help", scope="help"),
    Command("close", "escape", "Back", "Close the problems view", scope="problems"),
)
