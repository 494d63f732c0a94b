"""Times on TimeBank 1.2 and AQUAINT (TempEval-3 training data), scored as TempEval-3 did.

Extent strict and relaxed P/R/F1, type accuracy and value F1 over relaxed matches (a value counts
when the system's normalised value equals the gold one). The reference to beat is HeidelTime's
published TempEval-3 result; issue #3 owns that target — this table shows where the rules stand.
"""
from __future__ import annotations

from benchmarks.common import PRF, Report, read_jsonl, shared_path

SETS = ("timebank", "aquaint")


def score(gold: list[dict], found: list) -> dict[str, PRF]:
    strict, relaxed, value, typed = PRF(), PRF(), PRF(), PRF()
    gold_spans = {(g["start"], g["end"]): g for g in gold}
    matched_gold = set()
    for t in found:
        if (t.start, t.end) in gold_spans:
            strict.tp += 1
        else:
            strict.fp += 1
        overlap = next((g for g in gold if g["start"] < t.end and t.start < g["end"]
                        and (g["start"], g["end"]) not in matched_gold), None)
        if overlap is None:
            relaxed.fp += 1
            value.fp += 1
            typed.fp += 1
            continue
        matched_gold.add((overlap["start"], overlap["end"]))
        relaxed.tp += 1
        if t.value == overlap["value"]:
            value.tp += 1
        else:
            value.fp += 1
        if t.type == overlap["type"]:
            typed.tp += 1
        else:
            typed.fp += 1
    strict.fn = len(gold) - strict.tp
    relaxed.fn = len(gold) - relaxed.tp
    value.fn = len(gold) - value.tp
    typed.fn = len(gold) - typed.tp
    return {"strict": strict, "relaxed": relaxed, "type": typed, "value": value}


def run() -> Report:
    from rashomon.annotate.nlp import parse_many
    from rashomon.annotate.times import find_times
    from rashomon.model import Document

    report = Report("times", ["set", "docs", "gold", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
                              "type F1", "value F1"])
    for name in SETS:
        records = read_jsonl(shared_path("bench", "temporal", f"{name}.jsonl"))
        totals = {k: PRF() for k in ("strict", "relaxed", "type", "value")}
        texts = [r["text"] for r in records]
        for record, doc in zip(records, parse_many(texts), strict=True):
            document = Document(id=record["doc_id"], text=record["text"], hash="", published=record.get("dct"))
            found = find_times(document, [(s.start_char, s.end_char) for s in doc.sents], [])
            for key, prf in score(record["timexes"], found).items():
                totals[key].tp += prf.tp
                totals[key].fp += prf.fp
                totals[key].fn += prf.fn
        gold = sum(len(r["timexes"]) for r in records)
        report.rows.append([name, len(records), gold, totals["strict"].f1, totals["relaxed"].precision,
                            totals["relaxed"].recall, totals["relaxed"].f1, totals["type"].f1, totals["value"].f1])
        report.extra[name] = {k: v.as_dict() for k, v in totals.items()}
    return report
