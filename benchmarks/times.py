"""Times on TimeBank 1.2 and AQUAINT (TempEval-3 training data), scored as TempEval-3 did.

Extent strict and relaxed P/R/F1, type accuracy and value F1 over relaxed matches (a value counts
when the system's normalised value equals the gold one). The `dateparser` library's `search_dates`
runs beside it as a baseline peer, scored the same way (it has no types: DATE, or TIME when the
match holds a clock time). A third row per system, `tbaq`, scores both sets as one corpus (micro-averaged
over all their timexes, TempEval-3's training set as a whole). Issue #3's targets: relaxed F1 >= 0.92, value F1 >= 0.82.
The stage's own speed (words/s, spaCy excluded) is reported too, by the wall clock and by the process's CPU
time (the issue asks for words/s per core; on a shared machine the CPU figure is the steadier one).
With RASHOMON_TIME_ERRORS=1 in the environment, every extent or value mismatch of the rule stage is
written to benchmarks/results/time_errors.jsonl for error analysis (scoring is unchanged).
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime

from benchmarks.common import PRF, RESULTS, Report, read_jsonl, shared_path

SETS = ("timebank", "aquaint")
COMBINED = "tbaq"  # TimeBank + AQUAINT: the TempEval-3 training set, scored as one corpus (micro)
SYSTEMS = ("rashomon", "dateparser")


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


@dataclass
class Found:
    start: int
    end: int
    type: str
    value: str


def dateparser_times(text: str, dct: str | None) -> list[Found]:
    """dateparser's search_dates, with offsets recovered by finding each match after the previous one."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime.fromisoformat(dct[:10])} if dct else {}
    found, cursor = [], 0
    for surface, moment in search_dates(text, languages=["en"], settings=settings) or []:
        start = text.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        clock = bool(re.search(r"\d[:.]\d\d|[ap]\.?m\b", surface, re.I))
        value = moment.strftime("%Y-%m-%dT%H:%M") if clock else moment.date().isoformat()
        found.append(Found(start, cursor, "TIME" if clock else "DATE", value))
    return found


def mismatches(doc_id: str, text: str, gold: list[dict], found: list) -> list[dict]:
    """Extent and value errors of one document, paired the same way `score` pairs them."""
    errors, matched = [], set()
    for t in found:
        overlap = next((g for g in gold if g["start"] < t.end and t.start < g["end"]
                        and (g["start"], g["end"]) not in matched), None)
        context = text[max(0, t.start - 60):t.end + 40].replace("\n", " ")
        ours = {"text": text[t.start:t.end], "type": t.type, "value": t.value, "start": t.start}
        if overlap is None:
            errors.append({"doc": doc_id, "error": "spurious", "ours": ours, "context": context})
            continue
        matched.add((overlap["start"], overlap["end"]))
        gold_part = {k: overlap[k] for k in ("text", "type", "value", "start")}
        if (t.start, t.end) != (overlap["start"], overlap["end"]) or t.value != overlap["value"] \
                or t.type != overlap["type"]:
            kinds = [k for k, bad in (("extent", (t.start, t.end) != (overlap["start"], overlap["end"])),
                                      ("value", t.value != overlap["value"]), ("type", t.type != overlap["type"]))
                     if bad]
            errors.append({"doc": doc_id, "error": "+".join(kinds), "ours": ours, "gold": gold_part,
                           "context": context})
    for g in gold:
        if (g["start"], g["end"]) not in matched:
            context = text[max(0, g["start"] - 60):g["end"] + 40].replace("\n", " ")
            errors.append({"doc": doc_id, "error": "missed", "gold": {k: g[k] for k in ("text", "type", "value",
                                                                                         "start")},
                           "context": context})
    return errors


def _add(totals: dict[str, PRF], scores: dict[str, PRF]) -> None:
    for key, prf in scores.items():
        totals[key].tp += prf.tp
        totals[key].fp += prf.fp
        totals[key].fn += prf.fn


def _row(report: Report, name: str, system: str, docs: int, gold: int, totals: dict[str, PRF]) -> None:
    report.rows.append([name, system, docs, gold, totals["strict"].f1, totals["relaxed"].precision,
                        totals["relaxed"].recall, totals["relaxed"].f1, totals["type"].f1, totals["value"].f1])
    report.extra[f"{name}/{system}"] = {k: v.as_dict() for k, v in totals.items()}


def run() -> Report:
    from rashomon.annotate.nlp import parse_many
    from rashomon.annotate.times import find_times
    from rashomon.model import Document

    report = Report("time", ["set", "system", "docs", "gold", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
                             "type F1", "value F1"])
    stage_seconds, stage_cpu, words = 0.0, 0.0, 0
    dump = os.environ.get("RASHOMON_TIME_ERRORS") == "1"
    errors: list[dict] = []
    combined = {system: {k: PRF() for k in ("strict", "relaxed", "type", "value")} for system in SYSTEMS}
    combined_docs = combined_gold = 0
    for name in SETS:
        records = read_jsonl(shared_path("bench", "temporal", f"{name}.jsonl"))
        systems = {system: {k: PRF() for k in ("strict", "relaxed", "type", "value")} for system in SYSTEMS}
        for record, doc in zip(records, parse_many(r["text"] for r in records), strict=True):
            document = Document(id=record["doc_id"], text=record["text"], hash="", published=record.get("dct"))
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
            start, cpu = time.perf_counter(), time.process_time()
            found = find_times(document, sentences, [], doc)
            stage_seconds += time.perf_counter() - start
            stage_cpu += time.process_time() - cpu
            words += len(record["text"].split())
            _add(systems["rashomon"], score(record["timexes"], found))
            if dump:
                errors += [{"set": name, "dct": record.get("dct"), **e}
                           for e in mismatches(record["doc_id"], record["text"], record["timexes"], found)]
            _add(systems["dateparser"], score(record["timexes"], dateparser_times(record["text"], record.get("dct"))))
        gold = sum(len(r["timexes"]) for r in records)
        combined_docs, combined_gold = combined_docs + len(records), combined_gold + gold
        for system, totals in systems.items():
            _row(report, name, system, len(records), gold, totals)
            _add(combined[system], totals)
    for system, totals in combined.items():  # TempEval-3's training set (TBAQ) as one corpus, micro-averaged
        _row(report, COMBINED, system, combined_docs, combined_gold, totals)
    report.extra["stage_words_per_second"] = round(words / stage_seconds)
    report.extra["stage_words_per_cpu_second"] = round(words / stage_cpu)
    if dump:
        RESULTS.mkdir(parents=True, exist_ok=True)
        with (RESULTS / "time_errors.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
        report.extra["errors_written"] = f"{len(errors)} to benchmarks/results/time_errors.jsonl"
    return report
