"""Compare: stories group the right documents; facts get the verdicts a reader would give."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.compare import Clusterer, compare
from rashomon.compare.dates import effective_facts, event_date_facts, instant_facts
from rashomon.compare.facts import number_facts, place_facts
from rashomon.compare.stories import MAX_STORY_DAYS, THRESHOLD, Profile, cluster, similarity
from rashomon.model import (
    Agreement,
    Annotations,
    Document,
    Event,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    TimeMention,
)


def ann(doc_id: str, text: str = "x" * 200, published: str = "2031-11-18", **layers) -> Annotations:
    return Annotations(doc=Document(id=doc_id, text=text, hash=doc_id * 4, published=published), **layers)


def killed(doc_id: str, low, high, text: str) -> Event:
    q = Quantity(kind="killed", low=low, high=high, text=text, doc=doc_id, start=0, end=len(text))
    return Event(id=f"{doc_id}:e1", doc=doc_id, start=0, end=50, type="ASSAULT", trigger="killed", quantities=[q])


def verdict_of(facts, key):
    return next(f.verdict for f in facts if f.key == key)


def test_compare_numbers_conflict_and_fit():
    anns = [ann("a", events=[killed("a", 12, 12, "12 killed")]),
            ann("b", events=[killed("b", 15, None, "at least 15 killed")])]
    assert verdict_of(number_facts(anns), "killed") == "conflict"
    anns = [ann("a", events=[killed("a", 12, 12, "12 killed")]),
            ann("c", events=[killed("c", 11, None, "more than 10 killed")])]
    assert verdict_of(number_facts(anns), "killed") == "agree"


def test_compare_rising_toll_in_later_report_is_an_update():
    anns = [ann("a", published="2031-11-18T10:00:00+00:00", events=[killed("a", 12, 12, "12 killed")]),
            ann("b", published="2031-11-19T10:00:00+00:00", events=[killed("b", 20, 20, "20 killed")])]
    assert verdict_of(number_facts(anns), "killed") == "update"


def test_compare_one_outlet_only_is_single_source():
    anns = [ann("a", events=[killed("a", 12, 12, "12 killed")]), ann("b")]
    assert verdict_of(number_facts(anns), "killed") == "single-source"


def test_compare_same_instant_in_two_clocks_agrees():
    t1 = TimeMention(doc="a", start=0, end=13, text="13:00 (GMT+4)", type="TIME", value="2023-09-20T13:00",
                     utc="2023-09-20T09:00:00Z")
    t2 = TimeMention(doc="b", start=0, end=17, text="12:00 Moscow time", type="TIME", value="2023-09-20T12:00",
                     utc="2023-09-20T09:00:00Z")
    (fact,) = instant_facts([ann("a", times=[t1]), ann("b", times=[t2])])
    assert fact.verdict == "agree" and {v.value for v in fact.values} == {"13:00 (GMT+4)", "12:00 Moscow time"}


def test_compare_contested_names_are_one_place():
    p1 = PlaceMention(doc="a", start=0, end=9, text="Khankendi", geonames_id=146970, name="Khankendi")
    p2 = PlaceMention(doc="b", start=0, end=11, text="Stepanakert", geonames_id=146970, name="Khankendi")
    (fact,) = place_facts([ann("a", places=[p1]), ann("b", places=[p2])])
    assert fact.aspect == "place" and fact.verdict == "agree"
    assert {v.value for v in fact.values} == {"Khankendi", "Stepanakert"}


def talks(doc_id: str, date: str, surface: str) -> Annotations:
    text = f"Talks will be held on {surface} in the capital."
    start = text.index(surface)
    t = TimeMention(doc=doc_id, start=start, end=start + len(surface), text=surface, type="DATE", value=date)
    e = Event(id=f"{doc_id}:e1", doc=doc_id, start=0, end=len(text), type="CONSULT", trigger="Talks", time=date,
              factuality="planned")
    p = Provision(category="talks", text=text, mentions=[ProvisionMention(doc=doc_id, start=0, end=len(text))])
    return ann(doc_id, text=text, times=[t], events=[e],
               agreements=[Agreement(id=f"{doc_id}:a1", docs=[doc_id], provisions=[p])])


def test_compare_talks_on_different_days_conflict():
    facts = event_date_facts([talks("a", "2031-11-20", "Thursday"), talks("b", "2031-11-21", "21 November")])
    (fact,) = facts
    assert fact.verdict == "conflict" and {v.value for v in fact.values} == {"Thursday", "21 November"}
    facts = event_date_facts([talks("a", "2031-11-20", "Thursday"), talks("b", "2031-11-20", "20 November")])
    assert facts[0].verdict == "agree"


def test_compare_different_events_on_different_days_are_not_compared():
    """Only one event's dates are compared: talks and an unrelated strike on other days are no conflict."""
    strike = "Artillery struck the northern depot of the brigade on {}, the monitors reported."
    surface = "Monday"
    text = strike.format(surface)
    t = TimeMention(doc="b2", start=text.index(surface), end=text.index(surface) + len(surface), text=surface,
                    type="DATE", value="2031-11-17")
    e = Event(id="b2:e1", doc="b2", start=0, end=len(text), type="CONSULT", trigger="struck", time="2031-11-17")
    assert event_date_facts([talks("a", "2031-11-20", "Thursday"), ann("b2", text=text, times=[t], events=[e])]) == []


