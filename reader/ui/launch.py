"""Entry point used by `digests` with no command."""

from __future__ import annotations

from pathlib import Path


def run_app(library_paths: list[Path] | None) -> int:
    """Run the app on `library_paths` (None: the configured library); the exit code."""
    from reader.ui.app import DigestApp

    app = DigestApp(library_paths)
    app.run()
    return app.return_code or 0
