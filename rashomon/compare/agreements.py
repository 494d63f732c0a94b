"""One story's agreements: each outlet's report of a deal merged into one object, its terms aligned.

Per-document agreements of a story are grouped by the role the text gives them (a truce, its
extension, an earlier accord) and by where they were signed, so an implementation declaration signed
in another country stays its own object. Within an agreement, two outlets' terms are the same term
when they share the category and enough of their wording: the head word (after synonyms:
data/lexicons/term_synonyms.csv) and the content words (Jaccard), with numbers that must agree
("20 hostages" is not "50 hostages"). So "complete disarmament" meets "disarm fully", while "lay down
their weapons" stays apart from "hand over all heavy equipment". The result shows which outlet
reported which term; implementation.py then adds each term's reported steps.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz

from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.provisions import object_classes
from rashomon.model import Agreement, Provision

SAME_TERM = 0.5  # similarity at or above which two wordings are one term (set on the #7 gold set)
# a deal sets up one monitoring body and one force, whatever each outlet calls them
ONE_PER_DEAL = {"monitoring", "peacekeeping"}
ONE_PER_DEAL_BONUS = 0.2
AVERAGE_LINK_MAX = 60  # wordings of one category above which alignment falls back to first fit
_GENERIC = {"force", "military", "armed", "party", "side", "all", "both", "deal", "agreement", "also", "further",
            "immediately", "region", "area", "zone", "conflict",  # where a term holds, not what it is
            "process", "provide", "ensure", "facilitate", "allow", "continue",
            "establish",  # "establish a joint committee" is "a joint committee"; form, create, set up map here
            "say", "agree", "will", "shall", "be", "have", "do", "include", "call",
            "humanitarian", "need"}  # 'humanitarian' qualifies any term loosely; 'those in need'
# how a term is to be carried out, not what it is: "unhindered access" and "expedite aid" are one term
_MANNER = {"unhindered", "unimpeded", "unrestricted", "safe", "secure", "expedite", "swift", "rapid", "prompt",
           "timely", "orderly", "smooth", "coordinated", "systematic", "immediate", "gradual"}


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    return {r["word"]: r["same_as"] for r in data_rows("lexicons/term_synonyms.csv")}


def _norm(word: str) -> str:
    """The word's shared form; a form the tagger left inflected ('supervising', 'monitored') is tried
    without its ending, so the lexicon need not list every inflection."""
    table = _synonyms()
    if word in table:
        return table[word]
    for ending, repl in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: len(word) - len(ending)] + repl
            if stem in table:
                return table[stem]
            if stem in _HEADS:
                return stem
    return word


_ENDINGS = (("ing", "e"), ("ing", ""), ("ed", "e"), ("ed", ""), ("s", ""))


def story_agreements(story_id: str, found: list[Agreement]) -> list[Agreement]:
    """The story's agreements, the most reported first; its id is '<story>:agreement', others ':agreement-2', …"""
    groups = _group(found)
    groups.sort(key=lambda g: (-len({d for a in g for d in a.docs}), _role_rank(g)))
    return [_merge(f"{story_id}:agreement" + (f"-{k + 1}" if k else ""), g) for k, g in enumerate(groups)]


def merge_agreements(story_id: str, found: list[Agreement]) -> Agreement | None:
    """The story's main agreement (the one most documents report), or None."""
    merged = story_agreements(story_id, found)
    return merged[0] if merged else None


def _role_rank(group: list[Agreement]) -> int:
    roles = Counter(a.role for a in group)
    return {"main": 0, "named": 0, "implementation": 1, "extension": 2, "earlier": 3}.get(roles.most_common(1)[0][0], 1)


def _role_class(agreement: Agreement) -> str:
    return agreement.role if agreement.role in {"extension", "earlier"} else "deal"


def _group(found: list[Agreement]) -> list[list[Agreement]]:
    """Per-document agreements → one list per deal: same role class, no clash of place or name."""
    ordered = sorted(found, key=lambda a: (a.role == "implementation", a.place_country is None, -len(a.provisions)))
    groups: list[list[Agreement]] = []
    for ag in ordered:
        main = max(groups, key=lambda g: len({d for a in g for d in a.docs}), default=None)
        fitting = [g for g in groups if _fits(ag, g, g is main)]
        home = max(fitting, key=lambda g: _affinity(ag, g), default=None)
        if home is None:
            groups.append([ag])
        else:
            home.append(ag)
    return groups


