"""Articles page: add an article (paste or upload), switch between saved ones, correct places."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from gazetteer.errors import GazetteerError, PassageAtlasError
from geo.corrections import Correction, name_key, not_a_place_names
from geo.inputs import decode_bytes, decode_text
from geo.limits import check_paste, current_limits
from geo.model import is_placed_within
from pages.shared import (can_save, current_article, gazetteer_failed, get_gazetteer, get_workspace, open_article, plain,
                          show_notice)


def save_correction(workspace, article_id: int, key: str, choice: str, keep_pin: str, not_a_place: str) -> None:
    """Button callback: store the choice for ``article_id``, the article the form showing it was drawn for."""
    try:
        if choice == keep_pin:
            workspace.remove_correction(article_id, key)
        else:
            workspace.set_correction(article_id, Correction(key, None if choice == not_a_place else choice))
    except PassageAtlasError as exc:
        st.session_state["atlas.alert"] = str(exc)
        return
    st.session_state["atlas.notice"] = "Saved: every mention of this name now uses your choice."

limits = current_limits()
workspace = get_workspace()

st.header("Articles")
show_notice()

# Add an article -----------------------------------------------------------------
st.subheader("Add an article")
with st.form("articles.add", clear_on_submit=False):
    title = st.text_input("Title (optional: taken from the first line otherwise)", key="articles.title")
    pasted = st.text_area(f"Paste the article text (up to {limits.max_paste_bytes / 1_000_000:.0f} MB)", height=200,
                          key="articles.text")
    upload = st.file_uploader(
        f"…or upload a .txt, .md or .html file (up to {limits.max_upload_bytes / 1_000_000:.0f} MB)",
        type=["txt", "text", "md", "markdown", "html", "htm"], key="articles.upload")
    submitted = st.form_submit_button("Find the places", type="primary")

if submitted:
    try:
        if upload is not None:
            data = upload.getvalue()
            if len(data) > limits.max_upload_bytes:
                raise PassageAtlasError(
                    f"{upload.name} is {len(data) / 1_000_000:.1f} MB; the limit is "
                    f"{limits.max_upload_bytes / 1_000_000:.1f} MB (PASSAGE_ATLAS_MAX_UPLOAD_BYTES).")
            article = decode_bytes(data, filename=upload.name, limits=limits)
        elif pasted.strip():
            check_paste(pasted, limits)
            article = decode_text(pasted, limits=limits)
        else:
            raise PassageAtlasError("Paste some text or choose a file first.")
        article_title = title.strip() or article.title or article.text.strip().splitlines()[0][:80]
        # Saved first, read after: the map page reads it (a large one in a worker
        # process, with progress and Cancel), so nothing pasted is lost on the way.
        if can_save(workspace):
            outcome = workspace.add_article(article_title, article.text, source_format=article.source_format,
                                            caption_spans=article.caption_spans)
            open_article(outcome.id)
            st.session_state["atlas.notice"] = outcome.message(article_title)
        else:
            open_article(None)
            st.session_state["atlas.unsaved"] = (article_title, article.text, article.caption_spans)
            st.session_state["atlas.notice"] = "Opened the article. It is not saved: the data folder is read-only."
        st.switch_page("pages/home.py")
    except PassageAtlasError as exc:
        st.error(plain(str(exc)))

# Saved articles -----------------------------------------------------------------
st.subheader("Saved articles")
current = current_article()
if workspace is not None:
    saved = workspace.list_articles()
    if saved:
        ids = [a.id for a in saved]
        labels = {a.id: f"{a.title} · {a.chars:,} chars · {dt.datetime.fromtimestamp(a.created_at):%Y-%m-%d %H:%M}"
                  for a in saved}
        index = ids.index(current.article_id) if current.article_id in ids else 0
        chosen = st.selectbox("Article", ids, index=index, format_func=labels.__getitem__, key="articles.choice")
        open_col, delete_col, confirm_col = st.columns([1, 1, 2])
        if open_col.button("Open", key="articles.open", disabled=chosen == current.article_id):
            open_article(chosen)
            st.rerun()
        confirm = confirm_col.checkbox("Yes, delete it", key="articles.confirm_delete",
                                       disabled=not can_save(workspace))
        if delete_col.button("Delete", key="articles.delete", disabled=not confirm or not can_save(workspace)):
            workspace.delete_article(chosen)
            if chosen == current.article_id:
                open_article(None)
            st.rerun()

# Corrections --------------------------------------------------------------------
st.subheader("Correct a place")
result = current.result
names: dict[str, str] = {}
for rp in list(current.raw.places) + list(current.raw.unresolved) + list(result.places):
    for m in rp.mentions:
        names.setdefault(name_key(m.text), m.text)
if not can_save(workspace) or current.article_id is None:
    st.info("Corrections need a writable data folder.")
elif not names:
    st.info("This article has no place names to correct.")
else:
    keys = sorted(names, key=lambda k: names[k].lower())
    key = st.selectbox("Name in the article", keys, format_func=names.__getitem__, key="articles.correct_name")
    now = next((rp for rp in result.places if any(name_key(m.text) == key for m in rp.mentions)), None)
    st.caption(f"Now: {now.place.name} ({now.place.feature_type}, {now.place.country_code or '–'}"
               f"{', approximate' if is_placed_within(now.place) else ''})"
               if now is not None and now.place is not None else "Now: not placed")
    options: dict[str, str] = {}
    source = next((rp for rp in current.raw.places if any(name_key(m.text) == key for m in rp.mentions)), None)
    KEEP_PIN = "__keep_pin__"
    if source is not None and source.place is not None:
        if is_placed_within(source.place):
            # An approximate pin is no gazetteer entry to choose: keeping it means no correction.
            options[KEEP_PIN] = f"{source.place.name}, approximate ({source.place.source}) · engine's choice"
        else:
            options[source.place.id] = f"{source.place.name} ({source.place.feature_type}, {source.place.country_code}) · engine's choice"
        for alt in source.alternatives:
            options[alt.place.id] = f"{alt.place.name} ({alt.place.feature_type}, {alt.place.country_code or '–'})"
    query = st.text_input("Search the gazetteer for another place", key="articles.search")
    try:
        found = get_gazetteer().candidates(query.strip())[:15] if query.strip() else []
    except GazetteerError as exc:
        gazetteer_failed(exc)
    if found:
        for cand in found:
            p = cand.place
            options.setdefault(p.id, f"{p.name} ({p.feature_type}, {p.country_code or '–'}, {p.admin1_name or '–'})")
    NOT_A_PLACE = "__not_a_place__"
    choice_ids = list(options) + [NOT_A_PLACE]
    labels = dict(options, **{NOT_A_PLACE: "Not a place"})
    choice = st.radio("It is", choice_ids, format_func=labels.__getitem__, key="articles.correct_choice")
    # The article is bound when the form is drawn: a save names it, and is refused when
    # it was deleted meanwhile, never redirected to whatever article is open by then.
    st.button("Save correction", key="articles.save_correction", type="primary", on_click=save_correction,
              args=(workspace, current.article_id, key, choice, KEEP_PIN, NOT_A_PLACE))
    if current.corrections:
        st.markdown("**Your corrections**")
        for c in current.corrections:
            place = get_gazetteer().get(c.place_id) if c.place_id else None
            label = "not a place" if c.not_a_place else (f"{place.name} ({place.feature_type}, {place.country_code})"
                                                        if place else c.place_id)
            col, undo = st.columns([4, 1])
            col.text(f"{names.get(c.name_key, c.name_key)} → {label}")
            undo.button("Undo", key=f"articles.undo.{c.name_key}", on_click=save_correction,
                        args=(workspace, current.article_id, c.name_key, KEEP_PIN, KEEP_PIN, NOT_A_PLACE))
    hidden = not_a_place_names(current.raw, current.corrections)
    if hidden:
        st.caption(plain("Marked not a place: " + ", ".join(hidden)))
