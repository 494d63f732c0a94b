"""Events: PLOVER gold-standard sentences (dev half) and Rashomon's own article-level gold.

Two rows, never mixed:

- `plover-gsr-dev`: the PLOVER GSR records are idealised one-event sentences from the CAMEO manual
  recoded to PLOVER 0.5b1. Each sentence's predicted type is its *main* event (the most confident
  one; none = a miss), read in the 0.5b1 convention (`as_05b1`: a stated future cooperation is AGREE, a
  stated future attack THREATEN, a refused cooperation REJECT, state forces' conventional force FIGHT;
  PLOVER 2, which we output, keeps the act's type with the auxiliary mode future/negation). Scored: type
  accuracy, macro-F1 over the gold types (per-type P/R/F1 in the JSON), source/target actor accuracy by
  country code and by sector on the event that carries the gold type (else the main event), location
  accuracy where the gold names one. DEMAND/DISAPPROVE are the old names of REQUEST/ACCUSE.
Both rows score the events at the default --min-confidence (the output's `events`; the rest are in its
`rejected_events`); the JSON also holds the scores at other thresholds.

- `corpus-articles`: benchmarks/data/events/corpus_gold.jsonl, events hand-annotated in whole
  articles of /work/shared/corpus (format in that folder's README). An event is found when a
  predicted event of the same type has its evidence sentence around the gold trigger; P/R/F1 over
  all events, macro-F1 over types, actor accuracy on the found events.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from benchmarks.common import PRF, ROOT, Report, read_jsonl, shared_path
from rashomon.annotate.ontology import ontology

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}
SECTORS = {"CVL": "CIV", "UAF": "REB"}  # PLOVER/CAMEO sector codes that ours name otherwise
INTERNATIONAL = {"IGO", "NGO", "IMG"}  # PLOVER's "code" for actors without a country
GOLD = ROOT / "benchmarks" / "data" / "events" / "corpus_gold.jsonl"
UNCONVENTIONAL = {"abduct", "torture", "assassinate", "sexual", "explosives", "primitive"}
SWEEP = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)  # thresholds whose scores go to the JSON (type acc/macro-F1, macro-F1/P/R)
COLUMNS = ["set", "events", "coded", "type acc", "macro-F1", "P", "R", "src country", "src sector",
           "tgt country", "tgt sector", "location"]


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.model import Document
    from rashomon.present.output import default_min_confidence

    threshold = default_min_confidence()
    report = Report("events", COLUMNS)
    report.extra["min_confidence"] = threshold
    records = read_jsonl(shared_path("bench", "events", "plover_gsr_dev.jsonl"))
    docs = [Document(id=r["id"], text=r["text"], hash=r["id"]) for r in records]
    annotations = list(annotate(docs))
    row, detail = score_sentences(records, _kept(annotations, threshold))
    report.rows.append(row)
    detail["by_min_confidence"] = {t: score_sentences(records, _kept(annotations, t))[0][3:5] for t in SWEEP}
    report.extra["plover_gsr_dev"] = detail
    if GOLD.exists():
        gold = read_jsonl(GOLD)
        articles = _corpus_articles({g["doc"] for g in gold})
        docs = [Document(id=a["id"], text=a["text"], hash=a["id"], outlet=a.get("outlet"), url=a.get("url"),
                         published=a.get("published"), title=a.get("title")) for a in articles]
        annotations = list(annotate(docs))
        row, detail = score_articles(gold, _kept(annotations, threshold))
        report.rows.append(row)
        detail["by_min_confidence"] = {t: score_articles(gold, _kept(annotations, t))[0][4:7] for t in SWEEP}
        report.extra["corpus_articles"] = detail
    return report


def _kept(annotations: list[Any], threshold: float) -> list[Any]:
    """The annotations as the output shows them: events below the confidence threshold held back."""
    return [replace(a, events=[e for e in a.events if e.confidence >= threshold]) for a in annotations]


def _corpus_articles(ids: set[str]) -> list[dict[str, Any]]:
    """The gold's articles, raw from the corpus (gold offsets index the stored text as is)."""
    articles = []
    for path in sorted(shared_path("corpus").glob("*/articles.jsonl")):
        articles.extend(a for a in read_jsonl(path) if a["id"] in ids)
    return sorted(articles, key=lambda a: a["id"])