def _affinity(ag: Agreement, group: list[Agreement]) -> tuple[int, int, int]:
    """Prefer the deal of the same name, then the most reported one, then one of the same role."""
    same_name = bool(ag.name) and any(a.name and fuzz.token_set_ratio(ag.name.lower(), a.name.lower()) >= 60
                                      for a in group)
    return (same_name, len(group), sum(a.role == ag.role for a in group))


def _fits(ag: Agreement, group: list[Agreement], main: bool = False) -> bool:
    """Whether `ag` may be another outlet's report of the deal `group` holds (`main`: the most reported so far).

    A report of an implementation deal (a road map, a declaration on modalities) that names no place is
    not the deal it implements, which is the story's most reported one; it may be the other deal that
    other outlets report with its own place of signing (even when its own document also names that deal,
    as a headline and a body do), or another placeless implementation report."""
    if _role_class(ag) != _role_class(group[0]):
        return False
    countries = {a.place_country for a in group if a.place_country}
    if ag.role == "implementation" and not ag.place_country and not main and countries:
        return True  # also when the same document reports that deal again, placed (headline and body)
    if set(ag.docs) & {d for a in group for d in a.docs}:
        return False  # one document's two agreements are two deals
    if ag.place_country and countries and ag.place_country not in countries and not _same_name(ag, group):
        return False
    if ag.role == "implementation" and not ag.place_country:
        return all(a.role == "implementation" for a in group)
    return True


def _same_name(ag: Agreement, group: list[Agreement]) -> bool:
    """One place name that the gazetteer resolved to two countries ('Gaza' the strip, 'Gaza' a province
    elsewhere; 'Gaza' within 'Gaza Strip') is a disagreement of geocoding, not a second place of signing."""
    words = set((ag.place_name or "").casefold().split())
    others = [set((a.place_name or "").casefold().split()) for a in group]
    return bool(words) and any(o and (words <= o or o <= words) for o in others)


def _merge(agreement_id: str, group: list[Agreement]) -> Agreement:
    instants = Counter(a.effective_utc for a in group if a.effective_utc)
    durations = Counter(a.duration for a in group if a.duration)
    places = Counter((a.place, a.place_name, a.place_country) for a in group if a.place)
    first = group[0]
    place = places.most_common(1)[0][0] if places else (None, None, None)
    return Agreement(
        id=agreement_id,
        docs=list(dict.fromkeys(d for a in group for d in a.docs)),
        kind=Counter(a.kind for a in group).most_common(1)[0][0],
        parties=list(dict.fromkeys(p for a in group for p in a.parties)),
        mediators=list(dict.fromkeys(m for a in group for m in a.mediators)),
        effective_utc=instants.most_common(1)[0][0] if instants else None,
        provisions=align([p for a in group for p in a.provisions]),
        start=first.start, end=first.end,
        role=Counter(a.role for a in group).most_common(1)[0][0],
        name=next((a.name for a in group if a.name), None),
        place=place[0], place_name=place[1], place_country=place[2],
        signed=Counter(a.signed for a in group if a.signed).most_common(1)[0][0] if any(a.signed for a in group)
        else None,
        duration=durations.most_common(1)[0][0] if durations else None,
        expires_utc=next((a.expires_utc for a in group if a.expires_utc and a.effective_utc ==
                          (instants.most_common(1)[0][0] if instants else None)), None),
    )


def align(provisions: list[Provision]) -> list[Provision]:
    """Provisions that state the same term (in any outlet's words) become one, its mentions pooled.

    Average-link clustering within each category: the two groups of wordings with the highest mean
    similarity merge first, while that mean stays at SAME_TERM or above; one loose wording therefore
    cannot chain two different terms together. Terms keep the order in which they were first stated.
    """
    keys = [term_keys(p) for p in provisions]
    by_category: dict[str, list[int]] = {}
    for i, p in enumerate(provisions):
        by_category.setdefault(p.category, []).append(i)
    groups: list[list[int]] = []
    for category, items in by_category.items():
        bonus = ONE_PER_DEAL_BONUS if category in ONE_PER_DEAL else 0.0
        if len(items) > AVERAGE_LINK_MAX:  # very large stories: first fit, against a sample of each group
            groups += _first_fit(items, keys, bonus)
        else:
            groups += _average_link(items, keys, bonus)
    result = []
    for k, members in enumerate(sorted(groups, key=min)):
        first = provisions[members[0]]
        mentions = [m for i in members for m in provisions[i].mentions]
        parties = Counter(m.party for m in mentions if m.party) or Counter(
            provisions[i].party for i in members if provisions[i].party)
        result.append(Provision(category=first.category, text=first.text, mentions=mentions, id=f"p{k + 1}",
                                party=parties.most_common(1)[0][0] if parties else None,
                                deadline=next((provisions[i].deadline for i in members if provisions[i].deadline),
                                              None),
                                words=list(first.words)))
    return result


