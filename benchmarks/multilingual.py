"""Beyond English (issue #12): the corpus's non-English reports against our own hand-annotated gold.

The gold (benchmarks/data/multilingual/gold.jsonl, format and guidelines in its README) holds, for every
non-English report of the shared corpus and for the English ones with a passage in another language: the
document's language and the language of each paragraph of a mixed page, every time expression (TIMEX3 type
and value), every place mention (GeoNames id and coordinates) and every number that counts something (kind
and [low, high] range). Scored per language, with the English benchmarks' own scorers:

- documents: language identified (`Document.language`) / total; paragraphs of mixed pages whose language the
  output gives right (a language span of the output covering most of the paragraph, else the document's);
  "n/a" while the pipeline sets no language;
- times: TempEval-3 relaxed extent P/R/F1 and value F1 (benchmarks.times.score), value accuracy over the
  matched extents, and the share of gold clock times with a UTC instant whose instant the output gives too;
- places: exact-span P/R/F1, acc@161km and AUC (benchmarks.places.score/row), also overlap-span F1 (Arabic
  proclitics make exact spans brittle) and GeoNames-id accuracy over the overlapping found mentions;
- numbers: P/R/F1 of counts matched by overlapping span, equal kind and equal [low, high]; a gold count of a
  thing the English kinds do not name (kind `other`: troops, trucks, vehicles) matches a found count of any
  kind outside that vocabulary. "count F1" drops the kind.

Four gold sets, each its own rows: the corpus reports (rows by language), the demo corpus's two reports (`demo`),
twelve short reports in Turkish, Armenian and Azerbaijani that we wrote to develop those languages' rules against
(`dev`, text in benchmarks/data/multilingual/dev.jsonl) and eight in Turkish, Azerbaijani, Armenian and
Ukrainian written for this benchmark (`held-out`, text in benchmarks/data/multilingual/heldout.jsonl),
annotated before their annotator read the language rules and not read when the rules were changed.
RASHOMON_MULTILINGUAL_SETS (comma-separated: corpus, demo, dev, held-out; all by default) runs some of them, so
that rule work can be measured on the development sets without looking at the held-out rows.

Issue #12's targets: Russian as English (time relaxed F1 0.92, value F1 0.82; places F1 0.80, acc 0.86), the
other languages >= 0.80 on times and places.
"""
from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import places as places_bench
from benchmarks import times as times_bench
from benchmarks.common import PRF, ROOT, Report, read_jsonl, shared_path

GOLD = ROOT / "benchmarks" / "data" / "multilingual" / "gold.jsonl"
# A second, smaller gold: the demo corpus's Russian and Arabic reports (our own fiction, not the corpus reports
# the language rules were written from, so a check on how the rules carry over; their text is in the repository).
DEMO_GOLD = ROOT / "benchmarks" / "data" / "multilingual" / "demo.jsonl"
DEMO_TEXTS = ROOT / "examples" / "agencies-ru-ar.jsonl"
# A third: reports in Turkish, Azerbaijani, Armenian and Ukrainian that we wrote ourselves, with their gold, annotated
# before anyone read the language rules (the corpus has none in the first three languages and one Ukrainian
# report): the `held-out` rows measure the rules on text their writers never saw.
# A fourth, for developing the Turkish, Armenian and Azerbaijani rules: our own reports on other events, written and
# annotated after the held-out set and before the rules were changed against them (README: "Development set").
DEV_GOLD = ROOT / "benchmarks" / "data" / "multilingual" / "dev_gold.jsonl"
DEV_TEXTS = ROOT / "benchmarks" / "data" / "multilingual" / "dev.jsonl"
SETS_VARIABLE = "RASHOMON_MULTILINGUAL_SETS"
HELDOUT_GOLD = ROOT / "benchmarks" / "data" / "multilingual" / "heldout_gold.jsonl"
HELDOUT_TEXTS = ROOT / "benchmarks" / "data" / "multilingual" / "heldout.jsonl"
TARGETS = {"ru": {"time F1": 0.92, "value F1": 0.82, "place F1": 0.80, "place acc": 0.86}}
DEFAULT_TARGETS = {"time F1": 0.80, "value F1": 0.80, "place F1": 0.80, "place acc": 0.80}
# The English quantities stage's kinds when the gold was written (the README's guideline); a gold count of
# anything else is kind "other", matched by any kind outside this list, whatever kinds the stage adds later.
GOLD_KINDS = frozenset({"killed", "wounded", "detained", "released", "displaced", "missing", "exchanged", "tonnes"})


