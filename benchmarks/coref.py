"""Cross-document event coreference on ECB+ (train and dev topics): do merged events hold the same real event?

Each ECB+ sub-topic (a topic's ECB or ECB+ half: reports of one real event) is given to the coreference
as one story, so clustering errors are not counted here (the `compare` benchmark scores stories). An
event of ours stands for the gold action mention its trigger overlaps (in the sentences ECB+ annotates
for coreference); two of ours in one merged event, from different documents, are a predicted link, two
gold mentions in one cross-document chain a gold link. Pairwise P/R/F1 over those links, counted only
among gold mentions we found an event for (the recall of finding events is the events stage's score and
is reported as coverage).
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from benchmarks.common import PRF, Report, read_jsonl, shared_path


def run() -> Report:
    from rashomon.annotate import annotate
    from rashomon.compare.coref import coreferent_events
    from rashomon.model import Document

    records = read_jsonl(shared_path("bench", "ecbplus", "ecbplus_traindev.jsonl"))
    docs = [Document(id=r["doc_id"], text=r["text"], hash=r["doc_id"]) for r in records]
    actions: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        annotated = set(r["coref_sentences"])
        for m in r["mentions"]:
            if m["tag"].startswith("ACTION") and m["sentence"] in annotated:
                actions[r["doc_id"]].append(m)
    by_story: dict[str, list] = defaultdict(list)
    story_of = {r["doc_id"]: f"{r['topic']}-{r['subcorpus']}" for r in records}
    failed = []
    for doc in docs:  # one at a time: a document a stage fails on is counted, not fatal to the run
        try:
            (ann,) = annotate([doc])
        except Exception as error:  # any stage's failure is reported in the result
            failed.append(f"{doc.id}: {type(error).__name__}: {error}")
            continue
        by_story[story_of[ann.doc.id]].append(ann)
    links, gold_links = PRF(), 0
    found = total = 0
    for anns in by_story.values():
        mapped: dict[int, dict] = {}  # id(event) -> gold mention
        for ann in anns:
            text = ann.doc.text
            for e in ann.events:
                at = e.start + max(text[e.start:e.end].find(e.trigger), 0) if e.trigger else -1
                gold = next((m for m in actions[ann.doc.id] if m["start"] <= at < m["end"]), None)
                if gold is not None:
                    mapped[id(e)] = {**gold, "doc": ann.doc.id}
        total += sum(len(actions[a.doc.id]) for a in anns)
        found += len({(m["doc"], m["m_id"]) for m in mapped.values()})
        mentions = list({(m["doc"], m["m_id"]): m for m in mapped.values()}.values())
        gold_pairs = {frozenset(((a["doc"], a["m_id"]), (b["doc"], b["m_id"])))
                      for a, b in combinations(mentions, 2)
                      if a["doc"] != b["doc"] and a["cluster_id"] and a["cluster_id"] == b["cluster_id"]}
        predicted = set()
        for group in coreferent_events(anns):
            ours = [mapped[id(m.event)] for m in group if id(m.event) in mapped]
            predicted |= {frozenset(((a["doc"], a["m_id"]), (b["doc"], b["m_id"])))
                          for a, b in combinations(ours, 2) if a["doc"] != b["doc"]}
        links.tp += len(predicted & gold_pairs)
        links.fp += len(predicted - gold_pairs)
        links.fn += len(gold_pairs - predicted)
        gold_links += len(gold_pairs)
    report = Report("coref", ["corpus", "stories", "documents", "gold actions found", "link P", "link R", "link F1"])
    report.rows.append(["ECB+ train+dev", len(by_story), len(docs), round(found / max(total, 1), 3),
                        links.precision, links.recall, links.f1])
    report.extra = {"links": links.as_dict(), "gold_links_among_found": gold_links,
                    "documents_failed": len(failed), "failures": failed[:20]}
    return report
