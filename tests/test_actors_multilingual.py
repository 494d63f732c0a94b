"""Actors in Russian and Ukrainian reports: the dictionary's names matched in any case the sentence gives them."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

from rashomon.annotate import annotate
from rashomon.annotate.actors import _records, declined_names
from rashomon.model import Document


def actors_of(text: str, doc_id: str = "d") -> list[tuple[str, str]]:
    (ann,) = annotate([Document(id=doc_id, text=text, hash=text)])
    return [(a.text, a.actor) for a in ann.actors]


def test_russian_names_match_in_every_case():
    found = actors_of("Представитель Министерства обороны Азербайджана заявил, что подразделения "
                      "Вооружёнными силами Армении не отводятся. Переговоры с Сергеем Лавровым и генсеком ООН "
                      "продолжатся, сообщил Песков.")
    assert ("Министерства обороны Азербайджана", "AZE-MIL-mod") in found
    assert ("Вооружёнными силами Армении", "ARM-MIL") in found
    assert ("Сергеем Лавровым", "RUS-GOV-lavrov") in found
    assert ("ООН", "IGO-UN") in found
    assert ("Песков", "RUS-GOV-kremlin") in found


def test_ukrainian_names_match_in_every_case():
    found = actors_of("Міністерство закордонних справ України засудило заяву Міноборони Росії, "
                      "повідомили у Збройних силах України після розмови з Ільхамом Алієвим.")
    assert ("Міністерство закордонних справ України", "UKR-GOV") in found
    assert ("Міноборони Росії", "RUS-MIL") in found
    assert ("Збройних силах України", "UKR-MIL") in found
    assert ("Ільхамом Алієвим", "AZE-GOV-aliyev") in found


def test_arabic_names_match_with_their_proclitics():
    found = actors_of("قالت وزارة الخارجية الأمريكية إن الجيش السوداني وقوات الدعم السريع اتفقا على الهدنة، "
                      "وأعلن المتحدث باسم الأمم المتحدة ترحيب المنظمة بالاتفاق الذي أيّدته الخارجيّة القطريّة.")
    assert ("وزارة الخارجية الأمريكية", "USA-GOV") in found
    assert ("الجيش السوداني", "SDN-MIL-saf") in found
    assert ("وقوات الدعم السريع", "SDN-REB-rsf") in found  # "and the RSF": the conjunction is part of the word
    assert ("الأمم المتحدة", "IGO-UN") in found
    assert ("الخارجيّة القطريّة", "QAT-GOV") in found  # written with shadda


def test_unknown_names_in_cyrillic_keep_their_own_ids():
    found = dict(actors_of("Глава района Иван Петрович Сидоров встретился с Павлом Кузнецовым в пятницу."))
    ids = {actor for actor in found.values() if actor.startswith("per:")}
    assert len(ids) == 2 and all(len(i) > len("per:") for i in ids)


@pytest.mark.parametrize("language", ["ru", "uk", "ar"])
def test_every_name_belongs_to_a_dictionary_actor(language):
    ids = {r["id"] for r in _records()}
    entry = resources.files("rashomon.data").joinpath(f"actors/names/{language}.yaml")
    names = yaml.safe_load(entry.read_text(encoding="utf-8"))
    assert set(names) <= ids
    index = declined_names(language)
    listed = {n if isinstance(n, str) else n["name"] for found in names.values() for n in found}
    assert {alias.name for entries in index.values() for _, alias in entries} == listed


def test_russian_claims_have_their_speakers_and_factuality():
    (ann,) = annotate([Document(id="c", hash="c", text=(
        "Песков заявил журналистам, что делегации встретятся в Стамбуле. По словам Лаврова, переговоры "
        "продолжатся в пятницу. Министерство обороны Азербайджана опровергло сообщения о потерях. "
        "Стороны договорились прекратить огонь."))])
    claims = {c.text: (c.speaker, c.verb, c.factuality) for c in ann.claims}
    assert claims["что делегации встретятся в Стамбуле"] == ("RUS-GOV-kremlin", "заявил", "planned")
    assert claims["переговоры продолжатся в пятницу"] == ("RUS-GOV-lavrov", "По словам", "planned")
    assert claims["Министерство обороны Азербайджана опровергло сообщения о потерях"][::2] == ("AZE-MIL-mod",
                                                                                          "denied")
    assert claims["Стороны договорились прекратить огонь"] == (None, None, "agreed")


def test_documents_in_languages_without_claim_rules_get_no_claims():
    (ann,) = annotate([Document(id="a", hash="a", text=(
        "قال المتحدث باسم الخارجية القطرية إن الهدنة ستبدأ صباح الجمعة في قطاع غزة، وأكد أن المفاوضات مستمرة."))])
    assert ann.doc.language == "ar" and ann.claims == [] and ann.events == []


def test_russian_events_are_coded_with_their_actors_and_factuality():
    (ann,) = annotate([Document(id="e", hash="e", text=(
        "Армия Азербайджана обстреляла позиции у Шуши. Киев подпишет договор по зерну с Турцией и ООН. "
        "Стороны договорились прекратить огонь."))])
    events = {e.trigger: (e.type, e.source, e.factuality) for e in ann.events}
    assert events["обстреляла"] == ("ASSAULT", "AZE-MIL-mod", "happened")
    assert events["подпишет"] == ("SUPPORT", "UKR-GOV", "planned")  # a future tense is a plan
    assert events["договорились"][0] == "AGREE"


def test_a_russian_parse_is_always_a_tree():
    """The parser picks heads word by word; cycles must not reach spaCy (Span.root would fail)."""
    from rashomon.annotate.russian import parse_russian

    doc = parse_russian("Шойгу прибыл в Стамбул, где подпишет соглашение по украинскому зерну, — РИА Новости Крым. "
                        "Документ, который планируют подписать во дворце Долмабахче, выработан при участии ООН.")
    for sent in doc.sents:
        assert sum(t.dep_ == "ROOT" for t in sent) == 1
        for token in sent:
            assert sent.root in [token, *token.ancestors]
