"""Write the rashomon/1 output of a fixed set of reports, so a speed change can be shown to change nothing.

Usage: python scripts/output_digest.py OUT.json [--bench N]
Then diff two such files (before/after a change): they must be byte-identical.

The set: the shared corpus (60 reports, one comparison over them), the demo corpus (examples/, its own
comparison) and, with --bench N (default 200), the first N LGL reports and the PLOVER GSR sentences
(annotated only: they are unrelated texts). Keys are sorted and the hash seed fixed (a few orders, such
as the facts of a story, follow set iteration), so the file is canonical.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--bench", type=int, default=200)
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":  # some orders follow set iteration: fix the hash seed
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

    from rashomon.annotate import annotate
    from rashomon.compare import compare
    from rashomon.ingest import read_inputs
    from rashomon.model import Document
    from rashomon.present.output import build_output

    def documents(paths: list[str]) -> list[Document]:
        return [d for d in read_inputs(paths) if isinstance(d, Document)]

    result: dict[str, object] = {}
    corpus = sorted(str(p) for p in (SHARED / "corpus").glob("*/articles.jsonl"))
    for name, docs in (("corpus", documents(corpus)), ("demo", documents([str(ROOT / "examples")]))):
        annotations = list(annotate(docs))
        result[name] = build_output(annotations, compare(annotations))
    if args.bench:
        bench = []
        for path, key in ((SHARED / "bench/geoparsing/lgl.jsonl", "doc_id"),
                          (SHARED / "bench/events/plover_gsr_dev.jsonl", "id")):
            with path.open(encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh if line.strip()][: args.bench]
            bench += [Document(id=r[key], text=r["text"], hash=r[key]) for r in records]
        annotations = list(annotate(bench))
        result["bench"] = [{layer: _plain(getattr(a, layer)) for layer in
                            ("times", "places", "actors", "claims", "events", "agreements", "framing", "quantities")}
                           for a in annotations]
    args.out.write_text(json.dumps(result, sort_keys=True, ensure_ascii=False, indent=0, default=str),
                        encoding="utf-8")
    return 0


def _plain(value: object) -> object:
    from rashomon.model import to_plain

    return to_plain(value)


if __name__ == "__main__":
    sys.exit(main())