@dataclass
class Tally:
    """Counts of one language (or of all), added document by document."""

    docs: int = 0
    language_right: int = 0
    language_known: bool = False  # the output carries a document language at all
    paragraphs: int = 0
    paragraphs_right: int = 0
    times: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in ("strict", "relaxed", "type", "value")})
    utc_gold: int = 0
    utc_right: int = 0
    place_records: list[dict] = field(default_factory=list)
    place_found: list[list[tuple]] = field(default_factory=list)
    place_overlap: PRF = field(default_factory=PRF)
    place_ids: int = 0
    place_ids_right: int = 0
    numbers: PRF = field(default_factory=PRF)
    counts: PRF = field(default_factory=PRF)


def found_quantities(ann: Any) -> list[Any]:
    """Every count the output gives once: the document's own list when the pipeline keeps one, and the events'."""
    seen, out = set(), []
    for q in [*(getattr(ann, "quantities", None) or []), *(q for ev in ann.events for q in ev.quantities)]:
        key = (q.start, q.end, q.kind, q.low, q.high)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def score_numbers(gold: list[dict], found: list[Any], known_kinds: set[str]) -> tuple[PRF, PRF]:
    """(span+kind+range, span+range) counts; each gold count pairs with at most one found count."""
    def same_kind(g: dict, q: Any) -> bool:
        return g["kind"] == q.kind or (g["kind"] == "other" and q.kind not in known_kinds)

    def pair(match) -> PRF:
        prf, used = PRF(), set()
        for q in found:
            hit = next((i for i, g in enumerate(gold) if i not in used and g["start"] < q.end and q.start < g["end"]
                        and match(g, q)), None)
            if hit is None:
                prf.fp += 1
            else:
                used.add(hit)
                prf.tp += 1
        prf.fn = len(gold) - prf.tp
        return prf

    def same_range(g: dict, q: Any) -> bool:
        return _num(g["low"]) == _num(q.low) and _num(g["high"]) == _num(q.high)

    return pair(lambda g, q: same_kind(g, q) and same_range(g, q)), pair(same_range)


