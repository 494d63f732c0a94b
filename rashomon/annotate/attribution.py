"""According to whom: every clause that states something, with its chain of voices and its factuality.

A sentence is split into claim clauses on the dependency parse: the main predicate, the predicates
conjoined to it, and what a reporting verb reports ("X said that A and B" holds the claims A and B).
Each claim gets a speaker (the subject of the reporting verb, "according to X", or the speaker a
pronoun or "the official" refers back to), an intermediary (the outlet told or that reported it:
"told DW", "Interfax reported", "Armenian media outlets reported") and the publisher (the input's
outlet, else a closing "X reports", else the dateline). Unattributed clauses are the publisher's own.
Factuality comes from the reporting verb (denied, confirmed), the predicate and what governs it
(pledged, agreed, planned, demanded), conditionals, modals and negation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.gazetteer import data_rows
from rashomon.model import ActorMention, Claim, Document, TimeMention

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
SPLIT_DEPS = {"conj"}  # a conjoined predicate is a claim of its own ("surrendered and pledged to …")
CONTENT_DEPS = {"ccomp", "parataxis"}
MEDIA_HEADS = {"media", "outlets", "outlet", "agency", "agencies", "newspaper", "television", "tv", "channel",
               "broadcaster", "press", "website", "portal", "daily", "radio"}
PRONOUNS = {"he", "she", "him", "her"}
REFERRING = {"it", "they", "them", "statement", "communique", "declaration"}  # refer back to the last voice
NOT_SOURCES = {"agreement", "deal", "accord", "plan", "schedule", "terms", "constitution", "law", "treaty", "data",
               "figures", "estimates", "rules", "understandings", "understanding", "arrangements",
               "reports"}  # "according to the agreement": a basis, not a voice
CITING = {"cite", "quote", "carry", "interview"}  # "cited by Haaretz", "citing a source", "carried by state TV"
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "can"}
FUTURE_AUX = {"will", "'ll"}
CONDITION_MARKS = {"if", "unless", "provided", "providing"}
REACH = {"reach", "conclude", "strike", "seal", "clinch", "finalize", "finalise"}
AGREEMENTS = {"agreement", "deal", "accord", "truce", "ceasefire", "understanding", "compromise", "settlement"}
OBLIGATION_AUX = {"shall", "must"}  # the terms of an agreement: what a party is bound to do
CLOSING = re.compile(r"(?:^|[,—–-]\s*)((?:[A-Z][\w.&'-]*\s+){0,3}[A-Z][\w.&'-]*)\s+(?:reports|informs|writes)"
                     r"\s*\.?\s*$")
FINAL = re.compile(r"[.!?][\"”»')\]]*\s*$")
DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{2,40},?\s[^\n]{0,40}?\(([A-Z][\w .&'-]{1,30})\)\s*[-—–]")


@lru_cache(maxsize=1)
def _reporting() -> dict[str, str]:
    """Reporting verb lemma → the factuality it gives what it reports (reported unless it says more)."""
    return {r["lemma"]: r.get("factuality") or "reported" for r in data_rows("lexicons/attribution_verbs.csv")}


@lru_cache(maxsize=1)
def _channels() -> dict[str, list[tuple[str, str]]]:
    """Channel word → (modifier it needs or "", kind) pairs, from lexicons/channels.csv."""
    table: dict[str, list[tuple[str, str]]] = {}
    for row in data_rows("lexicons/channels.csv"):
        table.setdefault(row["word"], []).append((row["modifier"] or "", row["kind"]))
    return table


@lru_cache(maxsize=1)
def _modality() -> dict[str, str]:
    return {r["lemma"]: r["modality"] for r in data_rows("lexicons/claim_modality.csv")}


def find_claims(document: Document, doc: Doc, actors: list[ActorMention], times: list[TimeMention]) -> list[Claim]:
    publisher = find_publisher(document, doc)
    text = document.text  # Doc.text would rebuild the whole text on every call
    claims: list[Claim] = []
    last: Frame | None = None  # the frame of the sentence before, for "According to him" and quotes
    pending: list[Claim] = []  # claims of a fragment cut off at a comma, waiting for its "…, X told Y"
    quoted: list[Claim] = []  # claims of a quotation running over several sentences, waiting for its tag
    in_quote = last_quoted = False
    previous: list[Claim] = []  # the claims of the sentence before, for a tag that stands on its own line
    for sent in doc.sents:
        starts_quoted, in_quote = in_quote, _quote_state(sent.text, in_quote)
        closing = _closing(sent, publisher)
        frames = [_frame(t, actors, claims, document) for t in sent
                  if _is_reporting(t) and t.i not in closing and not _citing_clause(t)]
        frames += [f for f in (_according(t, actors, claims, last, text) for t in sent) if f]
        frames = _nested(frames, actors, claims, text)
        quoting = _opens_quote(sent) or starts_quoted
        relayed = last is not None and quoting and (last.speaker or (last.intermediary and last_quoted))
        carried = bool(relayed) and not frames
        if carried:
            frames = [last]
        elif relayed and last.intermediary and last.speaker is None and last_quoted:  # the outlet relays the
            # quotation it tagged (not a speaker's channel: a quotation with a tag of its own names its own)
            frames = [f if f.intermediary else replace(f, intermediary=last.intermediary) for f in frames]
        heads = [h for h in _predicates(sent) if h.i not in closing and not _frames_only(h, frames)]
        line = _tag_line(heads, frames)
        if line is not None and previous:  # "…. Ukrainian Pravda reports, citing sources in the government."
            for claim in previous:
                if claim.speaker is None and claim.intermediary is None:
                    _voice_claim(claim, line)
            heads = []
        tags = [f for f in frames if _is_tag(f, closing)]
        earlier = pending + quoted
        tagging = {f.verb.i for f in tags if not _content(f.verb, closing) and (
            earlier or any(h.i < f.verb.i for h in heads if h.i not in {t.verb.i for t in tags}))}
        if tags and (tagging or quoted):
            tag = tags[0]
            before = [h for h in heads if h.i < tag.verb.i and h.i not in tagging]
            for claim in quoted + (pending if not before else []):
                _voice_claim(claim, tag)
        found = [_claim(document, sent, h, _frame_of(h, frames, tagging) or (last if relayed else None), publisher,
                        times)
                 for h in heads if h.i not in tagging]
        claims.extend(found)
        previous = found
        pending = [] if tagging else pending + found
        if FINAL.search(sent.text):
            pending = []  # a sentence that ends without a full stop runs on into the next
        if tags or not in_quote:
            quoted = []
        if (starts_quoted or _opens_quote(sent)) and (carried or not frames) and in_quote:
            quoted += found  # "I made this decision … And we will win," Pashinyan wrote: the tag comes last
        voiced = [f for f in frames if f.speaker or f.intermediary]
        if voiced:  # "“…,” the AP news agency reported. “Both sides … Israel said …”": AP relays them all
            last, last_quoted = voiced[-1], quoting
        elif not _continues(sent):
            last = None
    return claims


def _nested(frames: list[Frame], actors: list[ActorMention], claims: list[Claim], text: str) -> list[Frame]:
    """A frame inside another keeps the outer one's channel: "TASS quoted Peskov as saying …", "an official
    cited by Haaretz added that …, suggesting …", "“We announce …,” the army said on its Facebook page";
    a nested frame without a subject speaks for the outer verb's object ("reported Guterres as saying")."""
    out = []
    for frame in frames:
        verb = frame.verb
        outer = [f for f in frames if f.intermediary and f.verb is not None and verb is not None
                 and f.verb in verb.ancestors] if not frame.intermediary else []
        if outer:
            nearest = min(outer, key=lambda f: _hops(verb, f.verb))
            speaker = frame.speaker
            objects = [c for c in nearest.verb.children if c.dep_ == "dobj"]
            if speaker is None and objects:
                speaker = _voice(objects[0], actors, claims, text)
            frame = replace(frame, intermediary=nearest.intermediary, speaker=speaker)
        out.append(frame)
    return out


