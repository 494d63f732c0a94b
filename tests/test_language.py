"""Language identification: each document's language, and the stretches of it in another language."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.annotate.language import identify, language_table
from rashomon.model import Annotations, Comparison, Document, LanguageSpan
from rashomon.present.output import build_output, validate_output

ENGLISH = ("The two delegations met in the capital on Monday evening and agreed to resume talks next week, "
           "officials said, adding that the ceasefire had largely held across the region since the weekend.")
RUSSIAN = ("Делегации двух стран встретились в столице в понедельник вечером и договорились возобновить "
           "переговоры на следующей неделе, сообщили официальные лица.")
UKRAINIAN = ("Делегації двох країн зустрілися в столиці в понеділок увечері й домовилися відновити переговори "
             "наступного тижня, повідомили посадовці.")
ARABIC = ("التقى الوفدان في العاصمة مساء الاثنين واتفقا على استئناف المحادثات الأسبوع المقبل، "
          "بحسب ما قال مسؤولون، مضيفين أن وقف إطلاق النار صمد إلى حد كبير.")


def doc(text: str) -> Document:
    return Document(id="d", text=text, hash="h")


@pytest.mark.parametrize(("text", "language"), [(ENGLISH, "en"), (RUSSIAN, "ru"), (UKRAINIAN, "uk"),
                                                (ARABIC, "ar")])
def test_a_document_gets_its_language_and_no_spans(text, language):
    document = doc(text)
    assert identify(document) == []
    assert document.language == language


def test_a_caption_in_another_script_is_a_span_with_exact_offsets():
    caption = "Фото: пресс-служба министерства обороны"
    text = f"{caption}\n\n{ENGLISH}"
    document = doc(text)
    (span,) = identify(document)
    assert document.language == "en"
    assert (span.start, span.end, span.language) == (0, len(caption), "ru")
    assert span.confidence is not None and span.confidence >= 0.5


def test_an_english_passage_under_an_arabic_report_is_one_span():
    english = f"{ENGLISH}\n\nThe statement was welcomed by the mediators."
    text = f"{ARABIC}\n\n{ARABIC}\n\n{english}\n"
    document = doc(text)
    (span,) = identify(document)
    assert document.language == "ar"
    assert span.language == "en"
    assert text[span.start:span.end] == english  # both paragraphs, trimmed, joined into one stretch


def test_a_quotation_inside_a_line_is_found():
    quote = "«Мы готовы к переговорам без предварительных условий»"
    text = f"{ENGLISH} The minister wrote: {quote}, and left the hall."
    document = doc(text)
    (span,) = identify(document)
    assert document.language == "en"
    assert span.language == "ru"
    assert text[span.start:span.end] == quote  # its words, what lies between them, its quotation marks


def test_short_foreign_words_are_not_spans():
    """A name or an acronym in Latin letters inside an Arabic report says nothing of a language."""
    document = doc(f"{ARABIC} RSF {ARABIC}")
    assert identify(document) == []
    assert document.language == "ar"


@pytest.mark.parametrize("text", ["", "   \n ", "2023-11-24 07:00 — 12 / 15", "!!! ???"])
def test_text_without_letters_has_no_language(text):
    document = doc(text)
    assert identify(document) == []
    assert document.language is None


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_text_gets_a_listed_language_and_spans_inside_it(text):
    document = doc(text)
    spans = identify(document)
    listed = set(language_table().names)
    assert document.language is None or document.language in listed
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.language in listed and span.language != document.language
        assert text[span.start:span.end] == text[span.start:span.end].strip()


def test_the_table_gives_every_language_a_known_level_and_every_level_known_stages():
    from rashomon.annotate.pipeline import STAGES

    table = language_table()
    stages = {name for name, _ in STAGES}
    assert table.level("en") == "full" and table.skipped("en") == frozenset()
    assert table.level("xx") == table.default == table.level(None)
    assert set(table.analysis.values()) <= set(table.levels)
    for skipped in [*table.levels.values(), *table.skips.values()]:
        assert skipped <= stages
    assert "places" not in table.skipped("xx")  # any document can join a story through its places


def test_output_carries_the_language_and_checks_the_spans():
    caption = "Фото: пресс-служба министерства обороны"
    document = doc(f"{caption}\n{ENGLISH}")
    ann = Annotations(doc=document, languages=identify(document))
    output = build_output([ann], Comparison())
    assert output["documents"][0]["language"] == "en"
    assert output["languages"] == [{"doc": "d", "start": 0, "end": len(caption), "language": "ru",
                                    "confidence": ann.languages[0].confidence}]
    validate_output(output)
    ann.languages.append(LanguageSpan(doc="d", start=5, end=10_000, language="ru"))
    with pytest.raises(Exception, match="outside the document"):
        validate_output(build_output([ann], Comparison()))
    ann.languages[-1] = LanguageSpan(doc="d", start=0, end=5, language="Russian")
    with pytest.raises(Exception, match="languages"):
        validate_output(build_output([ann], Comparison()))


def test_annotate_identifies_every_document_before_parsing_it():
    from rashomon.annotate import annotate

    caption = "Фото: пресс-служба министерства обороны"
    documents = [Document(id="a", text=f"{caption}\n{ENGLISH}", hash="a"), Document(id="b", text=RUSSIAN, hash="b")]
    first, second = annotate(documents)
    assert (first.doc.language, second.doc.language) == ("en", "ru")
    assert [(s.doc, s.language, s.start) for s in first.languages] == [("a", "ru", 0)]
    assert second.languages == []


def test_the_note_a_report_shows_names_the_language_and_what_it_got():
    table = language_table()
    assert table.note("en") is None
    assert table.note(None) is None  # stored before identification, or no words: nothing to claim
    assert table.note("ru").startswith("not fully analyzed (language Russian): places, times")
    assert "claims" in table.note("ru") and "claims" not in table.note("uk")  # Russian has a parser
    assert table.note("fr").startswith("not fully analyzed (language French)")
    assert "times" in table.skipped("fr") and "times" not in table.skipped("ru")