def test_compare_weekday_of_an_undated_report_fits_the_date():
    a = talks("a", "2031-11-20", "Thursday")
    b = talks("b", "XXXX-WXX-4", "Thursday")
    b.doc.published = None
    b.events[0].time = None
    assert event_date_facts([a, b])[0].verdict == "agree"
    b.times[0].value = "XXXX-WXX-5"
    assert event_date_facts([a, b])[0].verdict == "conflict"


def test_compare_effective_time_across_clocks():
    def effective(doc_id, utc, surface):
        t = TimeMention(doc=doc_id, start=0, end=len(surface), text=surface, type="TIME", value="x", utc=utc)
        return ann(doc_id, times=[t], agreements=[Agreement(id="x", docs=[doc_id], effective_utc=utc)])

    (fact,) = effective_facts([effective("a", "2031-11-18T12:00:00Z", "13:00 local time"),
                               effective("b", "2031-11-18T12:00:00Z", "15:00 Moscow time")])
    assert fact.verdict == "agree"
    (fact,) = effective_facts([effective("a", "2031-11-18T12:00:00Z", "13:00 CET"),
                               effective("b", "2031-11-18T13:00:00Z", "13:00 GMT")])
    assert fact.verdict == "conflict"


def test_compare_stories_split_unrelated_documents():
    truce = "The ceasefire between the northern brigades and the valley militia held around the city of Mitrovica. "
    flood = "Heavy rain flooded the river delta and farmers moved their cattle to higher pastures this spring. "
    baku = PlaceMention(doc="", start=0, end=1, text="M", geonames_id=789225)
    anns = [ann("a", text=truce * 3, places=[baku]), ann("b", text=truce * 2 + "Talks follow.", places=[baku]),
            ann("c", text=flood * 3)]
    result = compare(anns)
    groups = sorted(sorted(s.docs) for s in result.stories)
    assert groups == [["a", "b"], ["c"]]


def test_compare_merges_agreements_of_a_story_by_category():
    a, b = talks("a", "2031-11-20", "Thursday"), talks("b", "2031-11-21", "21 November")
    b.doc.text = a.doc.text  # same story
    result = compare([a, b])
    (agreement,) = result.agreements
    assert agreement.docs == ["a", "b"]
    (provision,) = agreement.provisions
    assert provision.category == "talks" and {m.doc for m in provision.mentions} == {"a", "b"}


def test_compare_story_title_comes_from_the_least_loaded_report():
    from rashomon.model import FramingMention

    loaded = ann("a", text="terrorists " * 20)
    loaded.doc.title = "Terrorists accept terms"
    loaded.framing = [FramingMention(doc="a", start=i * 11, end=i * 11 + 10, text="terrorists") for i in range(20)]
    neutral = ann("b", text="terrorists " * 21)
    neutral.doc.title = "Ceasefire takes hold"
    (story,) = compare([loaded, neutral]).stories
    assert story.title == "Ceasefire takes hold"


