"""Claim extraction on small inline articles (our own wording) and on the seed pages' key figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import load_bench
from tests.extract.conftest import make_article

from newsledger.errors import ConfigError
from newsledger.extract.claims import ClaimExtractor
from newsledger.nlp import ArticleAnnotator
from newsledger.records import Claim

Claims = Callable[..., list[Claim]]


def claim_with(found: list[Claim], snippet: str) -> Claim:
    matching = [c for c in found if snippet in c.evidence.text]
    assert matching, f"no claim with {snippet!r} in {[c.evidence.text for c in found]}"
    return matching[0]


# -- speakers -----------------------------------------------------------------------------------------


def test_indirect_speech_subject_is_the_speaker(claims: Claims) -> None:
    found = claims(
        "Ukraine's General Staff said on Monday that its troops had repelled twelve attacks near Avdiivka."
    )
    claim = claim_with(found, "General Staff said")
    assert claim.speaker is not None and "General Staff" in claim.speaker.text
    assert claim.speaker_kind == "military"
    assert claim.verb == "said"
    assert not claim.hedged


def test_speaker_after_a_quote_and_pronoun_in_the_next_quote(claims: Claims) -> None:
    body = """
Luhansk governor Serhiy Haidai spoke to reporters in Sievierodonetsk on Friday.
"The shelling has not stopped for three days," Haidai said.
"We are moving the last families out tonight," he added.
"""
    found = claims(body, date(2022, 5, 20))
    first = claim_with(found, "The shelling has not stopped")
    second = claim_with(found, "We are moving the last families")
    for claim in (first, second):
        assert claim.speaker is not None and claim.speaker.canonical == "person:serhiy-haidai"
        assert claim.speaker_kind == "official"


def test_according_to_names_the_speaker(claims: Claims) -> None:
    found = claims(
        "About 200 reservists from Chuvashia refused to return to the front, according to Mediazona."
    )
    claim = claim_with(found, "according to Mediazona")
    assert claim.verb == "according to"
    assert claim.speaker is not None and claim.speaker.canonical == "outlet:mediazona"
    assert claim.speaker_kind == "media"
    [quantity] = claim.quantities
    assert (quantity.category, quantity.min) == ("refused", 200)


def test_described_speaker_keeps_canonical_none(claims: Claims) -> None:
    found = claims(
        "A senior NATO diplomat said the Russian spring offensive had stalled everywhere but Bakhmut."
    )
    claim = claim_with(found, "senior NATO diplomat")
    assert claim.speaker is not None and claim.speaker.text == "A senior NATO diplomat"
    assert claim.speaker.canonical is None
    assert claim.speaker_kind == "official"


def test_a_short_participle_phrase_belongs_to_the_speaker(claims: Claims) -> None:
    found = claims(
        "A lawyer acting for the families said dozens of reservists had left a training camp in Bryansk."
    )
    claim = claim_with(found, "reservists had left")
    assert claim.speaker is not None and claim.speaker.text == "A lawyer acting for the families"
    assert claim.speaker_kind == "person"


def test_he_points_back_to_a_described_person(claims: Claims) -> None:
    found = claims(
        "A platoon sergeant from the brigade described the night crossing to us.\n"
        "\u201cHalf the boats sank before they reached the far bank,\u201d he said."
    )
    claim = claim_with(found, "Half the boats sank")
    assert claim.speaker is not None and "platoon sergeant" in claim.speaker.text
    assert claim.speaker_kind == "military"


def test_a_report_speaks_for_its_author(claims: Claims) -> None:
    found = claims("A study by the Kyiv School of Economics found that 40 bridges had been destroyed.")
    claim = claim_with(found, "40 bridges")
    assert claim.speaker is not None and "Kyiv School of Economics" in claim.speaker.text
    assert claim.verb == "found"


def test_anonymous_source(claims: Claims) -> None:
    found = claims(
        "A western security source told the paper that Russian morale near Kreminna had collapsed."
    )
    claim = claim_with(found, "western security source")
    assert claim.speaker is not None and claim.speaker.canonical is None
    assert claim.speaker_kind == "anonymous"


def test_member_noun_speaks_for_its_body(claims: Claims) -> None:
    found = claims("MoD analysts said Russia was recruiting prisoners to fill gaps in its line.")
    claim = claim_with(found, "MoD analysts")
    assert claim.speaker is not None and claim.speaker.canonical == "agency:uk-ministry-of-defence"
    assert claim.speaker_kind == "government"


def test_quote_block_over_paragraphs_and_went_on(claims: Claims) -> None:
    body = """
