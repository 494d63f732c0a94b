"""Times: TIMEX3 values, UTC for zoned clock times, anchoring of relative expressions."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.annotate.times import find_times
from rashomon.model import Document, PlaceMention


def tag(text: str, published: str | None = None, places=()):
    doc = Document(id="d", text=text, hash="h", published=published)
    return find_times(doc, [(0, len(text))], list(places))


def one(text: str, published: str | None = None, places=()):
    found = tag(text, published, places)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "published", "surface", "value", "utc"),
    [
        ("reached on September 20, 2023, at 13:00 (GMT+4) under", None, "13:00 (GMT+4)", "2023-09-20T13:00",
         "2023-09-20T09:00:00Z"),
        ("The disarmament began at 12:00 Moscow time.", "2023-09-20T12:30:00+03:00", "12:00 Moscow time",
         "2023-09-20T12:00", "2023-09-20T09:00:00Z"),
        ("It takes effect at 1300 CET.", "2031-11-18", "1300 CET", "2031-11-18T13:00", "2031-11-18T12:00:00Z"),
        ("Shelling stopped at 14:00 (UTC+2).", "2031-11-18", "14:00 (UTC+2)", "2031-11-18T14:00",
         "2031-11-18T12:00:00Z"),
        ("Fighting resumed at 3 p.m. GMT.", "2031-11-18", "3 p.m. GMT", "2031-11-18T15:00", "2031-11-18T15:00:00Z"),
        ("Summer clocks: 12:00 Moscow time.", "2023-07-01", "12:00 Moscow time", "2023-07-01T12:00",
         "2023-07-01T09:00:00Z"),
        ("London in summer: 10:00 London time.", "2023-07-01", "10:00 London time", "2023-07-01T10:00",
         "2023-07-01T09:00:00Z"),
        ("A clock with no zone: 09:15.", "2023-07-01", "09:15", "2023-07-01T09:15", None),
    ],
)
def test_times_clock_to_utc(text, published, surface, value, utc):
    (t,) = [t for t in tag(text, published) if t.type == "TIME"]
    assert (t.text, t.type, t.value, t.utc) == (surface, "TIME", value, utc)


def test_times_same_instant_in_different_clocks():
    a = next(t for t in tag("at 13:00 (GMT+4) on 20 September 2023") if t.type == "TIME")
    b = next(t for t in tag("at 12:00 Moscow time on 20 September 2023") if t.type == "TIME")
    assert a.utc == b.utc == "2023-09-20T09:00:00Z"


def test_times_local_time_uses_the_sentence_place_zone():
    text = "In Baku the truce began at 01:00 local time."
    baku = PlaceMention(doc="d", start=3, end=7, text="Baku", geonames_id=587084, timezone="Asia/Baku")
    t = next(t for t in tag(text, "2020-11-10", [baku]) if t.type == "TIME")
    assert t.utc == "2020-11-09T21:00:00Z"


@pytest.mark.parametrize(
    ("text", "value", "type_"),
    [
        ("launched a day ago", "2023-09-19", "DATE"),
        ("two days ago", "2023-09-18", "DATE"),
        ("to visit Yevlakh tomorrow", "2023-09-21", "DATE"),
        ("said yesterday", "2023-09-19", "DATE"),
        ("on Tuesday", "2023-09-19", "DATE"),
        ("next Monday", "2023-09-25", "DATE"),
        ("signed on 9-10 November 2020", "2020-11-09/2020-11-10", "DATE"),
        ("talks will resume on 21 November", "2023-11-21", "DATE"),
        ("fighting broke out on 21 November", "2022-11-21", "DATE"),
        ("the fighting on Monday", "2023-09-18", "DATE"),
        ("talks will be held on Friday", "2023-09-22", "DATE"),
        ("late last year", "2022", "DATE"),
        ("the third quarter", "2023-Q3", "DATE"),
        ("the past two months", "P2M", "DURATION"),
        ("recent years", "PXY", "DURATION"),
        ("Wednesday night", "2023-09-20TNI", "TIME"),  # TimeML: a part of a day is a TIME
        ("tonight", "2023-09-20TNI", "TIME"),
        ("by the end of 2024", "2024", "DATE"),
        ("prices are now higher", "PRESENT_REF", "DATE"),
        ("profit for the quarter rose", "2023-Q2", "DATE"),
        ("in March 2022", "2022-03", "DATE"),
        ("since 1994", "1994", "DATE"),
        ("after six weeks of fighting", "P6W", "DURATION"),
        ("within 24 hours", "PT24H", "DURATION"),
        ("patrols run every day", "P1D", "SET"),
        ("published 2023-09-20 online", "2023-09-20", "DATE"),
    ],
)
def test_times_dates_relative_to_publication(text, value, type_):
    t = one(text, "2023-09-20T12:30:00+03:00")
    assert (t.value, t.type) == (value, type_)


def test_times_relative_without_publication_time_stays_relative():
    assert one("tomorrow").value == "FUTURE_REF"
    assert one("yesterday").value == "PAST_REF"


def test_times_decimals_are_not_clock_times():
    assert tag("Prices rose 3.5 percent and 12.30 million people") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 :.-aAmpMGTUC+()JanuarySeptembertodayago")), max_size=80))
def test_times_offsets_always_slice_the_mention(text):
    for t in tag(text, "2023-09-20"):
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text", ["Dardania Today reported it.", "\n\tToday the talks began.", "Today", " \n Today"])
def test_times_today_as_part_of_a_name_or_after_whitespace(text):
    found = tag(text, "2031-11-18")
    assert [t.value for t in found] == ([] if text.startswith("Dardania") else ["2031-11-18"])


@pytest.mark.parametrize(
    ("text", "published", "anchor", "granularity"),
    [
        ("on 20 September 2023", None, "explicit", "day"),
        ("tomorrow", "2023-09-20", "dct", "day"),
        ("tomorrow", None, "unresolved", None),
        ("last week", "2023-09-20", "dct", "week"),
        ("the third quarter", "2023-09-20", "dct", "quarter"),
        ("six weeks", None, "explicit", None),
        ("in March 2022", None, "explicit", "month"),
        ("Wednesday night", "2023-09-20", "dct", "part-of-day"),
    ],
)
def test_times_say_how_they_were_obtained(text, published, anchor, granularity):
    t = one(text, published)
    assert (t.anchor, t.granularity) == (anchor, granularity)


def test_times_clock_takes_its_anchor_from_its_day():
    explicit = next(t for t in tag("at 13:00 (GMT+4) on 20 September 2023") if t.type == "TIME")
    relative = next(t for t in tag("at 13:00 (GMT+4) tomorrow", "2023-09-20") if t.type == "TIME")
    unknown = next(t for t in tag("at 13:00 (GMT+4)") if t.type == "TIME")
    assert (explicit.anchor, relative.anchor, unknown.anchor) == ("explicit", "dct", "unresolved")
    assert relative.utc == "2023-09-21T09:00:00Z" and unknown.utc is None


def test_times_without_dct_lean_on_the_text_not_on_today():
    found = tag("The truce began on Tuesday, 18 November 2031. Talks will follow on Thursday.")
    thursday = next(t for t in found if t.text == "Thursday")
    assert (thursday.value, thursday.anchor) == ("2031-11-20", "context")


@pytest.mark.parametrize(
    ("text", "published", "utc"),
    [
        ("at 13:00 +0400", "2023-09-20", "2023-09-20T09:00:00Z"),
        ("at 13:00 +04:00", "2023-09-20", "2023-09-20T09:00:00Z"),
        ("at 13:00 (UTC-5)", "2023-09-20", "2023-09-20T18:00:00Z"),
        ("at 13:00 GMT+5:30", "2023-09-20", "2023-09-20T07:30:00Z"),
        ("at 13:00 MSK", "2023-09-20", "2023-09-20T10:00:00Z"),
        ("at 13:00 EEST", "2023-09-20", "2023-09-20T10:00:00Z"),
        ("at 13:00 Baku time", "2023-09-20", "2023-09-20T09:00:00Z"),
        ("at 13:00 Kyiv time", "2023-09-20", "2023-09-20T10:00:00Z"),
        ("at 13:00 Kyiv time", "2023-12-20", "2023-12-20T11:00:00Z"),  # winter: EET
        ("at 12:00 Berlin time", "2024-03-30", "2024-03-30T11:00:00Z"),  # last day of CET
        ("at 12:00 Berlin time", "2024-03-31", "2024-03-31T10:00:00Z"),  # first day of CEST
        ("at 12:00 Moscow time", "2010-07-01", "2010-07-01T08:00:00Z"),  # Moscow summer time then (UTC+4)
        ("at 12:00 Washington time", "2023-11-06", "2023-11-06T17:00:00Z"),  # day after US DST ends
    ],
)
def test_times_zone_forms_and_dst(text, published, utc):
    (t,) = [t for t in tag(text, published) if t.type == "TIME"]
    assert t.utc == utc


def test_times_ambiguous_abbreviation_follows_the_documents_places():
    israel = PlaceMention(doc="d", start=0, end=9, text="Jerusalem", country="IL", timezone="Asia/Jerusalem")
    text = "Jerusalem: at 10:00 IST on 20 September 2023."
    (t,) = [t for t in tag(text, None, [israel]) if t.type == "TIME"]
    assert t.utc == "2023-09-20T07:00:00Z"  # Israel, summer time (UTC+3)
    (t,) = [t for t in tag("at 10:00 IST on 20 September 2023") if t.type == "TIME"]
    assert t.utc == "2023-09-20T04:30:00Z"  # India when nothing says otherwise


def test_times_parenthetical_gloss_gives_local_time_its_instant():
    found = [t for t in tag("The curfew starts at 1300 local time (0900 UTC).", "2023-09-20") if t.type == "TIME"]
    assert [t.utc for t in found] == ["2023-09-20T09:00:00Z"] * 2


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("on the night of 19 to 20 September", "the night of 19 to 20 September", "2023-09-19/2023-09-20"),
        ("in the early hours of Wednesday", "the early hours of Wednesday", "2023-09-20"),
        ("from mid-September", "mid-September", "2023-09"),
        ("until 21 September", "21 September", "2023-09-21"),
    ],
)
def test_times_extents_with_modifiers(text, surface, value):
    t = one(text, "2023-09-20")
    assert (t.text, t.value) == (surface, value)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_times_seed_reports():
    """The two sample reports: one instant in two clocks, and relative days from the dateline."""
    from rashomon.ingest import read_inputs
    from rashomon.model import Document as Doc

    docs = {d.id[:3]: d for d in read_inputs([str(SEEDS)]) if isinstance(d, Doc)}
    first = [t for t in find_times(docs["000"], [(0, len(docs["000"].text))], []) if t.type == "TIME"]
    second = find_times(docs["001"], _sentences(docs["001"].text), [])
    assert {t.utc for t in first} == {"2023-09-20T09:00:00Z"}
    assert {t.utc for t in second if t.type == "TIME"} == {"2023-09-20T09:00:00Z"}
    values = {t.text: t.value for t in second}
    assert values["a day ago"] == "2023-09-19" and values["tomorrow"] == "2023-09-21"


def _sentences(text: str) -> list[tuple[int, int]]:
    from rashomon.annotate.nlp import load_nlp

    return [(s.start_char, s.end_char) for s in load_nlp()(text).sents]


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("on Thanksgiving Day", "1999-11-30", "1999-11-25"),
        ("since Christmas", "2024-01-10", "2023-12-25"),
        ("before Orthodox Easter", "2023-04-20", "2023-04-16"),
        ("on Good Friday 2024", None, "2024-03-29"),
        ("the march will be held on Victory Day", "2023-04-20", "2023-05-09"),
        ("on Memorial Day", "2023-06-01", "2023-05-29"),
    ],
)
def test_times_holidays(text, published, value):
    assert one(text, published).value == value


def test_times_a_year_earlier_keeps_the_period_just_named():
    found = tag("Profit rose in the third quarter from a year earlier.", "1989-11-02")
    assert [t.value for t in found] == ["1989-Q3", "1988-Q3"]
    found = tag("Prices rose in October, up from a year ago.", "1989-11-02")
    assert [t.value for t in found] == ["1989-10", "1988-10"]
    assert [t.value for t in tag("He left a year ago.", "1989-11-02")] == ["1988"]


@pytest.mark.parametrize("text", ["as previously reported", "future generations", "recent rulings", "paid annually"])
def test_times_words_timeml_does_not_mark(text):
    assert tag(text, "2023-09-20") == []


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        # the reporting verb is nearer than the future cue: the weekday dates the statement
        ("The ministry said on Friday that talks will resume", "2023-09-20", "2023-09-15"),
        ("Talks will be held on Friday", "2023-09-20", "2023-09-22"),
        # a plan in the past tense is not a future date
        ("The talks, which were due to open on Friday, collapsed", "2023-09-20", "2023-09-15"),
        ("The dividend will be paid to holders of record on Dec. 15", "2023-11-20", "2023-12-15"),
        ("Fighting broke out on Dec. 30", "2023-11-20", "2022-12-30"),
        # an end point after "to"/"by": the verb dates the decision, not the date
        ("The deadline was extended to Dec. 1", "2023-11-20", "2023-12-01"),
        # no tense either way: the nearest occurrence
        ("a cut in supply in December", "2023-11-20", "2023-12"),
        ("a cut in supply in June", "2023-11-20", "2023-06"),
    ],
)
def test_times_tense_picks_the_side_of_year_less_dates(text, published, value):
    (t,) = [t for t in tag(text, published) if t.type == "DATE"]
    assert t.value == value


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("prices peaked in the late 1970s", "the late 1970s", "197"),
        ("a hit of the '80s", "the '80s", "198"),
        ("since the nineties", "the nineties", "199"),
        ("growth in the 2020s", "the 2020s", "202"),
        ("a 20th-century treaty", "20th-century", "19"),
        ("in the nineteenth century", "the nineteenth century", "18"),
        ("in nineteen ninety-six", "nineteen ninety-six", "1996"),
        ("by the year two thousand", "the year two thousand", "2000"),
        ("in mid-1996", "mid-1996", "1996"),
    ],
)
def test_times_decades_centuries_and_spelled_years(text, surface, value):
    t = one(text, "2023-09-20")
    assert (t.text, t.type, t.value) == (surface, "DATE", value)


@pytest.mark.parametrize(
    "text", ["a 52-year-old man", "Smith, 52 years old, said", "four flights a week", "it saves $2 million a year",
             "a film called High Noon", "the Communist Party daily Granma wrote", "he said on CBS's ''60 Minutes''",
             "the Israeli daily Haaretz reported"])
def test_times_ages_rates_and_names_are_not_times(text):
    assert tag(text, "2023-09-20") == []


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("for a week", "a week", "P1W"),
        ("jobs grew over the past two years", "the past two years", "P2Y"),
        ("it lasted over 20 years", "over 20 years", "P20Y"),
    ],
)
def test_times_durations_and_their_qualifiers(text, surface, value):
    t = one(text, "2023-09-20")
    assert (t.text, t.value) == (surface, value)


@pytest.mark.parametrize(
    ("text", "published", "surface", "value", "utc"),
    [
        ("Talks broke off at noon Thursday.", "2023-09-20", "noon Thursday", "2023-09-14T12:00", None),
        ("The offer expired at midnight Friday.", "2023-09-20", "midnight Friday", "2023-09-15T24:00", None),
        ("The curfew starts at midnight Moscow time.", "2023-09-20", "midnight Moscow time", "2023-09-20T24:00",
         "2023-09-20T21:00:00Z"),
        ("The offer was extended until 5 p.m. EST Nov. 9.", "1989-11-02", "5 p.m. EST Nov. 9", "1989-11-09T17:00",
         "1989-11-09T22:00:00Z"),
        ("He was seized at 10 p.m. Wednesday, police said.", "2023-09-22", "10 p.m. Wednesday", "2023-09-20T22:00",
         None),
    ],
)
def test_times_clock_joined_with_its_day(text, published, surface, value, utc):
    (t,) = tag(text, published)
    assert (t.text, t.type, t.value, t.utc) == (surface, "TIME", value, utc)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("in an editorial on Saturday, April 25:", "Saturday, April 25", "2023-04-25"),
        ("Fighting resumed in June last year.", "June last year", "2022-06"),
        ("the vote in January this year", "January this year", "2023-01"),
        ("January nineteen ninety-seven. A second bomb", "January nineteen ninety-seven", "1997-01"),
    ],
)
def test_times_neighbours_read_as_one_date(text, surface, value):
    (t,) = tag(text, "2023-09-20" if "April" not in text else "2023-04-27")
    assert (t.text, t.type, t.value) == (surface, "DATE", value)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Profit rose in the third quarter from $2 million in the year-ago quarter.", ["1989-Q3", "1988-Q3"]),
        ("In the second quarter sales fell. The latest period also had a charge.", ["1989-Q2", "1989-Q2"]),
        ("The year-ago results were restated.", ["1988"]),
        ("in the year-earlier third quarter", ["1988-Q3"]),
        ("a charge in the 1988 second quarter", ["1988-Q2"]),
        ("sales for this year's third quarter", ["1989-Q3"]),
        ("effective in next year's first quarter", ["1990-Q1"]),
        ("losses through the third quarter of 1990", ["1990-Q3"]),
        ("earnings rose in the fiscal first quarter", ["1989-Q1"]),
        ("an increase for the full year", ["1989"]),
        ("to close the deal by year-end", ["1989"]),
    ],
)
def test_times_financial_periods(text, values):
    assert [t.value for t in tag(text, "1989-11-02")] == values


def test_times_the_year_ended_is_twelve_months():
    t, _june_30 = tag("revenue for the year ended June 30 rose", "1989-11-02")
    assert (t.text, t.type, t.value) == ("the year", "DURATION", "P1Y")
    assert [t.text for t in tag("The year-ago quarter", "1989-11-02")] == ["The year-ago quarter"]
    assert [t.text for t in tag("The year-ago results", "1989-11-02")] == ["year-ago"]


@pytest.mark.parametrize(
    ("text", "surface", "value", "type_"),
    [
        ("to slow in coming months", "coming months", "PXM", "DURATION"),
        ("prices in the weeks ahead", "the weeks ahead", "PXW", "DURATION"),
        ("equipment in the coming years", "the coming years", "PXY", "DURATION"),
        ("it will not change for a couple of years", "a couple of years", "P2Y", "DURATION"),
        ("the base for at least 20 more years", "at least 20 more years", "P20Y", "DURATION"),
        ("a flight departing each Thursday", "each Thursday", "XXXX-WXX-4", "SET"),
        ("the march held every July", "every July", "XXXX-07", "SET"),
        ("interest paid every quarter", "every quarter", "P3M", "SET"),
        ("average hourly earnings", "hourly", "PT1H", "SET"),
        ("they will leave soon", "soon", "FUTURE_REF", "DATE"),
        ("a reply as soon as possible", "as soon as possible", "FUTURE_REF", "DATE"),
        ("this coming Sunday", "this coming Sunday", "2023-09-24", "DATE"),
        ("down from the previous Friday", "the previous Friday", "2023-09-15", "DATE"),
        ("Last April, the talks failed", "Last April", "2023-04", "DATE"),
    ],
)
def test_times_vague_spans_sets_and_directions(text, surface, value, type_):
    t = one(text, "2023-09-20")
    assert (t.text, t.value, t.type) == (surface, value, type_)


@pytest.mark.parametrize("text", ["as soon as talks begin", "soon after the vote", "The quarter-to-quarter change"])
def test_times_conjunctions_are_not_times(text):
    assert tag(text, "2023-09-20") == []


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        # within a month of publication the nearest reading wins, whatever tense the sentence seems to have
        ("The court decided to hear the case on Feb. 10", "2000-01-20", "2000-02-10"),
        ("The ministry said it had set Jan. 14 as the deadline", "2000-01-15", "2000-01-14"),
        ("NATO decided to admit them in early March", "1999-02-10", "1999-03"),
        # further away the tense still decides
        ("Fighting broke out on Dec. 30", "2023-11-20", "2022-12-30"),
        ("Prices peaked in March", "2023-10-30", "2023-03"),
    ],
)
def test_times_near_dates_are_the_nearest_occurrence(text, published, value):
    (t,) = tag(text, published)
    assert t.value == value


@pytest.mark.parametrize(
    ("text", "published", "surface", "value"),
    [
        ("demand grew over the summer", "1989-10-26", "the summer", "1989-SU"),
        ("the strike began this past spring", "1989-10-26", "this past spring", "1989-SP"),
        ("a campaign in the early summer", "1989-10-26", "the early summer", "1989-SU"),
        ("an IPO in the near future", "1989-10-26", "the near future", "FUTURE_REF"),
    ],
)
def test_times_seasons_and_references(text, published, surface, value):
    t = one(text, published)
    assert (t.text, t.value) == (surface, value)


def test_times_spring_of_a_name_is_not_a_season():
    assert tag("the Spring of Life rallies", "1989-10-26") == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("He was promoted on May 22, 1995, and the following year he left.", ["1995-05-22", "1996"]),
        ("He fled in June 1998 and returned later that year.", ["1998-06", "1998"]),
        ("The bomb went off on Oct. 23, 1998. Earlier that day he had called.", ["1998-10-23", "1998-10-23"]),
        ("He was arrested on 22 February 2000 and appeared in court the next morning.",
         ["2000-02-22", "2000-02-23TMO"]),
        ("Sales fell in March 1989. The following month the company was sold.", ["1989-03", "1989-04"]),
    ],
)
def test_times_anaphors_take_the_date_named_before(text, values):
    found = tag(text, "2000-04-01")
    assert [t.value for t in found] == values
    assert found[-1].anchor == "context"


def test_times_the_next_year_is_a_span_not_an_anaphor():
    t = one("Prices will rise over the next year.", "1989-10-26")
    assert (t.text, t.value, t.type) == ("the next year", "P1Y", "DURATION")


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Three days later, the index closed", "Three days", "P3D"),
        ("ruled from Moscow for centuries", "centuries", "PXCE"),
    ],
)
def test_times_durations_before_later_and_plural_centuries(text, surface, value):
    t = one(text, "1989-10-26")
    assert (t.text, t.value, t.type) == (surface, value, "DURATION")


def test_times_fiscal_year_is_the_year_it_is_named_by():
    t = one("In fiscal 1989, the company earned $7.8 million", "1989-11-02")
    assert (t.text, t.value, t.granularity) == ("fiscal 1989", "1989", "year")


def test_times_year_ago_quarter_never_compares_with_a_month():
    found = tag("It changed its calendar in December. In the year-ago quarter it lost money.", "1989-10-27")
    assert [t.value for t in found] == ["1988-12", "1988-Q3"]


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        # the reporting verb after a quote is its attribution, not the tense of the event in it
        ("``The delegation is to leave for talks in Geneva on Thursday,'' the minister said.", "2023-09-20",
         "2023-09-21"),
        # a past tense a clause away does not reach the date
        ("The senator said last month that he had subpoenaed the boy to testify before the House "
         "committee on government reform on Feb. 20.", "2000-01-07", "2000-02-20"),
    ],
)
def test_times_tense_is_read_near_the_expression(text, published, value):
    (t,) = [t for t in tag(text, published) if t.value[5:7] in {"09", "02"}]
    assert t.value == value


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("lived in camps for 2 1/2 years", "2 1/2 years", "P2Y6M"),
        ("spent 5 1/2 hours in Nairobi", "5 1/2 hours", "PT5H30M"),
        ("a truce of two and a half weeks", "two and a half weeks", "P17DT12H"),
        # a sentence end before "a minute" is not the quantity of a rate ("700 seats a week")
        ("He counted three thousand. But a minute and a half later it was over.", "a minute and a half",
         "PT1M30S"),
    ],
)
def test_times_durations_with_a_half(text, surface, value):
    t = one(text, "2023-09-20")
    assert (t.text, t.value, t.type) == (surface, value, "DURATION")


def test_times_a_second_before_a_noun_is_an_ordinal():
    assert tag("A second group of directors joined.", "2023-09-20") == []
    assert [t.value for t in tag("A second later it exploded.", "2023-09-20")] == ["PT1S"]


def parsed_tag(text: str, published: str | None = None):
    """The stage as the pipeline runs it: with spaCy's sentences and parse."""
    from rashomon.annotate.nlp import load_nlp

    parsed = load_nlp()(text)
    doc = Document(id="d", text=text, hash="h", published=published)
    return find_times(doc, [(s.start_char, s.end_char) for s in parsed.sents], [], parsed)