def _citing_clause(token: Token) -> bool:
    """"citing an official" hanging on a reporting verb is part of that verb's frame, not a frame of its own."""
    return token.lemma_.lower() in CITING and token.dep_ in {"advcl", "xcomp", "conj"} and _is_reporting(token.head)


def _tag_line(heads: list[Token], frames: list[Frame]) -> Frame | None:
    """A sentence that only names a source: "Interfax reports, citing sources." after what it reports. Its one
    predicate is a voiced reporting verb with nothing of its own to report (no object, no clause)."""
    own = [h for h in heads if not _citing_clause(h)]
    if len(own) != 1 or own[0].dep_ != "ROOT":
        return None
    head = own[0]
    frame = next((f for f in frames if f.verb == head and (f.speaker or f.intermediary)), None)
    if frame is None or frame.factuality != "reported":
        return None  # "Azerbaijan has also admitted to …" is a claim of its own
    for child in head.children:
        if child.dep_ in {"nsubj", "punct", "aux", "advmod", "npadvmod"} or _citing_clause(child):
            continue
        if child.dep_ == "prep" and all(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree if t != child):
            continue  # "reported on Monday"
        return None
    return frame


def _is_tag(frame: Frame, closing: set[int]) -> bool:
    """"…,” he said", "…, X told DW": a frame that follows what it reports (after a comma or a closing quote),
    with nothing of what it reports after it."""
    verb = frame.verb
    if verb is None or not (frame.speaker or frame.intermediary):
        return False
    content = _content(verb, closing)
    if any(c.i > verb.i for c in content if c != verb.head):
        return False
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    left = min([t.i for s in subjects for t in s.subtree] + [verb.i])
    return left > 0 and verb.doc[left - 1].text in {",", "”", '"', "’", "'", "»"}


