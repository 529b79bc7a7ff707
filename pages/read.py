"""Reading view (the default page): the article and its map side by side.

A click on a marker or on a name is answered in the browser (pages/reader.js and the
map's PlaceLink): the text scrolls to the place's passage, the panel shows its facts
and passages, the map flies there. The server runs again only for what needs it: a
correction, another article, a download. The URL carries ``?article=<id>&place=<key>``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import streamlit as st

from geo.limits import current_limits
from geo.mapview import build_map, style_group
from geo.spatial.evidence import contradictions
from geo.spatial.mapview import LEGEND_GROUP, add_derived_places
from geo.spatial.model import derived_key
from geo.png_export import map_png
from pages.correction_panel import correction_panel
from pages.map_frame import cached_map
from pages.reading import article_html, derived_facts_html, esc, facts_html, where_words
from pages.shared import STATIC_URL, country_name, current_article, get_workspace, header, open_article, plain

HERE = Path(__file__).resolve().parent
# A newline in each keeps Streamlit from reading them as file paths.
reader_component = st.components.v2.component(
    "passage_atlas.reading", js=(HERE / "reader.js").read_text(encoding="utf-8"),
    css=(HERE / "reading.css").read_text(encoding="utf-8"), isolate_styles=False)
MAP_HEIGHT = 470

def _open_requested_article() -> bool:
    """Follow ``?article=<id>``; False (with a message and the article list) when no
    saved article has that id."""
    requested = st.query_params.get("article")
    if requested is None:
        return True
    workspace = get_workspace()
    if requested.isdigit() and workspace is not None and workspace.get_article(int(requested)) is not None:
        if int(requested) != st.session_state["atlas.article_id"]:
            place = st.query_params.get("place")
            open_article(int(requested))
            if place:
                st.query_params["place"] = place
            st.session_state["read.select"] = {"id": place, "nonce": st.session_state["read.select"]["nonce"] + 1}
        return True
    st.error(f"No saved article has the id {plain(requested)}: the link is wrong or the article was deleted. "
             "Open one of these instead:")
    for summary in (workspace.list_articles() if workspace is not None else []):
        if st.button(summary.title, key=f"read.open.{summary.id}"):
            open_article(summary.id)
            st.query_params.clear()
            st.query_params["article"] = str(summary.id)
            st.rerun()
    return False

def _panel_places(result) -> list[dict[str, str]]:
    doubts = {}
    for found in contradictions(result):
        doubts.setdefault(found.place_key, found.message)
    return [{"key": rp.key, "name": rp.name, "kind": where_words(rp.place, country_name),
             "group": style_group(rp.place.feature_type),
             "facts": facts_html(rp, country_name, contradiction=doubts.get(rp.key, ""))}
            for rp in result.places if rp.place is not None]

def _panel_derived(result) -> list[dict[str, str]]:
    # Shown when a described area or its words are clicked; not in the places' order.
    return [{"key": derived_key(index), "name": item.mention.text, "kind": "described place", "group": LEGEND_GROUP,
             "facts": derived_facts_html(item, result, country_name)}
            for index, item in enumerate(result.derived)]

# A few entries only: one holds every place's facts (about 0.7 kB a place, so tens of MB
# for an article naming tens of thousands), pickled on each rerun.
@st.cache_data(max_entries=4, show_spinner=False)
def _panel_data(digest: str, _result) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    # Facts of 300 places take a few hundred ms to write: once per corrected result.
    return _panel_places(_result), _panel_derived(_result)

def _version(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]

if not _open_requested_article():
    st.stop()
article = current_article()
result = article.result
if article.article_id is not None and st.query_params.get("article") != str(article.article_id):
    st.query_params["article"] = str(article.article_id)
# The first run of a session follows ?place= from the URL.
if st.session_state["read.select"]["id"] is None and st.query_params.get("place"):
    st.session_state["read.select"] = {"id": st.query_params.get("place"),
                                       "nonce": st.session_state["read.select"]["nonce"]}
header(article)

text = article_html(result)
text_version = _version(text)
corrections_key = repr(article.corrections)
places, described = _panel_data(_version(str(article.article_id), text_version, corrections_key), result)
common = {"article": article.article_id, "select": st.session_state["read.select"]}

with st.container(key="pa-reading"):
    text_col, side_col = st.columns([11, 9], gap="medium")
    with text_col:
        reader_component(data=dict(common, role="text", html=text, version=text_version), key="read.text")
    with side_col:
        with st.container(key="pa-map"):
            limit = current_limits().max_places
            frame_focus = not st.session_state["read.frame_all"]
            cached_map(_version(text_version, corrections_key, str(frame_focus), str(limit), STATIC_URL),
                       lambda: build_map(result, static_url=STATIC_URL, frame_focus=frame_focus,
                                         extra_layers=(add_derived_places,)),
                       key="read.map", height=MAP_HEIGHT)
        if len(result.places) > limit:
            st.caption(f"The map shows the {limit:,} most-mentioned of {len(result.places):,} places "
                       "(PASSAGE_ATLAS_MAX_PLACES); the Places page lists them all.")

        @st.fragment
        def side_panel() -> None:
            # "Correct this place" reruns only this fragment; the map stays as it is.
            with st.container(key="pa-panel"):
                chosen = reader_component(
                    data=dict(common, role="panel", places=places, derived=described,
                              version=_version(text_version, corrections_key)),
                    key="read.panel", on_correct_change=lambda: None)
            if chosen.correct and result.place(chosen.correct) is not None:
                st.session_state["read.correcting"] = chosen.correct
                # The panel is bound to its article when it opens: a save names that
                # article, and is refused if it was deleted meanwhile (never redirected).
                st.session_state["read.correcting_for"] = article.article_id
            correcting = st.session_state["read.correcting"]
            if correcting and result.place(correcting) is not None:
                with st.container(key="pa-correct", border=True):
                    correction_panel(article, correcting)

        side_panel()
        with st.container(key="pa-actions"):
            stem = re.sub(r"[^A-Za-z0-9]+", "-", article.title).strip("-").lower()[:60] or "article"
            st.download_button("Save map as PNG", data=lambda: map_png(result, title=article.title),
                               file_name=f"{stem}-map.png", mime="image/png", key="read.png",
                               icon=":material/image:", on_click="ignore")

def _names_html(items, *, detail: bool) -> str:
    entries = []
    for rp in items:
        extra = ""
        if detail and rp.reason:
            extra = f" <span style='opacity:.75'>({esc(rp.reason)})</span>"
        elif rp.place is not None:
            extra = f" <span style='opacity:.75'>→ {esc(rp.place.name)}</span>"
        entries.append(f"<li>{esc(rp.name)} ×{len(rp.mentions)}{extra}</li>")
    return "<ul style='margin:0'>" + "".join(entries) + "</ul>"

with st.expander(f"Names not on the map: {len(result.unresolved)} unresolved, {len(result.demonyms)} nationality "
                 f"words, {len(result.embedded)} inside organisations' names"):
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Unresolved names** ({len(result.unresolved)})")
        if result.unresolved:
            st.html(_names_html(result.unresolved, detail=True))
        else:
            st.caption("Every name found a place.")
    with right:
        st.markdown(f"**Nationality words** ({len(result.demonyms)}): linked to their country, not placed")
        if result.demonyms:
            st.html(_names_html(result.demonyms, detail=False))
        else:
            st.caption("None found.")
        if result.embedded:
            example = result.embedded[0].mentions[0].text if result.embedded[0].mentions else result.embedded[0].name
            st.markdown(f"**Inside organisations' names** ({len(result.embedded)}): each is part of a "
                        f"newspaper's, agency's or company's name (as “{plain(example)}” is in this article), "
                        "so it is linked to the place but not put on the map")
            st.html(_names_html(result.embedded, detail=False))
