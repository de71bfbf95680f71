"""Command palette providers: the registry's commands, and jumping to any issue, item or bookmark.

Digest titles are untrusted, so hits are built as Content (Textual parses `help` strings as markup:
only our own fixed strings go there). Matching is linear per title, so 20k items stay responsive.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.ui.commands import Command, display_keys, keys_of, palette_commands
from reader.ui.listing import Sources
from reader.ui.messages import ShowInMain
from reader.ui.screens.base import StateScreen
from reader.ui.state import plural
from reader.ui.text import shown, steady

MAX_HITS = 60


def fuzzy_score(query: str, title: str) -> tuple[float, list[int]] | None:
    """Score in (0, 1] with the matched character offsets, or None: substring first, then subsequence."""
    needle = query.lower().strip()
    haystack = title.lower()
    if not needle:
        return None
    at = haystack.find(needle)
    if at >= 0:
        word_start = at == 0 or not haystack[at - 1].isalnum()
        score = 0.7 + 0.2 * word_start + 0.1 * len(needle) / max(len(haystack), 1)
        return score, list(range(at, at + len(needle)))
    words = needle.split()
    if len(words) > 1:  # every word somewhere, in any order: 'grad desc' finds 'Gradient descent'
        spots = [haystack.find(word) for word in words]
        if all(spot >= 0 for spot in spots):
            offsets = sorted({spot + i for spot, word in zip(spots, words) for i in range(len(word))})
            return 0.6 + 0.1 * len(offsets) / max(len(haystack), 1), offsets
    offsets = []
    position = 0
    for char in needle.replace(" ", ""):
        position = haystack.find(char, position)
        if position < 0:
            return None
        offsets.append(position)
        position += 1
    spread = offsets[-1] - offsets[0] + 1
    if spread > max(3 * len(offsets), 8):
        return None  # letters scattered over a long title: not what was meant
    return 0.5 * len(offsets) / spread, offsets


def highlighted(text: str, offsets: list[int], style) -> Content:
    content = Content(text)
    for offset in offsets:
        content = content.stylize(style, offset, offset + 1)
    return content


class CommandsProvider(Provider):
    """Every palette-worthy command of the current screen and the app, from the registry."""

    def _commands(self) -> list[Command]:
        return palette_commands(["app", getattr(self.screen, "SCOPE", "main")])

    def _run(self, command: Command) -> None:
        if command.scope == "app":
            self.app.call_later(self.app.run_action, command.action)
        else:
            self.app.call_later(self.screen.run_action, command.action)

    def _display(self, command: Command, offsets: list[int] | None = None) -> Content:
        label = highlighted(command.label, offsets or [], self.match_style or "reverse")
        keys = f"  ({display_keys(command)})" if keys_of(command) else ""
        return label + Content(keys)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                self._display(command), partial(self._run, command), text=command.label, help=command.help
            )

    async def search(self, query: str) -> Hits:
        for command in self._commands():
            found = fuzzy_score(query, command.label) or fuzzy_score(query, command.help)
            if found is None:
                continue
            score, offsets = found
            if fuzzy_score(query, command.label) is None:
                offsets, score = [], score * 0.8
            yield Hit(
                score,
                self._display(command, offsets),
                partial(self._run, command),
                text=command.label,
                help=command.help,
            )


class JumpProvider(Provider):
    """Jump to an issue, an item or a bookmark by (fuzzy) title, or list the issues of a source."""

    def _candidates(self) -> Iterator[tuple[str, str, str, str]]:
        """(kind, title, context, target item or issue id, or source), from the state of the screen below."""
        screen = self.screen
        library = screen.state.library if isinstance(screen, StateScreen) else None
        if not isinstance(screen, StateScreen) or library is None:
            return
        sources = Sources(library)
        if sources.mixed:
            counts = Counter(sources.labels.values())
            for name in sources.names:
                yield "source", name, plural(counts[name], "issue"), name
        if screen.state.bookmarks is not None:
            for bookmark in screen.state.bookmarks.all():
                yield "bookmark", bookmark.title, bookmark.issue_title, bookmark.item_id
        for issue in library.issues:
            yield "issue", issue.title, issue.date or "", issue.id
            for item in issue.items:
                yield "item", item.title, issue.title, item.id

    def _jump(self, kind: str, target: str) -> None:
        if kind == "issue":
            self.screen.post_message(ShowInMain(issue_id=target))
        elif kind == "source":
            self.screen.post_message(ShowInMain(source=target))
        else:
            self.screen.post_message(ShowInMain(item_id=target))

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        style = self.match_style or "reverse"
        found: list[tuple[float, int, str, str, str, str, list[int]]] = []
        for number, (kind, title, context, target) in enumerate(self._candidates()):
            if number % 2000 == 1999:
                await asyncio.sleep(0)  # keep the palette responsive on big libraries
            match = fuzzy_score(query, title)
            if match is not None:
                boost = {"source": 0.06, "bookmark": 0.05, "issue": 0.03}.get(kind, 0.0)
                found.append((min(match[0] + boost, 1.0), number, kind, title, context, target, match[1]))
        found.sort(key=lambda hit: (-hit[0], hit[1]))
        for score, _, kind, title, context, target, offsets in found[:MAX_HITS]:
            display = highlighted(steady(title), offsets, style) if steady(title) == title else shown(title)
            if context:
                display = Content("\n").join([display, Content(f"{kind} · ") + shown(context)])
            yield Hit(score, display, partial(self._jump, kind, target), text=title, help=None)
