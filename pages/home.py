"""Map page: every place of the article on a map; click one to read its passages."""

from __future__ import annotations

import streamlit as st

from geo.limits import current_limits
from pages.shared import (current_article, esc, header, names_list_html, place_panel, reframe_map, render_map,
                          selected_place)

article = current_article()
result = article.result
header(article)


@st.fragment
def map_and_passages() -> None:
    # A marker click reruns only this fragment, not the whole page.
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        render_map(result, map_key="home.map", height=560)
        st.button("Show all places", key="home.reframe", on_click=reframe_map)
        limit = current_limits().max_places
        if len(result.places) > limit:
            st.caption(f"The map shows the {limit:,} most-mentioned of {len(result.places):,} places "
                       "(PASSAGE_ATLAS_MAX_PLACES); the Places page lists them all.")
    with panel_col:
        place_panel(result, selected_place(result), nav_key="home.nav")


map_and_passages()

left, right = st.columns(2)
with left:
    st.markdown(f"**Unresolved names** ({len(result.unresolved)})")
    if result.unresolved:
        st.html(names_list_html(result.unresolved, detail=True))
    else:
        st.caption("Every name found a place.")
with right:
    st.markdown(f"**Demonyms** ({len(result.demonyms)}): nationality words, not placed on the map")
    if result.demonyms:
        st.html(names_list_html(result.demonyms, detail=False))
    else:
        st.caption("None found.")
    if result.embedded:
        st.markdown(f"**Inside organisations' names** ({len(result.embedded)}): "
                    "“The Washington Post” is a newspaper, not a place on the map")
        st.html(names_list_html(result.embedded, detail=False))
