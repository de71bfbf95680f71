"""`digests add`, `digests remove`, `digests sources`: the folders and files the library reads.

The bundled seeds are one source: `digests remove --seeds` switches them off, `digests add --seeds`
back on. `digests add PATH --label NAME` names a source (and relabels one already there; an empty
NAME removes its label). Sources are kept in config.toml (see reader.core.config).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import JustifyMethod
from rich.table import Table
from rich.text import Text

from reader.cli.context import CommandError, Context, safe
from reader.core.config import Config, check_label, load_config, normalized, save_config
from reader.core.library import configured_paths, summarize_sources
from reader.core.locations import seeds_dir
from reader.core.problems import display_path
from reader.core.storage import StorageError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("add", parents=[common], help="add digest files or folders to the library")
    p.add_argument("paths", nargs="*", metavar="PATH", help="a digest file or a folder (read recursively)")
    p.add_argument("--seeds", action="store_true", help="switch the bundled seed digests back on")
    p.add_argument(
        "--label",
        metavar="NAME",
        help="the source's name in the app and in source: filters (a source already there is "
        'relabelled; "" removes its label)',
    )
    p.set_defaults(handler=cmd_add)
    p = sub.add_parser(
        "remove", parents=[common], help="remove a source from the library (files stay on disk)"
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="a source as listed by 'digests sources'")
    p.add_argument("--seeds", action="store_true", help="switch the bundled seed digests off")
    p.set_defaults(handler=cmd_remove)
    p = sub.add_parser(
        "sources", parents=[common], help="list the library's sources with their counts and problems"
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_sources)


def _changeable_config(verb: str) -> Config:
    """The config to change; CommandError naming why when the file on disk must not be written over."""
    config = load_config()
    if config.blocked:
        raise CommandError(f"{config.blocked}; fix or remove it, then try again; nothing was {verb}")
    return config


def _save(config: Config) -> None:
    try:
        save_config(config)
    except StorageError as exc:
        raise CommandError(str(exc)) from exc


def _say(ctx: Context, *parts: str | Text) -> None:
    ctx.out.print(Text.assemble(*(safe(p) if isinstance(p, str) else p for p in parts)))


def _label(args: argparse.Namespace) -> str | None:
    """The label `--label` gives (None: none, or "" to remove one); CommandError when it cannot be one."""
    if args.label is None or not args.label.strip():
        return args.label
    if len(args.paths) != 1:
        raise CommandError("--label names one source: give exactly one PATH with it", 2)
    try:
        return check_label(args.label)
    except ValueError as exc:
        raise CommandError(f"--label {args.label!r}: {exc}; nothing was added", 2) from exc


def _relabel(ctx: Context, config: Config, source: str, label: str) -> None:
    """Give the configured `source` the label `label` ("" removes it), saying what changed."""
    old = config.labels.get(source)
    new = label or None
    if old == new:
        _say(ctx, f"already labelled {new!r}: " if new else "already without a label: ", display_path(source))
        return
    config.set_label(source, new)
    _say(ctx, "relabelled ", display_path(source), f": {new!r}" if new else ": label removed")


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    if not args.paths and not args.seeds:
        raise CommandError("give a file or folder to add (or --seeds for the bundled digests)", 2)
    label = _label(args)
    config = _changeable_config("added")
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    if missing:
        hint = " (for the bundled digests use 'digests add --seeds')" if "seeds" in missing else ""
        names = ", ".join(display_path(normalized(p)) for p in missing)
        raise CommandError(f"no such file or folder: {names}{hint}; nothing was added")
    if args.seeds:
        _say(ctx, "the bundled seeds are already on" if config.bundled_seeds else "bundled seeds switched on")
        config.bundled_seeds = True
    added: list[Path] = []
    for path in args.paths:
        if (existing := config.covering_source(path)) is not None:
            same = normalized(existing, config.path.parent) == normalized(path)
            if label is not None and same:
                _relabel(ctx, config, existing, label)
                continue
            if label is not None:
                raise CommandError(
                    f"{display_path(normalized(path))} is inside the source {display_path(existing)}: "
                    "a label names a whole source; nothing was changed"
                )
            _say(
                ctx,
                "already a source: " if same else "already in the library, inside ",
                display_path(existing),
            )
        else:
            added.append(Path(config.add_source(path, label or None)))
    _save(config)
    if added:
        library = ctx.load_library(added)  # parse now, so the next start reads the cache
        labels = config.labels_by_path()
        for summary in summarize_sources(library, added):
            named = f" as {labels[str(summary.path)]!r}" if str(summary.path) in labels else ""
            counts = f" ({summary.files} files, {summary.items} items)"
            _say(ctx, "added ", display_path(summary.path), named, counts)
        if library.problems:
            _say(
                ctx,
                Text(
                    f"{len(library.problems)} of its files have problems; see 'digests doctor'",
                    style="yellow",
                ),
            )
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    if not args.paths and not args.seeds:
        raise CommandError(
            "give a source to remove (see 'digests sources'), or --seeds for the bundled digests", 2
        )
    config = _changeable_config("removed")
    unknown = [p for p in args.paths if config.find_source(p) is None]
    if unknown:
        hint = (
            " (for the bundled digests use 'digests remove --seeds')"
            if "seeds" in unknown
            else " (see 'digests sources')"
        )
        raise CommandError(
            f"not a source: {', '.join(display_path(p) for p in unknown)}{hint}; nothing was removed"
        )
    if args.seeds:
        _say(
            ctx, "bundled seeds switched off" if config.bundled_seeds else "the bundled seeds are already off"
        )
        config.bundled_seeds = False
    for path in args.paths:
        _say(ctx, "removed ", display_path(config.remove_source(path) or path), " (its files stay on disk)")
    _save(config)
    return 0


def cmd_sources(args: argparse.Namespace, ctx: Context) -> int:
    config = load_config()
    override = ctx.library_paths is not None
    paths, problems = configured_paths(config)
    if override:
        paths = [Path(normalized(p)) for p in ctx.library_paths or []]
    library = ctx.load_library(paths)
    summaries = summarize_sources(library, paths)
    seeds = Path(normalized(seeds_dir()))
    labels = config.labels_by_path()
    if args.json:
        ctx.print_json(
            {
                "config": str(config.path),
                "override": override,
                "bundled_seeds": config.bundled_seeds,
                "sources": [
                    {**s.to_json(), "seeds": s.path == seeds, "label": labels.get(str(s.path))}
                    for s in summaries
                ],
                "problems": [p.to_json() for p in problems],
            }
        )
        return 0
    table = Table(box=None, padding=(0, 1), header_style="bold")
    labelled = any(str(s.path) in labels for s in summaries)
    columns: list[tuple[str, JustifyMethod]] = [("label", "left")] if labelled else []
    columns += [("source", "left"), ("files", "right"), ("issues", "right"), ("items", "right")]
    for name, justify in [*columns, ("problems", "right")]:
        table.add_column(name, justify=justify)
    for s in summaries:
        label = (
            Text("bundled seeds ", style="cyan") + Text(display_path(s.path), style="dim")
            if s.path == seeds
            else safe(display_path(s.path))
        )
        flagged = Text(str(len(s.problems)), style="yellow" if s.problems else "")
        named = (safe(labels.get(str(s.path), "")),) if labelled else ()
        table.add_row(*named, label, str(s.files), str(s.issues), str(s.items), flagged)
    if summaries:
        ctx.out.print(table)
    else:
        ctx.out.print("No sources. Add digest files or folders with 'digests add PATH'.")
    if override:
        ctx.out.print(Text("--library: these paths replace the configured sources for this run", style="dim"))
    elif not config.bundled_seeds:
        ctx.out.print(Text("bundled seeds: off ('digests add --seeds' switches them on)", style="dim"))
    for problem in problems:
        ctx.warn(str(problem))
    if any(s.problems for s in summaries):
        ctx.out.print(Text("'digests doctor' lists every problem with its reason", style="dim"))
    return 0