def _quote_state(text: str, inside: bool) -> bool:
    """Whether a quotation is still open after this sentence (curly quotes open and close; straight ones toggle)."""
    for ch in text:
        if ch in "“«":
            inside = True
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def same_outlet(a: str, b: str) -> bool:
    """One outlet's name within the other's, as whole words: "Ynet" in "Ynetnews" or "AFP" in "Al-Monitor
    (AFP)", but not "AP" in "Daily Paper"."""
    a, b = a.casefold().strip(), b.casefold().strip()
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return re.search(rf"(?<![a-z0-9]){re.escape(short)}", long) is not None


def _closing(sent: Span, publisher: str | None) -> set[int]:
    """"…, Trend reports.": the tag line of the outlet whose report this is (its publisher), not a voice;
    another outlet named so is the intermediary the publisher took it from."""
    text = sent.text.rstrip()
    match = CLOSING.search(text)
    if not match or match.start(1) == 0 or not publisher or not same_outlet(match.group(1), publisher):
        return set()
    at = sent.start_char + match.start(1)
    return {t.i for t in sent if t.idx >= at}


def _frames_only(head: Token, frames: list[Frame]) -> bool:
    """A reporting verb (or "went on to say") whose content is a claim of its own is frame, not claim."""
    for frame in frames:
        verb = frame.verb
        if verb is not None and _content(verb) and (verb == head or (verb.dep_ == "xcomp" and verb.head == head)):
            return True
    return False


def _voice_claim(claim: Claim, frame: Frame) -> None:
    """Give a claim the voice of the tag that closes its quotation; a speaker's tag also sets the channel (one
    carried over from the sentence before was provisional: "“A. B,” Guterres said" names none)."""
    if frame.speaker is not None:
        claim.intermediary = frame.intermediary
        claim.speaker, claim.speaker_text = frame.speaker.actor, frame.speaker.text
        claim.speaker_start, claim.speaker_end = frame.speaker.start, frame.speaker.end
    claim.verb, claim.intermediary = frame.cue, frame.intermediary or claim.intermediary
    if claim.factuality == "asserted":
        claim.factuality = frame.factuality


@dataclass
class Voice:
    """A speaker: actor id with the span that names it."""

    actor: str
    text: str
    start: int
    end: int
    sector: str | None = None


@dataclass
class Frame:
    """A reporting frame: the reporting token (None for "according to"), speaker, intermediary, cue."""

    verb: Token | None
    speaker: Voice | None
    intermediary: str | None
    cue: str | None
    factuality: str = "reported"


def find_publisher(document: Document, doc: Doc) -> str | None:
    """The input's outlet; else a closing "…, X reports." in the text; else a wire dateline "(Reuters) -"."""
    if document.outlet:
        return document.outlet
    for sent in doc.sents:
        match = CLOSING.search(sent.text.strip())
        if match and match.start(1) > 0:
            return match.group(1)
    match = DATELINE.search(document.text[:300])
    return match.group(1).strip() if match else None


