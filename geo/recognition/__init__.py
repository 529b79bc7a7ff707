"""Recognition: find the spans of an article that name places, and the demonyms.

Gazetteer-driven. Capitalised runs of words (``runs``) are matched against the
gazetteer's folded names, longest first (``matching``); each match is then weighed
against what the text says around it (``weights``) and against named vetoes
(``vetoes``): is it part of an organisation's or a publication's name, a person's name,
an ordinary word at the start of a sentence? The whole document is read once for
people first (``people``), so "Massoud" after "Ahmad Massoud" is a man everywhere in
it. ``qualifiers`` reads "Paris, Texas"; ``descriptions`` reads "Chibok, a town in
Borno State"; ``given`` reads spans a user's own recogniser found the same way. Every rule and veto has a name in ``RULE_NAMES``; ``recognize(...,
without={NAME})`` switches it off.
"""

from __future__ import annotations

from geo.recognition.engine import recognize, rejections
from geo.recognition.given import read_given_spans
from geo.recognition.model import Recognized, Rejection
from geo.recognition.qualifiers import qualifiers_of
from geo.recognition.rules import RULE_NAMES

__all__ = ["RULE_NAMES", "Recognized", "Rejection", "qualifiers_of", "read_given_spans", "recognize", "rejections"]