A Ukrainian battalion commander near Bakhmut told the Courier: “We hold the line by day.
“At night they come again, in small groups, and we count the bodies in the morning.”
He went on: “Nobody here believes the war ends this year.”
Russian troops reportedly abandoned three more positions on Sunday.
"""
    found = claims(body, date(2023, 1, 16))
    texts = ["We hold the line", "At night they come again", "Nobody here believes"]
    speakers = {claim_with(found, text).speaker for text in texts}
    assert len(speakers) == 1
    [speaker] = speakers
    assert speaker is not None and "battalion commander" in speaker.text
    assert claim_with(found, "Nobody here believes").verb == "went"
    outlet = claim_with(found, "reportedly abandoned")
    assert outlet.speaker is None and outlet.speaker_kind == "outlet" and outlet.hedged


def test_reporting_verb_inside_a_quote_does_not_attribute(claims: Claims) -> None:
    found = claims('"Our officers said we would rotate in a week," a soldier from the unit told the channel.')
    claim = claim_with(found, "Our officers said")
    assert claim.speaker is not None and "a soldier" in claim.speaker.text


def test_hedges(claims: Claims) -> None:
    body = """
Kyiv claimed that 40 Russian marines had surrendered near Vuhledar.
The commander was said to have been dismissed.
The Ministry of Defence said the report was accurate.
"""
    found = claims(body, date(2023, 2, 10))
    claimed = claim_with(found, "Kyiv claimed")
    assert claimed.hedged and claimed.verb == "claimed"
    passive = claim_with(found, "was said to")
    assert passive.speaker is None and passive.speaker_kind == "anonymous" and passive.hedged
    assert not claim_with(found, "the report was accurate").hedged


def test_it_is_the_body_that_spoke_not_a_place_named_as_a_location(claims: Claims) -> None:
    body = """
Russia has probably lost about 40 artillery pieces this month, Britain's defence ministry said on Tuesday.
Its update described heavy shelling near the village of Bilohorivka in the Luhansk region.
It said that conscripts were now manning trenches there.
"""
    claim = claim_with(claims(body), "conscripts were now manning")
    assert claim.speaker is not None and claim.speaker.canonical == "agency:uk-ministry-of-defence"
    assert claim.speaker_kind == "government"


def test_she_does_not_point_back_to_a_spokesman(claims: Claims) -> None:
    body = """
A spokesman for the regional governor said that the shelter had been repaired.
The region's children's ombudsman, Irina Volkova, says her office has had 300 letters from parents.
Most of them ask about evacuation, she said.
"""
    claim = claim_with(claims(body), "Most of them ask about evacuation")
    assert claim.speaker is not None and claim.speaker.text == "Irina Volkova"
    assert claim.speaker_kind == "official"


def test_a_name_right_after_a_common_noun_is_part_of_the_speaker(claims: Claims) -> None:
    found = claims("The pro-war Telegram channel Grey Zone claimed that two Ukrainian boats had been sunk.")
    claim = claim_with(found, "boats had been sunk")
    assert claim.speaker is not None and claim.speaker.text.endswith("channel Grey Zone")
    assert claim.hedged


def test_a_subject_the_parse_hung_elsewhere_is_the_name_before_the_verb(claims: Claims) -> None:
    found = claims(
        "In an interview with a Kyiv radio station, one of the study's authors, Oksana Melnyk, said "
        "Russian units were rotating less often than a year ago."
    )
    claim = claim_with(found, "rotating less often")
    assert claim.speaker is not None and claim.speaker.text == "Oksana Melnyk"


def test_denying_or_confirming_something_is_a_claim(claims: Claims) -> None:
    found = claims("Minsk denied the allegations on Thursday.\nThe Kremlin later confirmed the meeting.")
    assert [c.speaker.text if c.speaker else None for c in found] == ["Minsk", "The Kremlin"]
    assert not claims("The unit counted the boxes on Thursday.")


def test_a_document_without_its_author_is_the_previous_speakers(claims: Claims) -> None:
    body = """
The Western Military District put out a statement on Monday about the exercise.
"All crews returned to base in good order," the statement read.
"""
    claim = claim_with(claims(body), "All crews returned")
    assert claim.speaker is not None and "Western Military District" in claim.speaker.text
    assert claim.speaker_kind == "military"


def test_quoted_as_saying_and_data_compiled_by(claims: Claims) -> None:
    found = claims(
        "Governor Vasily Orlov was quoted as saying that the bridge would reopen in May.\n"
        "According to data compiled by the monitoring group Vot Tak, 90 men were detained at the border."
    )
    quoted = claim_with(found, "the bridge would reopen")
    assert quoted.speaker is not None and "Vasily Orlov" in quoted.speaker.text
    assert quoted.speaker_kind == "official" and not quoted.hedged
    compiled = claim_with(found, "90 men were detained")
    assert compiled.speaker is not None and "Vot Tak" in compiled.speaker.text
    assert compiled.speaker_kind == "ngo"


def test_the_official_is_the_official_described_before(claims: Claims) -> None:
    body = """
