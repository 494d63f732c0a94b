"""Annotation on this machine: in the calling process, or in `workers` processes that each hold the models.

Batches go out in input order and come back in input order, so a parallel run stores exactly what a
serial run stores, in the same order (the crash test compares databases). At most two batches per
worker are in flight: memory stays bounded however long the input stream is.
"""
from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TypeVar

from rashomon.annotate import annotate
from rashomon.errors import InputError, RashomonError
from rashomon.model import Annotations, Document

IN_FLIGHT_PER_WORKER = 2
T = TypeVar("T")
R = TypeVar("R")
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True)
class StageFailure:
    """A document a stage could not annotate; picklable, so a worker can send it back."""

    document: Document
    stage: str
    error: str


@dataclass
class BatchResult:
    annotations: list[Annotations]
    failures: list[StageFailure]
    rejected: list[InputError] = field(default_factory=list)  # unreadable inputs (Ray reads on its workers)
    skipped: int = 0  # inputs already stored
    own: int = 0  # inputs an interrupted attempt of the same run stored


def annotate_batch(batch: list[Document], batch_size: int = 32) -> BatchResult:
    """One batch through every stage; a document that fails is reported, the others go on."""
    failures: list[StageFailure] = []

    def failed(document: Document, stage: str, err: Exception) -> None:
        failures.append(StageFailure(document, stage, f"{type(err).__name__}: {err}"))

    return BatchResult(list(annotate(batch, batch_size=batch_size, on_error=failed)), failures)


def annotate_batches(batches: Iterable[list[Document]], workers: int = 1) -> Iterator[BatchResult]:
    """Results of each batch, in order; `workers` > 1 runs them in that many processes."""
    return map_in_order(annotate_batch, batches, workers, initializer=_warm_up)


def map_in_order(
    func: Callable[[T], R], items: Iterable[T], workers: int = 1, initializer: Callable[[], None] | None = None,
) -> Iterator[R]:
    """`func` over `items`, results in input order; `workers` > 1 runs it in that many forked processes.

    At most IN_FLIGHT_PER_WORKER items per worker are submitted ahead of the one awaited, so a long
    (or endless) stream of items never piles up in memory. `func` must be a module-level function.
    Every worker dies with this process; `initializer` runs in each worker after that.
    """
    if workers <= 1:
        yield from map(func, items)
        return
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                             initargs=(initializer,)) as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(func, item))
                if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as err:
            raise RashomonError(f"a worker process died ({err}); rerun with --resume to continue, "
                                "or with fewer --workers if memory ran out") from err
        finally:
            for future in pending:
                future.cancel()


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux: workers start in milliseconds and share the loaded model and index pages."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(initializer: Callable[[], None] | None) -> None:
    _die_with_parent()
    if initializer is not None:
        initializer()


def _warm_up() -> None:
    """Load the models (a no-op after fork: the parent did)."""
    from rashomon.annotate.gazetteer import default_gazetteer
    from rashomon.annotate.language import warm_up
    from rashomon.annotate.nlp import load_nlp

    load_nlp()
    default_gazetteer()
    warm_up()


def _die_with_parent() -> None:
    """A run killed with SIGKILL cannot stop its workers; Linux can (PR_SET_PDEATHSIG), or they linger forever."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
