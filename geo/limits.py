"""Size limits on what a user may hand the engine, with environment overrides.

The limits keep one article from exhausting the memory or time of a shared server.
Each can be changed without touching code:

``PASSAGE_ATLAS_MAX_INPUT_BYTES``
    Largest article, in bytes of UTF-8 text (default 12,000,000). Checked both on
    raw file bytes and on decoded text, so a paste and a file meet the same bar.
``PASSAGE_ATLAS_MAX_PLACES``
    Most places drawn on one article's map (default 5,000): the most mentioned, so a
    gazetteer dump pasted as an article stays usable. The engine, the table and the
    exports keep every place.
``PASSAGE_ATLAS_MAX_UPLOAD_BYTES``
    Largest file accepted through the dashboard's uploader (default 5,000,000).
``PASSAGE_ATLAS_MAX_PASTE_BYTES``
    Largest text pasted into the dashboard, in bytes of UTF-8 (default 12,000,000, the
    article limit): its own limit, because a paste arrives as text with no file to
    refuse early, and a server may want it lower than the command line's.
``PASSAGE_ATLAS_MAX_CACHE_BYTES``
    Memory the dashboard's parse-result cache may hold, all sessions together
    (default 300,000,000); counted by the results' estimated size, not their number.
``PASSAGE_ATLAS_MAX_MENTIONS``
    Most possible place names (capitalised words) read in one article (default
    100,000). Counted cheaply before the engine builds anything, so a dump of names
    costs bounded memory: the text after that many is kept and shown but not read for
    places, and the result says where reading stopped. Also the most ``toponyms`` one
    ``--given-spans`` line may give.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from gazetteer.errors import InputError

ENV_PREFIX = "PASSAGE_ATLAS_"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much input the engine accepts.

    >>> Limits().max_input_bytes
    12000000
    >>> Limits.from_env({"PASSAGE_ATLAS_MAX_PLACES": "100"}).max_places
    100
    """

    max_input_bytes: int = 12_000_000
    max_places: int = 5000
    max_upload_bytes: int = 5_000_000
    max_mentions: int = 100_000
    max_paste_bytes: int = 12_000_000
    max_cache_bytes: int = 300_000_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise InputError(f"limit {f.name} must be a positive integer, got {value!r} ({type(value).__name__})")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Read overrides from ``PASSAGE_ATLAS_MAX_*`` variables; unset ones keep their default.

        >>> Limits.from_env({}) == Limits()
        True
        """
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for f in fields(cls):
            var = ENV_PREFIX + f.name.upper()
            raw = env.get(var, "").strip().replace("_", "")
            if not raw:
                continue
            try:
                values[f.name] = int(raw)
            except ValueError:
                unit = f.name.rsplit("_", 1)[-1]
                raise InputError(f"{var} must be a whole number of {unit}, got {env[var]!r}") from None
        return cls(**values)


def env_var_names() -> tuple[str, ...]:
    """The environment variables that :meth:`Limits.from_env` reads.

    >>> env_var_names()[0]
    'PASSAGE_ATLAS_MAX_INPUT_BYTES'
    """
    return tuple(ENV_PREFIX + f.name.upper() for f in fields(Limits))


def current_limits() -> Limits:
    """The limits in force now, from the process environment.

    >>> current_limits().max_places > 0
    True
    """
    return Limits.from_env()


def check_paste(text: str, limits: Limits) -> None:
    """Refuse a paste over ``limits.max_paste_bytes``, naming the size and the variable.

    >>> check_paste("Kabul " * 10, Limits(max_paste_bytes=20))
    Traceback (most recent call last):
    ...
    gazetteer.errors.InputError: The pasted text is 60 bytes; the limit for pasted text is 20 bytes (PASSAGE_ATLAS_MAX_PASTE_BYTES).
    """
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_paste_bytes:
        raise InputError(f"The pasted text is {_size(size)}; the limit for pasted text is "
                         f"{_size(limits.max_paste_bytes)} (PASSAGE_ATLAS_MAX_PASTE_BYTES).")


def _size(size: int) -> str:
    return f"{size:,} bytes" if size < 100_000 else f"{size / 1_000_000:.1f} MB ({size:,} bytes)"
