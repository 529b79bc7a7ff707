"""Each named rule of resolution, on a sentence written for it: the rule gives its
evidence to the place the text means, and switched off by name it gives none (and,
where it alone decides, the answer changes)."""

from __future__ import annotations

import pytest

from geo.pipeline import RULE_NAMES, parse
from geo.resolution.rules import CONTEXT_RULES, DECISIONS, PRIOR_RULES
from tests.engine.helpers import place_named

# rule -> (text, the mention, what the rule's evidence reads like or "" for a silent rule)
FIRES = {
    "importance": ("Fighting reached Kabul on Sunday.", "Kabul", "population"),
    "type_word_fits": ("Fighters held the Panjshir Valley for a week.", "Panjshir Valley", "calls it a valley"),
    "qualifier": ("The storm hit Paris, Texas, on Monday.", "Paris", "named with its region"),
    "largest_city": ("Russian forces left Kherson, and Ukrainian troops entered Mykolaiv.", "Kherson",
                     "largest city"),
    "focus": ("Police in Lahore, Karachi and Rawalpindi said Hyderabad was calm.", "Hyderabad",
              "main country"),
    "named_county": ("Deputies in Kingfisher County said a barn burned in Hennessey.", "Hennessey",
                     "Kingfisher County"),
    "named_region": ("Voters in Michigan queued in Lansing, Flint and Saginaw.", "Lansing", "Michigan"),
    "near_anchor": ("Rockets hit Kabul, and later the market in Charikar.", "Kabul", "km from"),
    "local_cluster": ("Schools closed in Worcester, Lowell and Springfield on Monday.", "Springfield",
                      "other places the article names"),
    "described_area": ("Floods hit Portland, 100 miles north of Boston, overnight.", "Portland",
                       "the text puts it 100 miles north of Boston"),
    "dateline_city": ("MENDOZA, Argentina (AP) — Snow shut the road.", "MENDOZA", "filed from there"),
    "national_capital": ("Envoys expelled by the United States left Washington on Friday.", "Washington",
                         "the capital of United States"),
}
# rule -> (text, mention, the place id chosen with the rule, one that is not chosen without it)
DECIDES = {
    "qualifier": ("The storm hit Paris, Texas, on Monday.", "Paris", "US.TX"),
    "largest_city": ("Russian forces left Kherson, and Ukrainian troops entered Mykolaiv.", "Kherson", "gn:706448"),
    "pin_in_container": ("Quillbarrow, a farming village in Kingfisher County, Oklahoma, flooded.", "Quillbarrow",
                         "within:"),
    "world_city_beats_misread_state": ("Tbilisi is the capital of Georgia, he said in Columbus, Georgia.",
                                       "Tbilisi", "GE."),
    "described_area": ("Floods hit Portland, 100 miles north of Boston, overnight.", "Portland", "US.ME"),
    # A British story near Heathrow: without the rule, the hamlet of Washington in West Sussex.
    "national_capital": ("LONDON — Russia's embassy in Britain warned travellers on Saturday. In Washington, "
                         "envoys expelled by the United States boarded a bus, and a plane was searched at Heathrow.",
                         "Washington", "gn:4140963"),
}


def _where(place) -> str:
    return f"{place.place.id} {place.place.admin1_code}"


def test_every_rule_is_named_documented_and_tested():
    names = [r.name for r in PRIOR_RULES + CONTEXT_RULES] + [d.name for d in DECISIONS]
    assert len(names) == len(set(names)) and set(names) <= set(RULE_NAMES)
    for rule in PRIOR_RULES + CONTEXT_RULES:
        assert rule.doc and '"' in rule.doc, f"{rule.name} needs a docstring with an example"
        assert rule.name in FIRES or rule.name in ("qualifier_container",), \
            f"{rule.name} has no test here"
    assert all(d.doc for d in DECISIONS) and {d.name for d in DECISIONS} <= set(DECIDES) | {"no_town_for_feature_word"}


@pytest.mark.parametrize("rule", sorted(FIRES))
def test_rule_gives_its_evidence_and_none_when_switched_off(full_gazetteer, rule):
    text, mention, reads = FIRES[rule]
    place = place_named(parse(text, full_gazetteer), mention)
    given = [e for e in place.evidence if e.rule == rule]
    assert given, f"{rule} gave {mention} nothing: {place.evidence}"
    assert reads in place.reason or not given[0].reason or reads in given[0].reason
    off = parse(text, full_gazetteer, without=frozenset({rule}))
    assert not any(e.rule == rule for p in off.places for e in p.evidence)