def test_compare_story_title_is_in_the_language_most_reports_are_in():
    """A report in a language with no framing lexicon has no loaded words found, so it must not win by that."""
    from rashomon.model import FramingMention

    english = [ann(name, text="terrorists " * 20) for name in "ab"]
    for report in english:
        report.doc.language, report.doc.title = "en", f"Terrorists accept terms ({report.doc.id})"
        report.framing = [FramingMention(doc=report.doc.id, start=0, end=10, text="terrorists")]
    russian = ann("c", text="terrorists " * 20)
    russian.doc.language, russian.doc.title = "ru", "Перемирие вступило в силу"
    (story,) = compare([*english, russian]).stories
    assert story.title in {r.doc.title for r in english}


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("2031-W47", "2031-11-20", "agree"),  # "later this week" fits Thursday
        ("2031-W47", "2031-11-24", "conflict"),
        ("2031-11", "2031-11-21", "agree"),
        ("2031-11-20", "2031-11-21", "conflict"),
        ("2031-11-18T12:00:00Z", "2031-11-18T12:00:00Z", "agree"),
    ],
)
def test_compare_planned_dates_agree_when_their_spans_overlap(a, b, verdict):
    first, second = talks("a", a, "x"), talks("b", b, "y")
    assert event_date_facts([first, second])[0].verdict == verdict


WIRE = ("The ceasefire between the two armed groups took effect at noon after three days of talks in the "
        "capital, officials said, adding that monitors would begin patrols along the river on Wednesday "
        "and that prisoners would be exchanged within a week under the terms of the deal. ")


def test_compare_syndicated_copies_are_grouped():
    from rashomon.compare.copies import copy_groups

    a = ann("a", text="Wire Service - " + WIRE * 2)
    b = ann("b", text="Local Paper reports: " + WIRE * 2 + "Follow us for more.")
    c = ann("c", text="Heavy rain flooded the delta; farmers moved cattle to higher pastures. " * 4)
    assert copy_groups([a, b, c]) == [["a", "b"]]


def test_compare_copies_count_as_one_source():
    from rashomon.compare.copies import count_copies_once
    from rashomon.model import Fact, FactValue

    fact = Fact(aspect="claim", key="ASSAULT x → y", verdict="agree",
                values=[FactValue(doc="a", value="v", start=0, end=1), FactValue(doc="b", value="v", start=0, end=1)])
    count_copies_once([fact], [["a", "b"]])
    assert fact.verdict == "single-source"
    fact.verdict = "agree"
    count_copies_once([fact], [["a", "c"]])
    assert fact.verdict == "agree"


profiles_strategy = st.lists(
    st.tuples(st.frozensets(st.sampled_from("abcdefgh"), max_size=3), st.frozensets(st.sampled_from("uvwxyz"),
                                                                                     max_size=4),
              st.one_of(st.none(), st.integers(0, MAX_STORY_DAYS))),
    max_size=14)


def _as_profiles(raw) -> list[Profile]:
    return [Profile(f"d{i}", entities, words, None if day is None else date(2023, 1, 1) + timedelta(days=day))
            for i, (entities, words, day) in enumerate(raw)]


def _components(profiles: list[Profile]) -> set[frozenset[str]]:
    """Brute force: every pair compared, linked pairs merged."""
    groups = {p.doc: {p.doc} for p in profiles}
    for i, a in enumerate(profiles):
        for b in profiles[i + 1:]:
            if similarity(a, b) >= THRESHOLD and groups[a.doc] is not groups[b.doc]:
                merged = groups[a.doc] | groups[b.doc]
                for doc in merged:
                    groups[doc] = merged
    return {frozenset(g) for g in groups.values()}


@given(profiles_strategy, st.randoms(use_true_random=False))
def test_compare_windowed_clustering_equals_all_pairs_single_link(raw, rng):
    """Closing stories the window has passed loses no link, and input order does not matter (documents
    within one story span, where the span cap does not apply)."""
    profiles = _as_profiles(raw)
    shuffled = profiles[:]
    rng.shuffle(shuffled)
    assert {frozenset(s) for s in cluster(profiles)} == _components(profiles)
    assert {frozenset(s) for s in cluster(shuffled)} == _components(profiles)


def test_compare_a_story_spans_at_most_max_story_days():
    """Daily reports that each link to the day before chain into one story only up to the span cap."""
    day0 = date(2023, 1, 1)
    chain = [Profile(f"d{i:02d}", frozenset({"x", "y"}), frozenset({"siege", "city"}), day0 + timedelta(days=i))
             for i in range(70)]
    stories = cluster(chain)
    assert len(stories) == 3 and sorted(d for s in stories for d in s) == [p.doc for p in chain]
    day_of = {p.doc: p.day for p in chain}
    assert all((max(day_of[d] for d in s) - min(day_of[d] for d in s)).days <= MAX_STORY_DAYS for s in stories)