def _is_reporting(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in _reporting() and token.dep_ != "amod"


def _content(verb: Token, closing: set[int] = frozenset()) -> list[Token]:
    """What a reporting verb reports: its complement clause, or the clause it is a parenthetical of."""
    own = [c for c in verb.children if c.dep_ in CONTENT_DEPS and c.pos_ in {"VERB", "AUX"} and c.i not in closing]
    if own:
        return own  # "…, saying it would come into force": what it says, not the clause it hangs on
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
        said = [c for c in prep.children if c.dep_ == "pcomp" and _is_reporting(c)]
        if said:  # "quoted the minister as saying that …"
            return _content(said[0], closing)
    return [verb.head] if verb.dep_ in {"parataxis", "advcl"} and verb.head.pos_ in {"VERB", "AUX"} else []


def _predicates(sent: Span) -> list[Token]:
    """The heads of the sentence's claim clauses, in text order."""
    heads: list[Token] = []
    for token in sent:
        if token.pos_ not in {"VERB", "AUX"} or token.dep_ == "aux" or token.dep_ == "auxpass":
            continue
        if token.dep_ == "ROOT" or (token.dep_ in SPLIT_DEPS and token.head in heads) or (
                token.dep_ in CONTENT_DEPS and _is_reporting(token.head)) or (
                token.dep_ in {"parataxis", "advcl"} and _is_reporting(token) and token.head in heads):
            heads.append(token)
    return heads


def _frame(verb: Token, actors: list[ActorMention], claims: list[Claim], document: Document) -> Frame:
    lemma = verb.lemma_.lower()
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects and verb.dep_ in SPLIT_DEPS | {"xcomp", "advcl"}:  # "… and added that", "went on to say",
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS]  # "Moscow …, saying": the head's
    speaker = _voice(subjects[0], actors, claims, document.text) if subjects else _adjacent(verb, actors, document.text)
    intermediary = None
    if lemma == "tell":
        told = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        intermediary = (_outlet_text(told[0], actors) if told else None) or intermediary
    for prep in (c for c in verb.children if c.dep_ in {"prep", "agent"}):
        # "said in a phone call with Reuters", "wrote on Facebook", "was quoted by TASS", "in a statement
        # published by the Saudi Press Agency", "in a statement carried by state television"
        intermediary = intermediary or _outlet_in(prep, actors)
    if subjects:  # "an official cited by Haaretz", "local media reports said"
        intermediary = intermediary or _cited_by(subjects[0], actors) or _media_reports(subjects[0])
    if _channels().get(lemma) and ("", "verb") in _channels()[lemma]:
        intermediary = intermediary or verb.text  # "tweeted": the verb names its channel
    cited = _citing(verb, actors, claims, document.text)  # "Kan, citing an Israeli official, reported"
    named = subjects[0] if subjects else verb.doc[verb.i]
    relays = _reporting().get(lemma) == "reported"  # a confirming or denying outlet speaks for itself
    person = speaker is not None and (speaker.actor.startswith("per:") or (speaker.actor.count("-") >= 2
                                      and not speaker.actor.startswith("MED-")))
    media = speaker is not None and (speaker.sector == "MED" or (subjects and _is_media(speaker, named)))
    if relays and not person and speaker is not None and (media or (
            lemma == "report" and named.pos_ == "PROPN" and named.ent_type_ != "PERSON"
            and speaker.actor.startswith(("unk:", "org:")))):
        intermediary, speaker = speaker.text, None  # "Interfax reported", "Armenian media outlets reported"
    if cited is not None and (speaker is None or speaker.sector == "MED"):
        intermediary, speaker = intermediary or (speaker.text if speaker else None), cited
    if intermediary and document.outlet and same_outlet(intermediary, document.outlet):
        intermediary = None  # "told Ynet" in Ynetnews: the publisher's own reporting
    factuality = _reporting().get(lemma, "reported")
    if any(c.dep_ == "neg" for c in verb.children):
        factuality = "denied" if factuality in {"reported", "confirmed"} else factuality
    return Frame(verb, speaker, intermediary, verb.text, factuality)


def _adjacent(verb: Token, actors: list[ActorMention], text: str) -> Voice | None:
    """A reporting verb the parse left without a subject: the actor named right before it ("…, the United
    States and Saudi Arabia said": the first of a coordinated run) or right after it ("said Robin …")."""
    before = [a for a in actors if a.end <= verb.idx and verb.idx - a.end < 60]
    run: list[ActorMention] = []
    cursor = verb.idx
    for a in reversed(before):
        gap = text[a.end:cursor]
        if re.fullmatch(r"\s*(?:,\s*|\s+and\s+|\s+on\s+\w+\s*|\s+(?:also|later|earlier)\s*)?", gap) is None:
            break
        run.append(a)
        cursor = a.start
    if run:
        a = run[-1]
        return Voice(a.actor, a.text, a.start, a.end, a.sector)
    end = verb.idx + len(verb)
    after = next((a for a in actors if 0 <= a.start - end <= 30 and re.fullmatch(
        r"\s+(?:[A-Z][\w'’-]*\s+){0,4}", text[end:a.start])), None)
    return Voice(after.actor, after.text, after.start, after.end, after.sector) if after else None


