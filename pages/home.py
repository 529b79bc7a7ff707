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

def names_section(title: str, items, *, detail: bool, empty: str = "") -> None:
    """A heading and the list of names below it (or a note when there are none)."""
    st.markdown(title)
    if items:
        st.html(names_list_html(items, detail=detail))
    elif empty:
        st.caption(empty)


left, right = st.columns(2)
with left:
    names_section(f"**Unresolved names** ({len(result.unresolved)})", result.unresolved, detail=True,
                  empty="Every name found a place.")
with right:
    names_section(f"**Demonyms** ({len(result.demonyms)}): nationality words, not placed on the map",
                  result.demonyms, detail=False, empty="None found.")
    if result.embedded:
        names_section(f"**Inside organisations' names** ({len(result.embedded)}): "
                      "“The Washington Post” is a newspaper, not a place on the map",
                      result.embedded, detail=False)
