"""The problems view: every digest file the library could not read fully, with the reason."""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label
from textual.widgets.option_list import Option

from reader.ui.commands import bindings_for
from reader.ui.widgets.lists import StyledList


def split_warning(warning: object) -> tuple[str, str]:
    """(file, reason) from a library warning ('path: reason' or an object with path/reason)."""
    path = getattr(warning, "file", None)
    if path is not None:
        return _display(path), str(getattr(warning, "reason", ""))
    text = str(warning)
    file, sep, reason = text.partition(": ")
    return (file, reason) if sep else ("", text)


def _display(path: object) -> str:
    from reader.ui.services import optional

    display_path = optional("reader.core.problems", "display_path")
    return display_path(path) if display_path and path else str(path)


class ProblemList(StyledList):
    ROLE_PREFIX = "problem-list"
    COMPONENT_CLASSES = {"problem-list--file", "problem-list--reason"}


class ProblemsScreen(Screen[None]):
    BINDINGS = bindings_for("problems")
    SUB_TITLE = "Problems"
    SCOPE = "problems"

    def __init__(self, warnings: list) -> None:
        super().__init__(id="problems")
        self.warnings = list(warnings)

    def compose(self):
        yield Header(icon="≡")
        count = len(self.warnings)
        yield Label(
            Content(
                f"{count} problem{'s' if count != 1 else ''} while reading the library"
                if count
                else "No problems: every digest file was read."
            ),
            id="problems-title",
            markup=False,
        )
        yield ProblemList(id="problems-list")
        yield Footer()

    def on_mount(self) -> None:
        problems = self.query_one(ProblemList)
        options = []
        for warning in self.warnings:
            file, reason = split_warning(warning)
            lines = [
                Content(file or "library").stylize(problems.style("file")),
                Content("  " + reason).stylize(problems.style("reason")),
            ]
            options.append(Option(Content("\n").join(lines)))
        problems.set_options(options)
        problems.focus()

    def action_close(self) -> None:
        self.dismiss(None)
