"""The per-document pipeline: spaCy once, then each stage in order, each adding one layer.

Order matters and is declared here only: places before times (a "local time" needs the place's
zone), actors before claims (speakers are actor ids),
claims before events (an event's factuality and voices are its claim's), times before agreements (effective UTC).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from rashomon.annotate.actors import find_actors
from rashomon.annotate.agreements import find_agreements
from rashomon.annotate.attribution import find_claims
from rashomon.annotate.events import find_events
from rashomon.annotate.framing import find_framing
from rashomon.annotate.language import identify, language_table
from rashomon.annotate.nlp import parse_many
from rashomon.annotate.places import find_places
from rashomon.annotate.places_multilingual import find_places_multilingual
from rashomon.annotate.quantities_multilingual import find_counts
from rashomon.annotate.times import find_times
from rashomon.annotate.times_multilingual import LANGUAGES as TIME_LANGUAGES
from rashomon.annotate.times_multilingual import find_times_multilingual
from rashomon.model import Annotations, Document, Event

Stage = Callable[[Annotations, Doc], None]


def _places(ann: Annotations, doc: Doc) -> None:
    """English rules for English, the inflection- and clitic-aware reader for the languages of #12
    (places_multilingual), and each stretch in another language (a caption, an English tweet) read by its own."""
    language = ann.doc.language
    if language in TIME_LANGUAGES:
        ann.places = find_places_multilingual(ann.doc, language, doc)
    else:
        ann.places = find_places(ann.doc, doc)

    def read(other: str) -> list | None:
        if other in TIME_LANGUAGES:
            return find_places_multilingual(ann.doc, other, doc)
        return find_places(ann.doc, doc) if other == "en" and language in TIME_LANGUAGES else None

    ann.places = _with_stretches(ann, ann.places, read)


def _times(ann: Annotations, doc: Doc) -> None:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    language = ann.doc.language
    if language in TIME_LANGUAGES:  # English forms (ISO dates, "GMT", an English tweet) are read there too
        ann.times = find_times_multilingual(ann.doc, language, sentences, ann.places, doc)
    else:
        ann.times = find_times(ann.doc, sentences, ann.places, doc)

    def read(other: str) -> list | None:
        if other in TIME_LANGUAGES and language not in TIME_LANGUAGES:
            return find_times_multilingual(ann.doc, other, sentences, ann.places, doc)
        return None

    ann.times = _with_stretches(ann, ann.times, read)


def _with_stretches(ann: Annotations, mentions: list, read: Callable[[str], list | None]) -> list:
    """Mentions of the stretches in another language added where the document's own reading found nothing.
    `read` reads the whole document by one language's rules (None: no rules to add); it runs once per
    language, however many stretches (captions, quotes) are in that language."""
    by_language: dict[str, list | None] = {}
    for span in ann.languages:
        if span.language not in by_language:
            by_language[span.language] = read(span.language)
        found = by_language[span.language]
        if found:
            inside = [m for m in found if span.start <= m.start and m.end <= span.end]
            mentions = _merged(mentions, inside)
    return mentions


def _merged(mentions: list, more: list) -> list:
    kept = [m for m in more if not any(o.start < m.end and m.start < o.end for o in mentions)]
    return sorted([*mentions, *kept], key=lambda m: m.start) if kept else mentions


def _counts(ann: Annotations, doc: Doc) -> None:
    """Counts of a document in another language (in English the events stage reads them with their event)."""
    language = ann.doc.language
    if language in TIME_LANGUAGES:
        ann.quantities = list(find_counts(ann.doc.text, language, ann.doc.id))


def _actors(ann: Annotations, doc: Doc) -> None:
    ann.actors = find_actors(ann.doc, doc, ann.places)


def _claims(ann: Annotations, doc: Doc) -> None:
    ann.claims = find_claims(ann.doc, doc, ann.actors, ann.times)


def _events(ann: Annotations, doc: Doc) -> None:
    ann.events = find_events(ann.doc, doc, ann.actors, ann.places, ann.times, ann.claims)


def _agreements(ann: Annotations, doc: Doc) -> None:
    ann.agreements = find_agreements(ann.doc, doc, ann.actors, ann.times, ann.places)


def _terms_are_pledges(ann: Annotations, doc: Doc) -> None:
    """What an agreement's terms say will happen is pledged, not reported as done, whatever the tense."""
    terms = [(m.start, m.end) for ag in ann.agreements for p in ag.provisions for m in p.mentions
             if _is_clause(doc, m.start, m.end)]
    for event in ann.events:
        if event.factuality == "happened" and any(_in_term(ann.doc.text, event, s, e) for s, e in terms):
            event.factuality = "pledged"


def _is_clause(doc: Doc, start: int, end: int) -> bool:
    """A term states what shall happen: a clause with a verb. A bare noun phrase ("the disarmament of the
    militants", subject of "began at noon") names the act, and its own sentence says whether it happened."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is None or any(t.pos_ in {"VERB", "AUX"} for t in span)


def _in_term(text: str, event: Event, start: int, end: int) -> bool:
    """The event's sentence is the term, or the term is part of its sentence and holds the trigger."""
    if start <= event.start < end:
        return True
    return event.start <= start < event.end and re.search(rf"\b{re.escape(event.trigger)}\b", text[start:end])


def _framing(ann: Annotations, doc: Doc) -> None:
    ann.framing = find_framing(ann.doc, ann.places)


STAGES: tuple[tuple[str, Stage], ...] = (
    ("places", _places),
    ("times", _times),
    ("counts", _counts),
    ("actors", _actors),
    ("claims", _claims),
    ("events", _events),
    ("agreements", _agreements),
    ("terms_are_pledges", _terms_are_pledges),
    ("framing", _framing),
)


def annotate(
    documents: Iterable[Document],
    *,
    batch_size: int = 32,
    on_error: Callable[[Document, str, Exception], None] | None = None,
) -> Iterator[Annotations]:
    """Annotations for each document, streamed: spaCy parses in batches, stages run per document.

    Each document's language is identified first (it sets `Document.language`; stretches in other
    languages become `Annotations.languages`); it chooses the parser and the stages that run
    (data/languages.yaml): a document in a language Rashomon reads only in part still gets its places,
    and is never left out.

    With `on_error`, a stage that fails on one document reports (document, stage, error) and that
    document is left out; without it the error propagates (tests and library users see it whole).
    """
    pending = list(documents) if not isinstance(documents, list) else documents
    languages = [identify(d) for d in pending]
    table = language_table()
    parsed = parse_many((d.text for d in pending), languages=[d.language for d in pending], batch_size=batch_size)
    for document, spans, doc in zip(pending, languages, parsed, strict=True):
        ann = Annotations(doc=document, languages=spans)
        skipped = table.skipped(document.language)
        try:
            for name, stage in STAGES:
                current = name
                if name not in skipped:
                    stage(ann, doc)
        except Exception as err:  # one document's failure must not stop the batch
            if on_error is None:
                raise
            on_error(document, current, err)
            continue
        yield ann