def profile(event: Any, role: str, actors: list[Any]) -> tuple[str | None, str | None]:
    """(country, sector) of an event argument: as the event resolved it, else from its actor mention, else
    from the id's own parts ("ARM-MIL", "IGO-UN", a bare ISO3 code)."""
    actor_id = getattr(event, role) if event is not None else None
    if actor_id is None:
        return None, None
    resolved = (getattr(event, "arguments", None) or {}).get(role)
    if resolved:
        country, sector = resolved.get("country"), resolved.get("sector")
        return (None if country in INTERNATIONAL else country), (country if country in INTERNATIONAL else sector)
    for mention in actors:
        if mention.actor == actor_id and (mention.country or mention.sector):
            return mention.country, mention.sector
    parts = actor_id.split("-")
    if len(parts[0]) == 3 and parts[0].isupper():
        if parts[0] in INTERNATIONAL:
            return None, parts[0]
        return (None if parts[0] == "UNK" else parts[0]), (parts[1] if len(parts) > 1 and parts[1].isupper() else None)
    return None, None


def _gold_sector(sector: str | None) -> str | None:
    if not sector or sector == "***":
        return None
    return SECTORS.get(sector[:3], sector[:3])


def _actor_hits(gold: list[dict], predicted: tuple[str | None, str | None], tally: dict[str, Counter],
                side: str) -> None:
    """Country: the predicted country is one of the gold actors' codes (IGO/NGO codes match the sector).
    Sector: the predicted sector is one of the gold sectors, where the gold gives one."""
    country, sector = predicted
    codes = {a.get("code") for a in gold if a.get("code")}
    if codes:
        tally[f"{side} country"]["n"] += 1
        hit = country in codes or (sector in codes & INTERNATIONAL)
        tally[f"{side} country"]["hit"] += bool(hit)
    sectors = {s for a in gold if (s := _gold_sector(a.get("sector")))}
    if sectors:
        tally[f"{side} sector"]["n"] += 1
        tally[f"{side} sector"]["hit"] += sector in sectors


def as_05b1(event: Any) -> str:
    """Our PLOVER 2 coding in the 0.5b1 convention of the GSR: 0.5b1 had no auxiliary modes and coded a
    stated future cooperation as AGREE, a stated future act of material conflict as THREATEN, a refused
    cooperation as REJECT, a conditional material act ("will withdraw unless …") as THREATEN, and split
    violence into FIGHT (conventional force: state forces shooting, shelling)
    and ASSAULT (unconventional: bombs, abduction, torture, assassination); PLOVER 2, which we output, keeps
    the act's type with aux mode future/negation and codes both kinds of violence ASSAULT with a mode."""
    quad = ontology().quad(event.type)
    sector = ((getattr(event, "arguments", None) or {}).get("source") or {}).get("sector")
    if event.type == "ASSAULT" and sector in {"MIL", "COP"} and event.mode not in UNCONVENTIONAL:
        return "FIGHT"  # 0.5b1: FIGHT is conventional force by state forces, ASSAULT unconventional violence
    if event.aux_mode == "future" and event.type not in {"AGREE", "THREATEN"}:
        return "AGREE" if quad in {1, 2} else "THREATEN" if quad == 4 else event.type
    if event.aux_mode == "hypothetical" and event.type not in {"AGREE", "THREATEN"}:  # "will withdraw unless …"
        return "AGREE" if quad == 1 else "THREATEN" if quad in {2, 4} else event.type
    if event.aux_mode == "negation" and quad in {1, 2} and event.type != "REJECT":
        return "REJECT"
    return event.type


