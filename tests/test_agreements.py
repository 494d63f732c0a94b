"""Agreements (#7): terms as clauses, several deals per document, one object per deal across outlets,
terms aligned across wordings, and what is reported of their implementation."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_pipeline

from rashomon.compare.agreements import align, story_agreements
from rashomon.compare.compare import story_of
from rashomon.compare.implementation import link_implementation
from rashomon.model import Agreement, Annotations, Document, Event, Provision, ProvisionMention

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def terms(text: str, published: str = "2031-03-02") -> list[tuple[str, str]]:
    ann = run_pipeline(text, published=published)
    return [(p.category, ann.doc.text[m.start:m.end]) for a in ann.agreements for p in a.provisions
            for m in p.mentions]


def test_agreements_list_after_following_conditions_gives_one_term_per_clause():
    found = terms("The two sides reached an agreement on Monday under the following conditions: the rebel units "
                  "shall lay down their weapons, leave their positions and fully disarm, and all heavy equipment "
                  "is handed over to the observers.")
    categories = [c for c, _ in found]
    assert categories.count("disarmament") == 2 and "withdrawal" in categories and "handover" in categories
    texts = {t for _, t in found}
    assert "lay down their weapons" in texts and "fully disarm" in texts
    assert not any("lay down" in t and "disarm" in t for t in texts)  # one clause, one term


def test_agreements_terms_across_sentences_and_an_exchange_split_in_two():
    found = terms("Mediators announced a truce deal on Tuesday. Under the deal, the militia would release 30 "
                  "captives in exchange for 90 detainees held by the government. The army will halt its "
                  "offensive for five days and aid convoys will be allowed into the city.")
    categories = sorted(c for c, _ in found)
    assert categories.count("exchange") == 2 and "ceasefire" in categories and "humanitarian" in categories


def test_agreements_coordinated_objects_of_two_classes_are_two_terms():
    found = terms("The two sides agreed to a truce on Monday. The deal provides for the release of 12 abductees "
                  "and 40 inmates, and the rebels shall hand over their weapons and heavy equipment.")
    texts = {t for c, t in found if c == "exchange"}
    assert "the release of 12 abductees" in texts and "40 inmates" in texts
    # weapons and equipment are of no class of their own: one term
    assert any("weapons and heavy equipment" in t for c, t in found if c == "handover"), found


def test_agreements_hostages_and_prisoners_released_are_not_one_term():
    merged = align([
        provision("a", "exchange", "the release of abductees", ["release", "abductee"]),
        provision("b", "exchange", "the release of inmates", ["release", "inmate"]),
        provision("c", "exchange", "free the captives", ["free", "captive"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["the release of abductees"] == ["a", "c"] and docs["the release of inmates"] == ["b"]


def test_agreements_a_phrase_placing_a_term_in_the_deals_time_is_not_part_of_it():
    found = terms("The army and the militia reached an agreement on Friday. Both sides have vowed not to seek "
                  "any military gains in the run-up to the entry into force of the truce.")
    assert any(t == "any military gains" for _, t in found), found


def test_agreements_terms_after_a_recalled_earlier_deal_belong_to_the_deal_at_hand():
    ann = run_pipeline("The army and the militia reached a ceasefire agreement in Jeddah on Saturday. The two "
                       "sides had previously reached an agreement on the protection of civilians, but it "
                       "collapsed.\n\nBoth sides will withdraw their forces from the hospitals.",
                       published="2031-03-02")
    owner = {ann.doc.text[m.start:m.end]: a.role for a in ann.agreements for p in a.provisions for m in p.mentions}
    assert any("withdraw" in t for t in owner), owner
    assert all(role != "earlier" for t, role in owner.items() if "withdraw" in t)


def test_agreements_a_bare_sibling_shares_the_complement_and_a_monitored_ceasefire_is_the_deal():
    found = terms("The two sides agreed to a truce on Monday. They agreed to the delivery and distribution of "
                  "medical aid, and observers will monitor the implementation of the truce and the cessation of "
                  "hostilities.")
    texts = {t for _, t in found}
    assert "the delivery and distribution of medical aid" in texts, texts
    # the truce being monitored is the deal itself, not another ceasefire term
    assert not any(c == "ceasefire" and "cessation" in t for c, t in found), found


def test_agreements_where_a_ceasefire_holds_does_not_make_it_another_term():
    merged = align([
        provision("a", "ceasefire", "the complete cessation of hostilities", ["full", "ceasefire"]),
        provision("b", "ceasefire", "a cessation of hostilities in the zone of the conflict",
                  ["ceasefire", "zone", "conflict"]),
    ])
    assert len(merged) == 1


def test_agreements_past_tense_reports_are_not_terms():
    ann = run_pipeline("The government and the rebels signed a ceasefire agreement on Friday that calls for the "
                       "withdrawal of heavy weapons. On Sunday the rebels began the withdrawal of heavy weapons.",
                       published="2031-03-02")
    (agreement,) = ann.agreements
    stated = [ann.doc.text[m.start:m.end] for p in agreement.provisions for m in p.mentions]
    assert stated == ["the withdrawal of heavy weapons"]
    (report,) = agreement.reports
    assert report.category == "withdrawal" and report.status[0].status == "implementation-reported"


def test_agreements_a_truce_and_its_extension_are_two_deals():
    ann = run_pipeline("Qatar said the warring parties had agreed to extend the truce by two more days. The "
                       "original four-day truce, agreed last week, was due to end on Monday.", published="2031-03-02")
    roles = sorted(a.role for a in ann.agreements)
    assert roles == ["extension", "main"]


def test_agreements_announcement_gives_duration_and_expiry():
    ann = run_pipeline("The two armies agreed on Saturday to a seven-day ceasefire that takes effect at 21:45 "
                       "(GMT+2) on Monday.", published="2031-05-03")
    (agreement,) = ann.agreements
    assert agreement.duration == "P7D"
    assert agreement.effective_utc and agreement.expires_utc
    assert agreement.expires_utc > agreement.effective_utc


def provision(doc: str, category: str, text: str, words: list[str]) -> Provision:
    return Provision(category=category, text=text, words=words,
                     mentions=[ProvisionMention(doc=doc, start=0, end=len(text))])


def test_agreements_same_term_in_other_words_aligns_and_different_terms_do_not():
    merged = align([
        provision("a", "disarmament", "disarm fully", ["disarm", "fully"]),
        provision("b", "disarmament", "complete disarmament", ["complete", "disarmament"]),
        provision("a", "disarmament", "lay down their weapons", ["lay", "weapon"]),
        provision("b", "disarmament", "lay down their arms", ["lay", "arm"]),
        provision("b", "handover", "hand over all ammunition and heavy military equipment",
                  ["hand", "ammunition", "heavy", "military", "equipment"]),
        provision("a", "exchange", "release 50 hostages", ["release", "50", "hostage"]),
        provision("b", "exchange", "free 20 hostages", ["free", "20", "hostage"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["disarm fully"] == ["a", "b"]  # = complete disarmament
    assert docs["lay down their weapons"] == ["a", "b"]  # = lay down their arms
    assert docs["hand over all ammunition and heavy military equipment"] == ["b"]
    assert docs["release 50 hostages"] == ["a"] and docs["free 20 hostages"] == ["b"]  # numbers differ
    assert [p.id for p in merged] == [f"p{k}" for k in range(1, len(merged) + 1)]


def test_agreements_an_extension_stays_apart_from_the_deal_it_extends():
    deal = Agreement(id="x:a1", docs=["x"], role="main", provisions=[provision("x", "ceasefire", "a four-day truce",
                                                                               ["P4D", "truce"])])
    other = Agreement(id="y:a1", docs=["y"], role="main", provisions=[provision("y", "ceasefire", "a four-day pause",
                                                                                ["P4D", "pause"])])
    extension = Agreement(id="y:a2", docs=["y"], role="extension")
    merged = story_agreements("s", [deal, other, extension])
    assert [a.id for a in merged] == ["s:agreement", "s:agreement-2"]
    assert merged[0].docs == ["x", "y"] and merged[1].role == "extension"
    (truce,) = merged[0].provisions
    assert {m.doc for m in truce.mentions} == {"x", "y"}


def test_agreements_one_place_name_geocoded_to_two_countries_is_one_deal():
    def deal(doc: str, name: str, country: str, words: list[str]) -> Agreement:
        return Agreement(id=f"{doc}:a1", docs=[doc], role="main", place=1, place_name=name, place_country=country,
                         provisions=[provision(doc, "ceasefire", " ".join(words), words)])

    merged = story_agreements("s", [deal("x", "Gaza Strip", "PS", ["P4D", "ceasefire"]),
                                    deal("y", "Gaza", "MZ", ["ceasefire"]),
                                    deal("z", "Doha", "QA", ["ceasefire"])])
    assert [sorted(a.docs) for a in merged] == [["x", "y"], ["z"]]  # another name in another country: apart


def test_agreements_inflected_and_synonymous_wordings_align():
    merged = align([
        provision("a", "monitoring", "supervising", ["supervising"]),
        provision("b", "monitoring", "monitored", ["monitored"]),
        provision("a", "monitoring", "establish a joint committee", ["establish", "joint", "committee"]),
        provision("b", "monitoring", "form a joint committee", ["form", "joint", "committee"]),
        provision("a", "territory", "keep control of the region", ["keep", "control", "region"]),
        provision("b", "territory", "retain control of the region", ["retain", "control", "region"]),
        provision("b", "territory", "return the districts", ["return", "district"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["supervising"] == ["a", "b"]
    assert docs["establish a joint committee"] == ["a", "b"]
    assert docs["keep control of the region"] == ["a", "b"]
    assert docs["return the districts"] == ["b"]


def test_agreements_a_wording_without_its_term_word_aligns_on_what_it_names():
    merged = align([
        provision("a", "humanitarian", "public services", ["public", "service"]),
        provision("b", "humanitarian", "restoration of services", ["restoration", "service"]),
        provision("b", "humanitarian", "humanitarian agencies", ["humanitarian", "agency"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["public services"] == ["a", "b"]
    assert docs["humanitarian agencies"] == ["b"]


def test_agreements_setting_up_a_body_is_the_body():
    merged = align([
        provision("a", "monitoring", "establish a joint committee", ["establish", "joint", "committee"]),
        provision("b", "monitoring", "the joint committee", ["joint", "committee"]),
        provision("b", "talks", "establish a schedule", ["establish", "schedule"]),
        provision("a", "talks", "establish a commission", ["establish", "commission"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["establish a joint committee"] == ["a", "b"]
    assert docs["establish a schedule"] == ["b"]  # the verb alone makes no two terms one


def test_agreements_a_placeless_implementation_report_joins_the_other_placed_deal_not_the_main_one():
    def deal(doc: str, role: str, country: str | None) -> Agreement:
        return Agreement(id=f"{doc}:a1", docs=[doc], role=role, place=1 if country else None,
                         place_name={"ZA": "Pretoria", "KE": "Nairobi"}.get(country), place_country=country)

    main = [deal("x", "main", "ZA"), deal("y", "main", "ZA")]
    roadmap = deal("w", "implementation", None)
    merged = story_agreements("s", [*main, deal("z", "main", "KE"), roadmap])
    assert [sorted(a.docs) for a in merged] == [["x", "y"], ["w", "z"]]
    alone = story_agreements("s", [*main, roadmap])  # no other deal reported: it stays its own
    assert [sorted(a.docs) for a in alone] == [["x", "y"], ["w"]]
    headline = Agreement(id="w:a2", docs=["w"], role="main", place=1, place_name="Nairobi", place_country="KE")
    again = story_agreements("s", [*main, headline, roadmap])  # one document states the other deal twice
    assert [sorted(set(a.docs)) for a in again] == [["x", "y"], ["w"]]
    twice = Agreement(id="x:a2", docs=["x"], role="main", place=1, place_name="Pretoria", place_country="ZA")
    assert len(story_agreements("s", [*main, twice])) == 2  # a document's two placed deals stay two


def test_agreements_how_a_term_is_carried_out_does_not_make_it_another_term():
    merged = align([
        provision("a", "humanitarian", "unhindered access to humanitarian supplies",
                  ["unhindered", "access", "humanitarian", "supply"]),
        provision("b", "humanitarian", "expediting aid to those in need", ["expedite", "aid", "need"]),
        provision("b", "humanitarian", "humanitarian agencies", ["humanitarian", "agency"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["unhindered access to humanitarian supplies"] == ["a", "b"]
    assert docs["humanitarian agencies"] == ["b"]


def test_agreements_fixed_phrases_do_not_meet_on_a_shared_word():
    merged = align([
        provision("a", "governance", "restoration of law and order", ["restoration", "law", "order"]),
        provision("b", "governance", "restore law and order", ["restore", "law", "order"]),
        provision("b", "governance", "restoration of constitutional order", ["restoration", "constitutional", "order"]),
    ])
    docs = {p.text: sorted(m.doc for m in p.mentions) for p in merged}
    assert docs["restoration of law and order"] == ["a", "b"]
    assert docs["restoration of constitutional order"] == ["b"]


@pytest.fixture(scope="module")
def seeds():
    from rashomon.annotate import annotate
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    docs = sorted((d for d in read_inputs([str(SEEDS)]) if isinstance(d, Document)), key=lambda d: d.id)
    anns = list(annotate(docs))
    _, agreements = story_of(anns)
    return anns, agreements


def _texts(anns, p: Provision) -> dict[str, list[str]]:
    by_id = {a.doc.id: a.doc.text for a in anns}
    found: dict[str, list[str]] = {}
    for m in p.mentions:
        found.setdefault(m.doc, []).append(by_id[m.doc][m.start:m.end])
    return found


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_agreements_seed_reports_make_one_agreement(seeds):
    anns, agreements = seeds
    both = {a.doc.id for a in anns}
    deal = agreements[0]
    assert set(deal.docs) == both
    assert deal.effective_utc == "2023-09-20T09:00:00Z"
    assert "RUS-PKO" in deal.mediators
    assert sum(a.effective_utc == "2023-09-20T09:00:00Z" for a in agreements) == 1


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_agreements_seed_terms_by_outlet(seeds):
    anns, agreements = seeds
    wire, paper = sorted(a.doc.id for a in anns)
    deal = agreements[0]

    def term(category: str, words: str) -> Provision:
        (found,) = [p for p in deal.provisions if p.category == category
                    and any(words in t for ts in _texts(anns, p).values() for t in ts)]
        return found

    lay_down = term("disarmament", "lay down their")
    assert set(_texts(anns, lay_down)) == {wire, paper}
    full = term("disarmament", "fully disarm")
    assert full is not lay_down
    positions = term("withdrawal", "positions")
    assert set(_texts(anns, positions)) == {wire, paper}
    units = term("withdrawal", "leave the territory")
    assert units is not positions
    term("disbandment", "disbanded")
    handover = term("handover", "heavy")
    assert set(_texts(anns, handover)) == {wire, paper}
    coordination = term("monitoring", "coordination with the Russian peacekeeping contingent")
    assert set(_texts(anns, coordination)) == {wire, paper}
    talks = term("talks", "Yevlakh")
    assert set(_texts(anns, talks)) == {paper}  # one outlet only
    begun = [s for s in full.status if s.status == "implementation-reported"]
    assert begun and begun[0].doc == paper
    assert full.status[0].status == "announced"


def test_agreements_many_wordings_still_align():
    from rashomon.compare.agreements import AVERAGE_LINK_MAX

    many = [provision(f"d{k}", "disarmament", "lay down their weapons", ["lay", "weapon"])
            for k in range(AVERAGE_LINK_MAX + 5)]
    many += [provision("x", "disarmament", "disarm fully", ["disarm", "fully"])]
    merged = align(many)
    assert sorted(len(p.mentions) for p in merged) == [1, AVERAGE_LINK_MAX + 5]


def _news(doc: str, text: str, trigger: str, published: str, target: str = "") -> Annotations:
    """A document of one sentence with one 'happened' event on `trigger` (as the events stage codes it)."""
    at = text.index(trigger)
    args = {"target": {"text": target}} if target else {}
    event = Event(id=f"{doc}:e1", doc=doc, start=0, end=len(text), type="RETREAT", trigger=trigger,
                  trigger_start=at, trigger_end=at + len(trigger), arguments=args)
    return Annotations(doc=Document(id=doc, text=text, hash=doc, published=published), events=[event])


def test_agreements_a_release_report_goes_to_the_term_of_who_was_freed_and_not_to_a_later_extension():
    deal = Agreement(id="s:agreement", docs=["a"], role="main", provisions=[
        provision("a", "exchange", "the release of 30 captives", ["release", "30", "captive"]),
        provision("a", "exchange", "the release of 90 detainees", ["release", "90", "detainee"]),
    ])
    extension = Agreement(id="s:agreement-2", docs=["b"], role="extension", provisions=[
        provision("b", "exchange", "captives would be released", ["captive", "release"]),
    ])
    news = _news("c", "On Friday the militia released 12 captives in the first stage of the deal.", "released",
                 "2031-03-04", target="12 captives")
    link_implementation([deal, extension], [news])
    steps = {p.text: [s.doc for s in p.status if s.status != "announced"] for a in (deal, extension)
             for p in a.provisions}
    assert steps == {"the release of 30 captives": ["c"], "the release of 90 detainees": [],
                     "captives would be released": []}, steps


def test_agreements_a_russian_report_gets_an_agreement_with_its_terms():
    # written for this test: a ceasefire announced with its conditions, in the words of a Russian wire report
    ann = run_pipeline("Азербайджан и представители армянских формирований достигли соглашения о прекращении огня "
                       "при посредничестве российского миротворческого контингента. Согласно соглашению, "
                       "вооружённые формирования должны сложить оружие, покинуть боевые позиции и полностью "
                       "разоружиться. Всё тяжёлое вооружение будет передано российским миротворцам. Режим "
                       "прекращения огня вступает в силу в 13:00 по московскому времени 20 сентября 2023 года.",
                       published="2023-09-20")
    assert ann.doc.language == "ru"
    (deal,) = ann.agreements
    found = {(p.category, p.text) for p in deal.provisions}
    assert {("disarmament", "сложить оружие"), ("withdrawal", "покинуть боевые позиции"),
            ("disarmament", "полностью разоружиться"), ("ceasefire", "прекращении огня")} <= found, found
    assert any(c == "handover" and "вооружение будет передано" in t for c, t in found)
    # the mediator is who brokered the deal, not one of its terms
    assert "RUS-PKO" in deal.mediators and not any("посредничеств" in t for _, t in found)
    assert deal.effective_utc == "2023-09-20T10:00:00Z"  # 13:00 Moscow time


def test_agreements_cue_words_are_data_with_english_and_russian_rows():
    from rashomon.annotate.gazetteer import data_rows

    rows = data_rows("lexicons/agreement_cues.csv")
    for role in ("announce", "agree", "commit", "frame", "obligation", "mediation", "brokered", "list"):
        assert {r["language"] for r in rows if r["role"] == role} == {"en", "ru"}, role
    languages = {r["language"] for r in data_rows("lexicons/provisions.csv")}
    assert languages == {"en", "ru"}


def test_agreements_brokers_named_in_a_list_beside_a_mediation_cue():
    from rashomon.annotate.agreements import named_brokers

    assert set(named_brokers("They signed the Turkish and UN-brokered accord on Friday.")) == {"TUR-GOV", "IGO-UN"}
    assert set(named_brokers("the deal, reached with mediation from Egypt and the UN, holds")) == {"EGY-GOV", "IGO-UN"}
    assert set(named_brokers("Kenya, along with the United States and Norway, has been the key mediator.")) == {
        "KEN-GOV", "USA-GOV", "NOR-GOV"}
    assert set(named_brokers("a Norwegian-Swiss brokered truce")) == {"NOR-GOV", "CHE-GOV"}
    # a route, a venue or a deal brokered by nobody named is no broker
    assert named_brokers("a corridor through Armenia and talks in Geneva; truces brokered during the war") == []


def test_agreements_brokers_the_actors_stage_missed_are_mediators():
    ann = run_pipeline("Mali and the rebels signed a ceasefire agreement on Monday, with mediation from Algeria and "
                       "the African Union. The rebels will withdraw from the city.", published="2031-03-02")
    (deal,) = ann.agreements
    assert {m.split("-")[0] for m in deal.mediators} >= {"DZA", "IGO"}, deal.mediators


def test_agreements_a_later_agreement_of_the_implementing_kind_is_the_implementation_deal():
    ann = run_pipeline("The government and the rebels on Saturday signed an agreement laying out a road map for the "
                       "implementation of a peace deal that both sides reached in Arusha last month.\n"
                       "Army commanders and the rebels had reached an agreement on the disarmament of rebel "
                       "fighters, the government said.", published="2031-03-02")
    roles = {ann.doc.text[m.start:m.end]: a.role for a in ann.agreements for p in a.provisions for m in p.mentions}
    assert any("disarmament" in t and r == "implementation" for t, r in roles.items()), roles