@lru_cache(maxsize=1)
def _according_phrases() -> dict[str, frozenset[str]]:
    """Last word → the words before it, of each phrase of lexicons/according_to.csv ("по словам")."""
    table: dict[str, set[str]] = {}
    for row in data_rows("lexicons/according_to.csv"):
        *before, last = row["words"].split()
        table.setdefault(last, set()).add(" ".join(before))
    return {last: frozenset(before) for last, before in table.items()}


def _according_other(token: Token) -> tuple[list[Token], str]:
    """The source a phrase of another language names ("по словам Лаврова" → Лаврова: what hangs on the
    phrase's last word, else the proper noun right after it), and the phrase as written."""
    before = _according_phrases().get(token.lower_)
    if before is None:
        return [], ""
    for words in before:
        size = len(words.split())
        start = token.i - size
        if start >= 0 and " ".join(t.lower_ for t in token.doc[start:token.i]) == words:
            break
    else:
        return [], ""
    cue = token.doc[start:token.i + 1].text
    named = [c for c in token.children if c.dep_ in {"nmod", "appos", "flat"} and c.i > token.i]
    if named:
        return named[:1], cue
    nxt = token.nbor() if token.i + 1 < len(token.doc) else None
    return ([nxt] if nxt is not None and nxt.pos_ in {"PROPN", "NOUN"} else []), cue


def _according(token: Token, actors: list[ActorMention], claims: list[Claim], last: Frame | None,
               text: str) -> Frame | None:
    if token.lower_ != "according" or token.i + 1 >= len(token.doc) or token.nbor().lower_ != "to":
        objects, cue = _according_other(token)
        if not objects:
            return None
    else:
        objects = [c for c in token.nbor().children if c.dep_ == "pobj"] or [
            c for c in token.children if c.dep_ == "pobj"]
        cue = "according to"
    if not objects or objects[0].lemma_.lower() in NOT_SOURCES:
        return None
    speaker = _voice(objects[0], actors, claims, text)
    if speaker is not None and _is_media(speaker, objects[0]):
        return Frame(None, None, speaker.text, cue)
    return Frame(None, speaker, _channel_in(list(objects[0].subtree)) or _carried(speaker, last), cue)


def _carried(speaker: Voice | None, last: Frame | None) -> str | None:
    """"X told DW …. According to him, …": the speaker of the sentence before, still talking through the same
    channel (only for "according to": "he added"/"he wrote" name their own tag, and no channel)."""
    if speaker is None or last is None or last.speaker is None or speaker.actor != last.speaker.actor:
        return None
    return last.intermediary


def _voice(head: Token, actors: list[ActorMention], claims: list[Claim], text: str) -> Voice | None:
    """Who a subject names: the actor mention at its head (else a person in it, else the first actor), the
    one a pronoun or "the statement" refers back to, or, for an unknown source, the phrase itself."""
    subtree = list(head.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    relaying = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in subtree
                if t.dep_ == "acl" and t.lemma_.lower() in CITING]  # "an official cited by Haaretz": not Haaretz
    inside = [a for a in actors if start <= a.start and a.end <= end
              and not any(lo <= a.start < hi for lo, hi in relaying)]
    if inside:
        at_head = [a for a in inside if a.start <= head.idx < a.end]
        people = [a for a in inside if a.role or a.actor.startswith("per:")]
        best = (at_head or people or sorted(inside, key=lambda a: (":" in a.actor, a.start)))[0]
        return Voice(best.actor, best.text, best.start, best.end, best.sector)
    lower = head.lower_
    if lower in PRONOUNS | REFERRING:
        earlier = _referent(head, actors, claims, text)
        if earlier is None:
            return None
        return Voice(earlier[0], head.text, head.idx, head.idx + len(head))
    if head.pos_ in {"PROPN", "NOUN"} and lower not in {"reports", "report"}:
        phrase = _phrase(head)
        return Voice("unk:" + re.sub(r"[\W_]+", "-", phrase.text.lower()).strip("-"), phrase.text,
                     phrase.start_char, phrase.end_char)
    return None