def _fold(name: str) -> str:
    """Lower case without accents, so that Goražde is Gorazde."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def _main_event(events: list[Any]) -> Any | None:
    return max(events, key=lambda e: getattr(e, "confidence", 0.0), default=None)


def _macro(per_type: dict[str, PRF], types: set[str]) -> float:
    return sum(per_type[t].f1 for t in types) / len(types) if types else 0.0


def _ratio(counter: Counter) -> float | None:
    return round(counter["hit"] / counter["n"], 3) if counter["n"] else None


def score_sentences(records: list[dict], annotations: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    per_type: dict[str, PRF] = defaultdict(PRF)
    tally: dict[str, Counter] = defaultdict(Counter)
    correct = coded = 0
    confusion: Counter[str] = Counter()
    for record, ann in zip(records, annotations, strict=True):
        gold = RENAMED.get(record["event_type"], record["event_type"])
        main = _main_event(ann.events)
        predicted = as_05b1(main) if main else None
        coded += main is not None
        if predicted == gold:
            correct += 1
            per_type[gold].tp += 1
        else:
            per_type[gold].fn += 1
            if predicted:
                per_type[predicted].fp += 1
            confusion[f"{gold}->{predicted}"] += 1
        chosen = next((e for e in ann.events if as_05b1(e) == gold), main)
        src = profile(chosen, "source", ann.actors)
        tgt = profile(chosen, "target", ann.actors)
        _actor_hits(record["source_actor"], src, tally, "src")
        _actor_hits(record["target_actor"], tgt, tally, "tgt")
        if record.get("location"):
            tally["location"]["n"] += 1
            got = {_fold(n) for p in ann.places if chosen and p.geonames_id == chosen.place
                   for n in (p.name, p.text) if n}
            want = _fold(record["location"]["name"])
            tally["location"]["hit"] += any(g in want or want in g for g in got)
    n = len(records)
    gold_types = {RENAMED.get(r["event_type"], r["event_type"]) for r in records}
    row = ["plover-gsr-dev", n, round(coded / n, 3), round(correct / n, 3), round(_macro(per_type, gold_types), 3),
           None, None, *(_ratio(tally[k]) for k in ("src country", "src sector", "tgt country", "tgt sector",
                                                    "location"))]
    detail = {"per_type": {t: per_type[t].as_dict() for t in sorted(per_type)},
              "actor_counts": {k: dict(v) for k, v in tally.items()},
              "confusions": dict(confusion.most_common(25))}
    return row, detail


def score_articles(gold: list[dict], annotations: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """Greedy matching per article: a gold event is found by an unmatched predicted event of its type
    whose evidence sentence holds the gold trigger."""
    per_type: dict[str, PRF] = defaultdict(PRF)
    tally: dict[str, Counter] = defaultdict(Counter)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    found = 0
    for ann in annotations:
        unmatched = list(ann.events)
        for g in sorted(by_doc[ann.doc.id], key=lambda g: g["start"]):
            hit = next((e for e in unmatched if e.type == g["type"] and e.start <= g["start"] < e.end), None)
            if hit is None:
                per_type[g["type"]].fn += 1
                continue
            unmatched.remove(hit)
            found += 1
            per_type[g["type"]].tp += 1
            for side, key in (("src", "source"), ("tgt", "target")):
                want = [{"code": a.get("country") or a.get("sector"), "sector": a.get("sector")} for a in g[key]]
                if want:
                    _actor_hits(want, profile(hit, key, ann.actors), tally, side)
        for e in unmatched:
            per_type[e.type].fp += 1
    total = PRF(sum(p.tp for p in per_type.values()), sum(p.fp for p in per_type.values()),
                sum(p.fn for p in per_type.values()))
    gold_types = {g["type"] for g in gold}
    row = ["corpus-articles", len(gold), None, round(found / len(gold), 3), round(_macro(per_type, gold_types), 3),
           round(total.precision, 3), round(total.recall, 3),
           *(_ratio(tally[k]) for k in ("src country", "src sector", "tgt country", "tgt sector")), None]
    detail = {"articles": len(annotations), "per_type": {t: per_type[t].as_dict() for t in sorted(per_type)},
              "actor_counts": {k: dict(v) for k, v in tally.items()}}
    return row, detail
