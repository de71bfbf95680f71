"""A Footer that always fits: when the terminal is too narrow for every key, the keys of the
highest `rank` (command_table.py) are left out first, so `? Help` and `q Quit` stay at any width."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reader.ui.commands import command_by_id

PALETTE_ACTIONS = {"command_palette", "app.command_palette"}
KEY_PADDING = 3  # " key " and the space after the description (Footer's default, non-compact style)
PALETTE_EXTRA = 2  # its left border and right padding
PALETTE_RANK = 12  # kept before the less used keys: the palette reaches every command


def rank_of(binding: Binding) -> int:
    command = command_by_id(binding.id) if binding.id else None
    return command.rank if command is not None else 50


def fitting(widths: list[int], ranks: list[int], room: int) -> set[int]:
    """The indexes of the entries to show: by rank (then order) while their widths fit in `room`."""
    kept: set[int] = set()
    used = 0
    for index in sorted(range(len(widths)), key=lambda index: (ranks[index], index)):
        if used + widths[index] <= room:
            kept.add(index)
            used += widths[index]
    return kept


class KeyFooter(Footer):
    """Shows the active bindings that fit, in their order; hidden ones are still in the help (?)."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True)
        self._composed_width = -1
        self._recompose_due = False

    def bindings_changed(self, screen: Screen) -> None:
        """One recompose for the changes that come before it runs (focus moves at start bring
        several): it reads the bindings as they are then."""
        if self._recompose_due and screen is self.screen:
            self._bindings_ready = True
            return
        super().bindings_changed(screen)
        self._recompose_due = self.is_attached and screen is self.screen and screen.app.app_focus

    async def recompose(self) -> None:
        self._recompose_due = False
        await super().recompose()

    def compose(self):
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._composed_width = width
        shown: list[tuple[Binding, bool, str]] = []
        actions: set[str] = set()
        palette: tuple[Binding, bool, str] | None = None
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.action in PALETTE_ACTIONS:
                palette = palette or (binding, enabled, tooltip)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append((binding, enabled, tooltip))
        entries = shown + ([palette] if palette and self.show_command_palette else [])
        widths = [
            len(self.app.get_key_display(binding)) + len(binding.description) + KEY_PADDING
            for binding, _, _ in entries
        ]
        ranks = [rank_of(binding) for binding, _, _ in shown] + [PALETTE_RANK] * (len(entries) - len(shown))
        if palette and self.show_command_palette:
            widths[-1] += PALETTE_EXTRA
        kept = fitting(widths, ranks, width)
        for index, (binding, enabled, tooltip) in enumerate(entries):
            if index not in kept:
                continue
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip or binding.tooltip or binding.description,
                classes="-command-palette" if index >= len(shown) else "",
            ).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        if self._bindings_ready and self.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)
