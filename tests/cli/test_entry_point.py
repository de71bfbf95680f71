"""The `digests` script's module stays light: multiprocessing imports it again in every worker
process it spawns (parsing, index writers), so it must not pull in the CLI."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_digests_script_imports_no_cli_until_it_runs() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["digests"].partition(":")
    code = (
        f"import sys, {module}; "
        f"assert callable({module}.{function}); "
        "print(sorted(m for m in sys.modules if m.startswith(('reader.cli', 'rich', 'whoosh', 'textual'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