def test_compare_clusterer_hands_out_stories_the_window_has_passed():
    clusterer = Clusterer()
    first = Profile("a", frozenset({"x"}), frozenset({"word"}), date(2023, 1, 1))
    assert clusterer.add(first) == []
    assert clusterer.add(Profile("b", frozenset({"x"}), frozenset({"word"}), date(2023, 1, 5))) == []
    later = Profile("c", frozenset({"x"}), frozenset({"word"}), date(2023, 1, 30))
    assert clusterer.add(later) == [["a", "b"]]  # closed: nothing 25 days on can link to it
    assert clusterer.finish() == [["c"]]
    with pytest.raises(ValueError, match="publication order"):
        clusterer.add(first)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed_story():
    """The two sample reports, annotated by the real pipeline and compared."""
    from rashomon.annotate import annotate
    from rashomon.ingest import read_inputs

    if not SEEDS.exists():
        pytest.skip("shared/seeds not present")
    anns = list(annotate([d for d in read_inputs([str(SEEDS)]) if isinstance(d, Document)]))
    (story,) = compare(anns).stories
    return anns, story


def test_compare_seeds_one_instant_in_two_clocks(seed_story):
    _, story = seed_story
    (fact,) = [f for f in story.facts if f.key.startswith("instant")]
    assert fact.verdict == "agree"
    assert {v.value for v in fact.values} == {"13:00 (GMT+4)", "12:00 Moscow time"}
    assert not [f for f in story.facts if f.verdict == "conflict"]


def test_compare_seeds_talks_in_yevlakh_are_single_source(seed_story):
    anns, story = seed_story
    yevlakh = [f for f in story.facts if f.aspect == "claim" and any("Yevlakh" in v.value for v in f.values)]
    assert yevlakh and all(f.verdict == "single-source" for f in yevlakh)
    (teller,) = {v.doc for f in yevlakh for v in f.values}
    assert "Yevlakh" in next(a.doc.text for a in anns if a.doc.id == teller)


def test_compare_seeds_khankendi_is_a_contested_name(seed_story):
    anns, _ = seed_story
    names = {(f.text, f.kind) for a in anns for f in a.framing}
    assert ("Khankendi", "contested-name") in names


def said(doc_id: str, text: str, factuality: str) -> Annotations:
    e = Event(id=f"{doc_id}:e1", doc=doc_id, start=0, end=len(text), type="ASSAULT", trigger="struck",
              source="RUS-MIL", factuality=factuality)
    return ann(doc_id, text=text, events=[e])


def test_compare_denial_of_the_same_claim_is_a_conflict():
    from rashomon.compare.facts import claim_facts

    facts = claim_facts([said("a", "Missiles struck the port of the city overnight, officials said.", "happened"),
                         said("b", "Missiles struck the port of the city overnight, the ministry denied.", "denied")])
    assert [f.verdict for f in facts] == ["conflict"]


def test_compare_loosely_similar_denial_is_no_conflict():
    """A denial that only shares some words with a claim is kept apart, not reported as a conflict."""
    from rashomon.compare.facts import claim_facts

    facts = claim_facts([
        said("a", "Missiles struck the port of the city overnight and set grain silos on fire, officials said.",
             "happened"),
        said("b", "The ministry denied that its aircraft struck the port during the ceasefire talks.", "denied")])
    assert facts and all(f.verdict != "conflict" for f in facts)


def test_compare_effective_time_in_the_same_words_published_on_other_days_agrees():
    """'01:00 local time' read against two publication days is one clock time, not two days; a deadline
    ("not later than midnight") is not when anything took effect."""
    def effective(doc_id, utc, text, surface):
        start = text.index(surface)
        t = TimeMention(doc=doc_id, start=start, end=start + len(surface), text=surface, type="TIME", value="x",
                        utc=utc)
        return ann(doc_id, text=text, times=[t], agreements=[Agreement(id="x", docs=[doc_id], effective_utc=utc)])

    text = "The truce took effect at 01:00 local time, the ministry said."
    (fact,) = effective_facts([effective("a", "2031-11-09T21:00:00Z", text, "01:00 local time"),
                               effective("b", "2031-11-08T21:00:00Z", text, "01:00 local time")])
    assert fact.verdict == "agree"
    deadline = "Protesters demanded he resign not later than midnight, after the truce."
    (fact,) = effective_facts([effective("a", "2031-11-09T21:00:00Z", text, "01:00 local time"),
                               effective("c", "2031-11-10T20:00:00Z", deadline, "midnight")])
    assert fact.verdict == "single-source" and [v.doc for v in fact.values] == ["a"]