def _num(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def paragraph_languages(gold: dict, ann: Any) -> tuple[int, int]:
    """(paragraphs, right): a paragraph's output language is that of a span covering most of it, else the doc's."""
    paragraphs = gold.get("paragraphs") or []
    doc_language = getattr(ann.doc, "language", None)
    spans = getattr(ann, "languages", None) or []
    right = 0
    for p in paragraphs:
        length = p["end"] - p["start"]
        covering = next((s.language for s in spans
                         if min(s.end, p["end"]) - max(s.start, p["start"]) > length / 2), None)
        right += (covering or doc_language) == p["language"]
    return len(paragraphs), right


def score_places(gold: list[dict], found: list[Any], tally: Tally) -> None:
    """Exact spans and km errors through benchmarks.places; overlap spans and GeoNames ids here."""
    tally.place_records.append({"toponyms": gold})
    tally.place_found.append([(p.start, p.end, p.lat, p.lon) for p in found])
    used = set()
    for p in found:
        hit = next((i for i, g in enumerate(gold) if i not in used and g["start"] < p.end and p.start < g["end"]),
                   None)
        if hit is None:
            tally.place_overlap.fp += 1
            continue
        used.add(hit)
        tally.place_overlap.tp += 1
        if gold[hit]["geonames_id"] is not None:
            tally.place_ids += 1
            tally.place_ids_right += p.geonames_id == gold[hit]["geonames_id"]
    tally.place_overlap.fn += len(gold) - len(used)


def score_document(gold: dict, ann: Any, tally: Tally, known_kinds: set[str]) -> None:
    tally.docs += 1
    language = getattr(ann.doc, "language", None)
    tally.language_known |= language is not None
    tally.language_right += language == gold["language"]
    n, right = paragraph_languages(gold, ann)
    tally.paragraphs += n
    tally.paragraphs_right += right
    if gold.get("times") is not None:
        for key, prf in times_bench.score(gold["times"], ann.times).items():
            total = tally.times[key]
            total.tp, total.fp, total.fn = total.tp + prf.tp, total.fp + prf.fp, total.fn + prf.fn
        for g in gold["times"]:
            if g.get("utc"):
                tally.utc_gold += 1
                tally.utc_right += any(t.utc == g["utc"] and t.start < g["end"] and g["start"] < t.end
                                       for t in ann.times)
    if gold.get("places") is not None:
        score_places(gold["places"], ann.places, tally)
    if gold.get("numbers") is not None:
        numbers, counts = score_numbers(gold["numbers"], found_quantities(ann), known_kinds)
        for total, prf in ((tally.numbers, numbers), (tally.counts, counts)):
            total.tp, total.fp, total.fn = total.tp + prf.tp, total.fp + prf.fp, total.fn + prf.fn


def offset_errors(gold: Iterable[dict], texts: dict[str, str]) -> list[str]:
    """Gold spans whose length or hash no longer fits the article text (the corpus changed under the gold)."""
    errors = []
    for record in gold:
        text = texts[record["doc"]]
        for layer in ("times", "places", "numbers"):
            for g in record.get(layer) or []:
                span = text[g["start"]:g["end"]]
                if len(span) != g["check"]["length"] or \
                        hashlib.sha1(span.encode()).hexdigest()[:10] != g["check"]["sha1"]:
                    errors.append(f"{record['doc']} {layer} {g['start']}-{g['end']}")
    return errors


def row(language: str, tally: Tally) -> tuple[list, dict]:
    """One table row and its JSON detail."""
    placed = places_bench.row(language, "rashomon", tally.place_records, *_place_score(tally))
    place_f1, place_acc = placed[6], placed[8]
    relaxed, value = tally.times["relaxed"], tally.times["value"]
    value_acc = value.tp / relaxed.tp if relaxed.tp else 0.0
    targets = TARGETS.get(language, DEFAULT_TARGETS)
    reached = {"time F1": relaxed.f1, "value F1": value.f1, "place F1": place_f1, "place acc": place_acc}
    missed = [k for k, v in targets.items() if v > reached[k]]
    scored = language != "all" and tally.place_records
    gold_times = relaxed.tp + relaxed.fn
    gold_places = placed[3]
    gold_numbers = tally.numbers.tp + tally.numbers.fn
    short = {"time F1": "t", "value F1": "v", "place F1": "p", "place acc": "a"}
    cells = [
        language, tally.docs,
        f"{tally.language_right}/{tally.docs}" if tally.language_known else "n/a",
        f"{tally.paragraphs_right}/{tally.paragraphs}" if tally.paragraphs and tally.language_known else "n/a",
        gold_times, relaxed.f1, value.f1, value_acc, f"{tally.utc_right}/{tally.utc_gold}" if tally.utc_gold else "-",
        gold_places, place_f1, tally.place_overlap.f1, place_acc,
        tally.place_ids_right / tally.place_ids if tally.place_ids else 0.0,
        gold_numbers, tally.numbers.precision, tally.numbers.recall, tally.numbers.f1, tally.counts.f1,
        ("yes" if not missed else "no " + ",".join(short[k] for k in missed)) if scored else "-",
    ]
    if not tally.place_records:  # a row with language gold only (an English page with a foreign caption)
        cells[4:-1] = ["-"] * (len(cells) - 5)
    detail = {"targets": targets if scored else None, "value_accuracy": round(value_acc, 4),
              "times": {k: v.as_dict() for k, v in tally.times.items()}, "utc": [tally.utc_right, tally.utc_gold],
              "places_exact": _place_score(tally)[0].as_dict(), "places_overlap": tally.place_overlap.as_dict(),
              "place_ids": [tally.place_ids_right, tally.place_ids], "numbers": tally.numbers.as_dict(),
              "counts": tally.counts.as_dict(),
              "language": [tally.language_right, tally.docs] if tally.language_known else None,
              "paragraphs": [tally.paragraphs_right, tally.paragraphs] if tally.language_known else None}
    return cells, detail


def _place_score(tally: Tally) -> tuple[PRF, list[float], int]:
    found = iter(tally.place_found)
    return places_bench.score(tally.place_records, [None] * len(tally.place_records),
                              lambda record, doc: next(found))


COLUMNS = ["lang", "docs", "lang id", "paras", "times", "time F1", "value F1", "value acc", "utc", "places",
           "place F1", "overlap F1", "acc@161km", "id acc", "numbers", "num P", "num R", "num F1", "count F1",
           "met t,v,p,a"]


def chosen_sets(value: str | None) -> set[str]:
    """The gold sets to run: all of them unless RASHOMON_MULTILINGUAL_SETS names some."""
    names = {"corpus", "demo", "dev", "held-out"}
    if not value:
        return names
    chosen = {v.strip() for v in value.split(",") if v.strip()}
    if unknown := chosen - names:
        raise ValueError(f"{SETS_VARIABLE}: unknown sets {sorted(unknown)} (known: {sorted(names)})")
    return chosen


def run() -> Report:
    from rashomon.annotate.pipeline import annotate
    from rashomon.model import Document

    chosen = chosen_sets(os.environ.get(SETS_VARIABLE))
    gold, demo, dev, heldout = (read_jsonl(p) for p in (GOLD, DEMO_GOLD, DEV_GOLD, HELDOUT_GOLD))
    wanted = {g["doc"] for g in gold}
    articles = {}
    for path in sorted(shared_path("corpus").glob("*/articles.jsonl")):
        articles |= {a["id"]: a for a in read_jsonl(path) if a["id"] in wanted}
    demo_articles = {a["id"]: a for a in read_jsonl(DEMO_TEXTS)}
    dev_articles = {a["id"]: a for a in read_jsonl(DEV_TEXTS)}
    heldout_articles = {a["id"]: a for a in read_jsonl(HELDOUT_TEXTS)}
    report = Report("multilingual", COLUMNS)
    sets = tuple((prefix, records, texts) for name, prefix, records, texts in (
        ("corpus", "", gold, articles), ("demo", "demo ", demo, demo_articles), ("dev", "dev ", dev, dev_articles),
        ("held-out", "held-out ", heldout, heldout_articles)) if name in chosen)
    broken = [e for _, records, texts in sets
              for e in offset_errors(records, {doc: a["text"] for doc, a in texts.items()})]
    docs = [Document(id=a["id"], text=a["text"], hash=a["id"], outlet=a.get("outlet"), url=a.get("url"),
                     published=a.get("published"), title=a.get("title"))
            for _, _, texts in sets for a in texts.values()]
    anns = {ann.doc.id: ann for ann in annotate(docs)}
    for prefix, records, _ in sets:
        tallies: dict[str, Tally] = defaultdict(Tally)
        for record in records:
            for key in (record["language"], "all"):
                score_document(record, anns[record["doc"]], tallies[key], GOLD_KINDS)
        for language in sorted(tallies, key=lambda k: (k == "all", k)):
            cells, detail = row(language, tallies[language])
            cells[0] = prefix + language
            report.rows.append(cells)
            report.extra[prefix + language] = detail
    report.extra["sets"] = sorted(chosen)
    report.extra["gold"] = (f"{len(gold)} corpus reports ({GOLD.relative_to(ROOT)}); demo rows: the {len(demo)} "
                            f"reports of {DEMO_TEXTS.relative_to(ROOT)}, fiction the rules were not written from "
                            f"({DEMO_GOLD.relative_to(ROOT)}); dev rows: the {len(dev)} reports of "
                            f"{DEV_TEXTS.relative_to(ROOT)}, ours, the rules' development set "
                            f"({DEV_GOLD.relative_to(ROOT)}); held-out rows: the {len(heldout)} reports of "
                            f"{HELDOUT_TEXTS.relative_to(ROOT)}, written and annotated by us before reading the "
                            f"language rules ({HELDOUT_GOLD.relative_to(ROOT)})")
    report.extra["targets"] = ("met t,v,p,a = time relaxed F1, value F1, place F1, acc@161km: ru 0.92/0.82/0.80/0.86 "
                               "(as English), other languages 0.80 each; P/R of every part in the JSON file")
    if broken:
        report.extra["offset_check_failures"] = f"{len(broken)} gold spans no longer fit the text: {broken[:5]}"
    return report
