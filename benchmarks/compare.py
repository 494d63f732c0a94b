"""The comparison on shared/corpus against the hand-checked gold in benchmarks/data/compare/.

What is scored, and why this way:
- story clustering: B-cubed P/R/F1 (Bagga & Baldwin 1998) of Rashomon's stories against the gold stories,
  over all documents and the English ones (the score `stories` reports; see benchmarks/stories.py);
- fact alignment, on each gold story's documents (the clustering's errors are scored above, not twice):
  a system value stands for a gold value when it lies in the same document, overlaps its span and
  answers the same kind of question (number, time, place, claim). Two values of different documents
  put in one system fact are an aligned pair; the gold pairs are the values of one gold fact. P/R/F1
  over those pairs, overall and per aspect — cross-document event coreference is the `claim` row;
- verdicts: each gold fact takes the system fact holding most of its values; accuracy over all gold
  facts (a fact the system did not find counts as wrong) and over the found ones;
- false conflicts: system facts that say `conflict` although every value they hold is one gold fact
  that is not a conflict (the same number, instant or place in other units, zones or words). Must be 0;
- the JSON lists the gold pairs missed and the pairs wrongly aligned, by aspect (`missed_pairs`,
  `false_pairs`), to read the errors by cause;
- near-duplicates: pairs of copies. The corpus holds none (its README: copies were dropped; the largest
  5-gram Jaccard between two of its texts is 0.06), so republications are made at run time from a
  sample of articles the way aggregators alter a wire text (own lead line, cut tail, footer), and
  every corpus pair that is not a copy is a negative.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from benchmarks.common import PRF, ROOT, Report, shared_path
from benchmarks.stories import _is_english, bcubed

GOLD = ROOT / "benchmarks" / "data" / "compare"
COPY_EVERY = 5  # every fifth article is republished once


@dataclass(frozen=True)
class GoldValue:
    fact: str  # "<event>/<fact id>"
    aspect: str
    doc: str
    start: int
    end: int


def load_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


def gold_values(gold: list[dict]) -> tuple[list[GoldValue], dict[str, dict]]:
    values, facts = [], {}
    for event in gold:
        for fact in event["facts"]:
            key = f"{event['event']}/{fact['id']}"
            facts[key] = fact
            values += [GoldValue(key, fact["aspect"], v["doc"], v["start"], v["end"]) for v in fact["values"]]
    return values, facts


def _aspect(fact_aspect: str) -> str:
    return "claim" if fact_aspect in {"claim", "actor", "event"} else fact_aspect


def map_values(system_facts: list, index: dict[tuple[str, str], list[GoldValue]]) -> list[list[GoldValue]]:
    """For each system fact, the gold values its values stand for (one per system value at most)."""
    mapped = []
    for fact in system_facts:
        found = []
        for v in fact.values:
            cands = [g for g in index.get((v.doc, _aspect(fact.aspect)), []) if g.start < v.end and v.start < g.end]
            if cands:  # the tightest overlap: a sentence-long value stands for the gold span it covers most
                found.append(max(cands, key=lambda g: (min(g.end, v.end) - max(g.start, v.start),
                                                       -(g.end - g.start))))
        mapped.append(found)
    return mapped


def score_facts(stories: dict[str, list], gold: list[dict]) -> dict:
    values, facts = gold_values(gold)
    index: dict[tuple[str, str], list[GoldValue]] = defaultdict(list)
    for g in values:
        index[(g.doc, g.aspect)].append(g)
    gold_pairs = {frozenset((a, b)) for fact in facts for a, b in
                  combinations([g for g in values if g.fact == fact], 2) if a.doc != b.doc}
    overall, per_aspect = PRF(), defaultdict(PRF)
    best: dict[str, tuple[int, str]] = {}  # gold fact -> (values held, system verdict)
    false_conflicts: list[str] = []
    found_values: set[GoldValue] = set()
    system_pairs: set[frozenset] = set()
    for event, system_facts in stories.items():
        for fact, mapped in zip(system_facts, map_values(system_facts, index), strict=True):
            found_values.update(mapped)
            for a, b in combinations(set(mapped), 2):
                if a.doc != b.doc:
                    system_pairs.add(frozenset((a, b)))
            for key, n in Counter(g.fact for g in mapped).items():
                if n > best.get(key, (0, ""))[0]:
                    best[key] = (n, fact.verdict)
            held = {g.fact for g in mapped}
            if (fact.verdict == "conflict" and len(mapped) >= 2 and len(held) == 1
                    and facts[next(iter(held))]["verdict"] != "conflict"):
                false_conflicts.append(f"{event}: {fact.key}")
    for pair in system_pairs | gold_pairs:
        aspect = next(iter(pair)).aspect
        hit, claimed = pair in gold_pairs, pair in system_pairs
        for prf in (overall, per_aspect[aspect]):
            prf.tp += hit and claimed
            prf.fp += claimed and not hit
            prf.fn += hit and not claimed
    missed, false = defaultdict(list), defaultdict(list)  # by aspect, for reading the errors by cause
    for pair in gold_pairs - system_pairs:
        a, b = sorted(pair, key=lambda g: g.doc)
        missed[a.aspect].append(f"{a.fact}: {a.doc} ~ {b.doc}")
    for pair in system_pairs - gold_pairs:
        a, b = sorted(pair, key=lambda g: g.doc)
        false[a.aspect].append(f"{a.doc} {a.fact} ~ {b.doc} {b.fact}")
    verdicts = {key: best[key][1] if key in best else None for key in facts}
    correct = [key for key, v in verdicts.items() if v == facts[key]["verdict"]]
    confusion = Counter(f"{facts[k]['verdict']}->{v}" for k, v in verdicts.items())
    return {"pairs": overall, "per_aspect": dict(per_aspect), "verdict_all": len(correct) / len(facts),
            "verdict_found": len(correct) / max(sum(v is not None for v in verdicts.values()), 1),
            "facts": len(facts), "facts_found": sum(v is not None for v in verdicts.values()),
            "values_found": len(found_values) / len(values), "false_conflicts": false_conflicts,
            "confusion": dict(sorted(confusion.items())),
            "missed_pairs": {k: sorted(v) for k, v in sorted(missed.items())},
            "false_pairs": {k: sorted(v) for k, v in sorted(false.items())},
            "wrong": {k: f"{facts[k]['verdict']} -> {verdicts[k]}" for k in facts if k not in correct}}


def ingested_offsets(gold: list[dict], docs: list) -> list[dict]:
    """The gold with its offsets moved into the text ingest keeps: the gold counts from the corpus's raw
    `text`, ingest strips the white space it starts with (one space before a dateline in some articles),
    so without this every value of such a document would sit one character off what Rashomon reports."""
    raw = {}
    for path in sorted(shared_path("corpus").glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                raw[article["id"]] = article["text"]
    shift = {d.id: max(raw[d.id].find(d.text[:60]), 0) for d in docs if d.id in raw}
    moved = json.loads(json.dumps(gold))
    for event in moved:
        for fact in event["facts"]:
            for v in fact["values"]:
                v["start"] -= shift.get(v["doc"], 0)
                v["end"] -= shift.get(v["doc"], 0)
    return moved


def republish(doc, n: int):
    """A copy of a wire text as an aggregator prints it: its own lead line, the tail cut, a footer."""
    from rashomon.model import Document

    words = doc.text.split(" ")
    text = f"Published by partner site {n}. " + " ".join(words[: int(len(words) * 0.85)]) + "\nShare this story."
    return Document(id=f"{doc.id}~copy", text=text, hash=f"{doc.hash}~copy", published=doc.published)


def score_copies(docs: list, gold: list[dict]) -> PRF:
    from rashomon.compare.copies import copy_groups
    from rashomon.model import Annotations

    copies = [republish(d, i) for i, d in enumerate(docs) if i % COPY_EVERY == 0]
    expected = {frozenset((c.id.removesuffix("~copy"), c.id)) for c in copies}
    expected |= {frozenset(pair) for event in gold for pair in event["near_duplicates"]}
    groups = copy_groups([Annotations(doc=d) for d in docs + copies])
    found = {frozenset(p) for g in groups for p in combinations(g, 2)}
    return PRF(tp=len(found & expected), fp=len(found - expected), fn=len(expected - found))


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.compare.compare import story_of
    from rashomon.compare.stories import cluster, profile
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    corpus = shared_path("corpus")
    gold = load_gold()
    docs = [d for d in read_inputs([str(p) for p in sorted(corpus.glob("*/articles.jsonl"))])
            if isinstance(d, Document)]
    anns = {a.doc.id: a for a in annotate(docs)}
    story_of_doc = {d: event["event"] for event in gold for d in event["story"]}

    report = Report("compare", ["measure", "subset", "n", "P", "R", "F1 / accuracy"])
    for name, subset in (("all", list(anns.values())),
                         ("english", [a for a in anns.values() if _is_english(a.doc.text)])):
        groups = cluster([profile(a) for a in subset])
        predicted = {d: str(i) for i, group in enumerate(groups) for d in group}
        p, r, f = bcubed({a.doc.id: story_of_doc[a.doc.id] for a in subset}, predicted)
        report.rows.append(["story clustering B3", name, len(subset), p, r, f])

    stories = {event["event"]: story_of([anns[d] for d in event["story"]])[0].facts for event in gold}
    scores = score_facts(stories, ingested_offsets(gold, docs))
    pairs = scores["pairs"]
    report.rows.append(["fact alignment (pairs)", "all", pairs.tp + pairs.fn, pairs.precision, pairs.recall,
                        pairs.f1])
    for aspect, prf in sorted(scores["per_aspect"].items()):
        label = "event coreference (claims)" if aspect == "claim" else "fact alignment (pairs)"
        report.rows.append([label, aspect, prf.tp + prf.fn, prf.precision, prf.recall, prf.f1])
    report.rows.append(["verdict accuracy", "all gold facts", scores["facts"], "", "", scores["verdict_all"]])
    report.rows.append(["verdict accuracy", "facts found", scores["facts_found"], "", "", scores["verdict_found"]])
    report.rows.append(["false conflicts", "same fact, other units/zones/words", len(scores["false_conflicts"]),
                        "", "", len(scores["false_conflicts"])])
    copies = score_copies(docs, gold)
    report.rows.append(["near-duplicates (pairs)", "corpus + republished", copies.tp + copies.fn, copies.precision,
                        copies.recall, copies.f1])
    report.extra = {"gold_values_found": round(scores["values_found"], 3), "verdicts": scores["confusion"],
                    "wrong_verdicts": scores["wrong"], "false_conflict_facts": scores["false_conflicts"],
                    "per_aspect": {k: v.as_dict() for k, v in scores["per_aspect"].items()},
                    "missed_pairs": scores["missed_pairs"], "false_pairs": scores["false_pairs"]}
    return report