def test_compare_two_reports_negating_the_same_thing_agree():
    """'release not before Friday' coded as a happening in one report and a denial in the other is one claim."""
    from rashomon.compare.facts import claim_facts

    facts = claim_facts([said("a", "Aide says the release of hostages will not happen before Friday.", "happened"),
                         said("b", "Aide says the release of hostages will not happen before Friday.", "denied")])
    assert [f.verdict for f in facts] == ["agree"]


def test_compare_claim_values_name_who_says_them():
    """A claim's value carries its speaker from the claims layer; the outlet's own voice has none."""
    from rashomon.compare.facts import claim_facts
    from rashomon.model import Claim

    text = "Missiles struck the port of the city overnight, the ministry said."
    a = said("a", text, "happened")
    a.claims = [Claim(doc="a", start=0, end=46, text=text[:46], speaker="UKR-GOV", speaker_text="the ministry",
                      factuality="reported")]
    (fact,) = claim_facts([a, said("b", text, "happened")])
    assert {v.doc: v.speaker for v in fact.values} == {"a": "UKR-GOV", "b": None}


def told(doc_id: str, sentences: list[tuple[str, str]]) -> Annotations:
    """A report of several lines, one event per (line, trigger); the event spans its line."""
    text = "\n".join(line for line, _ in sentences)
    events, at = [], 0
    for k, (line, trigger) in enumerate(sentences):
        events.append(Event(id=f"{doc_id}:e{k}", doc=doc_id, start=at, end=at + len(line), type="SUPPORT",
                            trigger=trigger, source="ARM-GOV"))
        at += len(line) + 1
    return ann(doc_id, text=text, events=events)


def test_compare_a_report_telling_an_event_twice_joins_once_with_its_own_sentence():
    """A report repeats its headline in the text; its retellings are one event, and the value standing for
    the report is its own sentence, not the headline line."""
    from rashomon.compare.coref import coreferent_events
    from rashomon.compare.facts import claim_facts

    a = told("a", [("Armenia signs peace deal with Azerbaijan", "signs"),
                   ("Armenia has signed a peace deal with Azerbaijan and Russia to end the war in the region.",
                    "signed")])
    b = told("b", [("The prime minister said he had signed the peace deal with Azerbaijan and Russia overnight.",
                    "signed")])
    signing = [g for g in coreferent_events([a, b]) if len({m.doc for m in g}) == 2]
    assert len(signing) == 1 and len(signing[0]) == 3
    (fact,) = [f for f in claim_facts([a, b]) if len(f.values) == 2]
    assert {v.doc: v.start for v in fact.values}["a"] == a.events[1].start


def test_compare_agreeing_verbs_meet_across_coders_types():
    """'agreed to a ceasefire' coded CONCEDE by one coder is the 'signed' deal (SUPPORT) of another; an easing
    (CONCEDE) is not."""
    from rashomon.compare.coref import family

    def event(type_: str, trigger: str) -> Event:
        return Event(id="e", doc="d", start=0, end=1, type=type_, trigger=trigger)

    assert family(event("CONCEDE", "agreed")) == family(event("SUPPORT", "signed")) == family(event("AGREE", "reached"))
    assert family(event("CONCEDE", "eased")) != family(event("SUPPORT", "signed"))


def test_compare_the_reports_whose_dates_fit_keep_the_event_date():
    """Three reports date the talks to Thursday, a loosely matched fourth to another day: without the words
    to call it a conflict, the fitting three still give the event's date, the fourth is left out."""
    def report(doc_id, value, surface, said, where="in the capital"):
        text = f"Talks will be held on {surface} {where}, {said} said."
        start = text.index(surface)
        t = TimeMention(doc=doc_id, start=start, end=start + len(surface), text=surface, type="DATE", value=value)
        return ann(doc_id, text=text, times=[t], events=[Event(id=f"{doc_id}:e1", doc=doc_id, start=0, end=len(text),
                                                               type="CONSULT", trigger="Talks")])

    reports = [report("a", "2031-11-20", "Thursday", "envoys"),
               report("b", "2031-11-20", "Thursday", "envoys and mediators"),
               report("c", "2031-11-20", "Thursday", "mediators and ministers")]
    other = report("d", "2031-11-24", "Monday", "ministers", "after the depot strike")
    (fact,) = event_date_facts([*reports, other])
    assert fact.verdict == "agree" and {v.doc for v in fact.values} == {"a", "b", "c"}


