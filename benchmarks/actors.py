"""Actors and attribution against hand-annotated corpus articles (issue #5).

Gold: benchmarks/data/actors/gold.jsonl (format in that folder's README): actor mentions with their
canonical actor, country and sector, and claims (the predicate of each claim clause) with speaker,
intermediary, publisher and factuality, in 20 English articles of four+ corpus events.

Measures (one row each; P/R/F1 unless said):
- actors: mention recognition, a predicted mention matching a gold one it overlaps (one-to-one);
  `actors (exact)` the same with identical offsets.
- canonical: of the matched mentions, the share with the gold canonical id (accuracy; P/R count a
  wrong id as both a false positive and a false negative); country and sector accuracies beside it.
- claims: a gold claim is found when a predicted claim's span holds its predicate; precision is the
  share of predicted claims (in the annotated part of each article) that hold a gold predicate.
- speaker / intermediary: over explicit voices only (a claim the text makes in its own voice has no
  speaker in the gold and should have none predicted). A speaker is right when its actor id is the
  gold one, or, for a named (non-anaphoric) gold speaker, when the spans overlap; an intermediary
  when the spans overlap or the words are the same.
- publisher: per gold claim, right when the predicted publisher names the gold outlet (either name
  contains the other, case-folded: metadata outlets read "Site (Wire)").
- factuality: per gold claim, the predicted claim's label equals the gold one (micro P/R/F1; the
  confusion pairs go to the JSON file).
"""
from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from typing import Any

from benchmarks.common import PRF, ROOT, Report, read_jsonl, shared_path

GOLD = ROOT / "benchmarks" / "data" / "actors" / "gold.jsonl"
CHANNELS = ROOT / "benchmarks" / "data" / "actors" / "intermediaries.jsonl"  # more articles, intermediaries only
COLUMNS = ["measure", "n gold", "precision", "recall", "F1", "accuracy"]
OLD_FACTUALITY = {"happened": "asserted"}  # the events' labels, for the baseline before the claims layer


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.model import Document

    gold = read_jsonl(GOLD)
    channels = read_jsonl(CHANNELS)
    ids = [g["id"] for g in gold] + [c["id"] for c in channels]
    articles = _articles(set(ids))
    docs = [Document(id=a["id"], text=a["text"], hash=a["id"], outlet=a.get("outlet"), url=a.get("url"),
                     published=a.get("published"), title=a.get("title")) for a in (articles[i] for i in ids)]
    anns = {ann.doc.id: ann for ann in annotate(docs)}
    return score(gold, anns, channels)


def _articles(ids: set[str]) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted(shared_path("corpus").glob("*/articles.jsonl")):
        for record in read_jsonl(path):
            if record["id"] in ids:
                found[record["id"]] = record
    return found


