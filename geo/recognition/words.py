"""Closed word lists of recognition: small sets of English function words and name
parts, kept as code because they are grammar, not data. (Open lists, such as given
names and common words, live in ``geo/data/`` and come through ``geo.lexicon``.)"""

from __future__ import annotations

from gazetteer.fold import GENERIC_WORDS

MAX_NAME_TOKENS = 6
# Lower-case words allowed inside a capitalised name ("Bosnia and Herzegovina",
# "Isle of Man", "Rio de Janeiro") when a capitalised word follows them.
CONNECTORS = frozenset({"of", "de", "del", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "and",
                        "upon", "on", "the", "du", "des", "di", "am", "an", "der", "sur", "en", "y", "e",
                        "i", "ul"})   # Persian and Urdu joins: "Mazar-i-Sharif"
LOCATIVE = frozenset({"in", "at", "near", "from", "to", "into", "outside", "across", "towards", "toward",
                      "through", "via", "around", "throughout", "inside", "between",
                      "visited", "visit", "entered", "reached", "above", "beyond", "past", "along", "off",
                      "north", "south", "east", "west",
                      "northern", "southern", "eastern", "western", "central", "province", "capital"})
# Locative words that only place, never give or address: "in Brandon", not "went to Norman".
SPATIAL_LOCATIVE = frozenset({"in", "near", "outside", "around", "across", "throughout", "inside"})
# Nouns after which "in" puts no place but a person or a thing: "faith in Gordon".
TRUST_NOUNS = frozenset({"faith", "trust", "confidence", "belief", "interest", "role", "part", "share", "stake",
                         "starring", "hope", "pride"})
# The parts of a place "of" leads to: "the outskirts of Düsseldorf", "the streets of Kabul".
PLACE_PARTS = frozenset({"outskirts", "suburbs", "centre", "center", "heart", "edge", "streets"})
# Words that make a locative with "of" before a name: "north of Carberry", "out of
# Casterton", "the outskirts of Brandon".
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
LOCATIVES_WITH_OF = COMPASS_POINTS | {"out", "outside"} | PLACE_PARTS
# Those that only place, and so place a given name too ("the outskirts of Brandon", "north
# of Gordon"): not "out of", which a person can be ("the best out of Norman").
PLACING_WITH_OF = COMPASS_POINTS | PLACE_PARTS
PERSON_VERBS = frozenset({"said", "says", "told", "added", "wrote", "insisted", "argued", "explained",
                          "asked", "replied", "noted", "warned"})
NAME_ABBREVIATIONS = frozenset({"st", "ste", "ft", "mt", "pt"})   # "St. Petersburg", "Ft. Worth"
# Lower-case words inside a region's name: "Surigao del Sur", "Mato Grosso do Sul".
NAME_PARTICLES = frozenset({"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "las", "los",
                            "el", "le", "en", "sur", "upon", "on"})
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "col", "sen", "rep", "gov", "lt", "sgt",
                           "capt", "maj", "prof", "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                           "sep", "sept", "oct", "nov", "dec", "no", "vs", "jr", "sr", "inc", "corp", "co"})
PUBLICATION_WORDS = frozenset({"post", "times", "journal", "herald", "tribune", "gazette", "telegraph",
                               "guardian", "observer", "chronicle", "news", "press", "presse", "agence",
                               "daily", "weekly", "magazine", "review", "courier", "star", "sun", "mail",
                               "express", "independent", "standard", "examiner", "inquirer", "monitor"})
TIME_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                        "january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "today", "tonight", "yesterday", "tomorrow"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                        "central", "greater", "upper", "lower", "northeastern", "northwestern",
                        "southeastern", "southwestern", "north east", "north west", "south east", "south west"})
