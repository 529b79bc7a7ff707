"""Name folding: the one way names are turned into lookup keys.

Both sides use it: the build folds every gazetteer name, recognition folds every
candidate span, so "The Panjshir Valley's", "Panjshir valley" and "PANJSHĪR VALLEY"
all meet at the key "panjshir valley".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words that name a kind of place rather than the place. They are stripped for a
# second, looser key and kept as a hint of the feature type the text expects.
GENERIC_WORDS: dict[str, str] = {
    "valley": "valley", "valleys": "valley", "gorge": "valley", "canyon": "valley",
    "pass": "pass", "passes": "pass",
    "tunnel": "tunnel", "tunnels": "tunnel",
    "mountains": "mountains", "mountain": "mountain", "mount": "mountain",
    "mt": "mountain", "range": "mountains", "hills": "mountains", "highlands": "mountains",
    "river": "river", "creek": "river",
    "lake": "lake", "sea": "sea", "gulf": "sea", "bay": "sea", "strait": "sea", "ocean": "sea",
    "desert": "desert", "plateau": "plateau", "island": "island", "islands": "island",
    "peninsula": "region", "region": "region",
    "province": "admin1", "state": "admin1", "governorate": "admin1", "oblast": "admin1",
    "prefecture": "admin1",
    "district": "admin2", "county": "admin2", "parish": "admin2", "municipality": "admin2",
    "city": "city", "town": "city", "village": "city",
}

_APOSTROPHES = "\u2019\u2018\u02bc\u02bb`\u00b4"
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Fold a name to its lookup key.

    >>> fold("The Panjshir Valley's")
    'panjshir valley'
    >>> fold("Bogotá")
    'bogota'
    >>> fold("U.S.")
    'us'
    >>> fold("Dubai-based")
    'dubai based'
    """
    text = name.strip()
    for mark in _APOSTROPHES:
        text = text.replace(mark, "'")
    text = _POSSESSIVE.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = text.replace(".", "")
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def split_generic(key: str) -> tuple[str, str]:
    """Strip one generic word from a folded key: (core, type hint).

    >>> split_generic("panjshir valley")
    ('panjshir', 'valley')
    >>> split_generic("kabul")
    ('kabul', '')
    >>> split_generic("mount everest")
    ('everest', 'mountain')
    >>> split_generic("river medway")
    ('medway', 'river')
    """
    words = key.split()
    if len(words) < 2:
        return key, ""
    hint = GENERIC_WORDS.get(words[-1])
    if hint:
        return " ".join(words[:-1]), hint
    hint = GENERIC_WORDS.get(words[0])
    # "River Medway", British style; "River North" is a Chicago neighbourhood, not a river.
    if hint and words[0] in ("mount", "mt", "lake", "river") \
            and words[1:] not in (["north"], ["south"], ["east"], ["west"]):
        return " ".join(words[1:]), hint
    return key, ""
