"""Articles page: add an article (paste or upload), switch between saved ones, correct places."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from gazetteer.errors import PassageAtlasError
from geo.corrections import Correction, name_key, not_a_place_names
from geo.inputs import decode_bytes, decode_text
from geo.limits import check_paste, current_limits
from pages.correction_panel import correction_label
from pages.shared import (PAGES, can_save, current_article, get_workspace, open_article, plain,
                          show_notice)


KEEP, NOT_A_PLACE = "__keep__", "__not_a_place__"


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
        st.switch_page(PAGES["read"])
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
st.subheader("Your corrections")
st.caption("To correct a place, select it in the Read view and press “Correct this place”.")
if current.corrections and workspace is not None and current.article_id is not None:
    names: dict[str, str] = {}
    for rp in list(current.raw.places) + list(current.raw.unresolved):
        for m in rp.mentions:
            names.setdefault(name_key(m.text), m.text)
    for c in current.corrections:
        col, undo = st.columns([5, 1])
        col.text(f"{names.get(c.name_key, c.name_key)} → {correction_label(c.place_id)}")
        # The article is bound when the list is drawn: an undo names it, and is refused
        # when it was deleted meanwhile.
        undo.button("Undo", key=f"articles.undo.{c.name_key}", on_click=save_correction,
                    args=(workspace, current.article_id, c.name_key, KEEP, KEEP, NOT_A_PLACE))
else:
    st.caption("None for this article.")
hidden = not_a_place_names(current.raw, current.corrections)
if hidden:
    st.caption(plain("Marked not a place: " + ", ".join(hidden)))
