"""stub"""

from __future__ import annotations

from reader.core.parsing.common import Draft
from reader.core.parsing.source import Source


def detect(source: Source) -> float:
    return 0.0


def parse(source: Source) -> Draft:
    return Draft(format="asciidoc")