def test_a_spelling_variant_counts_a_little_less(full_gazetteer):
    text = "Convoys left Kabul for Kandahr at dawn."
    start = text.index("Kandahr")
    place = parse(text, full_gazetteer, given_spans=[(start, start + len("Kandahr"))]).places[0]
    assert place.place.name.startswith("Kandah") and place.variant
    (prior,) = [e for e in place.evidence if e.rule == "importance"]
    assert "spelling variant of" in prior.reason
    # The same match, once through a fuzzy spelling and once not: the prior differs by the weight.
    from dataclasses import replace
    from gazetteer.model import Candidate
    from geo.resolution import weights
    from geo.resolution.rules import importance
    fuzzy = Candidate(place.place, "Kandahar", is_variant=True, importance=0.5)
    plain_value = importance(replace(fuzzy, is_variant=False), None).value
    assert importance(fuzzy, None).value == pytest.approx(plain_value + weights.SPELLING_VARIANT)


def test_the_resolved_container_takes_the_bonus_from_namesakes_outside_it(full_gazetteer):
    # Other Dovers lie near some Kent too: any Kent qualifies them until "Kent County,
    # Delaware" is resolved; then only the Dover inside that county keeps the bonus.
    text = "Water reached Dover, a town in Kent County, Delaware, by noon."
    on = place_named(parse(text, full_gazetteer), "Dover")
    off = place_named(parse(text, full_gazetteer, without=frozenset({"qualifier_container"})), "Dover")
    assert on.place.admin1_code == off.place.admin1_code == "US.DE"
    scores_on = {a.place.id: a.score for a in on.alternatives}
    scores_off = {a.place.id: a.score for a in off.alternatives}
    both = set(scores_on) & set(scores_off)
    assert both and all(scores_on[pid] <= scores_off[pid] - 0.6 for pid in both)


def test_a_disagreeing_type_word_lowers_the_score(full_gazetteer):
    text = "Officials in Ghor province said the road was closed."
    place = place_named(parse(text, full_gazetteer), "Ghor province")
    off = place_named(parse(text, full_gazetteer, without=frozenset({"type_word_fits"})), "Ghor province")
    assert place.place.feature_type == "admin1"
    assert any(a.score > b.score for a, b in zip(off.alternatives, place.alternatives)) or \
        len(off.alternatives) != len(place.alternatives) or off.score == place.score


@pytest.mark.parametrize("rule", sorted(DECIDES))
def test_rule_decides_its_sentence(full_gazetteer, rule):
    text, mention, chosen = DECIDES[rule]
    assert chosen in _where(place_named(parse(text, full_gazetteer), mention))
    off = parse(text, full_gazetteer, without=frozenset({rule}))
    assert not any(chosen in _where(p) for p in off.places if any(m.text == mention for m in p.mentions))


def test_a_feature_word_keeps_a_name_off_the_towns(full_gazetteer):
    text = "Fishermen on the Periyar river near Kochi said the water rose."
    result = parse(text, full_gazetteer)
    assert not any(p.place.feature_type == "city" for p in result.places if p.name.startswith("Periyar"))
    assert any(p.name.startswith("Periyar") for p in result.unresolved)
    off = parse(text, full_gazetteer, without=frozenset({"no_town_for_feature_word"}))
    assert not any(p.name.startswith("Periyar") for p in off.unresolved)


def test_the_reason_is_rendered_from_the_evidence(full_gazetteer):
    place = place_named(parse("The storm hit Paris, Texas, on Monday.", full_gazetteer), "Paris")
    assert place.reason.split("; ") == [e.reason for e in place.evidence if e.reason][:3]
    assert place.score == pytest.approx(sum(e.value for e in place.evidence), abs=1e-3)


LOCAL_STORIES = [
    # (text, mention, admin1 it must be in)
    ("Schools closed in Worcester, Lowell and Springfield on Monday as snow piled up.", "Springfield", "US.MA"),
    ("Crews cleared roads in Columbus, Marysville and Dublin after the ice storm.", "Dublin", "US.OH"),
    ("Food banks in Peoria, Bloomington and Springfield ran short before the holiday.", "Springfield", "US.IL"),
    # Moscow is also a Russian federal subject (a state's name), but of no state of this
    # article's country: the cluster still pulls the Moscow in Idaho.
    ("Farmers around Boise, Nampa and Moscow worried about the late frost.", "Moscow", "US.ID"),
]