def values(found) -> dict[str, str]:
    return {t.text: t.value for t in found}


@pytest.mark.parametrize(
    ("text", "published", "surface", "value"),
    [
        # "next to" is a place, not the future
        ("Hospitals stood next to the camps on Friday.", "1998-08-08", "Friday", "1998-08-07"),
        # after "since" a year-less date is past, whatever else the sentence says
        ("Investigators have worked on the case since the Oct. 23 fire.", "1999-05-06", "Oct. 23", "1998-10-23"),
        # a plan told in the past: the nearer day (the word cues alone would take last Saturday, next Friday)
        ("The delegation planned to fly to Geneva on Thursday.", "1998-09-30", "Thursday", "1998-10-01"),
        ("Activists planned a march downtown on Saturday.", "2000-01-07", "Saturday", "2000-01-08"),
        ("The court ordered the prisoners freed and set Friday as the deadline for the handover.", "2000-01-15",
         "Friday", "2000-01-14"),
        # a delay runs to a later day, whatever the tense (the word cues alone would take last Tuesday)
        ("The council postponed the vote until Tuesday morning.", "2000-03-30", "Tuesday morning", "2000-04-04TMO"),
        ("The rebels delayed until Tuesday any decision on the truce.", "2000-03-30", "Tuesday", "2000-04-04"),
        # … but extending something on a day dates the extension
        ("The two suitors extended their bids for the firm Friday.", "1989-10-30", "Friday", "1989-10-27"),
        # the governing verb's tense, read from the parse
        ("In January, two weeks after the vote, a car bomb exploded near the court.", "1998-10-25", "January",
         "1998-01"),
        ("Rescuers could not be reached Wednesday at the site.", "2000-01-06", "Wednesday", "2000-01-05"),
        ("Worry over the merger may have caused the slide on Wednesday.", "1989-10-27", "Wednesday", "1989-10-25"),
        ("The talks are scheduled for Friday.", "2023-09-20", "Friday", "2023-09-22"),
        ("Talks will be held on Friday, the minister said.", "2023-09-20", "Friday", "2023-09-22"),
        ("The company named a new chief executive, effective Feb. 1.", "1989-11-02", "Feb. 1", "1990-02-01"),
        ("Lenders have extended the credit line through January.", "1989-10-30", "January", "1990-01"),
        # a date before a plan verb dates the planning
        ("On Friday, the ministry planned to pay the families.", "1998-09-30", "Friday", "1998-09-25"),
        # a plan in the present looks ahead, wherever the date stands
        ("On Tuesday, the union plans to hold a rally downtown.", "1998-10-26", "Tuesday", "1998-10-27"),
        # the present of what is scheduled looks ahead; a present spelled as the past ("hurt") does not
        ("Foreign ministers meet Monday in Brussels.", "1998-05-01", "Monday", "1998-05-04"),
        ("Losses in bank shares hurt the index on Friday.", "1989-10-30", "Friday", "1989-10-27"),
        # a time limit still running
        ("The agency has given the families until 9 a.m. Tuesday to sign.", "2000-04-03", "9 a.m. Tuesday",
         "2000-04-04T09:00"),
        # a weekday that dates a noun is not dated by the verb above it ("would" is the lawyers' plan)
        ("Lawyers said they would try to overturn Wednesday's ruling by the court.", "2000-01-07", "Wednesday",
         "2000-01-05"),
    ],
)
def test_times_tense_from_the_parse(text, published, surface, value):
    assert values(parsed_tag(text, published))[surface] == value


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The day before last Tuesday's vote, he resigned.", "2000-02-24",
         {"The day before last Tuesday": "2000-02-21"}),
        ("A ruling is expected the week of March 6.", "2000-02-24", {"the week of March 6": "2000-W10"}),
        ("The vote is two weeks after 9 May 2023.", None, {"two weeks after 9 May 2023": "2023-05-23"}),
        # "for two weeks": a duration that starts then, not a day
        ("Fighting lasted for two weeks after 9 May 2023.", None, {"two weeks": "P2W", "9 May 2023": "2023-05-09"}),
    ],
)
def test_times_days_counted_from_a_date(text, published, expected):
    assert values(tag(text, published)) == expected


