"""Events: PLOVER coding from the ontology data, arguments from the parse, time and factuality, confidence."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_pipeline

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed():
    from rashomon.annotate import annotate
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    docs = [d for d in read_inputs([str(SEEDS)]) if isinstance(d, Document)]
    return {ann.doc.id[:3]: ann for ann in annotate(docs)}["001"]


def sentence_of(ann, event) -> str:
    return ann.doc.text[event.start:event.end]


def events_in(ann, words: str, type_: str | None = None):
    found = [e for e in ann.events if words in sentence_of(ann, e) and (type_ is None or e.type == type_)]
    assert found, [(e.type, e.trigger, sentence_of(ann, e)[:60]) for e in ann.events]
    return found


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_events_seed_surrender_and_pledge_to_disarm(seed):
    sentence = "Separatist forces in Khankendi have surrendered to Azerbaijan and pledged"
    by_trigger = {e.trigger: e for e in events_in(seed, sentence)}
    surrender, pledge, disarm = by_trigger["surrendered"], by_trigger["pledged"], by_trigger["lay down"]
    assert (surrender.type, surrender.factuality) == ("RETREAT", "happened")
    assert surrender.source == "NKR-REB" and surrender.arguments["target"]["country"] == "AZE"
    assert (pledge.type, pledge.factuality, pledge.source) == ("AGREE", "happened", "NKR-REB")
    # a pledged disarmament is not a disarmament: same type, pledged, PLOVER's future mode
    assert (disarm.type, disarm.mode, disarm.factuality, disarm.aux_mode) == ("RETREAT", "disarm", "pledged", "future")
    assert disarm.source == "NKR-REB"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_events_seed_operation_launched_a_day_ago(seed):
    (operation,) = events_in(seed, "launched a day ago", "FIGHT")
    assert operation.time == "2023-09-19"
    assert operation.factuality == "happened"  # stopping it is the pledge; the operation itself took place


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_events_seed_planned_meeting_in_yevlakh(seed):
    (visit,) = events_in(seed, "agreed to visit Yevlakh tomorrow", "CONSULT")
    assert (visit.mode, visit.time, visit.factuality, visit.aux_mode) == ("visit", "2023-09-21", "planned", "future")
    assert visit.arguments["target"]["text"] == "Yevlakh"
    assert visit.arguments["source"]["sector"] == "REB"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_events_seed_disarmament_began_at_moscow_time(seed):
    (disarmament,) = events_in(seed, "The disarmament of the militants began", "RETREAT")
    assert disarmament.time == "2023-09-20T09:00:00Z"  # 12:00 Moscow time (UTC+3)
    assert (disarmament.mode, disarmament.factuality) == ("disarm", "happened")
    assert disarmament.arguments["source"]["sector"] == "REB"  # the militants disarm


def test_events_ceasefire_declared_is_concede_implemented_is_retreat():
    ann = run_pipeline("Israel and Hamas agreed to a four-day truce on Wednesday. The truce took effect on Friday.",
                       published="2023-11-23")
    types = [(e.type, e.mode) for e in ann.events]
    assert types == [("CONCEDE", "ceasefire"), ("RETREAT", "ceasefire")]
    declared = ann.events[0]
    assert declared.arguments["source"]["country"] == "ISR"  # a country as doer is its government
    assert declared.arguments["source"]["sector"] == "GOV"
    took_effect = ann.events[1]  # the truce is what took effect, not who: its doers are the report's sides
    assert took_effect.arguments["source"]["text"] == "Israel"
    assert any("implicit" in n for n in took_effect.notes)


def test_events_implicit_arguments_from_the_report():
    ann = run_pipeline(
        "Fighting between Israel and Hamas went on for seven weeks. Hamas holds 240 hostages seized on 7 October. "
        "The truce took effect on Friday. Thirteen Israeli hostages were released on Friday evening.",
        published="2023-11-25")
    by_trigger = {e.trigger: e for e in ann.events}
    truce = by_trigger["took effect"]
    assert truce.arguments["source"]["country"] == "ISR"  # the first side of "between Israel and Hamas"
    released = by_trigger["released"]
    assert released.arguments["source"]["country"] == "PSE"  # nobody named: the holder of Israeli hostages
    assert released.arguments["target"]["country"] == "ISR" and released.arguments["target"]["sector"] == "CIV"


def test_events_implicit_other_side_and_holder():
    ann = run_pipeline("Fighting between Armenia and Azerbaijan ended on Tuesday. Armenia will give up more "
                       "territory by November 15.", published="2020-11-10")
    give_up = next(e for e in ann.events if e.trigger == "give up")
    assert give_up.arguments["source"]["country"] == "ARM"
    assert give_up.arguments["target"]["country"] == "AZE"  # one side yields to the other
    assert any("other side" in n for n in give_up.notes)
    ann = run_pipeline("Hamas holds 240 Israeli hostages. A top Netanyahu aide said the hostage release would not "
                       "happen before Friday.", published="2023-11-23")
    release = next(e for e in ann.events if e.mode == "release")
    assert release.arguments["source"]["country"] == "PSE"  # the holder, not the Israeli speaker's side
    assert (release.arguments["target"]["country"], release.arguments["target"]["sector"]) == ("ISR", "CIV")


def test_events_state_as_doer_of_force_is_its_military():
    ann = run_pipeline("Russia shelled Odesa on Sunday. The Russian invasion began in February.",
                       published="2022-07-22")
    shelled = next(e for e in ann.events if e.trigger == "shelled")
    assert (shelled.arguments["source"]["country"], shelled.arguments["source"]["sector"]) == ("RUS", "MIL")
    invasion = next(e for e in ann.events if e.trigger == "invasion")
    assert invasion.arguments["source"]["sector"] == "MIL"


def test_events_sign_is_support_promise_to_sign_is_agree():
    ann = run_pipeline("Ukraine promised to sign the grain deal. Russia signed the deal with Turkey on Friday.",
                       published="2022-07-22")
    coded = [(e.type, e.factuality) for e in ann.events]
    assert ("AGREE", "happened") in coded and ("SUPPORT", "pledged") in coded and ("SUPPORT", "happened") in coded
    signed = next(e for e in ann.events if e.trigger == "signed")
    assert signed.arguments["source"]["country"] == "RUS"
    assert signed.arguments["target"]["country"] == "TUR"


def test_events_passive_agent_and_prepositional_target():
    text = "Three soldiers were killed by Rwandan rebels. Egyptian police launched an attack on protesters."
    ann = run_pipeline(text, published="2020-01-01")
    killed, attack = ann.events
    assert killed.type == "ASSAULT" and killed.arguments["source"]["country"] == "RWA"
    assert killed.arguments["source"]["sector"] == "REB"
    assert attack.type == "ASSAULT" and attack.arguments["source"]["country"] == "EGY"
    assert attack.arguments["target"]["sector"] == "CIV"


def test_events_several_per_sentence_and_content_nouns_folded():
    ann = run_pipeline("Students staged demonstrations and demanded the release of the detained journalists.",
                       published="2020-01-01")
    assert [e.type for e in ann.events] == ["PROTEST", "REQUEST"]  # the release is what is demanded


def test_events_ids_are_content_hashes():
    from rashomon.annotate import annotate
    from rashomon.ingest.text import content_hash
    from rashomon.model import Document

    def events(text: str):
        (ann,) = annotate([Document(id="doc", text=text, hash=content_hash(text))])
        return ann.events

    text = "Rebels attacked the town on Monday."
    first, again, other = events(text), events(text), events(text + " Troops withdrew.")
    assert [e.id for e in first] == [e.id for e in again]
    assert first[0].id != other[0].id  # another document's content is another event
    assert all(0 < e.confidence <= 1 for e in first)


def test_events_unresolved_subject_lowers_confidence_and_says_why():
    resolved = run_pipeline("Russia accused Ukraine of shelling.", published="2020-01-01").events[0]
    vague = run_pipeline("Someone accused Ukraine of shelling.", published="2020-01-01").events[0]
    assert vague.confidence < resolved.confidence
    assert any("not resolved" in note for note in vague.notes)


def test_events_below_threshold_go_to_rejected_events_with_reason():
    from rashomon.model import Comparison
    from rashomon.present.output import build_output, validate_output

    ann = run_pipeline("Someone accused Ukraine of shelling. Russia attacked Kyiv.", published="2020-01-01")
    everything = build_output([ann], Comparison(), min_confidence=0.0)
    strict = build_output([ann], Comparison(), min_confidence=max(e.confidence for e in ann.events) + 0.001)
    validate_output(strict)
    assert everything["rejected_events"] == [] and len(everything["events"]) == len(ann.events)
    assert strict["events"] == [] and len(strict["rejected_events"]) == len(ann.events)
    assert all(r["reason"].startswith("confidence") for r in strict["rejected_events"])


def test_events_type_added_as_data(tmp_path, monkeypatch):
    """docs/events.md's example: a new type from a copied ontology folder, no code."""
    import shutil
    from importlib import resources

    from rashomon.annotate.ontology import ENV, ontology
    from rashomon.model import Comparison
    from rashomon.present.output import build_output, validate_output

    folder = tmp_path / "my-ontology"
    shutil.copytree(resources.files("rashomon.data").joinpath("ontology"), folder)
    spec = (folder / "plover.yaml").read_text(encoding="utf-8")
    cyber = '  CYBER: {quad: 4, definition: "Hacking or defacing computer systems."}\n'
    spec = spec.replace("types:\n", "types:\n" + cyber, 1)
    (folder / "plover.yaml").write_text(spec, encoding="utf-8")
    with (folder / "triggers.csv").open("a", encoding="utf-8") as fh:
        fh.write("hack,VERB,CYBER,,0.9\ndeface,VERB,CYBER,,0.8\n")
    monkeypatch.setenv(ENV, str(folder))
    ontology.cache_clear()
    try:
        ann = run_pipeline("Muslim hackers defaced nearly 3,000 Danish web sites.", published="2006-02-10")
    finally:
        monkeypatch.delenv(ENV)
        ontology.cache_clear()
    (event,) = ann.events
    assert event.type == "CYBER" and event.arguments["target"]["country"] == "DNK"
    validate_output(build_output([ann], Comparison(), min_confidence=0.0))


def test_events_references_back_and_kind_modifiers_are_not_new_events():
    ann = run_pipeline("Russian missiles hit the port of Odesa on Saturday. Officials said the attack showed contempt. "
                       "Aid groups said they could not work.", published="2022-07-24")
    first, *rest = ann.events
    assert first.type == "ASSAULT" and first.arguments["source"]["country"] == "RUS"
    reference = next(e for e in rest if e.trigger == "attack")
    assert reference.confidence < first.confidence / 1.5 and any("refers back" in n for n in reference.notes)
    assert not any(e.trigger == "Aid" for e in ann.events)  # "aid groups" names a kind of group


def test_events_bare_agreement_after_a_truce_is_the_truce():
    ann = run_pipeline("Israel and Hamas agreed to a four-day truce on Wednesday. On Monday Hamas said it had agreed "
                       "to a two-day extension. Russia and Ukraine reached a grain deal.", published="2023-11-27")
    coded = [(e.trigger, e.type, e.mode) for e in ann.events]
    assert coded[1] == ("agreed", "CONCEDE", "ceasefire")  # the extension is of the truce told before
    assert ("reached", "AGREE", None) in coded  # a deal with content of its own stays AGREE
    assert len({e.id for e in ann.events}) == len(ann.events)
