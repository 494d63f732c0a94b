"""Comparison across languages: a figure, an instant or a duration told in Arabic or Russian joins the same
fact told in English, read by the whole pipeline (language, times, places, counts)."""
from __future__ import annotations

import pytest

from rashomon.compare.dates import instant_facts
from rashomon.compare.facts import number_facts
from rashomon.compare.measures import from_quantity
from rashomon.model import Document, Quantity

TEXTS = {  # undated reports: no publication date, so no clock time has a day
    "en": ("A seven-day ceasefire between the two sides will hold in Gaza. At least 50 hostages will be freed "
           "in exchange for prisoners, officials said."),
    "ar": ("وتستمر الهدنة في قطاع غزة لمدة أسبوع، وتبدأ عند الساعة 7 صباحا بالتوقيت المحلي. "
           "وسيتم الإفراج عن 50 إسرائيليا، على أن يبدأ التسليم الساعة 4 من عصر الجمعة."),
    "ar2": "تبدأ الهدنة في غزة عند الساعة 05,00 ت غ، وتسليم الدفعة الأولى عند 14,00 ت غ.",
    "ru": "Перемирие в секторе Газа продлится четыре недели, заявили в Каире.",
}


@pytest.fixture(scope="module")
def anns():
    from rashomon.annotate.pipeline import annotate

    documents = []
    for name, text in TEXTS.items():
        document = Document(id=name, text=text, hash=name * 8, published=None)
        document.language = name[:2]  # set by the language stage in the pipeline
        documents.append(document)
    return {a.doc.id: a for a in annotate(documents)}


def test_compare_duration_in_arabic_joins_the_english_one(anns):
    """"لمدة أسبوع" of a truce ("الهدنة") is the English "seven-day ceasefire": one figure, agreeing."""
    (fact,) = [f for f in number_facts([anns["en"], anns["ar"]]) if f.key.startswith("duration of truce")]
    assert fact.verdict == "agree" and {v.doc for v in fact.values} == {"en", "ar"}


def test_compare_foreign_duration_needs_what_it_measures(anns):
    """Four weeks of "перемирие" is a truce figure of its own (not the seven days); a bare "أسبوع" that no
    lasting word names is no figure at all."""
    facts = number_facts([anns["en"], anns["ru"]])
    truce = [f for f in facts if f.key.startswith("duration of truce")]
    assert len(truce) == 2 and all(f.verdict == "single-source" for f in truce)
    bare = Document(id="bare", text="سافر الوزير لمدة أسبوع.", hash="bare" * 4, published=None)
    bare.language = "ar"
    from rashomon.annotate.pipeline import annotate

    (alone,) = annotate([bare])
    assert not [f for f in number_facts([alone]) if f.key.startswith("duration")]


def test_compare_same_people_counted_under_another_kind(anns):
    """"50 hostages" freed and "الإفراج عن 50" (released) are one figure; "58 hostages" and "60 prisoners"
    stay two groups of people, neither an update of the other."""
    (fact,) = [f for f in number_facts([anns["en"], anns["ar"]]) if f.key.endswith("(50)")]
    assert fact.verdict == "agree" and {v.doc for v in fact.values} == {"en", "ar"}
    a = Document(id="a", text="Hamas has freed 58 hostages so far.", hash="a" * 8, published="2023-11-27")
    b = Document(id="b", text="Israel released 60 Palestinian prisoners on Tuesday.", hash="b" * 8,
                 published="2023-11-28")
    from rashomon.annotate.pipeline import annotate

    facts = number_facts(list(annotate([a, b])))
    assert all(f.verdict != "update" for f in facts) and all(len(f.values) == 1 for f in facts)


def test_compare_an_estimated_figure_states_its_number():
    q = Quantity(kind="detained", low=228, high=252, text="An estimated 240 people captured", doc="d", start=0,
                 end=32)
    assert from_quantity(q).stated == 240


def test_compare_undated_local_clock_in_arabic_is_a_utc_instant(anns):
    """Two undated Arabic reports: "7 صباحا بالتوقيت المحلي" in Gaza (UTC+2 with no day to tell summer time)
    and "05,00 ت غ" are compared by their UTC clock; a clock the first report gives without a zone ("الساعة 4
    من عصر الجمعة") is in the report's own clock (local time) and joins "14,00 ت غ"."""
    facts = {f.key: {v.doc for v in f.values} for f in instant_facts([anns["ar"], anns["ar2"]])}
    assert facts.get("instant 05:00 UTC, day not stated") == {"ar", "ar2"}
    assert facts.get("instant 14:00 UTC, day not stated") == {"ar", "ar2"}


def test_compare_english_stretch_of_a_foreign_report_gives_its_duration_a_kind():
    """An Arabic report quoting an English statement ("a five-day extension of the ceasefire"): the duration
    the English rules read there measures the extension, as in an English report."""
    from rashomon.annotate.pipeline import annotate

    text = ('وقال البيان إن الطرفين اتفقا. "The parties agreed to a five-day extension of the ceasefire '
            'agreement," the statement said.')
    document = Document(id="q", text=text, hash="q" * 8, published="2023-05-29")
    document.language = "ar"
    (quoted,) = annotate([document])
    assert [f.key for f in number_facts([quoted]) if f.key.startswith("duration")] == \
        ["duration of extension (5 days)"]


def test_compare_story_joins_across_languages_by_ids_and_instants():
    """No word in common: an Arabic report joins the English story through the place id and the UTC instant
    they share (the place alone is not enough), and an unrelated report sharing only the place does not."""
    from rashomon.compare.stories import cluster, profile
    from rashomon.model import ActorMention, Annotations, PlaceMention, TimeMention

    def report(doc_id, text, places, actors=(), instants=()):
        document = Document(id=doc_id, text=text, hash=doc_id * 8, published="2023-05-21")
        return Annotations(
            doc=document,
            places=[PlaceMention(doc=doc_id, start=0, end=1, text="x", geonames_id=g) for g in places],
            actors=[ActorMention(doc=doc_id, start=0, end=1, text="x", actor=a) for a in actors],
            times=[TimeMention(doc=doc_id, start=0, end=1, text="x", type="TIME", value=u[:16], utc=u)
                   for u in instants])

    english = report("en", "The ceasefire takes effect at 21:45 Khartoum time.", [379252, 366755],
                     ["SDN-MIL", "SDN-REB-rsf"], ["2023-05-22T19:45:00Z"])
    arabic = report("ar", "تبدأ الهدنة الساعة 9:45 مساء بتوقيت الخرطوم.", [379252], [], ["2023-05-22T19:45:00Z"])
    other = report("other", "Floods closed the river port at dawn.", [379252, 360630, 361058], [], [])
    groups = [sorted(g) for g in cluster([profile(a) for a in (english, arabic, other)])]
    assert ["ar", "en"] in groups and ["other"] in groups
    arabic.times = []
    assert ["ar"] in [sorted(g) for g in cluster([profile(a) for a in (english, arabic, other)])]
