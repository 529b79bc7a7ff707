"""The built gazetteer, opened read-only: name lookup, fuzzy fallback, place access."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from gazetteer.build import SCHEMA_VERSION
from gazetteer.errors import GazetteerCorruptError, GazetteerError, GazetteerMissingError
from gazetteer.fold import fold, split_generic
from gazetteer.model import Candidate, Place
from gazetteer.capitals import national_capital_names
from gazetteer.sources import ALTERNATE

_PLACE_COLUMNS = (
    "p.rowid, p.id, p.name, p.feature_type, p.country_code, p.lat, p.lon, p.population, "
    "p.importance, p.admin1_code, p.admin1_name, p.source, p.extent, p.admin2_code"
)
# Fuzzy matching only looks at places worth a spelling variant: a misspelt village
# name is far more often an ordinary word.
_FUZZY_TYPES = ("country", "continent", "historical_country", "admin1", "admin2", "valley", "pass",
                "tunnel", "mountains", "mountain", "river", "lake", "sea", "desert", "plateau",
                "region", "island", "plain")
_FUZZY_MIN_POPULATION = 50_000
_FUZZY_MIN_SCORE = 85


class Gazetteer:
    """Read-only access to a built gazetteer; safe to share between threads.

    >>> from gazetteer import open_gazetteer
    >>> gaz = Gazetteer.open(open_gazetteer().path)
    >>> gaz.candidates("Kabul")[0].place.country_code
    'AF'
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        # ``path`` is None for a gazetteer held in memory (gazetteer.build.build_from_places).
        self._connection = connection
        self._lock = threading.Lock()
        self.path = path
        self.meta = dict(self._query("SELECT key, value FROM meta"))
        self._fuzzy_keys: dict[str, list[str]] | None = None
        self._places_by_rowid: dict[int, Place] = {}
        self._keys = lru_cache(maxsize=500_000)(self._lookup_key)
        # A place asked for by id (every non-country demonym of every article) or a state
        # by its code (every "Calif.") is read once; bounded like the keys.
        self._by_id = lru_cache(maxsize=50_000)(self._read_place)
        self._admin1 = lru_cache(maxsize=10_000)(self._read_admin1)
        self._largest: dict[str, int] = {}
        # The data never changes while open: a country asked for again (every "the
        # country" of an article, every demonym) is not queried again.
        self._countries: dict[str, Place | None] = {}
        self._capitals: dict[str, str] = {}

    @classmethod
    def open(cls, path: Path) -> "Gazetteer":
        path = Path(path)
        if not path.is_file():
            raise GazetteerMissingError(f"No gazetteer at {path}; build it with: python -m gazetteer build")
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            connection.execute("SELECT rowid FROM places LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerCorruptError(f"The gazetteer at {path} is unreadable ({exc}); rebuild it") from exc
        if meta.get("complete") != "1" or meta.get("schema_version") != SCHEMA_VERSION:
            connection.close()
            raise GazetteerCorruptError(
                f"The gazetteer at {path} is incomplete or from an older version; rebuild it")
        return cls(connection, path)

    def is_stale(self) -> bool:
        """Built from other curated data or package versions than the current ones."""
        from gazetteer.build import data_fingerprint
        return self.meta.get("fingerprint") != data_fingerprint()

    def close(self) -> None:
        self._connection.close()

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._connection.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"Gazetteer query failed: {exc}") from exc

    def _place(self, row: tuple) -> Place:
        rowid = row[0]
        place = self._places_by_rowid.get(rowid)
        if place is None:
            extent = tuple(tuple(point) for point in json.loads(row[12])) if row[12] else ()
            place = Place(
                id=row[1], name=row[2], feature_type=row[3], country_code=row[4], lat=row[5], lon=row[6],
                population=row[7], admin1_code=row[9], admin1_name=row[10], source=row[11], extent=extent,
                admin2_code=row[13],
            )
            self._places_by_rowid[rowid] = place
        return place

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, MIN(n.strength), n.name FROM names n JOIN places p ON p.rowid = n.place "
            "WHERE n.key = ? GROUP BY p.rowid",
            (key,),
        )
        found = [
            Candidate(self._place(row), matched_name=row[15], is_preferred=row[14] < ALTERNATE, importance=row[8])
            for row in rows
        ]
        found.sort(key=lambda candidate: (-candidate.importance, candidate.place.id))
        return tuple(found)

    def has_name(self, key: str) -> bool:
        """Whether a folded key names any place (recognition asks this of many n-grams)."""
        return bool(self._keys(key))

    def lookup(self, key: str) -> list[Candidate]:
        """Candidates for an already folded key, most important first."""
        return list(self._keys(key))

    def candidates(self, name: str, *, fuzzy: bool = True) -> list[Candidate]:
        """Candidates for a name as written: exact, then without a generic word, then fuzzy.

        Fuzzy matches come back with ``is_variant=True`` so callers can say so.
        """
        key = fold(name)
        if not key:
            return []
        found = self.lookup(key)
        if found:
            return found
        core, _hint = split_generic(key)
        if core != key:
            found = self.lookup(core)
            if found:
                return found
        return self.fuzzy(key) if fuzzy else []

    def _load_fuzzy_keys(self) -> dict[str, list[str]]:
        """Keys worth a spelling variant, by first letter: a variant rarely changes the
        first letter, and searching one bucket is twenty times faster than all."""
        if self._fuzzy_keys is None:
            marks = ",".join("?" * len(_FUZZY_TYPES))
            rows = self._query(
                "SELECT DISTINCT n.key FROM names n JOIN places p ON p.rowid = n.place "
                f"WHERE n.strength < {ALTERNATE} AND (p.feature_type IN ({marks}) OR p.population >= ?)",
                (*_FUZZY_TYPES, _FUZZY_MIN_POPULATION),
            )
            buckets: dict[str, list[str]] = {}
            for (key,) in rows:
                if len(key) >= 5:
                    buckets.setdefault(key[0], []).append(key)
            self._fuzzy_keys = buckets
        return self._fuzzy_keys

    def fuzzy(self, key: str, *, limit: int = 3) -> list[Candidate]:
        """Spelling variants ("Panjsher", "Panshir") of important places."""
        if len(key) < 5:
            return []
        return list(self._fuzzy_cached(key, limit))

    @lru_cache(maxsize=20_000)  # noqa: B019 - one gazetteer per process, kept for its lifetime
    def _fuzzy_cached(self, key: str, limit: int) -> tuple[Candidate, ...]:
        matches = process.extract(key, self._load_fuzzy_keys().get(key[0], ()), scorer=fuzz.ratio, limit=limit,
                                  score_cutoff=_FUZZY_MIN_SCORE)
        result: list[Candidate] = []
        for matched_key, _score, _index in matches:
            for candidate in self.lookup(matched_key):
                result.append(dataclasses.replace(candidate, is_variant=True))
        return tuple(result)

    def get(self, place_id: str) -> Place | None:
        """The place of a gazetteer id ("gn:1138958", "cur:panjshir-valley"), or None."""
        return self._by_id(place_id)

    def _read_place(self, place_id: str) -> Place | None:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,))
        return self._place(rows[0]) if rows else None

    def largest_city_population(self, admin1_code: str) -> int:
        """The population of the largest city in a first-level unit (0 when none)."""
        if admin1_code not in self._largest:
            rows = self._query("SELECT MAX(population) FROM places WHERE admin1_code = ? AND feature_type = 'city'",
                               (admin1_code,))
            self._largest[admin1_code] = int(rows[0][0] or 0) if rows else 0
        return self._largest[admin1_code]

    def admin1(self, admin1_code: str) -> Place | None:
        """The first-level unit of a GeoNames admin1 code ("US.IL" -> Illinois)."""
        return self._admin1(admin1_code)

    def _read_admin1(self, admin1_code: str) -> Place | None:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.admin1_code = ? AND p.feature_type = 'admin1'",
            (admin1_code,),
        )
        return self._place(rows[0]) if rows else None

    def country(self, country_code: str) -> Place | None:
        """The country of an ISO code ("AF"), or None."""
        if country_code not in self._countries:
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.country_code = ? AND p.feature_type = 'country'",
                (country_code,),
            )
            self._countries[country_code] = self._place(rows[0]) if rows else None
        return self._countries[country_code]

    def national_capital_id(self, country_code: str) -> str:
        """The id of a country's capital city ("US" -> Washington, D.C.), or "" when the
        gazetteer has no city of the capital's name there: the most populous preferred
        city of that name in the country, as Washington, D.C. outnumbers Washington, Utah."""
        if country_code not in self._capitals:
            name = national_capital_names().get(country_code, "")
            cities = [c.place for c in (self.lookup(fold(name)) if name else ()) if c.is_preferred
                      and c.place.feature_type == "city" and c.place.country_code == country_code]
            best = max(cities, key=lambda p: (p.population, p.id), default=None)
            self._capitals[country_code] = best.id if best else ""
        return self._capitals[country_code]

    def nearest(self, lat: float, lon: float, *, limit: int = 1, radius_deg: float = 1.0) -> list[Place]:
        """Places nearest a point (for reverse geocoding), searching a growing box."""
        while radius_deg <= 32:
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? "
                "AND p.feature_type IN ('city', 'admin2', 'admin1')",
                (lat - radius_deg, lat + radius_deg, lon - radius_deg, lon + radius_deg),
            )
            if rows:
                places = [self._place(row) for row in rows]
                places.sort(key=lambda p: (p.lat - lat) ** 2 + ((p.lon - lon) * _cos_deg(lat)) ** 2)
                return places[:limit]
            radius_deg *= 2
        return []


def _cos_deg(lat: float) -> float:
    import math
    return math.cos(math.radians(lat))
