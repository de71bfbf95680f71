"""`python -m reader` runs the `digests` command."""

from reader.cli.main import main

raise SystemExit(main())
