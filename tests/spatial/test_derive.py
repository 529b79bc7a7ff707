"""Derived places end to end: parse a written text with the real gazetteer, then check
each relation's area against the gazetteer's own points of real places."""

from __future__ import annotations

import pytest
from shapely import Point

from geo.pipeline import parse
from geo.spatial.geometry import shared_border
from tests.conftest import SAMPLE_ARTICLE


def point(gazetteer, place_id):
    place = gazetteer.get(place_id)
    assert place is not None, place_id
    return place.lat, place.lon


def only(result, phrase):
    found = [d for d in result.derived if d.mention.text == phrase]
    assert found, [d.mention.text for d in result.derived]
    return found[0]


@pytest.mark.parametrize("text, phrase, inside, outside", [
    # distance and direction: point-radius holds the real town, not one the other way
    ("Residents of Joliet, about 40 miles southwest of Chicago, lost power.",
     "about 40 miles southwest of Chicago", "gn:4898015", "gn:4920607"),            # Joliet / Gary
    ("The town of Zawiya, forty-five kilometres west of Tripoli, was quiet.",
     "forty-five kilometres west of Tripoli", "gn:2218970", "gn:2214846"),          # Zawiya / Misrata
    ("Protests spread to Hama, 40 to 50 kilometres north of Homs.",
     "40 to 50 kilometres north of Homs", "gn:170017", "gn:170654"),                # Hama / Damascus
    # direction alone: a sector
    ("Flooding hit Cambridge, north-northeast of London, hardest.",
     "north-northeast of London", "gn:2653941", "gn:2639577"),                      # Cambridge / Reading
    # part of a country, from its outline
    ("Strikes hit Nabatieh in southern Lebanon overnight.", "southern Lebanon", "gn:278913", "gn:276781"),
    # side of a city
    ("Floods reached Versailles, on the western outskirts of Paris.",
     "on the western outskirts of Paris", "gn:2969679", "gn:2998324"),
    # near, suburb
    ("Schools in Naperville, a suburb of Chicago, closed.", "a suburb of Chicago", "gn:4903279", "gn:4250542"),
    # between
    ("Tikrit, midway between Baghdad and Mosul, was calm.", "midway between Baghdad and Mosul",
     "gn:90150", "gn:99532"),
    # along a river
    ("Ramadi, along the Euphrates, saw clashes.", "along the Euphrates", "gn:98717", "gn:99532"),
    # a road
    ("Trucks queued in Peshawar, on the road from Islamabad to the Khyber Pass.",
     "the road from Islamabad to the Khyber Pass", "gn:1168197", "gn:1164408"),
])
def test_each_relation_holds_the_real_place_and_not_another(full_gazetteer, text, phrase, inside, outside):
    item = only(parse(text, full_gazetteer), phrase)
    assert item.has_area and item.method and not item.reason
    assert item.contains(*point(full_gazetteer, inside)), item.method
    assert not item.contains(*point(full_gazetteer, outside)), item.method
    assert item.area_km2 > 0 and item.uncertainty_km > 0


def test_point_radius_centre_is_the_stated_offset(full_gazetteer):
    item = only(parse("A base 100 km east of Kabul was hit.", full_gazetteer), "100 km east of Kabul")
    kabul = full_gazetteer.get("gn:1138958")
    from geopy.distance import geodesic
    assert geodesic((kabul.lat, kabul.lon), item.centre).km == pytest.approx(100, abs=0.5)
    assert item.bearing_deg == 90 and item.distance_km == 100
    # Kabul's size (17 km) + the rounding of "100" (50 km, half its last digit's step)
    # + 45 degrees of direction (2 * 150 km * sin 22.5 = 115 km)
    assert 170 < item.uncertainty_km < 195


def test_the_border_is_the_shared_line_in_a_band(full_gazetteer):
    item = only(parse("Traders at Islam Qala, on the border with Iran, said fuel had doubled.", full_gazetteer),
                "on the border with Iran")
    line = shared_border("AF", "IR")
    assert item.relation == "border" and item.geometry.geom_type in ("LineString", "MultiLineString")
    # The stretch of the Afghan-Iranian line near the town the sentence names.
    assert line.buffer(0.01).contains(item.geometry) and item.geometry.length < line.length
    assert "Islam Qala" in item.method
    assert item.contains(*point(full_gazetteer, "gn:1142404"))               # Islam Qala
    assert not item.contains(*point(full_gazetteer, "gn:1138958"))           # Kabul


def test_the_capital_is_the_focus_countrys(full_gazetteer):
    text = ("Afghanistan braced for winter. In Kabul, aid ran short. Kunduz, some 140 to 160 miles north of "
            "the capital, was quiet, and Afghanistan's north was calm.")
    item = only(parse(text, full_gazetteer), "some 140 to 160 miles north of the capital")
    assert item.anchor.kind == "capital" and item.anchor.place.name == "Kabul"
    assert item.contains(*point(full_gazetteer, "gn:1135689"))