def _quote_start(head: Token, text: str) -> int:
    """Where the quotation a tag like '…,” he said' closes began: people named inside it are not "he"."""
    tail = text[:head.idx].rstrip(" ,")
    if not tail.endswith(('"', "”", "»")):
        return head.idx
    body = tail[:-1]
    opening = max(body.rfind("“"), body.rfind('"'), body.rfind("«"))
    return opening if opening >= 0 else head.idx


def _referent(head: Token, actors: list[ActorMention], claims: list[Claim], text: str) -> tuple[str, str] | None:
    """"he"/"she": the last person named before it; "it", "they", "the statement": the last voice."""
    if head.lower_ in PRONOUNS:
        limit = _quote_start(head, text)
        person = next((a for a in reversed(actors) if a.end <= limit and (a.role or a.actor.startswith("per:"))),
                      None)
        speaker = next((c for c in reversed(claims) if c.speaker and c.speaker_end and c.speaker_end <= head.idx), None)
        if person and (speaker is None or person.start > (speaker.speaker_start or 0)):
            return person.actor, person.text
        return (speaker.speaker, speaker.speaker_text) if speaker else None
    speaker = next((c for c in reversed(claims) if c.speaker), None)
    return (speaker.speaker, speaker.speaker_text) if speaker else None


def _phrase(head: Token) -> Span:
    """The subject phrase without a leading determiner or trailing relative clause and punctuation."""
    tokens = [t for t in head.subtree if t.dep_ not in {"relcl", "acl", "punct", "appos"}
              and not any(a.dep_ in {"relcl", "acl", "appos"} and a in head.subtree and a != head
                          for a in t.ancestors if a.i != head.i and head in a.ancestors)]
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    while start < end and head.doc[start].pos_ in {"DET", "PRON"} and start != head.i:
        start += 1
    return head.doc[start:end]


def _is_media(voice: Voice, head: Token) -> bool:
    return voice.sector == "MED" or head.lower_ in MEDIA_HEADS


