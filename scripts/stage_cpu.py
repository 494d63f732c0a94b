"""CPU seconds of each annotate stage and of the comparison over the corpus, on parses made once.

Usage: python scripts/stage_cpu.py [--repeats N] [--profile OUT.prof]

On a machine shared with other jobs the wall clock is noise; CPU time (`time.process_time`) of the same
work on the same cached spaCy parses, best of N passes, is what a speed change should be judged by.
Stages mutate their Annotations, so every pass starts from fresh ones. With --profile, one more pass
runs under cProfile and its stats are written to OUT (read them with `python -m pstats OUT`).
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)

    from rashomon.annotate import annotate
    from rashomon.annotate.language import identify
    from rashomon.annotate.nlp import parse_many
    from rashomon.annotate.pipeline import STAGES
    from rashomon.compare import compare
    from rashomon.ingest import read_inputs
    from rashomon.model import Annotations, Document

    paths = sorted(str(p) for p in (SHARED / "corpus").glob("*/articles.jsonl"))
    docs = [d for d in read_inputs(paths) if isinstance(d, Document)]
    list(annotate(docs[:2]))  # load every lazy lexicon
    languages = [identify(d) for d in docs]
    parsed = list(parse_many([d.text for d in docs], languages=[d.language for d in docs]))

    def one_pass(spent: dict[str, float]) -> None:
        annotated = []
        for document, spans, doc in zip(docs, languages, parsed, strict=True):
            ann = Annotations(doc=document, languages=spans)
            for name, stage in STAGES:
                start = time.process_time()
                stage(ann, doc)
                spent[name] = spent.get(name, 0.0) + time.process_time() - start
            annotated.append(ann)
        start = time.process_time()
        compare(annotated)
        spent["compare"] = spent.get("compare", 0.0) + time.process_time() - start

    best: dict[str, float] = {}
    for _ in range(args.repeats):
        gc.collect()
        spent: dict[str, float] = {}
        one_pass(spent)
        spent["stages"] = sum(v for k, v in spent.items() if k != "compare")
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    print(f"CPU seconds, best of {args.repeats}, {len(docs)} corpus reports on cached parses:")
    for name, seconds in best.items():
        print(f"  {name:18s} {seconds:.3f}")
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(one_pass, {})
        profiler.dump_stats(str(args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
