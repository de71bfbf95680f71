"""The `digests` command line: rich output for people, `--json` for scripts. Uses only the core."""
