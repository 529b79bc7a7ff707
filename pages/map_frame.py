"""The reading view's map, rendered once per article and its corrections.

st_folium renders the folium tree four times on every script run (the map's root,
the map, its header, its script): 110-160 ms of the server's CPU for the sample
and for a 300-place article, paid again by every page load and every rerun, before
the map's element can be sent. What it sends depends only on the article, its
corrections and the framing, so it is rendered once here, in the same steps as
``st_folium``, and the same streamlit-folium component is mounted with it. Its key is
st_folium's own hash of the script, so an unchanged map is never remounted.
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import folium.elements
import streamlit as st
import streamlit_folium

# What the reading view's map returns to the server: nothing (a click is answered in
# the page), so panning, zooming and clicking never rerun the script.
NO_RETURNS: list[str] = []


def component_args(m: folium.Map, *, key: str) -> dict:
    """What ``st_folium(m, key=key, returned_objects=[])`` sends to its component,
    rendered by streamlit-folium's own helpers in st_folium's order (the map's root
    first: the header and script read what that render set up)."""
    m.get_root().render()
    m.render()
    html = streamlit_folium._get_html(m)
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    css_links: list[str] = []
    js_links: list[str] = []
    for element in _walk(m):
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    return {
        "script": script, "header": header, "html": html, "id": streamlit_folium.get_full_id(m),
        "key": streamlit_folium.generate_js_hash(script, key, False),
        "css_links": list(dict.fromkeys(css_links)), "js_links": list(dict.fromkeys(js_links)),
    }


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


# Keyed by the caller's digest (article, corrections, framing); a few entries of
# 50-200 kB of strings each.
@st.cache_data(max_entries=8, show_spinner=False)
def _rendered(digest: str, key: str, _build: Callable[[], folium.Map]) -> dict:
    return component_args(_build(), key=key)


def cached_map(digest: str, build: Callable[[], folium.Map], *, key: str, height: int) -> None:
    """Mount the map ``build`` makes, built and rendered only when ``digest`` is new.

    ``digest`` must change whenever the map would (article text, corrections,
    framing); ``build`` is called only then.
    """
    args = _rendered(digest, key, build)
    streamlit_folium._component_func(
        **args, height=height, width=None, returned_objects=NO_RETURNS, default={}, zoom=None, center=None,
        feature_group=None, return_on_hover=False, layer_control=None, pixelated=False, on_change=None,
        wrap_longitude=False)