# Words after a place name that make a facility named after it: the place still counts
# ("Kabul Airport", "Wagah Border").
FACILITY_WORDS = frozenset({"airport", "airfield", "air", "base", "border", "crossing", "dam", "bridge", "port",
                            "harbour", "harbor", "square", "street", "road", "highway", "station", "camp",
                            "checkpoint", "gate", "prison", "jail", "palace", "refinery", "mine", "province",
                            "district", "county", "region", "area", "city", "town", "village",
                            # people of a place: "Oklahoma Republicans", "Kabul residents"
                            "republicans", "republican", "democrats", "democrat", "residents", "voters",
                            "lawmakers", "officials", "authorities", "fans", "natives"})
# Last words of a built structure's name ("Kotri Barrage", "Marlow Weir", "Hoover Dam"):
# the whole name is a place, even where the gazetteer lacks it, never an organisation's.
STRUCTURE_WORDS = frozenset({"dam", "barrage", "weir", "reservoir", "dike", "dyke", "levee", "lock", "locks",
                             "bridge"})
# Last words of a natural feature's name ("Medicine Bow Mountains", "Olduvai Gorge"):
# like a structure's, the whole name is one place, resolved where the gazetteer has it
# and listed unresolved where not, never a town inside it ("Bow Mountains" is not Bow,
# London). Not "Mountain" (Elk Mountain is also a town, left to the gazetteer), "Forest"
# (Nottingham Forest is a football club), "Lake" (Ricki Lake, Greg Lake), "Range" (a
# product range) nor "Pass" (a season pass).
FEATURE_WORDS = frozenset({"mountains", "hills", "river", "valley", "peak", "canyon", "gorge", "desert", "plateau",
                           "glacier", "strait", "straits", "islands"})
# Last words of the name of a street or a building ("Royal Street", "Barclays Center",
# "Kings County Hospital"): a place, listed unresolved where nothing else in the name is
# one the gazetteer knows. Not "Court", "Church", "Park" or "Market": as often an
# institution, a congregation, a surname or a trade.
BUILT_PLACE_WORDS = frozenset({"street", "avenue", "road", "boulevard", "highway", "tower", "center", "centre",
                               "stadium", "arena", "hospital", "cathedral", "hall", "castle", "palace", "mall"})
# Capitalised articles of other languages before a name ("O Porto", "Il Cairo"): words
# around the name, not of it, unless the whole is a known name ("El Paso", "La Paz").
FOREIGN_ARTICLES = frozenset({"o", "os", "a", "as", "il", "lo", "el", "la", "le", "les", "los", "las", "al"})
# Lower-case words between "in" and a unit that say where in it, or by it, a place lies:
# "in southeastern Major County", "in rural Somerset", "the seat of neighboring Red River
# County" (which holds the seat: "in nearby X County" places it in X too).
POSITION_WORDS = DIRECTIONS | {"northeast", "northwest", "southeast", "southwest", "rural", "unincorporated",
                               "suburban", "coastal", "far", "extreme", "mid", "neighboring", "neighbouring",
                               "nearby", "adjacent", "surrounding"}
# Words after a unit's name that make it a unit the gazetteer does not hold under that
# name, so the description names the next: "Elm Township, Pike County".
OTHER_THING_WORDS = frozenset({"township", "borough", "parish", "ward", "hundred", "precinct"})
# Verbs that open a description after a name: "Chester is a city in ...".
APPOSITION_STARTS = frozenset({"is", "was", "lies", "sits"})
# Unit nouns in "in the canton of Ticino".
UNIT_WORDS = frozenset(GENERIC_WORDS) | {"canton", "department", "tehsil", "woreda", "commune", "borough",
                                         "township", "oblast", "raion", "governorate", "emirate", "territory"}
# Nouns by which a text says what an unknown name is ("Chibok, a town in Borno State"),
# with the type they give it.
PLACE_NOUNS = {
    "town": "city", "village": "city", "city": "city", "hamlet": "city", "suburb": "city", "settlement": "city",
    "community": "city", "neighbourhood": "city", "neighborhood": "city", "township": "city", "borough": "city",
    "commune": "city", "oasis": "city", "port": "city", "capital": "city", "municipality": "admin2",
    "district": "admin2", "county": "admin2", "province": "admin1", "valley": "valley", "island": "island",
    "river": "river", "lake": "lake", "mountain": "mountain",
}
