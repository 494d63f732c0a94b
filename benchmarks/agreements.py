"""Agreements on the hand-annotated gold set (benchmarks/data/agreements, format in its README).

Scores, over the English articles of the five agreement stories in shared/corpus:
- agreement detection: per article, as many agreements found as the gold names (counted, not matched);
- provision extraction: a gold term counts once per article (its id may have several mentions there);
  each predicted mention is credited to the one gold term it overlaps most (so one whole-sentence
  span cannot claim three terms); precision is over predicted mentions, recall over gold terms;
- category accuracy: over credited mentions, our category against the gold mention's;
- cross-outlet alignment: the story's merged agreements (story_agreements over the gold story's
  articles, so clustering errors stay out) links two articles' mentions when it files them under one
  provision; pairwise P/R/F1 of those links against "same gold term" links, over the terms found
  (`found`) and over all gold terms (`all`, which also charges extraction misses); the found-term score is
  also given for the development stories (DEV_STORIES) and the held-out ones, and per story in the JSON;
- implementation: gold reports of steps/violations whose term our status history cites (recall), and
  the share of our reported steps that sit on a gold report of the term they are filed under (precision;
  strict: a step filed under the right term from a sentence the gold did not mark counts against it);
- effective time (UTC) and mediators (country part of the actor id) per article, as extra rows.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from benchmarks.common import PRF, ROOT, Report, read_jsonl, shared_path

GOLD = ROOT / "benchmarks" / "data" / "agreements" / "gold.jsonl"
# rules and thresholds are developed on these stories; the others are held out to check that a change
# generalizes (the gold is the only test there is, so a change must not help one half and hurt the other)
DEV_STORIES = ("nk2020", "pretoria-2022", "grain-deal-2022")


def offset_map(raw: str, read: str) -> list[int]:
    """Offsets in the text as Rashomon read it → offsets in the raw article (ingest may trim or fold)."""
    back = list(range(len(read) + 1))
    matcher = difflib.SequenceMatcher(None, raw, read, autojunk=False)
    for tag, i1, _i2, j1, j2 in matcher.get_opcodes():
        for k in range(j1, j2 + 1):
            back[k] = i1 + (k - j1 if tag == "equal" else 0)
    return back


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def load(gold_path: Path = GOLD) -> tuple[list[dict], dict[str, dict]]:
    gold = read_jsonl(gold_path)
    wanted = {g["doc"] for g in gold}
    articles = {}
    for path in sorted(shared_path("corpus").glob("*/articles.jsonl")):
        for article in read_jsonl(path):
            if article["id"] in wanted:
                articles[article["id"]] = article
    return gold, articles


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.compare.agreements import story_agreements
    from rashomon.compare.implementation import link_implementation
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    gold, articles = load()
    paths = sorted({str(p) for p in shared_path("corpus").glob("*/articles.jsonl")})
    docs = [d for d in read_inputs(paths) if isinstance(d, Document) and d.id in articles]
    anns = {a.doc.id: a for a in annotate(docs)}
    back = {d.id: offset_map(articles[d.id]["text"], d.text) for d in docs}

    detection, extraction = PRF(), PRF()
    categories = [0, 0]
    credited: dict[tuple[str, int, int], str] = {}  # predicted mention (raw offsets) → gold term
    gold_units: set[tuple[str, str]] = set()
    effective = [0, 0]
    mediators = PRF()
    for g in gold:
        doc_id = g["doc"]
        ann = anns[doc_id]
        n_pred, n_gold = len(ann.agreements), len(g["agreements"])
        detection.tp += min(n_pred, n_gold)
        detection.fp += max(0, n_pred - n_gold)
        detection.fn += max(0, n_gold - n_pred)
        spans = [(tuple(p["span"]), p) for p in g["provisions"]]
        units = {p["provision"] for p in g["provisions"]}
        gold_units |= {(doc_id, u) for u in units}
        found: set[str] = set()
        for ag in ann.agreements:
            for prov in ag.provisions:
                for m in prov.mentions:
                    if m.doc != doc_id:
                        continue
                    span = (back[doc_id][m.start], back[doc_id][m.end])
                    best = max(spans, key=lambda s: overlap(span, s[0]), default=None)
                    if best is None or overlap(span, best[0]) == 0:
                        extraction.fp += 1
                        continue
                    extraction.tp += 1
                    found.add(best[1]["provision"])
                    credited[(doc_id, m.start, m.end)] = best[1]["provision"]
                    categories[0] += prov.category == best[1]["category"]
                    categories[1] += 1
        extraction.fn += len(units - found)
        stated = {a["effective_utc"] for a in g["agreements"] if a["effective_utc"]}
        if stated:
            effective[1] += 1
            effective[0] += any(ag.effective_utc in stated for ag in ann.agreements)
        gold_med = {m for a in g["agreements"] for m in a["mediators"]}
        pred_med = {_country(m) for ag in ann.agreements for m in ag.mediators}
        mediators.tp += len(gold_med & pred_med)
        mediators.fp += len(pred_med - gold_med)
        mediators.fn += len(gold_med - pred_med)
    # extraction recall counted per term; precision per mention: report them as such
    term_recall = 1 - extraction.fn / max(len(gold_units), 1)
    precision = extraction.tp / max(extraction.tp + extraction.fp, 1)
    f1 = 2 * precision * term_recall / (precision + term_recall) if precision + term_recall else 0.0

    by_story: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        by_story[g["doc"].rsplit("-", 1)[0]].append(g["doc"])
    align_found, align_all = PRF(), PRF()
    align_story: dict[str, PRF] = {}
    implementation = [0, 0]
    gold_impl = {(g["doc"], i["provision"]) for g in gold for i in g["implementation"]}
    impl_hit: set[tuple[str, str]] = set()
    impl_steps = [0, 0]  # reported steps filed under a term: on a gold report of that term / not
    for story, doc_ids in by_story.items():
        merged_list = story_agreements(story, [ag for d in doc_ids for ag in anns[d].agreements])
        link_implementation(merged_list, [anns[d] for d in doc_ids])
        predicted_pairs: set[frozenset] = set()
        for agreement in merged_list:
            for prov in agreement.provisions:
                units = {(m.doc, credited[(m.doc, m.start, m.end)]) for m in prov.mentions
                         if (m.doc, m.start, m.end) in credited}
                for a, b in combinations(sorted(units), 2):
                    if a[0] != b[0]:
                        predicted_pairs.add(frozenset((a, b)))
                for step in prov.status:
                    if step.status == "announced":
                        continue
                    hits = {(step.doc, u[1]) for u in units if (step.doc, u[1]) in gold_impl}
                    impl_hit |= hits
                    impl_steps[0 if hits else 1] += 1
        story_units = sorted(u for u in gold_units if u[0] in doc_ids)
        gold_pairs = {frozenset((a, b)) for a, b in combinations(story_units, 2) if a[0] != b[0] and a[1] == b[1]}
        found_pairs = {p for p in gold_pairs if all(_found(u, credited) for u in p)}
        tp = len(predicted_pairs & gold_pairs)
        align_all.tp += tp
        align_all.fp += len(predicted_pairs - gold_pairs)
        align_all.fn += len(gold_pairs - predicted_pairs)
        align_found.tp += tp
        align_found.fp += len(predicted_pairs - gold_pairs)
        align_found.fn += len(found_pairs - predicted_pairs)
        align_story[story] = PRF(tp, len(predicted_pairs - gold_pairs), len(found_pairs - predicted_pairs))
    implementation[0], implementation[1] = len(impl_hit), len(gold_impl)

    report = Report("agreements", ["measure", "P", "R", "F1", "n"])
    report.rows += [
        ["agreement detection", detection.precision, detection.recall, detection.f1, detection.tp + detection.fn],
        ["provision extraction (span overlap)", precision, term_recall, f1, len(gold_units)],
        ["category accuracy", "", "", categories[0] / max(categories[1], 1), categories[1]],
        ["cross-outlet alignment (terms found)", align_found.precision, align_found.recall, align_found.f1,
         align_found.tp + align_found.fn],
        *[[f"  alignment (terms found), {part}", prf.precision, prf.recall, prf.f1, prf.tp + prf.fn]
          for part, prf in _split(align_story).items()],
        ["cross-outlet alignment (all gold terms)", align_all.precision, align_all.recall, align_all.f1,
         align_all.tp + align_all.fn],
        ["implementation reports linked", impl_steps[0] / max(sum(impl_steps), 1),
         implementation[0] / max(implementation[1], 1), "", implementation[1]],
        ["effective time (UTC) where stated", "", effective[0] / max(effective[1], 1), "", effective[1]],
        ["mediators (country)", mediators.precision, mediators.recall, mediators.f1, mediators.tp + mediators.fn],
    ]
    report.extra["detail"] = {"detection": detection.as_dict(), "extraction_mentions": extraction.as_dict(),
                              "alignment_found": align_found.as_dict(), "alignment_all": align_all.as_dict(),
                              "mediators": mediators.as_dict(),
                              "alignment_found_by_story": {k: v.as_dict() for k, v in sorted(align_story.items())},
                              "alignment_found_split": {k: v.as_dict() for k, v in _split(align_story).items()}}
    return report


def _split(by_story: dict[str, PRF]) -> dict[str, PRF]:
    """Pooled alignment counts of the development stories and of the held-out ones."""
    held_out = sorted(s for s in by_story if s not in DEV_STORIES)
    dev_key, held_key = f"dev: {', '.join(DEV_STORIES)}", f"held out: {', '.join(held_out)}"
    parts = {dev_key: PRF(), held_key: PRF()}
    for story, prf in by_story.items():
        part = parts[dev_key if story in DEV_STORIES else held_key]
        part.tp, part.fp, part.fn = part.tp + prf.tp, part.fp + prf.fp, part.fn + prf.fn
    return parts


def _found(unit: tuple[str, str], credited: dict[tuple[str, int, int], str]) -> bool:
    return any(k[0] == unit[0] and v == unit[1] for k, v in credited.items())


def _country(actor: str) -> str:
    """'RUS-PKO' → 'RUS', 'IGO-AU' → 'AU': the code the gold uses for a party or mediator."""
    parts = actor.split("-")
    return parts[1].upper() if parts[0] == "IGO" and len(parts) > 1 else parts[0]
