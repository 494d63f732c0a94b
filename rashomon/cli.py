"""The `rashomon` command: a thin Typer layer over rashomon.analysis and the present stage."""
from __future__ import annotations

import gc
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from rashomon.errors import InputError, RashomonError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="One event, many accounts: compare news reports.")
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one error, one line, however long
out = Console(highlight=False)

DbOption = Annotated[str, typer.Option("--db", help="SQLite path or database URL (postgresql://…).")]
MinConfidence = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Keep events at least this confident (default 0.3, rashomon/data/ontology/plover.yaml); the others "
         "go to the output's rejected_events with the reason.")]


@app.command("analyze")
def analyze_cmd(
    inputs: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs, or - for stdin.")] = None,
    db: DbOption = "rashomon.db",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the rashomon/1 JSON here.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write the HTML report into this folder.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet name for inputs that lack one.")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, help="Annotate in this many processes (one per core is best).")] = 1,
    engine: Annotated[str, typer.Option(
        "--engine", help="local (this machine, --workers processes) or ray (Ray Data; pip install 'rashomon[ray]')."
    )] = "local",
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="Address of an existing Ray cluster (ray://host:10001 or auto); "
                              "default: a local Ray with --workers CPUs.")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue the interrupted run recorded in --db, with its own inputs.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    min_confidence: MinConfidence = None,
) -> None:
    """Analyze reports: annotate, store, compare; optionally write JSON and the report."""
    from rashomon.analysis import NothingToResume, analyze

    if bool(inputs) == resume:
        err.print("rashomon: give the inputs to analyze, or --resume (which reads the interrupted run's own)")
        raise typer.Exit(2)

    def on_error(error: InputError) -> None:
        err.print(f"rashomon: rejected {error}", markup=False)

    try:
        _load_resources(quiet)
        with _progress(quiet) as progress:
            task = progress.add_task("analyzing", total=None)
            result = analyze(inputs or [], db=db, json_out=json_out, report_dir=report, outlet=outlet,
                             workers=workers, engine=engine, ray_address=ray_address, resume=resume,
                             on_error=on_error, min_confidence=min_confidence,
                             on_progress=lambda n: progress.advance(task, n))
    except NothingToResume as error:
        err.print(f"rashomon: {error}", markup=False)
        raise typer.Exit(0) from None
    except RashomonError as error:
        err.print(f"rashomon: {error}", markup=False)
        raise typer.Exit(1) from None
    if not quiet:
        _summary(result, db)
    raise typer.Exit(1 if result.errors else 0)


@app.command("export")
def export_cmd(
    db: DbOption = "rashomon.db",
    fmt: Annotated[str, typer.Option(
        "--format", help="json (rashomon/1) | csv, parquet (a folder: one file per table, incl. acled) | "
                         "acled (ACLED-style CSV) | plover (PLOVER JSON events) | geojson (places)")] = "json",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File to write (a folder for csv and parquet); default rashomon.json, rashomon-csv/, …")] = None,
    min_confidence: MinConfidence = None,
) -> None:
    """Export what the database holds."""
    from rashomon.analysis import load_output
    from rashomon.present.export import DEFAULT_PATHS, FORMATS, export

    if fmt not in FORMATS:
        err.print(f"rashomon: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        path = export(load_output(db, min_confidence), fmt, out_path or Path(DEFAULT_PATHS[fmt]))
    except RashomonError as error:
        err.print(f"rashomon: {error}", markup=False)
        raise typer.Exit(1) from None
    err.print(f"wrote {path}")


@app.command("report")
def report_cmd(
    db: DbOption = "rashomon.db",
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for index.html.")] = Path("report"),
) -> None:
    """Write the offline HTML report of what the database holds."""
    from rashomon.analysis import load_output
    from rashomon.present.report import write_report

    try:
        path = write_report(load_output(db), out_dir)
    except RashomonError as error:
        err.print(f"rashomon: {error}", markup=False)
        raise typer.Exit(1) from None
    err.print(f"wrote {path}")


@app.command("serve")
def serve_cmd(
    db: DbOption = "rashomon.db",
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the app to the network.")] = (
        "127.0.0.1"),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        help="Token that uploads must carry (better: the RASHOMON_TOKEN variable, which `ps` does not show). "
             "Without one the app is read-only.")] = None,
) -> None:
    """Serve the web app and JSON API over the database."""
    import os

    from rashomon.present.web import serve

    if not (token or os.environ.get("RASHOMON_TOKEN")):
        err.print("rashomon: read-only: no RASHOMON_TOKEN or --token, so uploads are refused", markup=False)
    try:
        serve(db, host=host, port=port, token=token or None)
    except FileNotFoundError:
        err.print(f"rashomon: {db}: no such database; run `rashomon analyze … --db {db}` first", markup=False)
        raise typer.Exit(1) from None
    except RashomonError as error:
        err.print(f"rashomon: {error}", markup=False)
        raise typer.Exit(1) from None


