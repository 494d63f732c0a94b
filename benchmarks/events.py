"""Events on the PLOVER gold-standard records (dev half): is the gold event type among ours?

The sentences are idealised one-event examples from the CAMEO manual recoded to PLOVER 0.5b1,
so the score is per sentence: recall of the gold type among the types we code, precision of our
first event's type, and coverage (sentences where we code anything). DEMAND/DISAPPROVE are the
old names of REQUEST/ACCUSE.
"""
from __future__ import annotations

from collections import Counter

from benchmarks.common import Report, read_jsonl, shared_path

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.model import Document

    records = read_jsonl(shared_path("bench", "events", "plover_gsr_dev.jsonl"))
    docs = [Document(id=r["id"], text=r["text"], hash=r["id"]) for r in records]
    any_hit = first_hit = coded = 0
    per_type: Counter[str] = Counter()
    per_type_hit: Counter[str] = Counter()
    for record, ann in zip(records, annotate(docs), strict=True):
        gold = RENAMED.get(record["event_type"], record["event_type"])
        types = [e.type for e in ann.events]
        per_type[gold] += 1
        coded += bool(types)
        if gold in types:
            any_hit += 1
            per_type_hit[gold] += 1
        first_hit += bool(types) and types[0] == gold
    n = len(records)
    report = Report("events", ["sentences", "coded", "gold type among ours", "first event = gold"])
    report.rows.append([n, round(coded / n, 3), round(any_hit / n, 3), round(first_hit / n, 3)])
    report.extra["per_type_recall"] = {t: round(per_type_hit[t] / c, 3) for t, c in sorted(per_type.items())}
    return report