def test_times_event_anchored_days_and_clocks():
    """An event dated once lends its day to the times counted from it and to its clock time."""
    text = ("The judge was shot to death last Oct. 23 outside the court. A guard saw a van at 6 a.m. ten days "
            "before the shooting, police said. Prosecutors said Monday the judge was shot at 10 p.m. "
            "as he left the building.")
    found = {t.text: t for t in parsed_tag(text, "1999-04-19")}
    assert found["Oct. 23"].value == "1998-10-23"
    assert (found["ten days"].type, found["ten days"].value, found["ten days"].anchor) == ("DATE", "1998-10-13",
                                                                                           "context")
    assert found["6 a.m."].value == "1998-10-13T06:00"
    assert found["10 p.m."].value == "1998-10-23T22:00"
    assert found["Monday"].value == "1999-04-19"


def test_times_event_anchoring_needs_the_event_dated_before():
    text = "A jogger saw the car ten days before the shooting. The doctor was shot on Oct. 23."
    found = {t.text: t for t in parsed_tag(text, "1999-04-19")}
    assert (found["ten days"].type, found["ten days"].value) == ("DURATION", "P10D")
    # a reporting verb dates the telling, not the event: its day lends nothing
    text = "Police said on Oct. 23 that he fled. He said at 10 p.m. that he was innocent."
    found = {t.text: t for t in parsed_tag(text, "1999-04-19")}
    assert found["10 p.m."].value == "1999-04-19T22:00"


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Shipments resume within two to three weeks.", "two to three weeks", "P2W"),
        ("It will take 12-18 months.", "12-18 months", "P12M"),
        ("over the next 12 to 18 months", "the next 12 to 18 months", "P12M"),
        ("a delay of two or three days", "two or three days", "P2D"),
    ],
)
def test_times_duration_ranges(text, surface, value):
    """A range is one expression; its value is the lower bound (TIMEX3 has no range value)."""
    assert values(tag(text, "2020-01-01")) == {surface: value}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The convoy leaves at 4 in the morning.", "2000-04-05", {"4 in the morning": "2000-04-05T04:00"}),
        ("The session ends at ten at night.", "2000-04-05", {"ten at night": "2000-04-05T22:00"}),
        ("by 3 in the afternoon", "2000-04-05", {"3 in the afternoon": "2000-04-05T15:00"}),
        # the parenthesis opened before the clock stays out of it
        ("The shelling began at 10:35 a.m. (0735 GMT) Friday.", "1998-08-08",
         {"10:35 a.m.": "1998-08-07T10:35", "0735 GMT": "1998-08-07T07:35", "Friday": "1998-08-07"}),
        # a year before 1900 after a preposition; a number elsewhere
        ("The treaty was signed in Paris in 1898.", None, {"1898": "1898"}),
        ("The index settled at 1678.5 in 1500 cases.", None, {}),
        # years and months ago counted on the calendar; "41 years ago" dates an event, it compares no period
        ("In December the party met. The general took power 41 years ago.", "2000-01-15",
         {"December": "1999-12", "41 years ago": "1959"}),
        ("The rules were set five months ago.", "1998-03-31", {"five months ago": "1997-10"}),
    ],
)
def test_times_forms_added_for_news(text, published, expected):
    assert values(tag(text, published)) == expected


