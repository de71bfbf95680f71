"""The problems view: every digest file the library could not read fully, with the reason."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label

from reader.core.problems import SKIPPED, Problem, display_path
from reader.ui.commands import bindings_for
from reader.ui.state import plural
from reader.ui.widgets.footer import KeyFooter
from reader.ui.widgets.lists import StyledList


class ProblemList(StyledList):
    ROLE_PREFIX = "problem-list"
    COMPONENT_CLASSES = {"problem-list--file", "problem-list--reason"}

    def prompt(self, problem: Problem) -> Content:
        reason = f"skipped, {problem.reason}" if problem.kind == SKIPPED else problem.reason
        lines = [
            Content(display_path(problem.file) if problem.file else "library").stylize(self.style("file")),
            Content("  " + reason).stylize(self.style("reason")),
        ]
        return Content("\n").join(lines)


class ProblemsScreen(Screen[None]):
    BINDINGS = bindings_for("problems")
    SUB_TITLE = "Problems"
    SCOPE = "problems"

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(id="problems")
        self.problems = list(problems)

    def compose(self):
        yield Header(icon="≡")
        count = len(self.problems)
        yield Label(
            Content(
                f"{plural(count, 'problem')} while reading the library"
                if count
                else "No problems: every digest file was read."
            ),
            id="problems-title",
            markup=False,
        )
        yield ProblemList(id="problems-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        problems = self.query_one(ProblemList)
        problems.fill(self.problems)
        problems.focus()

    def action_close(self) -> None:
        self.dismiss(None)