A senior European diplomat said the talks on a prisoner exchange had stalled again.
"Nobody in Moscow wants to be seen giving ground," the diplomat told reporters.
The Telegram channel of the monitoring group Mobilisation News said 40 men had been sent back.
The group said most of them had been wounded before.
"""
    found = claims(body)
    quoted = claim_with(found, "Nobody in Moscow wants")
    assert quoted.speaker is not None and quoted.speaker.text == "A senior European diplomat"
    assert quoted.speaker_kind == "official"
    group = claim_with(found, "most of them had been wounded")
    assert group.speaker is not None and "Mobilisation News" in group.speaker.text


def test_a_live_blog_time_stamp_is_not_part_of_the_speaker(claims: Claims) -> None:
    found = claims("11:40 - Ukraine's air force says that 14 drones were shot down overnight.")
    claim = claim_with(found, "air force says")
    assert claim.speaker is not None and claim.speaker.text == "Ukraine's air force"
    assert claim.speaker_kind == "military"


def test_speaker_kinds_from_anonymity_the_body_spoken_for_and_earlier_titles(claims: Claims) -> None:
    body = """
Two Western officials, speaking on condition of anonymity, said the Russian reserve had been spent.
The navy's spokesman, Ivan Koval, said the landing ship had been hit twice.
Lieutenant Colonel Petro Shevchuk, who leads a drone unit near Kupiansk, said the attack had stalled.
"They have stopped sending armour," said Shevchuk.
An open-source research project said it had geolocated the footage.
"""
    found = claims(body)
    assert claim_with(found, "reserve had been spent").speaker_kind == "anonymous"
    assert claim_with(found, "landing ship had been hit").speaker_kind == "military"
    assert claim_with(found, "stopped sending armour").speaker_kind == "military"
    assert claim_with(found, "geolocated the footage").speaker_kind == "expert"


# -- numbers ------------------------------------------------------------------------------------------


def test_killed_and_casualties_are_different_categories(claims: Claims) -> None:
    body = """
Ukraine's army estimates that around 52,000 Russian soldiers have been killed since February 24.
American officials, however, say that between 90,000 and 100,000 Russians have been killed or wounded.
"""
    found = claims(body, date(2022, 11, 1))
    [killed] = claim_with(found, "52,000").quantities
    assert (killed.category, killed.scope, killed.min) == ("killed", "russian", 52000)
    [both] = claim_with(found, "90,000").quantities
    assert (both.category, both.scope, both.min, both.max) == ("casualties", "russian", 90000, 100000)
    assert claim_with(found, "90,000").speaker_kind == "official"


def test_killed_and_wounded_figures_apart_with_wagner_scope(claims: Claims) -> None:
    found = claims(
        "US officials estimated that about 12,000 Wagner fighters had been killed and 30,000 wounded."
    )
    quantities = {q.text: q for q in claim_with(found, "12,000").quantities}
    assert quantities["about 12,000"].category == "killed"
    assert quantities["30,000"].category == "wounded"
    assert {q.scope for q in quantities.values()} == {"wagner"}


def test_square_miles_keep_the_original_and_add_km2(claims: Claims) -> None:
    found = claims("Zelensky said Ukraine had retaken about 1,000 square miles in a week.")
    miles, km2 = claim_with(found, "1,000 square miles").quantities
    assert (miles.unit, miles.min, miles.category) == ("sq mi", 1000, "territory")
    assert km2.unit == "km2" and km2.min == pytest.approx(2590.0, abs=0.1) and km2.text == miles.text


def test_money_vehicles_and_captured(claims: Claims) -> None:
    body = """
The United States announced $400 million in new aid for Ukraine on Friday.
Ukraine says its forces destroyed 14 tanks near Vuhledar and captured 60 Russian soldiers.
"""
    found = claims(body, date(2023, 2, 3))
    [money] = claim_with(found, "$400 million").quantities
    assert (money.category, money.unit, money.min) == ("money", "usd", 400_000_000)
    categories = {q.text: q.category for q in claim_with(found, "14 tanks").quantities}
    assert categories == {"14": "vehicles", "60": "captured"}


def test_unattributed_figure_is_the_outlets_claim(claims: Claims) -> None:
    found = claims(
        "Around 300 men of the battalion deserted in the first week of October.", date(2022, 10, 20)
    )
    claim = claim_with(found, "deserted")
    assert claim.speaker is None and claim.speaker_kind == "outlet" and claim.verb is None
    [quantity] = claim.quantities
    assert quantity.category == "deserted"


def test_leaving_without_permission_is_desertion(claims: Claims) -> None:
    found = claims("About 60 reservists left the training ground without permission, the ombudsman said.")
    [quantity] = claim_with(found, "About 60 reservists").quantities
    assert (quantity.category, quantity.min) == ("deserted", 60)


def test_numbers_that_count_nothing_of_the_story_are_left_out(claims: Claims) -> None:
    found = claims("The convoy stretched for about 40 kilometres north of Kyiv, officials said.")
    claim = claim_with(found, "40 kilometres")
    assert claim.quantities == ()


def test_as_of_is_the_time_in_the_sentence_else_the_publication(claims: Claims) -> None:
    body = """