def test_times_the_day_after_a_dated_event():
    text = "The governor was killed on March 3. Two men came to his house the day after his death."
    assert values(parsed_tag(text, "1999-05-01")) == {"March 3": "1999-03-03", "the day": "1999-03-04"}
    # an event never dated gives no day to count from: nothing is guessed
    assert values(parsed_tag("Two men came to his house the day after his death.", "1999-05-01")) == {}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a holiday within a month of publication is that occurrence, whatever the tense; "<holiday> week" its week
        ("Pilgrims gathered as Easter week began.", "2000-04-17", {"Easter week": "2000-W16"}),
        ("Shops closed for Christmas.", "2023-12-20", {"Christmas": "2023-12-25"}),
        # decades and centuries counted in years: ISO 8601 has no unit for them
        ("The reforms came less than a decade after the war.", "1999-03-12", {"less than a decade": "P10Y"}),
        ("the lowest figure for almost two decades", "1998-02-06", {"almost two decades": "P20Y"}),
        ("a rule of two centuries", None, {"two centuries": "P200Y"}),
    ],
)
def test_times_holidays_near_publication_and_decades(text, published, expected):
    assert values(tag(text, published)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was arrested on May 3, 1998. His name was removed that same day.",
         {"May 3, 1998": "1998-05-03", "that same day": "1998-05-03"}),
        # the period named before is a month: a day of it, which the text does not say (not the publication day)
        ("The doctor was killed last October. His name was crossed out that same day.",
         {"last October": "1998-10", "that same day": "1998-10-XX"}),
        ("He was killed on Oct. 23, 1998. Earlier that day, police were warned.",
         {"Oct. 23, 1998": "1998-10-23", "Earlier that day": "1998-10-23"}),
    ],
)
def test_times_that_same_day(text, expected):
    assert values(tag(text, "1999-02-06")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the example: the date given to "launched an offensive" dates "the offensive"
        ("Azerbaijan launched an offensive on 19 September 2023. Twenty-four hours after the offensive began, "
         "the separatists agreed to disarm.", {"19 September 2023": "2023-09-19", "Twenty-four hours": "2023-09-20"}),
        ("The talks were held on Monday, 4 March 2024. Two days after the talks, the army withdrew.",
         {"Monday, 4 March 2024": "2024-03-04", "Two days": "2024-03-06"}),
        ("The two sides signed the deal on 9 May 2023. A week after the deal, fighting resumed.",
         {"9 May 2023": "2023-05-09", "A week": "2023-05-16"}),
        # "six hours after" is not a whole number of days: it stays a duration
        ("The two sides signed the deal on 9 May 2023. Six hours after the deal, fighting resumed.",
         {"9 May 2023": "2023-05-09", "Six hours": "PT6H"}),
    ],
)
def test_times_counted_from_an_event_the_text_dated(text, expected):
    assert values(parsed_tag(text, "2024-03-10")) == expected


