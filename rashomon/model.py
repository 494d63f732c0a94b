"""The data model: one module owns every record that stages exchange.

Documents own their text; every annotation is a view into it by character offsets
(``doc.text[start:end] == mention.text``), in the spirit of spaCy's Doc/Span, so any
fact shown to a reader can be traced back to the exact words it came from.
Stages build these records; they never reach into each other's internals.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

SCHEMA_VERSION = "rashomon/1"


@dataclass
class Document:
    """One article as read from an input, before annotation."""

    id: str
    text: str
    hash: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 as precise as known: date, or date-time with offset
    title: str | None = None
    source: str | None = None  # the input path (and entry) it came from
    meta: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # ISO 639-1 code of most of its text ("en", "ru"), set by annotate/language.py

    @property
    def published_time(self) -> datetime | None:
        """The publication time as a datetime (midnight for a date), the anchor of relative times."""
        if not self.published:
            return None
        try:
            return datetime.fromisoformat(self.published)
        except ValueError:
            return None


@dataclass
class Mention:
    """A span of a document's text; the base of every annotation layer."""

    doc: str
    start: int
    end: int
    text: str


@dataclass
class LanguageSpan:
    """A stretch of a document written in another language than the document's own (a caption, a quoted
    statement, a paragraph of a bilingual page); the rest of the text is in `Document.language`."""

    doc: str
    start: int
    end: int
    language: str  # ISO 639-1
    confidence: float | None = None  # the detector's confidence (0..1), None when it gives none


@dataclass
class TimeMention(Mention):
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    value: str = ""  # TIMEX3-style ISO value
    utc: str | None = None  # "YYYY-MM-DDTHH:MM:SSZ" when clock time and zone are known
    anchor: str = "explicit"  # how the value was obtained: explicit | dct | context | unresolved
    granularity: str | None = None  # minute | day | week | month | quarter | year | ... ; None for durations/refs


@dataclass
class PlaceMention(Mention):
    geonames_id: int | None = None
    name: str | None = None  # canonical GeoNames name
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166 alpha-2
    timezone: str | None = None  # IANA zone of the place


@dataclass
class ActorMention(Mention):
    actor: str = ""  # canonical actor id
    country: str | None = None  # ISO3
    sector: str | None = None  # GOV, MIL, REB, PKO, IGO, NGO, MED, CIV, ...
    role: str | None = None  # a person's office as the text gives it ("Armenian Prime Minister"), else the dictionary's


FACTUALITIES = ("asserted", "reported", "confirmed", "denied", "pledged", "agreed", "planned", "demanded",
                "conditional", "hypothetical", "negated")


@dataclass
class Claim(Mention):
    """One clause that states something, and who states it through whom.

    The span is the claim's clause (an event finds its claim as the one whose span holds it). The
    chain runs speaker (who says it; None when the text says it in its own voice) → intermediary
    (the outlet or channel the speaker told, or that reported it) → publisher (the document's outlet).
    """

    speaker: str | None = None  # actor id of who says it; None = the publisher's own voice
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    verb: str | None = None  # the reporting cue as written: "told", "confirmed", "according to"
    intermediary: str | None = None  # outlet or channel quoted ("DW", "Armenian media outlets")
    publisher: str | None = None  # the document's outlet (input metadata, a closing "X reports", dateline)
    factuality: str = "asserted"  # one of FACTUALITIES
    time: str | None = None  # TIMEX3 value of the date the clause names (when a plan or pledge is for)


@dataclass
class Event:
    """A PLOVER-coded event; start/end delimit the evidence sentence."""

    id: str
    doc: str
    start: int
    end: int
    type: str
    trigger: str
    mode: str | None = None
    source: str | None = None  # actor id
    target: str | None = None  # actor id
    place: int | None = None  # GeoNames id
    time: str | None = None  # TIMEX3 value (UTC instant when known)
    factuality: str = "happened"  # happened | pledged | planned | denied
    attribution: list[str] = field(default_factory=list)  # voices, innermost first
    quantities: list[Quantity] = field(default_factory=list)
    confidence: float = 1.0  # how sure the coder is that this is a new event of this type (0..1)
    aux_mode: str | None = None  # PLOVER auxiliary mode: future | hypothetical | negation | historical
    trigger_start: int | None = None  # the trigger's own span inside the evidence sentence
    trigger_end: int | None = None
    arguments: dict[str, Any] = field(default_factory=dict)  # role → {actor, country, sector, text, start, end}
    notes: list[str] = field(default_factory=list)  # why the confidence is lowered (unresolved subject, …)


