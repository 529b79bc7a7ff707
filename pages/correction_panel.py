"""Correct a place in place: from the selected place's panel, choose another candidate
(each labelled so namesakes are told apart), search the gazetteer, pin a point for a
place it lacks, or say "not a place"; undo. A correction holds for every mention of the
place's names in the article and is saved in the workspace (it survives a restart).

Every choice is a button keyed by the place id it saves, so what is saved is exactly
the row that was clicked (never a label looked up again).
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from gazetteer.errors import PassageAtlasError
from gazetteer.model import Place
from geo.corrections import Correction, name_key
from geo.mapview import candidates_map
from geo.model import ParseResult
from geo.pins import pin_id
from pages.reading import namesake_label
from pages.shared import STATIC_URL, OpenArticle, country_name, get_gazetteer, get_workspace, place_by_id, plain

MAX_NAMESAKES = 12


def focus_point(result: ParseResult) -> tuple[float, float] | None:
    """Where the article is about (its focus place, else its focus country), for
    "km from the article's focus" in the labels."""
    focus = result.focus
    for rp in result.places:
        if rp.place is not None and focus.place_name and rp.name == focus.place_name:
            return rp.place.lat, rp.place.lon
    country = get_gazetteer().country(focus.country_code) if focus.country_code else None
    return (country.lat, country.lon) if country is not None else None


def _candidates(article: OpenArticle, names: list[str], query: str) -> dict[str, Place]:
    """The engine's choice and runner-ups for these names, their namesakes in the
    gazetteer, then what the search found; one entry per place id."""
    found: dict[str, Place] = {}
    for rp in article.raw.places:
        if rp.place is not None and any(name_key(m.text) in names for m in rp.mentions):
            found.setdefault(rp.place.id, rp.place)
            for alt in rp.alternatives:
                found.setdefault(alt.place.id, alt.place)
    gazetteer = get_gazetteer()
    for name in names:
        for candidate in gazetteer.candidates(name, fuzzy=False)[:MAX_NAMESAKES]:
            found.setdefault(candidate.place.id, candidate.place)
    if query.strip():
        for candidate in gazetteer.candidates(query.strip())[:MAX_NAMESAKES]:
            found.setdefault(candidate.place.id, candidate.place)
    return found


def _save(article: OpenArticle, names: list[str], place_id: str | None) -> bool:
    workspace = get_workspace()
    article_id = st.session_state.get("read.correcting_for") or article.article_id
    if workspace is None or article_id is None:
        st.error("Corrections need a writable workspace.")
        return False
    try:
        for key in names:
            workspace.set_correction(article_id, Correction(key, place_id))
    except PassageAtlasError as exc:
        st.error(plain(str(exc)))
        return False
    _done(place_id, "Saved: every mention of this name now uses your choice.")
    return True


def _undo(article: OpenArticle, names: list[str], engine_key: str | None) -> None:
    workspace = get_workspace()
    try:
        for key in names:
            workspace.remove_correction(article.article_id, key)
    except PassageAtlasError as exc:
        st.error(plain(str(exc)))
        return
    _done(engine_key, "Your correction is taken back.")


def _done(select: str | None, notice: str) -> None:
    st.session_state["read.correcting"] = None
    st.session_state["read.select"] = {"id": select, "nonce": st.session_state["read.select"]["nonce"] + 1}
    st.session_state["atlas.notice"] = notice
    if select:
        st.query_params["place"] = select
    elif "place" in st.query_params:
        del st.query_params["place"]
    st.rerun()


def correction_panel(article: OpenArticle, key: str) -> None:
    """The correction form for the place ``key`` of the open article."""
    rp = article.result.place(key)
    if rp is None or rp.place is None:
        return
    names = sorted({name_key(m.text) for m in rp.mentions})
    shown = rp.mentions[0].text if rp.mentions else rp.name
    count = len(rp.mentions)
    focus = focus_point(article.result)
    head, close = st.columns([3, 1])
    head.markdown(f"**Correct “{plain(shown)}”** ({count} mention{'s' if count != 1 else ''}, all changed together)")
    if close.button("Close", key="correct.close"):
        st.session_state["read.correcting"] = None
        st.rerun(scope="fragment")
    st.caption(plain("Now: " + namesake_label(rp.place, country_name, focus=focus)
                     + (" (your correction)" if rp.corrected else " (the engine's choice)")))

    query = st.text_input("Search the gazetteer", key="correct.search", placeholder="another name, e.g. Atlanta")
    candidates = _candidates(article, names, query)
    st.markdown("**It is…**")
    for number, place in enumerate(candidates.values(), start=1):
        label_col, pick_col = st.columns([3, 1], vertical_alignment="center")
        now = place.id == rp.place.id
        label_col.markdown(plain(f"{number}. {namesake_label(place, country_name, focus=focus)}")
                           + (" **(now)**" if now else ""))
        if pick_col.button("Choose", key=f"correct.pick.{place.id}", disabled=now,
                           help=f"Save this place ({place.id}) for every mention"):
            _save(article, names, place.id)

    st.caption("The candidates on a map (numbers as in the list); click the map to put a pin there.")
    clicked = st_folium(candidates_map(list(candidates.values()), static_url=STATIC_URL), key="correct.map",
                        height=240, use_container_width=True, returned_objects=["last_clicked"])
    spot = (clicked or {}).get("last_clicked") or {}
    lat_col, lon_col, pin_col = st.columns([2, 2, 2], vertical_alignment="bottom")
    lat = lat_col.number_input("Latitude", -90.0, 90.0, value=float(spot.get("lat", rp.place.lat)), format="%.5f",
                               key=f"correct.lat.{spot.get('lat', '')}")
    lon = lon_col.number_input("Longitude", -180.0, 180.0, value=float(spot.get("lng", rp.place.lon)),
                               format="%.5f", key=f"correct.lon.{spot.get('lng', '')}")
    if pin_col.button("Pin it here", key="correct.pin", help="For a place the gazetteer lacks"):
        _save(article, names, pin_id(lat, lon))

    not_col, undo_col = st.columns(2)
    if not_col.button("Not a place", key="correct.not_a_place", icon=":material/block:"):
        _save(article, names, None)
    corrected = {c.name_key for c in article.corrections} & set(names)
    if corrected and undo_col.button("Undo my correction", key="correct.undo", icon=":material/undo:"):
        engine = next((r.key for r in article.raw.places if any(name_key(m.text) in names for m in r.mentions)), None)
        _undo(article, names, engine)


def correction_label(place_id: str | None) -> str:
    """What a saved correction says, with the namesake told apart."""
    if place_id is None:
        return "not a place"
    place = place_by_id(place_id)
    return namesake_label(place, country_name, focus=None) if place is not None else place_id