@pytest.mark.parametrize("text, mention, admin1", LOCAL_STORIES)
def test_a_local_cluster_beats_fame(full_gazetteer, text, mention, admin1):
    assert place_named(parse(text, full_gazetteer), mention).place.admin1_code == admin1


def test_a_world_city_wins_without_a_local_cluster(full_gazetteer):
    result = parse("Flights from Dublin to London were cancelled as the storm reached Columbus.", full_gazetteer)
    assert place_named(result, "Dublin").place.country_code == "IE"
    assert place_named(result, "London").place.country_code == "GB"
    result = parse("The senator flew from Boise to Moscow for talks on grain.", full_gazetteer)
    assert place_named(result, "Moscow").place.country_code == "RU"


def test_national_capital_leaves_a_name_that_qualifies_another_alone(full_gazetteer):
    # "Tacoma, Washington" names the state, though the article is American.
    text = "A baker from Tacoma, Washington shared cookie recipes with viewers across the United States."
    place = next(p for p in parse(text, full_gazetteer).places if any(m.text == "Washington" for m in p.mentions))
    assert place.place.admin1_code == "US.WA"
    assert not any(e.rule == "national_capital" for e in place.evidence)


def test_national_capital_helps_a_capital_but_not_a_world_city(full_gazetteer):
    # London needs no help from being a capital ("London, a Canadian city" must stay in
    # Ontario); Washington, D.C., smaller than its fame, does.
    from collections import Counter

    from geo.resolution.article import ArticleContext
    from geo.resolution.containers import Qualifiers
    from geo.resolution.groups import Group
    from geo.resolution.rules import NameFacts, national_capital
    qualifiers = Qualifiers(full_gazetteer)

    def evidence(name: str, country: str):
        article = ArticleContext(Counter({country: 1.0}), 1.0, {}, None, qualifiers, country)
        facts = NameFacts(Group(name.lower(), "", "", ()), qualifiers, article=article, candidates=5)
        capital = full_gazetteer.get(full_gazetteer.national_capital_id(country))
        assert capital is not None and capital.name == name
        candidate = next(c for c in full_gazetteer.candidates(name) if c.place.id == capital.id)
        return national_capital(candidate, facts)

    assert evidence("Washington", "US").reason == "the capital of United States"
    assert evidence("London", "GB") is None


def test_confidence_is_a_probability_that_follows_the_evidence(full_gazetteer):
    from geo.confidence import in_words
    result = parse("Fighting reached Kabul and the Panjshir Valley, and talks opened in Pakistan.", full_gazetteer)
    for place in result.places:
        assert 0.0 < place.confidence < 1.0 and in_words(place.confidence)
    country = place_named(result, "Pakistan")
    pinned = place_named(parse("Quillbarrow, a farming village in Kingfisher County, Oklahoma, flooded.",
                               full_gazetteer), "Quillbarrow")
    assert country.confidence > 0.9 and pinned.confidence < country.confidence


def _evidence(result) -> list:
    return [(p.key, p.place.id, p.score, p.evidence, p.alternatives) for p in result.places + result.unresolved]


def test_a_rules_needs_only_skip_work(full_gazetteer, monkeypatch):
    # A rule is not run for a name whose facts its `needs` rules out; run for every
    # name instead, every rule must give exactly what it gave: a `needs` stricter than
    # its rule would drop evidence somewhere in these sentences, one or more per rule.
    import dataclasses

    import geo.resolution.resolver as resolver
    from geo.resolution.rules import always
    texts = [text for text, _, _ in FIRES.values()] + [text for text, _, _ in DECIDES.values()] + \
        [text for text, _, _ in LOCAL_STORIES] + [
            "Water reached Dover, a town in Kent County, Delaware, by noon.",
            "Officials in Ghor province said the road was closed.",
            "Convoys left Kabul for Kandahr at dawn, then Bagram and Charikar, 40 km north of Kabul.",
            "Springfield, 200 miles southwest of Chicago, and Peoria voted; Lincoln and Decatur waited."]
    expected = [_evidence(parse(text, full_gazetteer)) for text in texts]
    for name in ("PRIOR_RULES", "CONTEXT_RULES"):
        monkeypatch.setattr(resolver, name, tuple(dataclasses.replace(rule, needs=always)
                                                  for rule in getattr(resolver, name)))
    assert [_evidence(parse(text, full_gazetteer)) for text in texts] == expected
    assert all(any(e.rule == rule for places in expected for _, _, _, evidence, _ in places for e in evidence)
               for rule in ("near_anchor", "described_area", "local_cluster", "named_county", "qualifier_container"))
