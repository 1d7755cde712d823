"""The offline geocoder: landmarks give their city, seas have no country, and known slips stay fixed."""

from __future__ import annotations

import datetime as dt

import pycountry
import pytest

from dipwatch.events.engine import extract_events
from dipwatch.events.lexicon import read_tsv
from dipwatch.events.places import gazetteer

PUB = dt.datetime(2024, 3, 6, 15, 0, tzinfo=dt.UTC)  # a Wednesday
ISO3 = {c.alpha_3 for c in pycountry.countries}


def located(text: str, etype: str, src: str, tgt: str):
    """The event of that key the coder finds in `text`."""
    found = [
        e
        for e in extract_events(text, PUB)
        if (e.event_type, e.source_country, e.target_country) == (etype, src, tgt)
    ]
    assert found, f"no {etype} {src}->{tgt} in {extract_events(text, PUB)}"
    return found[0]


# ------------------------------------------------------------------ the data files


def test_every_landmark_is_in_a_city_the_gazetteer_knows():
    rows = read_tsv("landmarks.tsv")
    assert len(rows) >= 50
    for row in rows:
        assert row["country"] in ISO3, row
        assert gazetteer().city_in(row["city"], row["country"]) is not None, row
        assert gazetteer().landmark(row["name"]) is not None, row


def test_places_rows_are_well_formed():
    for row in read_tsv("places.tsv"):
        assert row["kind"] in {"city", "region", "island", "site", "sea", "none"}, row
        if row["kind"] == "none":
            assert not row["lat"] and not row["lon"] and gazetteer().city(row["name"]) is None
            continue
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        if row["kind"] == "sea":
            assert row["country"] == "", f"a sea belongs to no state: {row}"
        elif row["kind"] != "region" or row["country"]:
            assert row["country"] in ISO3, row


# ------------------------------------------------------------------ landmarks


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("White House", "Washington", "USA"),
        ("Pentagon", "Washington", "USA"),
        ("Capitol Hill", "Washington", "USA"),
        ("UN headquarters", "New York", "USA"),
        ("Kremlin", "Moscow", "RUS"),
        ("Downing Street", "London", "GBR"),
        ("Elysee", "Paris", "FRA"),
        ("Élysée Palace", "Paris", "FRA"),
        ("Quai d'Orsay", "Paris", "FRA"),
        ("Bellevue Palace", "Berlin", "DEU"),
        ("Zhongnanhai", "Beijing", "CHN"),
        ("Great Hall of the People", "Beijing", "CHN"),
        ("Blue House", "Seoul", "KOR"),
        ("NATO headquarters", "Brussels", "BEL"),
        ("Peace Palace", "The Hague", "NLD"),
        ("Windsor Castle", "Windsor", "GBR"),
    ],
)
def test_landmark_is_its_city(name, city, country):
    place = gazetteer().landmark(name)
    assert (place.name, place.country, place.kind) == (city, country, "city")
    seat = gazetteer().city_in(city, country)
    assert (place.latitude, place.longitude) == (seat.latitude, seat.longitude)


def test_white_house_is_washington_not_casablanca():
    ev = located(
        "Ukrainian President Volodymyr Zelensky met U.S. President Joe Biden at the White House "
        "on Tuesday.",
        "CONSULT",
        "UKR",
        "USA",
    )
    assert (ev.location_name, ev.location_country) == ("Washington", "USA")
    assert ev.latitude == pytest.approx(38.9, abs=0.1) and ev.longitude == pytest.approx(
        -77.0, abs=0.1
    )


def test_landmark_with_of_phrase_and_the_elysee():
    ev = located(
        "Chinese President Xi Jinping held talks with Brazilian President Luiz Inacio Lula da "
        "Silva at the Great Hall of the People on Friday.",
        "CONSULT",
        "BRA",
        "CHN",
    )
    assert (ev.location_name, ev.location_country) == ("Beijing", "CHN")
    ev = located(
        "Ukrainian President Volodymyr Zelensky was received at the Elysee by French President "
        "Emmanuel Macron on Sunday.",
        "CONSULT",
        "UKR",
        "FRA",
    )
    assert (ev.location_name, ev.location_country) == ("Paris", "FRA")