def score(gold: list[dict[str, Any]], anns: dict[str, Any], channels: list[dict[str, Any]] = ()) -> Report:
    """`channels`: articles annotated for intermediaries only (every claim that has one is listed)."""
    report = Report("actors", COLUMNS)
    tallies = {name: PRF() for name in ("actors", "actors (exact)", "canonical", "claims", "speaker",
                                        "intermediary", "publisher", "factuality")}
    accuracy: dict[str, Counter] = {k: Counter() for k in ("canonical", "country", "sector")}
    confusion: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for g in gold:
        ann = anns[g["id"]]
        predicted = [a for a in ann.actors if a.start < g["end"]]
        _score_actors(g["actors"], predicted, tallies, accuracy, misses, g["id"])
        _score_claims(g, ann, tallies, confusion, misses)
    n_gold = {"actors": sum(len(g["actors"]) for g in gold), "claims": sum(len(g["claims"]) for g in gold)}
    channel_counts: dict[str, dict[str, float]] = {}
    for name, prf in tallies.items():
        extra = None
        if name == "canonical":
            extra = _share(accuracy["canonical"])
        elif name == "factuality":
            extra = round(prf.tp / n_gold["claims"], 3)
        gold_n = n_gold["actors"] if name.startswith(("actors", "canonical")) else (
            prf.tp + prf.fn if name in {"speaker", "intermediary"} else n_gold["claims"])
        report.rows.append([name, gold_n, round(prf.precision, 3), round(prf.recall, 3), round(prf.f1, 3), extra])
        if name == "intermediary":
            for label, entries in ((f"intermediary (+{len(channels)} articles)", channels),
                                   (f"intermediary (all {len(gold) + len(channels)})", [*gold, *channels])):
                strict = PRF()
                for g in entries:  # misses logged once, in the last (all) pass
                    _score_channels(g, anns[g["id"]], strict, misses if entries is not channels else [])
                channel_counts[label] = strict.as_dict()
                report.rows.append([label, strict.tp + strict.fn, round(strict.precision, 3),
                                    round(strict.recall, 3), round(strict.f1, 3), None])
    report.rows.append(["country (matched actors)", n_gold["actors"], None, None, None, _share(accuracy["country"])])
    report.rows.append(["sector (matched actors)", n_gold["actors"], None, None, None, _share(accuracy["sector"])])
    report.extra["articles"] = len(gold)
    report.extra["intermediary-only articles"] = len(channels)
    report.extra["events"] = len({g["id"].rsplit("-", 1)[0] for g in gold})
    report.extra["counts"] = {name: prf.as_dict() for name, prf in tallies.items()} | channel_counts
    report.extra["factuality_confusion"] = dict(confusion.most_common())
    kinds = sorted({m["kind"] for m in misses})
    report.extra["misses"] = {kind: [m for m in misses if m["kind"] == kind] for kind in kinds}
    return report