def _outlet_in(prep: Token, actors: list[ActorMention]) -> str | None:
    """An outlet named in a prepositional phrase of the reporting verb (an interview, a call, a statement)."""
    subtree = list(prep.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    outlet = next((a for a in actors if start <= a.start and a.end <= end and a.sector == "MED"
                   and not a.actor.startswith("per:")), None)
    if outlet is not None:
        return outlet.text
    if prep.lower_ in {"to", "with"}:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        named = _outlet_text(obj, actors) if obj is not None and obj.pos_ == "PROPN" else None
        if named:
            return named
    return _channel_in(subtree)


def _channel_in(tokens: list[Token]) -> str | None:
    """The first channel named among these tokens ("on Facebook", "in a post on social media", "in a tweet",
    "carried by state television"), as its phrase: the channel word with the modifiers before it."""
    table = _channels()
    for token in tokens:
        for modifier, kind in table.get(token.lower_, ()):
            if kind == "verb" or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            base = token.head if token.dep_ == "compound" and kind == "platform" else token
            if kind == "medium" and token.dep_ == "compound":
                continue  # "a media briefing", "a television interview": not the channel
            mods = [c for c in base.children if c.dep_ in {"compound", "amod"} and c.i < base.i]
            if modifier and not any(modifier in {m.lower_ for m in c.subtree} for c in mods):
                continue
            start = min([t.i for c in mods for t in c.subtree] + [token.i, base.i])
            return base.doc[start:base.i + 1].text
    return None


def _cited_by(subject: Token, actors: list[ActorMention]) -> str | None:
    """"an Israeli official cited by Haaretz", "a source quoted by Interfax": the outlet that relays the
    speaker, named in a participle on the subject."""
    for token in subject.subtree:
        if token.dep_ == "acl" and token.lemma_.lower() in CITING:
            for agent in (c for c in token.children if c.dep_ == "agent"):
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                found = _outlet_in(agent, actors) or (_outlet_text(obj, actors) if obj is not None else None)
                if found:
                    return found
    return None


def _media_reports(subject: Token) -> str | None:
    """"Local media reports said", "Russian press reports said": reports by outlets the text leaves unnamed."""
    if subject.lemma_.lower() != "report" or not any(
            c.lower_ in MEDIA_HEADS for c in subject.children if c.dep_ in {"compound", "amod", "nmod"}):
        return None
    return _phrase(subject).text


def _citing(verb: Token, actors: list[ActorMention], claims: list[Claim], text: str) -> Voice | None:
    """"…, citing an unnamed source", "quoting sources in the government": the voice an outlet relays."""
    for child in verb.children:
        if child.dep_ in {"advcl", "xcomp", "conj"} and child.lemma_.lower() in CITING and child.i > verb.i:
            objects = [c for c in child.children if c.dep_ == "dobj"]
            if objects and objects[0].lemma_.lower() not in NOT_SOURCES:
                return _voice(objects[0], actors, claims, text)
    return None


def _outlet_text(head: Token, actors: list[ActorMention]) -> str | None:
    subtree = list(head.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    for a in actors:
        if start <= a.start and a.end <= end and a.sector == "MED":
            return a.text
    if head.pos_ == "PROPN" or head.lower_ in MEDIA_HEADS:
        return _phrase(head).text
    return None  # "told reporters", "told him": no outlet


def _frame_of(head: Token, frames: list[Frame], tagging: set[int]) -> Frame | None:
    """The frame that reports this predicate: its reporting verb governs it or is it, or "according to"
    sits in its clause; else a tag after it ("…, the ministry said", "…, X told DW")."""
    governing = [f for f in frames if f.verb is not None and (
        (f.verb == head and (_content(f.verb) or f.factuality != "reported")) or f.verb in head.ancestors
        or head in _content(f.verb)
        or (head.dep_ in SPLIT_DEPS and head.head in _content(f.verb)))]
    if governing:  # the innermost: "The Kremlin confirmed …, hours after Zelenskiy said he expected …"
        return min(governing, key=lambda f: _hops(head, f.verb))
    for frame in frames:
        if frame.verb is None:
            return frame
    tags = [f for f in frames if f.verb is not None and f.verb.i in tagging and f.verb.i > head.i]
    return tags[0] if tags else None


def _hops(token: Token, ancestor: Token) -> int:
    hops, node = 0, token
    while node != ancestor and node.head != node:
        node, hops = node.head, hops + 1
    return hops if node == ancestor else 99


def _claim(document: Document, sent: Span, head: Token, frame: Frame | None, publisher: str | None,
           times: list[TimeMention]) -> Claim:
    start, end = _clause(head)
    text = document.text[start:end]
    speaker = frame.speaker if frame else None
    intermediary = frame.intermediary if frame else None
    time = next((t.value for t in times if start <= t.start < end and t.type in {"DATE", "TIME"}
                 and not t.value.startswith("X")), None)
    return Claim(doc=document.id, start=start, end=end, text=text,
                 speaker=speaker.actor if speaker else None, speaker_text=speaker.text if speaker else None,
                 speaker_start=speaker.start if speaker else None, speaker_end=speaker.end if speaker else None,
                 verb=frame.cue if frame else None, intermediary=intermediary, publisher=publisher,
                 factuality=factuality(head, frame), time=time)


def _clause(head: Token) -> tuple[int, int]:
    """The predicate's clause: its subtree without other claims' clauses and without the reporting frame."""
    excluded: set[int] = set()
    for child in head.children:
        if (child.dep_ in SPLIT_DEPS and child.pos_ in {"VERB", "AUX"}) or child.dep_ == "cc":
            excluded.update(t.i for t in child.subtree)
        if child.dep_ in {"parataxis"} or (_is_reporting(child) and child.dep_ in {"advcl", "parataxis"}):
            excluded.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in excluded and not t.is_punct and not t.is_space]
    if not tokens:
        return head.idx, head.idx + len(head)
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last)


def factuality(head: Token, frame: Frame | None) -> str:
    """The claim's factuality: a denying frame first, then what the predicate says (pledge, agreement, plan,
    demand), conditionals, modals, negation; then how it is reported (confirmed, reported) or asserted."""
    if frame is not None and frame.factuality == "denied":
        return "denied"
    aux = {c.lower_ for c in head.children if c.dep_ in {"aux", "auxpass"}}
    infinitive = head.dep_ == "ROOT" and "to" in aux  # a headline's "Ukraine, Russia to sign deal"
    lexical = _lexical(head)
    if lexical == "agreed" and (aux & (FUTURE_AUX | {"should"}) or infinitive):
        return "planned"  # "will sign a deal", "should be signed today": the agreement is still ahead
    if lexical:
        return lexical
    if _conditional(head):
        return "conditional"
    negated = _negated(head)
    if aux & OBLIGATION_AUX and not negated:
        return "pledged"
    if "should" in aux or "ought" in aux:
        return "demanded"
    if "would" in aux and frame is not None:
        return "planned"  # reported speech: "said it would come into force at 9.45pm"
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if aux & FUTURE_AUX or infinitive or _scheduled(head) or _future(head):
        return "planned"
    if negated:
        return "negated"
    if frame is not None:
        return frame.factuality
    return "asserted"


