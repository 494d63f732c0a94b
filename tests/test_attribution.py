"""Claims: who states each clause, through whom it reached the page, and whether it happened or was promised."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_pipeline

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds():
    from rashomon.annotate import annotate
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    docs = [d for d in read_inputs([str(SEEDS)]) if isinstance(d, Document)]
    return {ann.doc.id[:3]: ann for ann in annotate(docs)}


def claim_with(ann, words: str):
    found = [c for c in ann.claims if words in c.text]
    assert found, [c.text for c in ann.claims]
    return found[0]


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_attribution_seed_quoted_official_told_an_outlet(seeds):
    ann = seeds["000"]
    for words in ("compel anyone to leave Karabakh", "leaving Karabakh is a personal"):
        claim = claim_with(ann, words)
        assert (claim.speaker, claim.intermediary, claim.publisher) == ("AZE-GOV-hajiyev", "DW", "Trend")
    assert claim_with(ann, "leaving Karabakh is a personal").speaker_text == "him"
    official = claim_with(ann, "were targeted")
    assert official.speaker == "AZE-GOV-hajiyev" and official.speaker_text.lower().endswith("official")


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_attribution_seed_pledges_and_plans(seeds):
    ann = seeds["001"]
    assert claim_with(ann, "pledged not to block this process").factuality == "pledged"
    visit = claim_with(ann, "agreed to visit Yevlakh tomorrow")
    assert visit.factuality in {"agreed", "planned"} and visit.time == "2023-09-21"
    assert "pledged not to block" not in visit.text  # two predicates, two claims
    media = claim_with(ann, "decided to surrender")
    assert media.intermediary == "Armenian media outlets" and media.speaker is None
    confirmed = claim_with(ann, "confirmed this information")
    assert (confirmed.speaker, confirmed.factuality) == ("AZE-MIL-mod", "confirmed")


@pytest.mark.parametrize(
    ("text", "words", "factuality"),
    [
        ("The ministry denied that its troops shelled the village.", "shelled the village", "denied"),
        ("Troops shelled the village overnight.", "shelled the village", "asserted"),
        ("Troops shelled the village overnight, the ministry said.", "shelled the village", "reported"),
        ("The rebels will withdraw from the town on Friday.", "withdraw from the town", "planned"),
        ("The rebels could withdraw from the town.", "withdraw from the town", "hypothetical"),
        ("The rebels will withdraw if the army stops shelling.", "withdraw", "conditional"),
        ("The rebels did not withdraw from the town.", "withdraw from the town", "negated"),
        ("The government demanded that the rebels disarm.", "demanded", "demanded"),
        ("The sides agreed to exchange prisoners.", "exchange prisoners", "agreed"),
        ("The rebels vowed to keep fighting.", "keep fighting", "pledged"),
    ],
)
def test_attribution_factuality(text, words, factuality):
    ann = run_pipeline(text, published="2023-09-20")
    assert claim_with(ann, words).factuality == factuality


def test_attribution_intermediary_and_publisher():
    ann = run_pipeline("Two soldiers were killed near the border, Interfax reported.", outlet="Daily Paper")
    claim = claim_with(ann, "soldiers were killed")
    assert (claim.speaker, claim.intermediary, claim.publisher) == (None, "Interfax", "Daily Paper")
    unattributed = run_pipeline("Two soldiers were killed near the border.", outlet="Daily Paper").claims[0]
    assert (unattributed.speaker, unattributed.publisher, unattributed.factuality) == (None, "Daily Paper", "asserted")


def test_attribution_publisher_from_the_closing_tag_line():
    ann = run_pipeline("Talks will resume on Monday, the minister said, Trend reports.", outlet=None)
    claim = claim_with(ann, "Talks will resume")
    assert claim.publisher == "Trend" and claim.intermediary is None and claim.factuality == "planned"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not present")
def test_actors_seed_official_with_his_role(seeds):
    (hajiyev,) = [a for a in seeds["000"].actors if a.text == "Hikmet Hajiyev"]
    assert (hajiyev.actor, hajiyev.country, hajiyev.sector) == ("AZE-GOV-hajiyev", "AZE", "GOV")
    assert hajiyev.role.startswith("Assistant to the President of Azerbaijan") and "Foreign Policy" in hajiyev.role
    assert not [a for a in seeds["000"].actors if a.start < hajiyev.start and a.actor.startswith(("org:", "per:"))]


def test_actors_states_that_act_and_titles_that_refer_back():
    ann = run_pipeline("Baku said on Monday it had seized dozens of villages. Talks were held in Moscow. "
                       "Azeri President Ilham Aliyev welcomed the deal, and the Azerbaijani president later "
                       "spoke to Ukrainian Foreign Minister Dmytro Kuleba.")
    by_text = {a.text: a for a in ann.actors}
    assert by_text["Baku"].actor == "AZE-GOV"  # the capital speaks for its government
    assert "Moscow" not in by_text  # a place where talks were held is not an actor
    assert by_text["Ilham Aliyev"].role == "Azeri President"
    assert by_text["Azerbaijani president"].actor == "AZE-GOV-aliyev"
    kuleba = by_text["Dmytro Kuleba"]  # not in the dictionary: id from the name, country and sector from the title
    assert (kuleba.actor, kuleba.country, kuleba.sector) == ("per:dmytro-kuleba", "UKR", "GOV")


def test_attribution_tag_after_a_quotation_of_several_sentences():
    ann = run_pipeline('"We fought to the end. We will rebuild the town. And we will win," the mayor told reporters. '
                       'The agreement was signed in a phone call with Reuters, a rebel official said.',
                       outlet="Daily Paper")
    fought, rebuild = claim_with(ann, "fought to the end"), claim_with(ann, "rebuild the town")
    assert fought.speaker == rebuild.speaker is not None and "mayor" in fought.speaker_text
    assert (fought.factuality, rebuild.factuality) == ("reported", "planned")
    assert claim_with(ann, "The agreement was signed").speaker is not None


def test_actors_title_in_apposition_and_possessive_groups():
    ann = run_pipeline("The plan was backed by the foreign minister, Jonas Vilkas, who spoke in Vilnius. "
                       "Nikol Pashinyan said he acted under pressure from his own army.")
    by_text = {a.text: a for a in ann.actors}
    minister = next(a for a in ann.actors if a.text.endswith("foreign minister"))
    assert minister.actor == by_text["Jonas Vilkas"].actor == "per:jonas-vilkas"
    army = next(a for a in ann.actors if a.text.endswith("army"))
    assert (army.actor, army.country) == ("ARM-MIL", "ARM")


def test_attribution_outlet_relays_the_quotation_it_tagged():
    ann = run_pipeline("“Under the deal, the rebels are to free 50 hostages,” the AP news agency reported.\n\n"
                       "“Both sides were starting with women. Israel said the truce can be extended a day for every "
                       "10 hostages freed.”\n\nThe army is holding 8,000 prisoners.", outlet="Daily Paper")
    assert claim_with(ann, "Both sides were starting").intermediary == "AP"
    extended = claim_with(ann, "can be extended")
    assert (extended.speaker, extended.intermediary, extended.factuality) == ("ISR-GOV", "AP", "conditional")
    assert claim_with(ann, "holding 8,000 prisoners").intermediary is None


@pytest.mark.parametrize(("text", "words", "channel"), [
    ("The minister wrote on Telegram that the bridge had been repaired.", "bridge had been repaired", "Telegram"),
    ("The army said in a statement carried by state television that the border was closed.", "border was closed",
     "state television"),
    ("“The bridge is open,” the governor said in a post on his Facebook page.", "bridge is open", "Facebook page"),
    ("A senior official cited by Haaretz said the vote would be delayed.", "vote would be delayed", "Haaretz"),
    ("Local media reports said the mayor had resigned.", "mayor had resigned", "Local media reports"),
    ("The ministry said in a statement that the talks would resume.", "talks would resume", None),
    ("Schools will reopen on Monday, the governor told a news conference.", "Schools will reopen", None),
])
def test_attribution_channels_from_the_parse(text, words, channel):
    """Outlets and channels come from the reporting verb's phrases, its subject's "cited by" and the channel
    lexicon: a statement or a briefing is not a channel."""
    claim = claim_with(run_pipeline(text, outlet="Daily Paper"), words)
    assert claim.intermediary == channel
    assert (claim.speaker is None) == (channel == "Local media reports")  # unnamed outlets: no speaker


def test_attribution_nested_frames_and_tag_lines():
    ann = run_pipeline("Interfax quoted the minister as saying that grain exports would resume next week.",
                       outlet="Daily Paper")
    claim = claim_with(ann, "exports would resume")
    assert claim.intermediary == "Interfax" and claim.speaker is not None
    ann = run_pipeline("The port will reopen on Monday. Interfax reports, citing a source in the ministry.",
                       outlet="Daily Paper")
    assert claim_with(ann, "port will reopen").intermediary == "Interfax"
    assert not [c for c in ann.claims if "reports" in c.text]  # the tag line is a source, not a claim


def test_attribution_a_quotation_with_its_own_tag_names_its_own_channel():
    ann = run_pipeline("“The talks went well,” the minister told the BBC.\n\n“We will meet again. The date is "
                       "set,” he said.", outlet="Daily Paper")
    assert claim_with(ann, "talks went well").intermediary == "BBC"
    assert claim_with(ann, "meet again").intermediary is None