def test_times_abbreviated_month_with_a_period_anchors_an_undated_report():
    """Without a publication date the first full date is the anchor: "Dec. 5, 2022" must parse, not crash."""
    found = find_times(Document(id="t", text="The truce was signed on Dec. 5, 2022; talks resume tomorrow.", hash="h"),
                       [(0, 60)], [])
    assert {t.value for t in found} >= {"2022-12-05", "2022-12-06"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days or weeks next to an event the text dated: that event's month (TIMEX3 has no value for
        # "some days around a date"); the extent is the unit, as the TempEval-3 AQUAINT gold marks it
        ("Slepian was killed on Oct. 23, 1998. His car was seen in the weeks before the shooting.",
         {"Oct. 23, 1998": "1998-10-23", "weeks": "1998-10"}),
        ("Slepian was killed on Oct. 23, 1998. She crossed the border days after a sniper killed him.",
         {"Oct. 23, 1998": "1998-10-23", "days": "1998-10"}),
        # an event dated by a season or a month lends that period
        ("Slepian was killed by a sniper last fall. His car was seen in the days before the slaying.",
         {"last fall": "1998-FA", "days": "1998-FA"}),
        # an event never dated lends nothing; a count keeps it a duration
        ("His car was seen in the weeks before the shooting.", {}),
        ("Slepian was killed on Oct. 23, 1998. Several days after the shooting, he left.",
         {"Oct. 23, 1998": "1998-10-23", "Several days": "PXD"}),
    ],
)
def test_times_days_next_to_a_dated_event(text, expected):
    assert values(parsed_tag(text, "1999-05-06")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The summit will be held on April 24 and 25.", {"April 24": "1999-04-24", "25": "1999-04-25"}),
        # a number that counts something is not a second day
        ("On April 24 and 25 people died.", {"April 24": "1998-04-24"}),
        # a month named as a noun's date after "the", but not the noun "march"
        ("The March accession will enable them to join.", {"March": "1999-03"}),
        ("The March on Rome was long ago.", {}),
    ],
)
def test_times_second_days_and_months_as_modifiers(text, expected):
    assert values(parsed_tag(text, "1999-02-10")) == expected


