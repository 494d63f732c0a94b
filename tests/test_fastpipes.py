"""The faster stand-ins for spaCy's attribute ruler and lemmatizer leave every token as spaCy would."""
from __future__ import annotations

import dataclasses

import pytest
import spacy
from conftest import EXAMPLES
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_SPACE, LEMMA, MORPH, POS, SENT_START, TAG

from rashomon.annotate import annotate
from rashomon.annotate.fastpipes import use_fast_components
from rashomon.annotate.nlp import MODEL, load_nlp
from rashomon.ingest import read_inputs
from rashomon.model import Document

ATTRS = [POS, TAG, DEP, HEAD, MORPH, LEMMA, ENT_TYPE, ENT_IOB, SENT_START, IS_SPACE]
# Constructions the model's rarer rules are written for: two-token rules (expletive "there is",
# "gonna", "let's", "y'all"), whitespace tokens, pronouns with their case, "that" as a relative pronoun.
TRICKY = (
    "There is a ceasefire, and there were talks.  We're gonna sign it, let's say, y'all said.\n\n"
    "  I told him that she saw me; they gave it to us, which is what I'd do.\n"
    "Ain't nobody leaving, c'mon. Those who signed it gotta keep it, but I won't."
)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    demo = [d.text for d in read_inputs([str(EXAMPLES)]) if isinstance(d, Document)]
    assert len(demo) >= 5
    return [*demo, TRICKY]


@pytest.fixture(scope="module")
def stock():
    """The model as spaCy ships it, with Rashomon's line-break sentence starts: the reference."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def test_fastpipes_replace_the_rule_components():
    names = load_nlp().pipe_names
    assert "fast_attribute_ruler" in names and "fast_lemmatizer" in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names


def test_fastpipes_every_token_attribute_is_spacys(texts, stock):
    nlp = load_nlp()
    for _ in range(2):  # the second pass answers from the caches
        for expected, got in zip(stock.pipe(texts), nlp.pipe(texts), strict=True):
            assert (expected.to_array(ATTRS) == got.to_array(ATTRS)).all(), expected.text[:60]
            assert [str(t.morph) for t in expected] == [str(t.morph) for t in got]
            assert [t.lemma_ for t in expected] == [t.lemma_ for t in got]


def test_fastpipes_rules_fire_on_the_tricky_text(stock):
    doc = stock(TRICKY)
    lemmas = {t.text: t.lemma_ for t in doc}
    assert doc[1].text == "is" and doc[1].pos_ == "VERB"  # the two-token expletive rule, not the tag map's AUX
    assert (lemmas["gon"], lemmas["na"], lemmas["'s"], lemmas["c'm"]) == ("go", "to", "us", "come")
    assert any(t.pos_ == "SPACE" and t.dep_ == "dep" for t in doc)
    fast = load_nlp()(TRICKY)
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in fast] == [(t.pos_, t.lemma_, str(t.morph)) for t in doc]


def test_fastpipes_annotations_same_as_with_spacys_components(texts, stock, monkeypatch):
    documents = [Document(id=str(i), text=text, hash=str(i), published="2024-05-01") for i, text in enumerate(texts)]
    fast = [dataclasses.asdict(a) for a in annotate(documents)]
    monkeypatch.setattr("rashomon.annotate.nlp.load_nlp", lambda: stock)
    reference = [dataclasses.asdict(a) for a in annotate(documents)]
    assert fast == reference


def test_fastpipes_keep_a_ruler_they_cannot_reproduce():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})  # an operator: outside what the stand-in does
    use_fast_components(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    assert [t.pos_ for t in nlp("very very good")][:2] == ["ADV", "ADV"]
