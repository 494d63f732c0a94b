"""Parsing by language: Russian through natasha into a spaCy Doc, others through a blank tokenizer, in order."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.annotate import annotate
from rashomon.annotate.language import language_table
from rashomon.annotate.nlp import load_blank, parse_many
from rashomon.annotate.russian import parse_russian
from rashomon.model import Document

RUSSIAN = ("МОСКВА, 3 марта. Министр иностранных дел России Сергей Лавров провёл переговоры в Анкаре.\n"
           "Стороны подписали  заявление о прекращении огня\n\n"
           "  Об этом сообщила пресс-служба Министерства обороны Азербайджана.")
ARABIC = ("أعلنت وزارة الخارجية في بيان اليوم أن الطرفين اتفقا على وقف إطلاق النار.\n"
          "وقال المتحدث إن المحادثات ستستأنف الأسبوع المقبل في الدوحة")


def test_russian_doc_keeps_every_offset_and_white_space():
    doc = parse_russian(RUSSIAN)
    assert doc.text == RUSSIAN
    assert doc.lang_ == "ru"
    for token in doc:
        assert RUSSIAN[token.idx:token.idx + len(token)] == token.text


def test_russian_sentences_never_cross_a_line_break():
    doc = parse_russian(RUSSIAN)
    for sent in doc.sents:
        assert "\n" not in sent.text.strip()
    starts = {sent.text.strip()[:12] for sent in doc.sents}
    assert "Стороны подп" in starts and "Об этом сооб" in starts


def test_russian_lemmas_tags_parse_and_entities():
    doc = parse_russian(RUSSIAN)
    by_text = {t.text: t for t in doc}
    assert by_text["России"].lemma_ == "Россия"  # proper nouns keep their capital
    assert by_text["подписали"].lemma_ == "подписать"
    assert by_text["подписали"].pos_ == "VERB"
    assert by_text["Министерства"].morph.get("Case") == ["Gen"]
    roots = [t for t in doc if t.dep_ == "ROOT"]
    assert len(roots) == len(list(doc.sents))  # one root a sentence, and its head is itself
    assert all(t.head == t for t in roots)
    assert by_text["Стороны"].head == by_text["подписали"]
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Сергей Лавров"] == "PERSON"
    assert labels["Анкаре"] == "GPE"
    assert "ORG" in labels.values()


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("абв гдеж\n\t.,«»ЁёA1 ")), max_size=120))
def test_russian_doc_rebuilds_any_text(text):
    doc = parse_russian(text)
    assert doc.text == text
    for sent in doc.sents:
        assert sent.root is not None  # a tree: spaCy finds each sentence's root


def test_blank_parser_splits_at_punctuation_and_line_breaks_and_falls_back_to_multilingual():
    doc = load_blank("ar")(ARABIC)
    assert doc.text == ARABIC and doc.lang_ == "ar"
    assert len(list(doc.sents)) == 2
    assert load_blank("ka").lang == "xx"  # spaCy has no Georgian
    assert load_blank("ja").lang == "xx"  # Japanese needs SudachiPy, which we do not ship


def test_parse_many_routes_each_text_and_keeps_order():
    texts = ["The talks resumed on Monday.", RUSSIAN, ARABIC, "Officials met in Geneva.", ""]
    languages = ["en", "ru", "ar", "en", None]
    docs = list(parse_many(texts, languages=languages, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [d.lang_ for d in docs] == ["en", "ru", "ar", "en", "en"]
    assert docs[0][0].pos_ and docs[0][0].dep_  # the English pipeline, tagged and parsed


def test_stages_follow_the_language_table():
    table = language_table()
    documents = [Document(id="ru", text=RUSSIAN, hash="1"), Document(id="ar", text=ARABIC, hash="2"),
                 Document(id="fr", text="Le ministre a rencontré son homologue à Genève lundi, "
                                         "selon un communiqué publié dans la soirée.", hash="3")]
    anns = {a.doc.id: a for a in annotate(documents)}
    assert set(anns) == {"ru", "ar", "fr"}  # nothing is dropped
    assert anns["fr"].doc.language == "fr" and table.level("fr") == "stored-only"
    for ann in anns.values():
        for layer in ("times", "actors", "claims", "events", "agreements"):
            if layer in table.skipped(ann.doc.language):
                assert getattr(ann, layer) == []
    assert any(p.geonames_id for p in anns["fr"].places)  # Genève through GeoNames' alternate names
    assert {a.text for a in anns["ru"].actors} >= {"Сергей Лавров"}


@pytest.mark.parametrize("language", sorted(language_table().names))
def test_every_listed_language_parses_and_runs_its_stages(language):
    """No stage may fail on a text its language's parser produced (here, a text of mixed scripts)."""
    text = "Talks 12 марта 2023 في الدوحة, 14:30.\nՀայաստան Azərbaycan Türkiye 東京 서울 Ελλάδα"
    document = Document(id="x", text=text, hash="x", language=language)
    (doc,) = parse_many([text], languages=[language])
    assert doc.text == text
    from rashomon.annotate.pipeline import STAGES
    from rashomon.model import Annotations

    again = Annotations(doc=document)
    for name, stage in STAGES:
        if name not in language_table().skipped(language):
            stage(again, doc)
