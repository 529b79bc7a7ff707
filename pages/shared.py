"""What every page of the dashboard shares: cached engine objects, the current article,
session state, and the place panel. Not a page itself (the app lists its pages with
st.navigation, so nothing in pages/ is auto-discovered).

Session-state keys are all initialised in :func:`init_state`; ``atlas.*`` keys are
shared by every page, others carry their page's prefix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from gazetteer import Gazetteer, open_gazetteer
from gazetteer.errors import PassageAtlasError
from gazetteer.model import Place
from geo.corrections import Correction, apply_corrections
from geo.inputs import decode_bytes
from geo.model import ParseResult
from geo.pins import pinned_place
from geo.pipeline import parse
from geo.workspace import Workspace, text_hash
from pages.reading import esc

APP_DIR = Path(__file__).resolve().parent.parent
SAMPLE_PATH = APP_DIR / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"
# Leaflet, placeholder tile and outlines, as Streamlit serves static/ (enableStaticServing).
STATIC_URL = "/app/static"

PAGES = {
    "read": "pages/read.py",
    "places": "pages/places.py",
    "articles": "pages/articles.py",
    "corpus": "pages/corpus.py",
}


def init_state() -> None:
    """Every session-state key the app uses, with its default, in one place."""
    defaults = {
        "atlas.article_id": None,       # workspace id of the open article; None: the bundled sample
        "atlas.notice": "",             # one-shot message shown after a page switch
        # The selection lives on the client (and in the URL's ?place=); the server only
        # asks for one: {"id": key, "nonce": n}, applied once per nonce.
        "read.select": {"id": None, "nonce": 0},
        "read.correcting": None,        # key of the place whose correction panel is open
        "read.frame_all": False,        # False: the map opens framed on the article's focus country
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


# Engine objects ---------------------------------------------------------------

@st.cache_resource(show_spinner="Preparing the offline gazetteer (first run only, about 15 s)…")
def get_gazetteer() -> Gazetteer:
    # Shared by every session and never mutated.
    return open_gazetteer()


@st.cache_resource(show_spinner=False)
def _workspace() -> tuple[Workspace | None, str]:
    try:
        return Workspace.open(), ""
    except PassageAtlasError as exc:
        return None, str(exc)


def get_workspace() -> Workspace | None:
    """The workspace, or None (with a warning shown) when the data folder is read-only."""
    workspace, error = _workspace()
    if workspace is None:
        st.warning(f"Saving is off: {error}")
    return workspace


def place_by_id(place_id: str) -> Place | None:
    """A gazetteer place, or a pin the user dropped (geo.pins)."""
    return pinned_place(place_id) or get_gazetteer().get(place_id)


@st.cache_data(max_entries=512, show_spinner=False)
def country_name(country_code: str) -> str:
    """The gazetteer's name of a country ('' when unknown)."""
    country = get_gazetteer().country(country_code) if country_code else None
    return country.name if country is not None else ""


@st.cache_data(max_entries=32, show_spinner=False)
def _parse_cached(digest: str, _text: str, _captions: tuple[tuple[int, int], ...]) -> ParseResult:
    # Keyed by the text's hash alone: hashing a 10 MB argument on every rerun is waste.
    return parse(_text, get_gazetteer(), caption_spans=_captions)


def parse_article(text: str, captions: tuple[tuple[int, int], ...] = ()) -> ParseResult:
    return _parse_cached(text_hash(text), text, tuple(captions))


@dataclass(frozen=True, slots=True)
class OpenArticle:
    """The article the pages show, with its parse corrected by the user."""

    article_id: int | None
    title: str
    raw: ParseResult                  # as the engine found it
    result: ParseResult               # with the user's corrections applied
    corrections: tuple[Correction, ...]


@st.cache_data(show_spinner=False)
def _sample() -> tuple[str, str, str, tuple[tuple[int, int], ...]]:
    article = decode_bytes(SAMPLE_PATH.read_bytes(), filename=SAMPLE_PATH.name)
    return article.title, article.text, article.source_format, article.caption_spans


def current_article() -> OpenArticle:
    """The open article: a saved one, or the bundled sample (saved on first use)."""
    workspace = get_workspace()
    article_id = st.session_state["atlas.article_id"]
    saved = workspace.get_article(article_id) if (workspace and article_id is not None) else None
    if saved is None:
        title, text, fmt, captions = _sample()
        article_id = None
        if workspace is not None:
            try:
                article_id = workspace.save_article(title, text, source_format=fmt, caption_spans=captions)
            except PassageAtlasError as exc:
                st.warning(f"Could not save the sample article: {exc}")
        st.session_state["atlas.article_id"] = article_id
    else:
        title, text, captions = saved.title, saved.text, saved.caption_spans
    raw = parse_article(text, captions)
    corrections = workspace.corrections(article_id) if (workspace and article_id is not None) else ()
    result = apply_corrections(raw, corrections, place_by_id) if corrections else raw
    return OpenArticle(article_id, title, raw, result, corrections)


def open_article(article_id: int | None) -> None:
    """Switch every page to another article."""
    st.session_state["atlas.article_id"] = article_id
    st.session_state["read.select"] = {"id": None, "nonce": st.session_state["read.select"]["nonce"] + 1}
    st.session_state["read.correcting"] = None
    st.session_state["read.frame_all"] = False   # a new article opens on its own focus
    # The URL names the article (a reload reopens it); the old place is not in it.
    st.query_params.pop("place", None)
    if article_id is not None:
        st.query_params["article"] = str(article_id)
    else:
        st.query_params.pop("article", None)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: str) -> str:
    """Text for a Markdown-rendering call (st.error, st.caption) shown as typed: an
    article's or a file's name is data, never formatting or a link."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def show_notice() -> None:
    """The one-shot message a page left before a rerun or a page switch."""
    notice = st.session_state["atlas.notice"]
    if notice:
        st.session_state["atlas.notice"] = ""
        st.success(notice)


def header(article: OpenArticle) -> None:
    show_notice()
    st.html(f"<h2 style='margin:0'>{esc(article.title)}</h2>"
            f"<div style='opacity:.8'>{esc(article.result.focus.summary())} · "
            f"{len(article.result.places)} places, {len(article.result.unresolved)} unresolved names</div>")