def _conditional(head: Token) -> bool:
    """"… if Hamas does not agree", "is contingent on", "one day for every 10 hostages released"."""
    for child in head.children:
        if child.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in child.children if m.dep_ == "mark"):
            return True
        if child.dep_ == "mark" and child.lower_ in CONDITION_MARKS:
            return True
        if child.dep_ in {"acomp", "prep"} and child.lower_ in {"contingent", "conditional", "subject"}:
            return True
        if child.dep_ == "prep" and child.lower_ == "for" and any(g.lower_ == "every" for g in child.subtree):
            return True
    return False


def _future(head: Token) -> bool:
    """A future tense in the morphology (Universal Dependencies' Tense=Fut: Russian "подпишет", "будет
    подписывать"); English marks its future with "will", read above, and never sets this feature."""
    return "Fut" in head.morph.get("Tense") or any(
        "Fut" in c.morph.get("Tense") for c in head.children if c.dep_ in {"aux", "aux:pass"})


def _negated(head: Token) -> bool:
    """Negation of the clause itself: "not", "never", "unable", a "no"/"none" subject or object ("There was no
    reaction", "None of the announcements specified"); not a negation inside a clause it governs."""
    for child in head.children:
        if child.dep_ == "neg" or (child.dep_ == "acomp" and child.lower_ in {"unable", "unwilling"}):
            return True
        if child.dep_ == "advmod" and "Neg" in child.morph.get("Polarity"):  # UD's negative particle ("не")
            return True
        if child.dep_ in {"advmod", "neg"} and child.lower_ == "never":
            return True
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "expl"}:
            if child.lower_ in {"none", "nobody", "nothing", "neither"}:
                return True
            if any(g.dep_ in {"det", "preconj"} and g.lower_ in {"no", "neither"} for g in child.children):
                return True
    return False


def _scheduled(head: Token) -> bool:
    """"is set to take effect", "was due to end", "were to attend": a plan spelt with be + to."""
    for child in head.children:
        if child.dep_ in {"xcomp", "acomp"} and (child.lower_ in {"set", "due", "scheduled", "slated"} or (
                head.lemma_ == "be" and child.dep_ == "xcomp" and any(a.lower_ == "to" for a in child.children))):
            return True
    return head.lower_ in {"set", "due", "scheduled", "slated"} and any(c.dep_ == "xcomp" for c in head.children)


def _lexical(head: Token) -> str | None:
    """pledged | agreed | planned | demanded from the predicate or a governing verb ("agreed to visit"),
    an adjective or noun it is built on ("remains committed", "reaffirmed our commitment"), or an
    agreement reached ("an agreement has been reached", "reached a deal")."""
    token, hops = head, 0
    while True:
        lemma = token.lemma_.lower()
        preps = [c.lower_ for c in token.children if c.dep_ in {"prep", "prt"}]
        modality = next((_modality()[f"{lemma} {p}"] for p in preps if f"{lemma} {p}" in _modality()),
                        _modality().get(lemma))
        if modality and token.pos_ in {"VERB", "NOUN", "ADJ"}:
            return modality
        if lemma in REACH and any(c.dep_ in {"dobj", "nsubjpass", "prep", "pobj"} and (
                c.lemma_.lower() in AGREEMENTS or any(g.lemma_.lower() in AGREEMENTS for g in c.children))
                for c in token.children):
            return "agreed"
        for child in token.children:
            if child.dep_ in {"acomp", "dobj"} and _modality().get(child.lemma_.lower()) == "pledged":
                return "pledged"  # "remains committed to", "reaffirmed our commitment"
        aux_to = [c for c in token.children if c.dep_ == "xcomp"]
        if not aux_to or hops >= 2:
            return None
        token, hops = aux_to[0], hops + 1


def _opens_quote(sent: Span) -> bool:
    return sent.text.lstrip()[:1] in {'"', "“", "«"}


def _continues(sent: Span) -> bool:
    return _opens_quote(sent) and not sent.text.rstrip().endswith(('"', "”", "»"))