def _average_link(items: list[int], keys: list[set[str]], bonus: float) -> list[list[int]]:
    sim = {(a, b): similarity(keys[a], keys[b]) + bonus for x, a in enumerate(items) for b in items[x + 1:]}
    groups = [[i] for i in items]
    while True:
        best, pair = SAME_TERM, None
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                scores = [sim[min(a, b), max(a, b)] for a in groups[x] for b in groups[y]]
                mean = sum(scores) / len(scores)
                if mean >= best:
                    best, pair = mean, (x, y)
        if pair is None:
            return groups
        x, y = pair
        groups[x] = sorted(groups[x] + groups[y])
        del groups[y]


def _first_fit(items: list[int], keys: list[set[str]], bonus: float) -> list[list[int]]:
    groups: list[list[int]] = []
    for i in items:
        for g in groups:
            sample = g[:10]
            if sum(similarity(keys[i], keys[j]) + bonus for j in sample) / len(sample) >= SAME_TERM:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def term_keys(p: Provision) -> set[str]:
    """The term's words after synonyms; two adjacent content words the lexicon lists as one phrase
    ('law order' of "law and order", 'constitutional order') count as one word, so that the two phrases
    do not meet on 'order'."""
    words = p.words or _plain_words(p.text)
    keys, k = set(), 0
    while k < len(words):
        pair = f"{words[k]} {words[k + 1]}" if k + 1 < len(words) else ""
        if pair in _synonyms():
            keys.add(_synonyms()[pair])
            k += 2
        else:
            keys.add(_norm(words[k]))
            k += 1
    return keys


_STOP = {"the", "and", "will", "would", "shall", "must", "be", "been", "are", "is", "was", "were", "for", "with",
         "from", "their", "its", "all", "that", "this", "into", "onto", "of", "to", "in", "on", "by", "at", "an"}


def _plain_words(text: str) -> list[str]:
    """Content words of a wording kept without lemmas (older stores): lower case, plural 's' dropped."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in _STOP and (len(w) > 2 or w.isdigit())]


def similarity(a: set[str], b: set[str]) -> float:
    """0.4 for a shared term word (withdraw, release, ceasefire, …) plus 0.6 x Jaccard of the other content
    words (what is withdrawn, from where, how long); a bare wording ("a ceasefire") counts as half-similar
    to a fuller one. A wording with no term word ("public services") gets half the term word's share, as it
    may leave unsaid the word the other states ("restoration of services"). 0 when both give numbers and
    they differ ("20 hostages" is not "50 hostages")."""
    numbers_a = {w for w in a if w.isdigit()}
    numbers_b = {w for w in b if w.isdigit()}
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return 0.0
    held_a, held_b = _classes(a), _classes(b)
    if held_a and held_b and not held_a & held_b:
        return 0.0  # 'release of hostages' is not 'release of prisoners'
    ca, cb = a - _GENERIC - _MANNER, b - _GENERIC - _MANNER
    if not ca or not cb:
        return 0.0
    head = bool(ca & cb & _HEADS)
    ra, rb = ca - _HEADS, cb - _HEADS
    if ra and rb:
        rest = len(ra & rb) / len(ra | rb)
    else:
        rest = 0.5 if head else 0.0
    if not head and not (ca & _HEADS and cb & _HEADS):
        return 0.2 + 0.6 * rest  # one wording names only what the term is about ('public services')
    return 0.4 * head + 0.6 * rest


def _classes(keys: set[str]) -> set[str]:
    classes = object_classes()
    return {classes[w] for w in keys if w in classes}


TERM_WORDS = _HEADS = {"withdraw", "disarm", "hand", "release", "ceasefire", "monitor", "deploy", "restore", "deliver",
          "distribute", "protect", "return", "export", "disband", "reintegrate", "exchange", "lay", "visit", "talk",
          "extend", "open", "reopen", "halt", "stop", "assistance", "access", "passage",
          "demobilize", "demobilise", "guarantee", "coordination", "committee", "mechanism", "corridor", "retain"}