def test_headquarters_of_an_organisation_is_its_city():
    ev = located("Biden met Xi at NATO headquarters on Monday.", "CONSULT", "USA", "CHN")
    assert (ev.location_name, ev.location_country) == ("Brussels", "BEL")


# ------------------------------------------------------------------ seas


@pytest.mark.parametrize(
    "name",
    [
        "South China Sea",
        "East China Sea",
        "Black Sea",
        "Red Sea",
        "Baltic",
        "Mediterranean",
        "Persian Gulf",
        "Gulf of Aden",
        "Strait of Hormuz",
        "Taiwan Strait",
        "Sea of Japan",
        "Yellow Sea",
        "Arabian Sea",
        "Caribbean",
    ],
)
def test_sea_has_no_country(name):
    place = gazetteer().city(name)
    assert place is not None and place.kind == "sea" and place.country is None
    assert place.latitude is not None and place.longitude is not None


def test_event_in_a_sea_is_located_there_without_a_country():
    ev = located(
        "The Japanese and Philippine navies held joint drills in the South China Sea on Monday.",
        "COOPERATE",
        "JPN",
        "PHL",
    )
    assert (ev.location_name, ev.location_kind, ev.location_country) == (
        "South China Sea",
        "sea",
        None,
    )
    ev = located(
        "Houthi forces attacked a Greek ship in the Gulf of Aden on Monday.",
        "ASSAULT",
        "YEM",
        "GRC",
    )
    assert (ev.location_name, ev.location_country) == ("Gulf of Aden", None)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Navy sent a destroyer to the Black Sea on Monday.",
        "Iran sent warships to the Red Sea on Monday.",
        "Chinese warships sailed to the Taiwan Strait on Monday.",
    ],
)
def test_a_sea_is_never_a_target_state(text):
    for ev in extract_events(text, PUB):
        assert ev.target_country not in (None, "", "YEM", "TWN", "CHN"), ev


# ------------------------------------------------------------------ slips of the gazetteer


def test_towns_that_took_a_bigger_namesake():
    woodside = gazetteer().city("Woodside")  # Woodside, California (APEC 2023), not Queens
    assert woodside.country == "USA" and woodside.longitude == pytest.approx(-122.25, abs=0.2)
    assert gazetteer().city("Bethlehem").country == "PSE"
    assert gazetteer().city("Medina").country == "SAU"
    assert gazetteer().city("Twickenham").country == "GBR"  # not Huntsville, Alabama
    assert gazetteer().city("South Carolina").country == "USA"  # not Carolina, Puerto Rico


@pytest.mark.parametrize("name", ["Jordan", "Mexico", "Colombia", "Lebanon", "Mali", "Armenia"])
def test_a_state_name_is_no_town_of_another_state(name):
    place = gazetteer().city(name)
    assert place is None or place.country == gazetteer().countries.get(name, place).country


@pytest.mark.parametrize("word", ["Airport", "Summit", "Union", "University", "Bank"])
def test_words_of_names_are_not_towns(word):
    assert gazetteer().city(word) is None


def test_city_names_without_accents_and_by_country():
    assert gazetteer().city("Reykjavik").country == "ISL"
    assert gazetteer().city_in("Toledo", "ESP").longitude == pytest.approx(-4.0, abs=0.1)
    assert gazetteer().city("Toledo").country == "USA"


def test_a_named_state_picks_the_town():
    ev = located("Blinken met Lavrov in Toledo, Spain, on Monday.", "CONSULT", "USA", "RUS")
    assert (ev.location_name, ev.location_country) == ("Toledo", "ESP")


def test_an_airport_is_not_a_town_called_airport():
    ev = located(
        "Haiti's prime minister met Kenyan President William Ruto at Toussaint Louverture "
        "International Airport in Port-au-Prince on Tuesday.",
        "CONSULT",
        "KEN",
        "HTI",
    )
    assert (ev.location_name, ev.location_country) == ("Port-au-Prince", "HTI")


def test_gaza_is_located_in_the_strip():
    ev = located(
        "Japanese Foreign Minister Yoko Kamikawa visited Gaza on Monday.", "CONSULT", "JPN", "PSE"
    )
    assert ev.location_name == "Gaza" and ev.longitude == pytest.approx(34.4, abs=0.2)