@app.command("stats")
def stats_cmd(db: DbOption = "rashomon.db") -> None:
    """Counts of what the database holds."""
    from rashomon.store import open_store

    try:
        with open_store(db) as store:
            counts = store.stats()
    except RashomonError as error:
        err.print(f"rashomon: {error}", markup=False)
        raise typer.Exit(1) from None
    table = Table("what", "count", title=db)
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)


def _load_resources(quiet: bool) -> None:
    """Load the model and the gazetteer up front, with a status line: the first run compiles the index."""
    from rashomon.annotate.gazetteer import default_gazetteer, index_exists
    from rashomon.annotate.language import warm_up
    from rashomon.annotate.nlp import load_nlp

    message = "loading the spaCy model and gazetteer"
    if not index_exists():
        message = "compiling the GeoNames gazetteer (first run only, ~10 s)"
    with nullcontext() if quiet else err.status(message):
        load_nlp()
        default_gazetteer()
        warm_up()  # the language detector's Latin-script models, shared with forked workers
    # Everything loaded so far lives as long as the run: out of the collector's sight, a full collection
    # no longer walks it, nor (in forked workers) writes to the pages they share with this process.
    gc.freeze()


def _progress(quiet: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, disable=quiet, transient=True)


def _summary(result, db: str, most: int = 10) -> None:
    """Counts, then the latest stories with their first conflicts: read from the store, never all of it."""
    from rashomon.store import open_store
    from rashomon.store.browse import get_story, list_stories, outlets

    with open_store(db) as store:
        counts = store.stats()
        listing = list_stories(store, size=most)
        stories = [get_story(store, row["id"]) for row in listing.items]
        names = outlets(store, {v["doc"] for s in stories for f in s["payload"]["facts"] for v in f["values"]})
    out.print(f"[bold]{result.analyzed}[/] analyzed, {result.skipped} already stored, "
              f"[red]{len(result.errors)}[/] rejected; the store holds {counts['documents']} documents, "
              f"{counts['events']} events, {counts['stories']} stories ({db})")
    for story in stories:
        conflicts = [f for f in story["payload"]["facts"] if f["verdict"] == "conflict"]
        out.print(f"• {story['title'] or story['id']}: {story['size']} documents, "
                  f"{story['conflicts']} conflicts, {story['single_source']} single-source claims")
        for fact in conflicts[:5]:
            values = "; ".join(f"{names.get(v['doc']) or v['doc']}: {v['value']}" for v in fact["values"])
            out.print(f"    conflict on {fact['aspect']} {fact['key']}: {values}", markup=False)
    if listing.total > most:
        out.print(f"… and {listing.total - most} more stories (rashomon serve, or --report, shows them all)")
    if result.report:
        out.print(f"report: {result.report.resolve().as_uri()}")


def main(argv: list[str] | None = None) -> None:
    """Entry point; argv for tests that need no subprocess."""
    app(args=argv if argv is not None else sys.argv[1:], prog_name="rashomon")


if __name__ == "__main__":
    main()
