"""Two hand-written reports of one event with every layer annotated by hand: fixtures that need no spaCy.

The wire says twelve were killed in Khankendi at 13:00 GMT+4; the paper says fifteen died in Stepanakert
(the same place under the other side's name), and opens with markup that must come out escaped.
"""
from __future__ import annotations

from rashomon.model import (
    ActorMention,
    Agreement,
    Annotations,
    Claim,
    Comparison,
    Document,
    Event,
    Fact,
    FactValue,
    FramingMention,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    Story,
    TimeMention,
)

WIRE = "Twelve people were killed in Khankendi at 13:00 (GMT+4), separatists said."
PAPER = "<script>alert(1)</script> Fifteen died in Stepanakert on Tuesday, near the valley."
KHANKENDI = {"geonames_id": 146970, "name": "Khankendi", "lat": 39.8177, "lon": 46.7528, "country": "AZ"}


def at(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def wire() -> Annotations:
    doc_id = "wire/1 #a"  # ids from inputs may hold any character
    doc = Document(id=doc_id, text=WIRE, hash="h1", outlet="Wire", published="2023-09-20T12:30:00+03:00",
                   title="Twelve killed", source="/home/analyst/in.jsonl", meta={"lang": "en"})
    return Annotations(
        doc=doc,
        times=[TimeMention(doc=doc_id, text="13:00 (GMT+4)", type="TIME", value="2023-09-20T13:00",
                           utc="2023-09-20T09:00:00Z", **at(WIRE, "13:00 (GMT+4)"))],
        places=[PlaceMention(doc=doc_id, text="Khankendi", **KHANKENDI, **at(WIRE, "Khankendi"))],
        actors=[ActorMention(doc=doc_id, text="separatists", actor="NKR-REB", country="ARM", sector="REB",
                             **at(WIRE, "separatists"))],
        claims=[Claim(doc=doc_id, text="Twelve people were killed in Khankendi at 13:00 (GMT+4)", speaker="NKR-REB",
                      speaker_text="separatists", verb="said", publisher="Wire", factuality="reported",
                      **at(WIRE, "Twelve people were killed in Khankendi at 13:00 (GMT+4)"),
                      **{f"speaker_{k}": v for k, v in at(WIRE, "separatists").items()})],
        events=[Event(id="e1", doc=doc_id, start=0, end=len(WIRE), type="ASSAULT", trigger="killed",
                      place=146970, time="2023-09-20T09:00:00Z", factuality="happened",
                      attribution=["separatists", "Wire"],
                      quantities=[Quantity(kind="killed", low=12, high=12, text="Twelve people were killed",
                                           doc=doc_id, **at(WIRE, "Twelve people were killed"))])],
        framing=[FramingMention(doc=doc_id, text="separatists", kind="loaded-term", perspective="delegitimising",
                                neutral="armed groups", **at(WIRE, "separatists"))],
    )


def paper() -> Annotations:
    doc_id = "paper 2"
    doc = Document(id=doc_id, text=PAPER, hash="h2", outlet="Daily Paper", published="2023-09-21", title=None)
    return Annotations(
        doc=doc,
        times=[TimeMention(doc=doc_id, text="Tuesday", type="DATE", value="2023-09-19", **at(PAPER, "Tuesday"))],
        places=[PlaceMention(doc=doc_id, text="Stepanakert", **KHANKENDI, **at(PAPER, "Stepanakert")),
                PlaceMention(doc=doc_id, text="the valley", **at(PAPER, "the valley"))],
        events=[Event(id="e2", doc=doc_id, type="ASSAULT", trigger="died", place=146970, factuality="happened",
                      attribution=["Daily Paper"], **at(PAPER, "Fifteen died in Stepanakert on Tuesday"))],
    )


def comparison() -> Comparison:
    d1, d2 = "wire/1 #a", "paper 2"
    story = Story(id="story/1", docs=[d1, d2], title="Deaths in Khankendi", facts=[
        Fact(aspect="number", key="killed", verdict="conflict",
             values=[FactValue(doc=d1, value="12", **at(WIRE, "Twelve")),
                     FactValue(doc=d2, value="15", **at(PAPER, "Fifteen"))]),
        Fact(aspect="place", key="where", verdict="agree",
             values=[FactValue(doc=d1, value="Khankendi", **at(WIRE, "Khankendi")),
                     FactValue(doc=d2, value="Khankendi", **at(PAPER, "Stepanakert"))]),
    ])
    agreement = Agreement(id="story/1:agreement", docs=[d1], kind="ceasefire", parties=["ARM-REB"],
                          mediators=["RUS-PKO"], effective_utc="2023-09-20T09:00:00Z",
                          provisions=[Provision(category="ceasefire", text="killed",
                                                mentions=[ProvisionMention(doc=d1, **at(WIRE, "killed"))])])
    return Comparison(stories=[story], agreements=[agreement])
