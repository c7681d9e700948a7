"""The `phenomena` command line: build, query, parse the catalog, run the app.

Every error is one line on stderr and a non-zero exit, never a traceback
(set PHENOMENA_DEBUG=1 to see one).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Optional

import click
import typer
from tqdm import tqdm

from app.cli.output import echo, terminal_safe
from app.pipeline import BuildOptions, run_build, run_import, run_query
from app.pipeline import grow as run_grow
from app.pipeline.sources import load_manifest
from app.settings import Settings, load_settings
from app.web.launch import choose_port
from app.web.launch import run_app as serve
from graph.errors import AtlasError, ConfigError
from loaders.catalog import entries_to_json
from loaders.catalog_files import load_catalog
from queries import coerce_params, load_query

cli = typer.Typer(
    name="phenomena", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Phenomena Atlas: a citation and concept graph of deep-learning phenomena.",
)
catalog_cli = typer.Typer(no_args_is_help=True, help="Work with the Awesome Deep Phenomena catalog.")


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            echo(f"phenomena {version('phenomena-atlas')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            echo("phenomena (not installed: pip install -e .)")
        raise typer.Exit()


@cli.callback()
def _options(version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")):
    """Phenomena Atlas: a citation and concept graph of deep-learning phenomena."""
cli.add_typer(catalog_cli, name="catalog")

StoreOption = typer.Option(None, "--store", help="embedded or neo4j (default: PHENOMENA_STORE, else embedded).")
MaxWaitOption = typer.Option(60.0, "--max-wait", help="Wait at most this many seconds when Semantic Scholar "
                                                     "asks to wait (Retry-After); shown as a countdown.")
DeadlineOption = typer.Option(3600.0, "--deadline", help="Stop asking Semantic Scholar after this many seconds; "
                                                       "the build goes on with what it has (run again to continue).")


def _s2_options(max_wait: float, deadline: float) -> dict:
    """Client options from --max-wait and --deadline, checked (one line when wrong)."""
    if max_wait < 0 or deadline <= 0:
        raise ConfigError("--max-wait must be 0 or more and --deadline more than 0 seconds: fix the option")
    return {"max_wait": max_wait, "deadline": deadline}


def _settings(store: str | None) -> Settings:
    return load_settings().with_store(store)


@cli.command()
def build(
    catalog: Optional[str] = typer.Option(None, help="Catalog README path or URL (default: the live catalog)."),
    offline: bool = typer.Option(False, "--offline", help="Make no network call at all."),
    citations: bool = typer.Option(True, "--citations/--no-citations", help="Load citations from Semantic Scholar."),
    refresh: bool = typer.Option(False, "--refresh", help="Bypass the Semantic Scholar cache."),
    neighbourhood: int = typer.Option(0, help="Add up to N papers outside the catalog that cite or are cited by it."),
    hops: int = typer.Option(1, help="Neighbourhood depth: 2 also adds the references and citations of those "
                                     "papers (batch calls; needs --neighbourhood N or S2_NEIGHBOURHOOD_CAP)."),
    force: bool = typer.Option(False, "--force", help="Write even if the graph would lose over 20% of its papers."),
    max_wait: float = MaxWaitOption,
    deadline: float = DeadlineOption,
    specter: bool = typer.Option(False, "--specter", help="Also fetch SPECTER v2 vectors of the catalog papers "
                                                          "(related papers blend them with text similarity)."),
    store: Optional[str] = StoreOption,
):
    """Build the graph from the catalog, seed lists and Semantic Scholar.

    Idempotent: running it twice leaves the same graph.

    Example: phenomena build --offline

    Example: phenomena build --neighbourhood 1000 --hops 2
    """
    settings = _settings(store)
    manifest = load_manifest(settings.home)
    manifest.catalog = str(Path(catalog).resolve()) if catalog and Path(catalog).exists() else catalog
    options = BuildOptions(catalog=catalog, offline=offline, citations=citations, refresh=refresh,
                           neighbourhood_cap=neighbourhood, hops=hops, force=force, manifest=manifest,
                           s2_options=_s2_options(max_wait, deadline),
                           specter=specter)
    _print(run_build(settings, options, say=_say, progress=_writing_bar).lines())


def _say(message: str) -> None:
    """Messages of the sources as they come, on stderr (the summary goes to stdout)."""
    echo(message, err=True)


def _writing_bar(total: int) -> tqdm:
    return tqdm(total=total, desc="writing graph", unit="row", disable=None, file=sys.stderr)


def _print(lines: list[str]) -> None:
    for line in lines:
        echo(line)


@cli.command("import")
def import_file(
    path: Path = typer.Argument(..., help="A Zotero/Mendeley export (BibTeX, RIS, CSL-JSON), a list of ids "
                                          "(arXiv, DOI, S2), or an awesome-list README."),
    offline: bool = typer.Option(False, "--offline", help="Make no network call at all."),
    force: bool = typer.Option(False, "--force", help="Write even if the graph would lose over 20% of its papers."),
    max_wait: float = MaxWaitOption,
    deadline: float = DeadlineOption,
    store: Optional[str] = StoreOption,
):
    """Merge your library or reading list into the graph; kept and replayed by every build.

    Papers from a reference manager's export (or an id list) become "my library": marked `in_library`,
    drawn in the graph view, and `phenomena export OUT --format library-gaps` lists what it is missing.
    Duplicates merge by identifier and normalised title. Malformed lines are reported with their number.

    Example: phenomena import my-library.bib

    Example: phenomena import zotero-export.ris
    """
    outcome = run_import(_settings(store), path, offline=offline, force=force, say=_say, tell=echo,
                         progress=_writing_bar, s2_options=_s2_options(max_wait, deadline))
    _print(outcome.lines())


@catalog_cli.command("parse")
def catalog_parse(
    source: str = typer.Argument(..., help="Path or URL of the catalog README."),
    json_out: Path = typer.Option(..., "--json", help="Write the entries to this JSON file ('-' for stdout)."),
    offline: bool = typer.Option(False, "--offline", help="Make no network call (use the bundled snapshot for URLs)."),
):
    """Parse the catalog into a JSON list, one object per entry; report lines that need attention.

    Example: phenomena catalog parse README.md --json entries.json
    """
    loaded = load_catalog(source, offline=offline)
    if loaded.message:
        echo(loaded.message, err=True)
    text = json.dumps(entries_to_json(loaded.entries), ensure_ascii=False, indent=1)
    if str(json_out) == "-":
        echo(text)
    else:
        json_out.write_text(text + "\n", encoding="utf-8")
    for problem in loaded.problems:
        echo(f"line {problem.line}: {problem.message}", err=True)
    sections = len({e.section for e in loaded.entries})
    echo(f"{len(loaded.entries)} entries in {sections} sections, "
               f"{sum(1 for e in loaded.entries if e.arxiv_id)} with arXiv ids, "
               f"{len(loaded.problems)} lines need attention", err=True)


@catalog_cli.command("problems")
def catalog_problems(
    source: str = typer.Argument(..., help="Path or URL of the catalog README."),
    fmt: str = typer.Option("text", "--format", help="text (one 'line N: message' each) or json (a list)."),
    offline: bool = typer.Option(False, "--offline", help="Make no network call (use the bundled snapshot for URLs)."),
):
    """List the catalog lines that need attention, as text or JSON.

    Example: phenomena catalog problems README.md --format json
    """
    if fmt not in ("text", "json"):
        raise click.UsageError(f"unknown --format {fmt!r}: use text or json")
    loaded = load_catalog(source, offline=offline)
    if loaded.message:
        echo(loaded.message, err=True)
    if fmt == "json":
        echo(json.dumps([{"line": p.line, "message": p.message} for p in loaded.problems],
                              ensure_ascii=False, indent=1))
    else:
        for problem in loaded.problems:
            echo(f"line {problem.line}: {problem.message}")
    echo(f"{len(loaded.problems)} lines need attention", err=True)


@cli.command()
def grow(
    concept: Optional[str] = typer.Option(None, "--concept", help="Search Semantic Scholar for this concept."),
    paper: Optional[str] = typer.Option(None, "--paper", help="arXiv id or DOI: add its references, citations and related papers."),
    limit: int = typer.Option(100, help="At most this many search hits, or edges per direction."),
    offline: bool = typer.Option(False, "--offline", help="Make no network call (cached answers only)."),
    max_wait: float = MaxWaitOption,
    deadline: float = DeadlineOption,
    store: Optional[str] = StoreOption,
):
    """Grow the graph around a concept or a paper; kept and replayed by every build.

    Search hits join only when their title or abstract discusses the concept; the rest are reported.

    Example: phenomena grow --concept "simplicity bias" --limit 50

    Example: phenomena grow --paper 2410.02348
    """
    if bool(concept) == bool(paper):
        raise ConfigError("give exactly one of --concept TEXT or --paper ID")
    kind, value = ("concept", concept) if concept else ("paper", paper)
    outcome = run_grow(_settings(store), kind, value, limit, offline=offline, say=_say, progress=_writing_bar,
                       s2_options=_s2_options(max_wait, deadline))
    _print(outcome.build.lines() + outcome.lines())


def _parse_params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--param {pair!r} is not NAME=VALUE: write e.g. --param phenomenon=grokking")
        out[name.strip()] = value
    return out


def _format_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def format_table(columns: list[str], rows: list[list]) -> str:
    cells = [[terminal_safe(_format_value(v), one_line=True) for v in row] for row in rows]
    columns = [terminal_safe(c, one_line=True) for c in columns]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    fit = lambda s, w: (s if len(s) <= w else s[: w - 1] + "…").ljust(w)  # noqa: E731
    lines = [" | ".join(fit(c, w) for c, w in zip(columns, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(fit(v, w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


@cli.command()
def query(
    cypher: Optional[str] = typer.Argument(None, help="Cypher text (use $name parameters for values)."),
    name: Optional[str] = typer.Option(None, "--name", help="Run a saved query from queries/ by name."),
    param: list[str] = typer.Option([], "--param", help="NAME=VALUE for a $parameter; repeat as needed."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    write: bool = typer.Option(False, "--write", help="Allow the query to change the graph."),
    limit: int = typer.Option(1000, help="Show at most this many rows."),
    timeout: float = typer.Option(30.0, help="Give up after this many seconds."),
    store: Optional[str] = StoreOption,
):
    """Run Cypher against the graph; read-only unless --write.

    Example: phenomena query "MATCH (p:Paper) RETURN count(p)"

    Example: phenomena query --name papers-about --param phenomenon=grokking
    """
    if fmt not in ("table", "json", "csv"):
        raise click.UsageError(f"unknown --format {fmt!r}: use table, json or csv")
    params = _parse_params(param)
    if name and cypher:
        raise ConfigError("give either Cypher text or --name NAME, not both (the text would be ignored)")
    saved = None
    if name:
        saved = load_query(name)
        settings = _settings(store)
        text, params = saved.text_for(settings.store), coerce_params(saved, params)
    elif cypher:
        settings = _settings(store)
        text = cypher
    else:
        raise ConfigError("give a Cypher query or --name NAME (see `phenomena query --help`)")
    run = run_query(settings, text, params, saved=saved, write=write, limit=limit, timeout_s=timeout)
    result = run.result
    if fmt == "json":
        echo(json.dumps(result.records(), ensure_ascii=False, indent=1, default=str))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.columns)
        writer.writerows([[_format_value(v) for v in row] for row in result.rows])
        echo(buffer.getvalue().rstrip("\n"))
    else:
        echo(format_table(result.columns, result.rows))
    if result.truncated:
        echo(f"(stopped at {limit} rows: raise --limit to see more)", err=True)
    if run.why_empty:
        echo(run.why_empty, err=True)


@cli.command("app")
def run_app(
    port: int = typer.Option(8501, help="Port to serve the app on (0: any free port)."),
    headless: bool = typer.Option(False, "--headless", help="Do not open a browser window."),
):
    """Start the Streamlit explorer app on 127.0.0.1; Ctrl+C or SIGTERM stops it and frees the port.

    Example: phenomena app --port 8501

    Example: phenomena app --port 0
    """
    port = choose_port(port)
    echo(f"Phenomena Atlas on http://127.0.0.1:{port} (Ctrl+C to stop)")
    raise typer.Exit(serve(port, headless=headless))


from app.cli.analytics_commands import analyze_command, bridges_command, export_command  # noqa: E402
from app.cli.map_commands import paths_command, seedmap_command  # noqa: E402
from app.cli.neo4j_commands import neo4j_app  # noqa: E402
from app.cli.thesaurus_command import thesaurus_command  # noqa: E402

cli.add_typer(neo4j_app, name="neo4j")

cli.command("analyze")(analyze_command)
cli.command("export")(export_command)
cli.command("bridges")(bridges_command)
cli.command("seedmap")(seedmap_command)
cli.command("paths")(paths_command)
cli.command("thesaurus")(thesaurus_command)


# typer parses with its own copy of click (typer >= 0.20): its usage errors are not click's classes.
_TYPER_CLICK = getattr(typer.core, "_click", click)
_USAGE_ERRORS = (click.UsageError, _TYPER_CLICK.exceptions.UsageError)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; library errors become one line and exit 1, usage errors one line and exit 2."""
    command = typer.main.get_command(cli)
    try:
        code = command.main(args=argv, prog_name="phenomena", standalone_mode=False)
    except _USAGE_ERRORS as err:  # an unknown option or --format value, a missing argument, `export -` with csv
        if type(err).__name__ == "NoArgsIsHelpError":  # `phenomena` alone: the help, as click shows it
            err.show()
            sys.exit(2)
        where = f" (see `{err.ctx.command_path} --help`)" if getattr(err, "ctx", None) is not None else ""
        click.echo(f"Error: {' '.join(err.format_message().split())}{where}", err=True)
        sys.exit(2)
    except (click.ClickException, _TYPER_CLICK.exceptions.ClickException) as err:
        err.show()
        sys.exit(err.exit_code)
    except (click.Abort, typer.Abort):
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except AtlasError as err:
        echo(f"Error: {err}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        echo("Interrupted: nothing half-written; run the command again to resume.", err=True)
        sys.exit(130)
    except Exception as err:  # a bug: still one line, with a way to see more
        if os.environ.get("PHENOMENA_DEBUG"):
            raise
        echo(f"Error: unexpected {type(err).__name__}: {' '.join(str(err).split())} "
                   "(set PHENOMENA_DEBUG=1 for the traceback and report it)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