def test_compare_an_instant_that_is_the_effective_time_joins_it():
    """One report gives '21:45 Khartoum time' as the effective time, another gives '1945 GMT' only as a clock
    time: both answer when the truce took effect; the instant stays a fact of its own too."""
    from rashomon.compare.dates import EFFECTIVE, time_facts

    def report(doc_id, surface, effective):
        t = TimeMention(doc=doc_id, start=0, end=len(surface), text=surface, type="TIME", value="x",
                        utc="2031-05-22T19:45:00Z")
        ags = [Agreement(id="x", docs=[doc_id], effective_utc="2031-05-22T19:45:00Z")] if effective else []
        return ann(doc_id, text=f"{surface} on May 22, the truce begins.", times=[t], agreements=ags)

    facts = {f.key: f for f in time_facts([report("a", "21:45 Khartoum time", True), report("b", "1945 GMT", False),
                                            report("c", "9:45 p.m. Khartoum time", False)])}
    assert facts[EFFECTIVE].verdict == "agree" and {v.doc for v in facts[EFFECTIVE].values} == {"a", "b", "c"}
    assert {v.doc for v in facts["instant 2031-05-22T19:45Z"].values} == {"a", "b", "c"}


def test_compare_reports_in_two_languages_meet_through_what_they_name():
    """A Russian and an English report share no word, but name the same actors and place by id: their
    signings are one event; one shared id alone (a country) is not enough."""
    from rashomon.compare.coref import coreferent_events
    from rashomon.model import ActorMention

    def report(doc_id, language, text, trigger, names):
        a = ann(doc_id, text=text, events=[Event(id=f"{doc_id}:e1", doc=doc_id, start=0, end=len(text),
                                                   type="SUPPORT", trigger=trigger)])
        a.doc.language = language
        a.places = [PlaceMention(doc=doc_id, start=text.index(w), end=text.index(w) + len(w), text=w,
                                 geonames_id=gid) for w, gid in names if isinstance(gid, int)]
        a.actors = [ActorMention(doc=doc_id, start=text.index(w), end=text.index(w) + len(w), text=w, actor=actor)
                    for w, actor in names if isinstance(actor, str)]
        return a

    ru = report("ru", "ru", "Шойгу подписал документ в Стамбуле вместе с Турцией.", "подписал",
                [("Шойгу", "RUS-MIL-shoigu"), ("Стамбуле", 745044), ("Турцией", "TUR-GOV")])
    en = report("en", "en", "Shoigu signed the document in Istanbul alongside Turkey.", "signed",
                [("Shoigu", "RUS-MIL-shoigu"), ("Istanbul", 745044), ("Turkey", "TUR-GOV")])
    assert [sorted(m.doc for m in g) for g in coreferent_events([ru, en])] == [["en", "ru"]]
    lone = report("en", "en", "Turkey signed a separate document with the lenders on trade.", "signed",
                  [("Turkey", "TUR-GOV")])
    assert len(coreferent_events([ru, lone])) == 2


def test_compare_a_headline_telling_makes_no_conflict_with_a_denial():
    """A report's headline "So far hostages released" and another report's "none … said how many hostages
    would be released" share their few words; the report's own sentence, the telling shown, does not say
    what the denial denies, so there is no conflict."""
    from rashomon.compare.facts import claim_facts

    def report(doc_id, lines, factuality):
        text = "\n".join(lines)
        events, at = [], 0
        for k, line in enumerate(lines):
            events.append(Event(id=f"{doc_id}:e{k}", doc=doc_id, start=at, end=at + len(line), type="RETREAT",
                                trigger="released", factuality=factuality))
            at += len(line) + 1
        return ann(doc_id, text=text, events=events)

    a = report("a", ["So far hostages released",
                     "Twenty hostages were released by the group at the crossing on Friday evening."], "happened")
    b = report("b", ["So far none of the announcements said how many hostages would be released."], "denied")
    assert all(f.verdict != "conflict" for f in claim_facts([a, b]))