def test_times_soon_in_a_past_story_is_not_the_future():
    text = "The trickle soon became a flood. He was soon released. Prosecutors may soon seek an indictment."
    assert [(t.text, t.value) for t in parsed_tag(text, "2000-02-24")] == [("soon", "FUTURE_REF")]


def test_times_plural_weekdays_are_sets():
    text = "Flights leave on Tuesday nights. The market is closed on Sundays. He came on Sunday."
    assert [(t.text, t.type, t.value) for t in tag(text, "1998-02-13")] == [
        ("Tuesday nights", "SET", "XXXX-WXX-2TNI"), ("Sundays", "SET", "XXXX-WXX-7"), ("Sunday", "DATE", "1998-02-08")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a wire dateline a day before the feed's date is the story's day: "today" counts from it
        ("WASHINGTON, August 13 (Xinhua) -- The president today condemned the attacks.", "1998-08-14",
         {"August 13": "1998-08-13", "today": "1998-08-13"}),
        ("BRUSSELS, Dec. 31 (Xinhua) -- NATO said today it would meet.", "1999-01-02",
         {"Dec. 31": "1998-12-31", "today": "1998-12-31"}),
        # too far from the feed's date to be its story's day; no dateline date at all
        ("BRUSSELS, Dec. 21 (Xinhua) -- NATO said today it would meet.", "1999-01-02",
         {"Dec. 21": "1998-12-21", "today": "1999-01-02"}),
        ("WASHINGTON (AP) -- The president today condemned the attacks.", "1998-08-14", {"today": "1998-08-14"}),
    ],
)
def test_times_wire_dateline_gives_the_story_day(text, published, expected):
    assert values(tag(text, published)) == expected
