"""Annotation on a Ray cluster (Ray Data): files read on the workers, an actor pool holding the models.

The driver lists the input files and nothing more; each file is read where it lands (`flat_map` over
the ingest readers, so every format the CLI takes works, JSONL shards included), documents already
stored are dropped there, and `map_batches` runs them through an actor pool whose actors load the
spaCy pipeline and the gazetteer once. Results stream back to the driver in input order and are
stored there, one transaction per document, exactly as a local run stores them; the cross-document
stage then runs on the driver over the store, window by window (see `compare.Clusterer`).

Documents and annotations cross the cluster pickled in a binary column: they are the model's
dataclasses, and Arrow needs nothing to know about them.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rashomon.engines.local import BatchResult, annotate_batch
from rashomon.errors import InputError, RashomonError
from rashomon.ingest import expand_paths, read_inputs
from rashomon.model import Document

BATCH_SIZE = 32
# Reading is light beside annotating; with a whole CPU per reader, actors holding every CPU would starve
# the readers that feed them (Ray Data's classic deadlock). A local Ray gets one CPU beyond the actors.
READ_CPUS = 0.25
# Row kinds flowing through the dataset: a document to annotate, an input error, a stored document.
DOC, ERROR, SKIP = "doc", "error", "skip"


@dataclass(frozen=True)
class RaySettings:
    """Where to run: `address` of an existing cluster (None starts a local Ray), and the actor count."""

    address: str | None = None
    workers: int = 1


def annotate_on_ray(
    inputs: Iterable[str], settings: RaySettings, *, outlet: str | None, stored: frozenset[str],
    own: frozenset[str] = frozenset(),
) -> Iterator[BatchResult]:
    """Results in input order; each carries its documents' input errors and already-stored skips."""
    ray = _ray()
    paths, missing = expand_paths(inputs)
    if missing:
        yield BatchResult([], [], rejected=missing)
    if not paths:
        return
    _connect(ray, settings)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # same storing order as a local run
    context.enable_progress_bars = False
    dataset = (ray.data.from_items([{"path": p} for p in paths], override_num_blocks=min(len(paths), 200))
               .flat_map(_read_file, fn_kwargs={"outlet": outlet, "stored": stored, "own": own}, num_cpus=READ_CPUS)
               .map_batches(Annotator, batch_size=BATCH_SIZE, batch_format="numpy", num_cpus=1,
                            compute=ray.data.ActorPoolStrategy(size=settings.workers),
                            udf_modifying_row_count=True))
    for row in dataset.iter_rows():  # one row per annotated batch
        yield pickle.loads(row["result"])


def _read_file(
    row: dict[str, Any], *, outlet: str | None, stored: frozenset[str], own: frozenset[str]
) -> list[dict[str, Any]]:
    """One input file's rows, read on whichever worker the row lands on."""
    rows = []
    for item in read_inputs([row["path"]], outlet=outlet):
        if isinstance(item, InputError):
            rows.append({"kind": ERROR, "payload": pickle.dumps(item)})
        elif item.hash in own or item.hash in stored:
            rows.append({"kind": SKIP, "payload": pickle.dumps(item.hash in own)})
        else:
            rows.append({"kind": DOC, "payload": pickle.dumps(item)})
    return rows


class Annotator:
    """A Ray actor: loads the models once, then annotates every batch it is given."""

    def __init__(self) -> None:
        from rashomon.annotate.gazetteer import default_gazetteer
        from rashomon.annotate.language import warm_up
        from rashomon.annotate.nlp import load_nlp

        load_nlp()
        default_gazetteer()
        warm_up()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        documents: list[Document] = []
        rejected: list[InputError] = []
        skipped = own = 0
        for kind, payload in zip(batch["kind"], batch["payload"], strict=True):
            if kind == DOC:
                documents.append(pickle.loads(payload))
            elif kind == ERROR:
                rejected.append(pickle.loads(payload))
            elif pickle.loads(payload):
                own += 1
            else:
                skipped += 1
        result = annotate_batch(_unique(documents))
        result.rejected, result.skipped, result.own = rejected, skipped, own
        return {"result": [pickle.dumps(result)]}


def _unique(documents: list[Document]) -> list[Document]:
    """Within a batch, a text seen twice is annotated once (the store would refuse the second anyway)."""
    seen: set[str] = set()
    return [d for d in documents if not (d.hash in seen or seen.add(d.hash))]


def _connect(ray: Any, settings: RaySettings) -> None:
    if ray.is_initialized():
        return
    if settings.address:
        ray.init(address=settings.address, log_to_driver=False)
    else:
        ray.init(num_cpus=settings.workers + 1, include_dashboard=False, log_to_driver=False)


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as err:
        raise RashomonError("--engine ray needs Ray Data: pip install 'rashomon[ray]'") from err
    return ray