def _share(counter: Counter) -> float | None:
    return round(counter["hit"] / counter["n"], 3) if counter["n"] else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _score_actors(gold: list[dict], predicted: list[Any], tallies: dict[str, PRF], accuracy: dict[str, Counter],
                  misses: list[dict], doc: str) -> None:
    pairs = sorted(((_overlap((g["start"], g["end"]), (p.start, p.end)), i, j)
                    for i, g in enumerate(gold) for j, p in enumerate(predicted)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for size, i, j in pairs:
        if size <= 0 or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        g, p = gold[i], predicted[j]
        tallies["actors"].tp += 1
        exact = (g["start"], g["end"]) == (p.start, p.end)
        tallies["actors (exact)"].tp += exact
        tallies["actors (exact)"].fp += not exact
        tallies["actors (exact)"].fn += not exact
        right = p.actor == g["actor"]
        tallies["canonical"].tp += right
        tallies["canonical"].fp += not right
        tallies["canonical"].fn += not right
        accuracy["canonical"]["n"] += 1
        accuracy["canonical"]["hit"] += right
        accuracy["country"]["n"] += 1
        accuracy["country"]["hit"] += p.country == g["country"]
        accuracy["sector"]["n"] += 1
        accuracy["sector"]["hit"] += p.sector == g["sector"]
        if not right:
            misses.append({"doc": doc, "kind": "canonical", "start": g["start"], "gold": g["actor"], "got": p.actor})
    for i, g in enumerate(gold):
        if i not in used_g:
            for name in ("actors", "actors (exact)", "canonical"):
                tallies[name].fn += 1
            misses.append({"doc": doc, "kind": "actor missed", "start": g["start"], "gold": g["actor"]})
    for j, p in enumerate(predicted):
        if j not in used_p:
            for name in ("actors", "actors (exact)", "canonical"):
                tallies[name].fp += 1
            misses.append({"doc": doc, "kind": "actor spurious", "start": p.start, "got": p.actor})


def claims_of(ann: Any) -> list[Any]:
    """The claims layer, or, before it existed, one pseudo-claim per event sentence built from the events'
    attribution list (speaker = its first voice when there are two or more) and factuality."""
    if hasattr(ann, "claims"):
        return ann.claims
    claims = []
    for e in ann.events:
        voices = e.attribution
        speaker = voices[0] if len(voices) > 1 else None
        at = ann.doc.text.find(speaker, e.start, e.end) if speaker else -1
        claims.append(SimpleNamespace(
            start=e.start, end=e.end, speaker=speaker, speaker_start=at if at >= 0 else None,
            speaker_end=at + len(speaker) if at >= 0 else None, intermediary=voices[1] if len(voices) > 2 else None,
            publisher=voices[-1] if voices else None, factuality=OLD_FACTUALITY.get(e.factuality, e.factuality)))
    return claims


def _score_claims(g: dict, ann: Any, tallies: dict[str, PRF], confusion: Counter, misses: list[dict]) -> None:
    predicted = [c for c in claims_of(ann) if c.start < g["end"]]
    text = ann.doc.text
    holding = {id(c) for c in predicted if any(c.start <= gc["start"] < c.end for gc in g["claims"])}
    tallies["claims"].fp += sum(id(c) not in holding for c in predicted)
    for gc in g["claims"]:
        found = [c for c in predicted if c.start <= gc["start"] < c.end]
        claim = min(found, key=lambda c: c.end - c.start) if found else None
        tallies["claims"].tp += claim is not None
        tallies["claims"].fn += claim is None
        _slot(tallies["speaker"], gc["speaker"], claim and _speaker(claim), _same_speaker)
        inter = claim and claim.intermediary
        _slot(tallies["intermediary"], gc["intermediary"], inter,
              lambda gold, got: _names_same(text[gold["start"]:gold["end"]], got))
        _slot(tallies["publisher"], g["publisher"], claim and claim.publisher, _names_same)
        got = claim.factuality if claim else None
        _slot(tallies["factuality"], gc["factuality"], got, lambda a, b: a == b)
        if got != gc["factuality"]:
            confusion[f"{gc['factuality']}->{got}"] += 1
            misses.append({"doc": g["id"], "kind": "factuality", "start": gc["start"], "gold": gc["factuality"],
                           "got": got})
        if gc["speaker"] and not (claim and _speaker(claim) and _same_speaker(gc["speaker"], _speaker(claim))):
            misses.append({"doc": g["id"], "kind": "speaker", "start": gc["start"], "gold": gc["speaker"]["actor"],
                           "got": claim and claim.speaker})


def _score_channels(g: dict, ann: Any, prf: PRF, misses: list[dict]) -> None:
    """Intermediaries only, strictly: each listed claim's slot, plus an intermediary predicted on a claim that
    holds no listed claim (in a channel-only article every claim with an intermediary is listed)."""
    predicted = [c for c in claims_of(ann) if c.start < g["end"]]
    text = ann.doc.text
    for gc in g["claims"]:
        found = [c for c in predicted if c.start <= gc["start"] < c.end]
        got = min(found, key=lambda c: c.end - c.start).intermediary if found else None
        gold = gc["intermediary"] and text[gc["intermediary"]["start"]:gc["intermediary"]["end"]]
        before = prf.tp
        _slot(prf, gold, got, _names_same)
        if (gold or got) and prf.tp == before:
            misses.append({"doc": g["id"], "kind": "intermediary", "start": gc["start"], "gold": gold, "got": got})
    for c in predicted:
        if c.intermediary and not any(c.start <= gc["start"] < c.end for gc in g["claims"]):
            prf.fp += 1
            misses.append({"doc": g["id"], "kind": "intermediary", "start": c.start, "gold": None,
                           "got": c.intermediary})


def _speaker(claim: Any) -> dict[str, Any] | None:
    if not claim.speaker:
        return None
    return {"actor": claim.speaker, "start": claim.speaker_start, "end": claim.speaker_end}


def _same_speaker(gold: dict, got: dict) -> bool:
    if got["actor"] == gold["actor"]:
        return True
    if gold.get("anaphoric") or got["start"] is None:
        return False
    return _overlap((gold["start"], gold["end"]), (got["start"], got["end"])) > 0


def _names_same(a: str, b: str) -> bool:
    from rashomon.annotate.attribution import same_outlet

    return same_outlet(a, b)


def _slot(prf: PRF, gold: Any, got: Any, same: Any) -> None:
    """One slot of one claim: gold and prediction both empty say nothing; otherwise TP, FP and/or FN."""
    if gold is None and got is None:
        return
    if gold is not None and got is not None and same(gold, got):
        prf.tp += 1
        return
    prf.fp += got is not None
    prf.fn += gold is not None
