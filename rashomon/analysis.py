"""The main job as a library call: read, annotate, store, compare, present.

The CLI and the web app are thin layers over `analyze`; tests call it directly.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.compare import Clusterer, day_order, prepare, profile, story_of
from rashomon.engines.local import BatchResult, annotate_batches, map_in_order
from rashomon.errors import InputError, RashomonError
from rashomon.ingest import read_inputs
from rashomon.model import Agreement, Comparison, Document, Story
from rashomon.present.output import build_output
from rashomon.store import Store, open_store

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

BATCH_SIZE = 32
# Workers get half batches: spaCy is ~1.5% slower per document at 16 than at 32, but the last batches
# of a run, which one worker finishes while the other idles, take half as long.
WORKER_BATCH_SIZE = 16


@dataclass
class Result:
    """What one run did: counts for the summary, rejected inputs for the exit status.

    `output` (the rashomon/1 dict of the whole store) and `comparison` are read from the store when first
    asked for: a run over a large corpus never holds them unless its caller wants them.
    """

    db: str = "rashomon.db"
    analyzed: int = 0
    skipped: int = 0  # already stored (same content hash)
    errors: list[InputError] = field(default_factory=list)
    report: Path | None = None
    min_confidence: float | None = None  # events below it go to the output's rejected_events

    @cached_property
    def output(self) -> dict:
        return load_output(self.db, self.min_confidence)

    @cached_property
    def comparison(self) -> Comparison:
        with open_store(self.db) as store:
            return store.load_comparison()

    def tables(self) -> dict[str, pa.Table]:
        """Every layer of the output as a typed pyarrow table (documents, events, …, acled): see present.export."""
        from rashomon.present.export import tables

        return tables(self.output)

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        """The same tables as pandas DataFrames; integer columns stay integers with nulls (pandas' Int64)."""
        try:
            import pandas as pd
        except ImportError as error:
            raise ImportError("Result.to_pandas() needs pandas: pip install 'pandas>=2'") from error
        import pyarrow as pa

        types = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
        return {name: table.to_pandas(types_mapper=types.get, date_as_object=False)
                for name, table in self.tables().items()}


def analyze(
    inputs: Iterable[str],
    *,
    db: str = "rashomon.db",
    json_out: Path | None = None,
    report_dir: Path | None = None,
    outlet: str | None = None,
    workers: int = 1,
    engine: str = "local",
    ray_address: str | None = None,
    resume: bool = False,
    on_error: Callable[[InputError], None] = lambda err: None,
    on_progress: Callable[[int], None] = lambda n: None,
    min_confidence: float | None = None,
) -> Result:
    """Analyze inputs into the store at `db`, then recompute the comparison over everything stored.

    `db` is a SQLite path or a database URL; like the CLI, it defaults to `rashomon.db` in the working folder.
    `workers` > 1 annotates in that many processes (same results, same order); `engine="ray"` annotates
    on Ray (a local instance with `workers` CPUs, or the cluster at `ray_address`). With `resume`, `inputs`
    and `outlet` are ignored: the latest unfinished run in `db` is continued with its own inputs, and
    what it stored before it was stopped is neither analyzed again nor counted as skipped.
    The result's `output` is the rashomon/1 dict; `result.tables()` / `result.to_pandas()` give it as tables.
    """
    result = Result(db=db, min_confidence=min_confidence)
    with open_store(db) as store:
        run, inputs, outlet, own = _start_or_resume(store, inputs, outlet, resume)
        try:
            for batch in _annotated(store, inputs, outlet, own, result, on_error, workers, engine, ray_address):
                for error in batch.rejected:
                    result.errors.append(error)
                    on_error(error)
                result.skipped += batch.skipped
                for failure in batch.failures:
                    error = InputError(failure.document.source or failure.document.id,
                                       f"document {failure.document.id!r} failed in stage {failure.stage} "
                                       f"({failure.error})")
                    result.errors.append(error)
                    on_error(error)
                for saved in store.save_many(batch.annotations, run=run):
                    if not saved:
                        result.skipped += 1
                    on_progress(1)
                store.update_run(run, analyzed=store.analyzed_by_run(run), skipped=result.skipped,
                                 rejected=len(result.errors))
            refresh(store, workers=workers if engine == "local" else 1)
        except BaseException:
            with suppress(Exception):  # the store may be what failed: the original error is the one to see
                store.update_run(run, analyzed=store.analyzed_by_run(run), skipped=result.skipped,
                                 rejected=len(result.errors), status="interrupted")
            raise
        result.analyzed = store.analyzed_by_run(run)
        store.update_run(run, analyzed=result.analyzed, skipped=result.skipped, rejected=len(result.errors),
                         status="done")
    # Imported here: the exporters and templates cost a one-file run most of a second it need not pay.
    if json_out is not None:
        from rashomon.present.export import export
        from rashomon.present.output import validate_output

        validate_output(result.output)
        export(result.output, "json", json_out)
    if report_dir is not None:
        from rashomon.present.report import write_report

        result.report = write_report(result.output, report_dir)
    return result


def _annotated(
    store: Store, inputs: list[str], outlet: str | None, own: set[str], result: Result,
    on_error: Callable[[InputError], None], workers: int, engine: str, ray_address: str | None,
) -> Iterator[BatchResult]:
    if engine == "ray":
        from rashomon.engines.ray import RaySettings, annotate_on_ray

        return annotate_on_ray(inputs, RaySettings(ray_address, workers), outlet=outlet,
                               stored=frozenset(store.hashes()), own=frozenset(own))
    if engine != "local":
        raise RashomonError(f"unknown engine {engine!r}: choose local or ray")
    documents = _new_documents(read_inputs(inputs, outlet=outlet), store, result, on_error, own)
    return annotate_batches(_batches(documents, BATCH_SIZE if workers <= 1 else WORKER_BATCH_SIZE), workers=workers)


def _start_or_resume(
    store: Store, inputs: Iterable[str], outlet: str | None, resume: bool
) -> tuple[int, list[str], str | None, set[str]]:
    """(run key, inputs, outlet, hashes this run already stored) for a new run or the interrupted one."""
    if not resume:
        absolute = [item if item == "-" else os.path.abspath(item) for item in inputs]
        return store.start_run(absolute, {"outlet": outlet}), absolute, outlet, set()
    run = store.unfinished_run()
    if run is None:
        raise NothingToResume(f"{store.db}: no interrupted run to resume (every recorded run finished)")
    if "-" in run.inputs:
        raise RashomonError(f"{store.db}: run {run.pk} read standard input, which cannot be read again; "
                            "run it again with its inputs")
    return run.pk, run.inputs, run.options.get("outlet"), store.hashes_of_run(run.pk)


class NothingToResume(RashomonError):
    """`--resume` found no interrupted run: not a failure, there is simply nothing left to do."""


def refresh(store: Store, chunk: int = 256, workers: int = 1) -> int:
    """Recompute stories and facts over all stored documents, window by window; return how many stories.

    Documents are read in publication order, `chunk` at a time, and each story is written as soon as the
    clustering window has passed it, so memory holds one window of profiles and a few stories' documents.
    With `workers` > 1 (and a store other processes can open) the stories are compared in that many
    processes, each reading its story's documents itself, while this one clusters and writes.
    """
    groups = _story_groups(store, chunk)
    if workers > 1 and store.shareable:
        prepare()  # before the workers fork, not once in each
        stories = map_in_order(_story_in_worker, ((store.db, ids) for ids in groups), workers)
    else:
        stories = (_story(store, ids) for ids in groups)
    written = 0
    with store.story_writer() as write:
        for story in stories:
            write(*story)
            written += 1
    return written


def _story_groups(store: Store, chunk: int) -> Iterator[list[str]]:
    """The document ids of each story, as soon as no later document can join it."""
    order = sorted(store.publication_dates(), key=lambda row: day_order(row[1]))
    clusterer = Clusterer()
    for start in range(0, len(order), chunk):
        pks = [pk for pk, _ in order[start:start + chunk]]
        loaded = dict(zip(sorted(pks), store.load(pks=pks), strict=True))  # load returns key order
        for pk in pks:
            yield from clusterer.add(profile(loaded[pk]))
    yield from clusterer.finish()


def _story(store: Store, ids: list[str]) -> tuple[Story, Agreement | None]:
    members = {a.doc.id: a for a in store.load(ids)}
    return story_of([members[d] for d in ids if d in members])


_worker_stores: dict[str, Store] = {}


def _story_in_worker(job: tuple[str, list[str]]) -> tuple[Story, Agreement | None]:
    """A story compared in a worker process, which opens the store once (a forked connection is unsafe)."""
    db, ids = job
    if db not in _worker_stores:
        _worker_stores[db] = open_store(db)
    return _story(_worker_stores[db], ids)


def load_output(db: str, min_confidence: float | None = None) -> dict:
    """The rashomon/1 document of what a database holds (for export and report); events below
    `min_confidence` (default: the ontology's) are listed apart, in rejected_events, with the reason."""
    with open_store(db) as store:
        return build_output(store.load_all(), store.load_comparison(), min_confidence)


def _new_documents(
    items: Iterable[Document | InputError], store: Store, result: Result, on_error: Callable[[InputError], None],
    own: set[str],
) -> Iterator[Document]:
    """Documents not stored yet and not seen earlier in this run; errors reported as they come.

    `own` holds what an interrupted attempt of this same run stored: passed over silently.
    """
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            result.errors.append(item)
            on_error(item)
        elif item.hash in own:
            continue
        elif item.hash in seen or store.has_hash(item.hash):
            result.skipped += 1
        else:
            seen.add(item.hash)
            yield item


def _batches(documents: Iterator[Document], size: int = BATCH_SIZE) -> Iterator[list[Document]]:
    while batch := list(islice(documents, size)):
        yield batch