@pytest.mark.parametrize("text, phrase, reason", [
    ("The probe flew 100,000 miles north of Kabul.", "100,000 miles north of Kabul", "quarter of the way"),
    ("It stopped 0 km north of Kabul.", "0 km north of Kabul", "too short"),
    ("Refugees walked some 300 kilometres from the capital.", "some 300 kilometres from the capital",
     "country is not clear"),
    ("They crossed near the Syrian border.", "near the Syrian border", "which of"),
    ("Cargo planes shuttled between Irkutsk and Culiacan all week.", "between Irkutsk and Culiacan", "too far apart"),
])
def test_absurd_or_unreadable_descriptions_give_a_reason_not_an_area(full_gazetteer, text, phrase, reason):
    item = only(parse(text, full_gazetteer), phrase)
    assert item.geometry is None and item.area is None and item.centre is None
    assert reason in item.reason
    assert not item.contains(34.5, 69.2)


def test_hostile_texts_never_raise(full_gazetteer):
    texts = ["north of " * 2000 + "Kabul", "<b>70 miles north of Kabul</b>\x00\u202e",
             "9" * 400 + " miles north of Kabul", "between Kabul and Kabul on the road",
             "the Afghan-Afghan border, across the border in Afghanistan", "within 1e9 km of Kabul",
             "\ud800 near Paris", "1,000,000,000,000 kilometres from London"]
    for text in texts:
        result = parse(text, full_gazetteer)
        for item in result.derived:
            assert text[item.mention.start:item.mention.end] == item.mention.text
            assert item.has_area or item.reason


def test_derived_places_are_in_text_order_and_do_not_overlap(full_gazetteer):
    text = "Near the border with Pakistan, 20 km east of Jalalabad, and north of Kabul, along the Kabul River."
    derived = parse(text, full_gazetteer).derived
    assert len(derived) >= 3
    spans = [(d.mention.start, d.mention.end) for d in derived]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_the_sample_article(full_gazetteer):
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    result = parse(text, full_gazetteer)
    by_text = {d.mention.text: d for d in result.derived}
    for phrase in ("70 miles north of Kabul", "north of Kabul", "across the border to Tajikistan",
                   "on the western side of Kabul", "on the north side of the Salang tunnel"):
        assert phrase in by_text and by_text[phrase].has_area, sorted(by_text)
    panjshir = full_gazetteer.get("cur:panjshir-valley")
    andarab = full_gazetteer.get("cur:andarab-valley")
    assert by_text["70 miles north of Kabul"].contains(panjshir.lat, panjshir.lon)
    assert by_text["70 miles north of Kabul"].describes == "cur:panjshir-valley"
    assert by_text["on the north side of the Salang tunnel"].contains(andarab.lat, andarab.lon)
    assert by_text["on the north side of the Salang tunnel"].describes == "cur:andarab-valley"
    border = by_text["across the border to Tajikistan"].geometry
    assert border.hausdorff_distance(shared_border("AF", "TJ")) < 0.01
    assert border.distance(Point(69.17, 34.53)) > 2    # nowhere near Kabul: it is the Afghan-Tajik line


def test_the_spatial_stage_takes_the_areas_the_resolver_drew(full_gazetteer, monkeypatch):
    # Portland has namesakes and the phrase after it describes it: the resolver draws
    # that area to choose, and the spatial stage takes it rather than drawing it again,
    # with exactly what drawing it afresh gives.
    import geo.spatial.derive as derive
    text = "Floods hit Portland, 100 miles north of Boston, overnight, and Lowell was spared."
    drawings = []
    builder = derive._BUILDERS["distance_direction"]
    monkeypatch.setitem(derive._BUILDERS, "distance_direction",
                        lambda d, context: drawings.append(d.start) or builder(d, context))
    result = parse(text, full_gazetteer)
    assert drawings == [text.index("100")]
    assert result.derived[0].describes == result.places[0].key and result.places[0].name == "Portland"
    fresh = derive.derive_places(result, full_gazetteer)
    assert [(d.area.wkb, d.method, d.centre, d.uncertainty_km) for d in result.derived] == \
        [(d.area.wkb, d.method, d.centre, d.uncertainty_km) for d in fresh]


def test_between_two_places_either_side_of_the_180th_meridian(full_gazetteer):
    item = only(parse("Storms hit islands halfway between Suva and Apia.", full_gazetteer),
                "halfway between Suva and Apia")
    assert item.has_area and item.contains(-16.0, -176.6)       # at sea between Fiji and Samoa
    assert abs(item.centre[1]) > 170