@dataclass
class Quantity:
    """A count attached to an event, kept as a range so qualifiers survive comparison."""

    kind: str  # killed | wounded | detained | ...
    low: float | None
    high: float | None  # None = unbounded
    text: str
    doc: str = ""
    start: int = 0
    end: int = 0


@dataclass
class ProvisionMention:
    """Where one document states a term, with what that document says of who must act and by when."""

    doc: str
    start: int
    end: int
    party: str | None = None  # actor id of the obligated party, as this document names it
    deadline: str | None = None  # TIMEX3 value (UTC instant when known) or ISO duration ("P30D")


@dataclass
class ProvisionStatus:
    """One reported step of a term: implementation reported, completed, delayed or a violation alleged."""

    status: str  # announced | implementation-reported | completed | delayed | violation-alleged
    doc: str
    start: int  # the evidence sentence
    end: int
    time: str | None = None  # when it happened (TIMEX3 value / UTC), else the report's publication date
    event: str | None = None  # id of the event (events stage) that reports it


@dataclass
class Provision:
    category: str  # a category of data/lexicons/provisions.csv (PA-X aligned), or "other"
    text: str
    mentions: list[ProvisionMention] = field(default_factory=list)
    id: str = ""  # stable within its agreement: "p1", "p2", …
    party: str | None = None  # obligated party (actor id) most documents name
    deadline: str | None = None
    status: list[ProvisionStatus] = field(default_factory=list)  # oldest first
    words: list[str] = field(default_factory=list)  # content lemmas of its first wording: alignment keys


@dataclass
class Agreement:
    id: str
    docs: list[str]
    kind: str = "agreement"
    parties: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    effective_utc: str | None = None
    provisions: list[Provision] = field(default_factory=list)
    start: int = 0  # announcement sentence in docs[0]
    end: int = 0
    role: str = "main"  # main | extension | earlier | implementation | a name the text gives it
    name: str | None = None  # its own name when the text gives one ("Cessation of Hostilities Agreement")
    place: int | None = None  # GeoNames id of the place of signing or announcement
    place_name: str | None = None
    place_country: str | None = None  # ISO 3166 alpha-2
    signed: str | None = None  # TIMEX3 value of the signing or announcement
    duration: str | None = None  # ISO 8601 duration ("P7D")
    expires_utc: str | None = None  # effective_utc + duration when both are known
    # in one document: its sentences that report a term acted on, delayed or refused (each a Provision
    # whose only content is its status); compare/implementation.py files them under the merged terms
    reports: list[Provision] = field(default_factory=list)


@dataclass
class FramingMention(Mention):
    kind: str = "loaded-term"  # contested-name | loaded-term
    perspective: str | None = None  # the side that uses this wording
    neutral: str | None = None  # a neutral wording of the same thing


@dataclass
class Annotations:
    """Everything the per-document stages found in one document."""

    doc: Document
    languages: list[LanguageSpan] = field(default_factory=list)  # stretches not in doc.language
    times: list[TimeMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    framing: list[FramingMention] = field(default_factory=list)
    # counts a document in another language states (annotate/quantities_multilingual.py; English counts live in
    # events). Stored with the document (migration 0009) and output as the `quantities` layer; the comparison
    # reads them again from the stored text (compare/facts.document_measures), so older stores compare alike.
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class FactValue:
    doc: str
    value: str
    start: int
    end: int
    speaker: str | None = None  # actor id of who says it (a claim's speaker, from the claims layer); None = the outlet


@dataclass
class Fact:
    aspect: str  # time | number | place | actor | claim
    key: str
    verdict: str  # agree | conflict | update | single-source
    values: list[FactValue] = field(default_factory=list)


@dataclass
class Story:
    id: str
    docs: list[str]
    facts: list[Fact] = field(default_factory=list)
    title: str | None = None
    copies: list[list[str]] = field(default_factory=list)  # groups of documents carrying one text


@dataclass
class Comparison:
    """The cross-document result: stories with aligned facts, and merged agreements."""

    stories: list[Story] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)


def to_plain(obj: Any) -> Any:
    """Dataclasses → JSON-ready dicts (datetimes as ISO strings)."""
    if hasattr(obj, "__dataclass_fields__"):
        obj = asdict(obj)
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, datetime):
        return obj.isoformat()
    return obj
