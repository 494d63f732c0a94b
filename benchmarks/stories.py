"""Story clustering on shared/corpus: each event folder is one gold story.

B-cubed precision/recall/F1 (Bagga & Baldwin 1998), the usual score for document clustering,
over all documents and over the English ones only (other languages are issue #12's work).
"""
from __future__ import annotations

from benchmarks.common import Report, shared_path


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    docs = list(gold)
    precision = recall = 0.0
    for d in docs:
        same_pred = {e for e in docs if predicted[e] == predicted[d]}
        same_gold = {e for e in docs if gold[e] == gold[d]}
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    p, r = precision / len(docs), recall / len(docs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _is_english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.9


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.compare.stories import cluster, profile
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    corpus = shared_path("corpus")
    docs = [d for d in read_inputs([str(p) for p in sorted(corpus.glob("*/articles.jsonl"))])
            if isinstance(d, Document)]
    gold = {d.id: d.id.rsplit("-", 1)[0] for d in docs}
    anns = list(annotate(docs))
    report = Report("stories", ["subset", "documents", "gold stories", "predicted stories", "B3 P", "B3 R", "B3 F1"])
    for name, subset in (("all", anns), ("english", [a for a in anns if _is_english(a.doc.text)])):
        groups = cluster([profile(a) for a in subset])
        predicted = {d: str(i) for i, group in enumerate(groups) for d in group}
        sub_gold = {a.doc.id: gold[a.doc.id] for a in subset}
        p, r, f = bcubed(sub_gold, predicted)
        report.rows.append([name, len(subset), len(set(sub_gold.values())), len(groups), p, r, f])
    return report
