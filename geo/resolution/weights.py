"""Every number resolution uses, in one place to read.

A weight is what a rule adds to a candidate's score; a threshold decides whether a rule
applies. Each is named after the rule that reads it (see ``geo.resolution.rules``).
"""

from __future__ import annotations

# --- the candidates --------------------------------------------------------------
MAX_CANDIDATES = 80          # namesakes weighed per name: "Santa Clara" has more than 30 (WikToR lost ~50 at 30)
ALTERNATIVES_KEPT = 3        # runners-up shown to the reader

# --- priors: what a candidate is worth on its own ---------------------------------
SPELLING_VARIANT = -0.1      # matched through a fuzzy spelling, not a name of its own
TYPE_WORD_AGREES = 0.4       # "the Panjshir Valley" and a valley
TYPE_WORD_DISAGREES = -0.15  # "the Panjshir Valley" and a town
QUALIFIER = 0.7              # "Paris, Texas" and a Paris in Texas

# --- the article around the name ---------------------------------------------------
FOCUS = 0.5                  # times the share of the article's other names in its country
FOCUS_REASON_SHARE = 0.3     # share from which the reason mentions the main country
NATIONAL_CAPITAL = 0.3       # a country's capital, when the article names places in that country
NAMED_COUNTY = 0.5           # a town in a county the article names
NAMED_REGION = 0.35          # a town in a state or province the article names
NEAR_ANCHOR = 0.25           # within NEAR_KM of a place the article is sure of
NEAR_KM = 350.0
MAX_ANCHORS = 40             # the most-mentioned sure places that pull their neighbours
ANCHOR_MARGIN = 0.15         # a sure place wins its name by at least this much
DESCRIBED_AREA = 0.7         # inside the area the phrase after the name describes (as strong as a qualifier)
DESCRIBED_REACH = 160        # characters from a name's end to the anchors such a phrase can have
DATELINE_CITY = 0.4          # "MENDOZA, Argentina (AP) —": a town, as a type word "city" would say
LARGEST_CITY = 0.25          # "Kherson": a province's largest city, named alike
LARGEST_CITY_POPULATION = 50_000
LARGEST_CITY_SPELLING = 85   # rapidfuzz ratio between the name and the city's name

LOCAL_CLUSTER = 0.6          # a town in the state or county where the article's other towns are
LOCAL_CLUSTER_NAMES = 2      # ... when at least this many other names have a likely place there
LOCAL_CLUSTER_NEAR_TOP = 0.8  # a likely place: among a name's first few, scoring this share of its best
LOCAL_CLUSTER_FIRST = 3

# --- names whose fame shields them ---------------------------------------------------
WORLD_CITY = 1_000_000       # "London" stays London against small namesakes
WORLD_CITY_NAMESAKE_SHARE = 10   # a namesake under a tenth of the world city is minor
STATE_NAMESAKE = 100_000     # a town under this is minor beside a state of the article's country

# --- the article's focus ----------------------------------------------------------------
FOCUS_VOTE_BASE = 0.3        # a name's vote: its mentions times min(1, base + margin)

# --- containers ---------------------------------------------------------------------------
QUALIFIER_NEAR_KM = 300.0    # a region, historical country or county qualifies what lies this near it
COUNTY_RADIUS_KM = 60.0      # a curated feature is "in" a county this near its point
STATE_RADIUS_KM = 400.0      # ... and "in" a state this near its point
CONTAINER_RUNNER_UP = 0.8    # a unit among the runners-up counts when it scores this share of the top
WITHIN_SCORE = 0.3           # the score of a place pinned at its container

# --- confidence ------------------------------------------------------------------------------
# The logistic calibration of a choice's probability of being right (geo.confidence),
# fitted by bench/calibrate_confidence.py on the development corpora.
CONFIDENCE_INTERCEPT = 0.023
CONFIDENCE_COEFFICIENTS = (0.721, 0.126, 0.551, 1.431)   # score, lead over the runner-up, no rival, country or state
