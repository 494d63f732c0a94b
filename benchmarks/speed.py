"""Speed: the full pipeline beside bare spaCy `nlp.pipe` over the same texts, in the same run.

The ratio is the figure to quote (machines here are noisy; absolute rates are not comparable
across runs). The corpus is shared/corpus/*/articles.jsonl, read through Rashomon's own reader.
"Bare" is the model as spaCy ships it (`spacy.load`), every component in place; Rashomon's own
pipeline (`load_nlp`) replaces two of them with exact, faster stand-ins (annotate/fastpipes.py).
"""
from __future__ import annotations

import time

from benchmarks.common import Report, shared_path

REPEATS = 3


def run() -> Report:
    import spacy

    from rashomon.annotate import annotate
    from rashomon.annotate.gazetteer import default_gazetteer
    from rashomon.annotate.nlp import MODEL
    from rashomon.compare import compare
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    corpus = shared_path("corpus")
    docs = [d for d in read_inputs([str(p) for p in sorted(corpus.glob("*/articles.jsonl"))])
            if isinstance(d, Document)]
    words = sum(len(d.text.split()) for d in docs)
    nlp = spacy.load(MODEL)
    default_gazetteer()
    list(annotate(docs[:2]))  # warm every lazy lexicon and matcher, so both timings see loaded models

    def bare_run() -> None:
        for _ in nlp.pipe((d.text for d in docs), batch_size=32):
            pass

    def full_run() -> None:
        compare(list(annotate(docs)))

    timings: dict[str, list[float]] = {"bare": [], "full": []}
    for _ in range(REPEATS):  # alternate, keep the best of each: the machine's noise hits both alike
        for name, job in (("bare", bare_run), ("full", full_run)):
            start = time.perf_counter()
            job()
            timings[name].append(time.perf_counter() - start)
    bare, full = min(timings["bare"]), min(timings["full"])

    report = Report("speed", ["pipeline", "documents", "words", "seconds", "docs/s", "words/s"])
    for name, seconds in (("spaCy nlp.pipe (bare)", bare), ("rashomon annotate+compare", full)):
        report.rows.append([name, len(docs), words, round(seconds, 3), round(len(docs) / seconds, 2),
                            round(words / seconds, 1)])
    report.extra["slowdown_vs_bare_spacy"] = round(full / bare, 3)
    report.extra["throughput_vs_bare_spacy"] = round(bare / full, 3)
    report.extra["stage_seconds"] = ", ".join(f"{name} {seconds}" for name, seconds in stage_seconds(docs).items())
    return report


def stage_seconds(docs: list) -> dict[str, float]:
    """Where the time beyond spaCy goes: each stage, and the comparison, over the same documents."""
    from rashomon.annotate.nlp import parse_many
    from rashomon.annotate.pipeline import STAGES
    from rashomon.compare import compare
    from rashomon.model import Annotations

    spent = dict.fromkeys([name for name, _ in STAGES], 0.0)
    annotated = []
    for document, doc in zip(docs, parse_many(d.text for d in docs), strict=True):
        ann = Annotations(doc=document)
        for name, stage in STAGES:
            start = time.perf_counter()
            stage(ann, doc)
            spent[name] += time.perf_counter() - start
        annotated.append(ann)
    start = time.perf_counter()
    compare(annotated)
    spent["compare"] = time.perf_counter() - start
    return {name: round(seconds, 3) for name, seconds in spent.items()}
