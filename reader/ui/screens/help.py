"""The help screen: every command of the registry, the current screen's first."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.commands import COMMANDS, SCOPE_TITLES, bindings_for, keys_for
from reader.ui.widgets.lists import hanging

KEYS_WIDTH, LABEL_WIDTH = 15, 15


def help_document(first_scope: str, heading_style, key_style, width: int = 0) -> Content:
    """All commands grouped by scope as one Content: keys, label, explanation (wrapped to `width`)."""
    scopes = [first_scope, "app"] + [s for s in SCOPE_TITLES if s not in (first_scope, "app")]
    blocks: list[Content] = []
    for scope in scopes:
        commands = [c for c in COMMANDS if c.scope == scope]
        if not commands:
            continue
        lines = [Content(SCOPE_TITLES[scope]).stylize(heading_style)]
        for command in commands:
            keys = command.display_keys if command.keys else "palette"
            row = Content(f"  {keys:<{KEYS_WIDTH - 2}}").stylize(key_style) + Content(
                f"{command.label:<{LABEL_WIDTH - 1}} {command.help}"
            )
            lines.append(hanging(row, width, KEYS_WIDTH + LABEL_WIDTH) if width else row)
        blocks.append(Content("\n").join(lines))
    blocks.append(
        Content(
            f"{keys_for('command_palette', 'app')} opens the palette: "
            "type to jump to any issue, item, bookmark or command.\n"
            "Mouse: click to select, wheel to scroll, click a link to open it."
        )
    )
    return Content("\n\n").join(blocks)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")
    SCOPE = "help"
    COMPONENT_CLASSES = {"help--heading", "help--key"}

    def __init__(self, over_scope: str = "main") -> None:
        super().__init__(id="help")
        self.over_scope = over_scope

    def compose(self):
        with VerticalScroll(id="help-box"):
            yield Static(id="help-text", markup=False)

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = "Keys and commands"
        box.border_subtitle = f"{keys_for('close', 'help')} closes"
        box.focus()

    def on_resize(self) -> None:
        width = self.query_one("#help-box").scrollable_content_region.width
        document = help_document(
            self.over_scope,
            self.get_visual_style("help--heading", partial=True),
            self.get_visual_style("help--key", partial=True),
            width,
        )
        self.query_one("#help-text", Static).update(document)

    @property
    def text(self) -> str:
        return help_document(self.over_scope, "", "").plain

    def action_close(self) -> None:
        self.dismiss(None)