Ukraine's military said on Tuesday that 800 Russian soldiers had been killed near Bakhmut.
About 2,000 Russian troops were killed in the fighting, the regional governor said.
"""
    found = claims(body, date(2023, 3, 10))
    dated = claim_with(found, "on Tuesday")
    assert dated.as_of_start == dated.as_of_end == date(2023, 3, 7)
    undated = claim_with(found, "About 2,000")
    assert undated.as_of_start == undated.as_of_end == date(2023, 3, 10)
    assert claims("About 2,000 Russian troops were killed, the governor said.")[0].as_of_start is None


# -- records ------------------------------------------------------------------------------------------


def test_ids_are_stable_and_evidence_points_into_the_body(claims: Claims) -> None:
    body = "Kyiv says 300 Russian soldiers were captured.\nThe Kremlin said nothing."
    found = claims(body)
    assert found
    for claim in found:
        assert body[claim.evidence.start : claim.evidence.end] == claim.evidence.text
        expected = hashlib.sha256(f"a1:claim:{claim.evidence.start}".encode()).hexdigest()[:16]
        assert claim.id == expected
    assert [c.id for c in claims(body)] == [c.id for c in found]


def test_empty_body_and_a_foreign_doc(annotator: ArticleAnnotator, claim_extractor: ClaimExtractor) -> None:
    empty = make_article("")
    [(doc, mentions)] = annotator.annotate_docs([empty])
    assert claim_extractor.extract(empty, doc, mentions) == []
    other = make_article("Kyiv says 300 Russian soldiers were captured.")
    with pytest.raises(ValueError, match="not the parse"):
        claim_extractor.extract(other, annotator.nlp("Something else entirely."), [])


def test_a_user_lexicon_extends_the_packaged_one(annotator: ArticleAnnotator, tmp_path: Path) -> None:
    extra = tmp_path / "claims.toml"
    extra.write_text('[reporting_verbs]\ngrumble = ["grumbled"]\n', encoding="utf-8")
    article = make_article("The governor grumbled that 20 conscripts had refused to deploy.")
    [(doc, mentions)] = annotator.annotate_docs([article])
    assert not any(c.verb == "grumbled" for c in ClaimExtractor().extract(article, doc, mentions))
    [claim] = ClaimExtractor(extra_lexicon=[extra]).extract(article, doc, mentions)
    assert claim.verb == "grumbled" and claim.speaker is not None and claim.speaker_kind == "official"


def test_a_broken_lexicon_says_which_file(tmp_path: Path) -> None:
    broken = tmp_path / "claims.toml"
    broken.write_text("[reporting_verbs\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"claims\.toml"):
        ClaimExtractor(extra_lexicon=[broken])


# -- the seed pages (facts from the issue; the text is read at run time, never copied) ----------------


def _bench() -> object:
    return load_bench("claims_quality")


def test_seed_casualty_figures(
    shared: Path, annotator: ArticleAnnotator, claim_extractor: ClaimExtractor
) -> None:
    bench = _bench()
    names = [
        "seeds/000_5f35a6361924f40b.txt",
        "seeds/001_07d73b0ec3901f25.txt",
        "seeds/002_4974b001b4356787.txt",
    ]
    pages = bench._clean_pages(names)  # type: ignore[attr-defined]
    articles = [pages[name] for name in names]
    figures = {}
    for article, (doc, mentions) in zip(articles, annotator.annotate_docs(articles), strict=True):
        for claim in claim_extractor.extract(article, doc, mentions):
            for quantity in claim.quantities:
                speaker = claim.speaker.text if claim.speaker else None
                figures[(quantity.min, quantity.max)] = (quantity.category, quantity.scope, speaker)
    # 000: Ukraine's intelligence analysts: as many as 50,000 Russian troops killed
    assert figures[(None, 50000)][:2] == ("killed", "russian")
    assert "intelligence analysts" in str(figures[(None, 50000)][2])
    # 001: Ukraine's army: around 45,000 killed; US sources: 75,000-80,000 killed and injured
    assert figures[(45000, 45000)][:2] == ("killed", "russian")
    assert figures[(75000, 80000)] == ("casualties", "russian", "US sources")
    # 002: US security officials: about 9,000 Wagner killed and 21,000 wounded
    assert figures[(9000, 9000)] == ("killed", "wagner", "US security officials")
    assert figures[(21000, 21000)] == ("wounded", "wagner", "US security officials")
