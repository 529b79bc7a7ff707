"""What every page of the dashboard shares: cached engine objects, the current article,
session state, and the place panel. Not a page itself (the app lists its pages with
st.navigation, so nothing in pages/ is auto-discovered).

Session-state keys are all initialised in :func:`init_state`; ``atlas.*`` keys are
shared by every page, others carry their page's prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from gazetteer import Gazetteer
from gazetteer.errors import GazetteerError, PassageAtlasError
from gazetteer.keeper import GazetteerKeeper
from gazetteer.model import Place
from gazetteer.paths import default_gazetteer_path
from geo.corrections import Correction, apply_corrections
from geo.inputs import decode_bytes
from geo.jobs import INLINE_MAX_CHARS, JobCancelled, JobRunner, ParseJob, ResultCache
from geo.limits import current_limits
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
        "read.correcting_for": None,    # the article that panel was opened for
        "read.frame_all": False,        # False: the map opens framed on the article's focus country
        "atlas.alert": "",              # one-shot error shown the same way
        "atlas.unsaved": None,          # (title, text, captions) of a paste that could not be saved
        "atlas.cancelled": set(),       # text hashes whose reading the user cancelled
        "home.click_count": {},         # map key -> last seen last_object_clicked_count
        "home.map_epoch": 0,            # bumped to re-frame the map on all places (remount)
        "home.frame_all": False,        # False: open framed on the article's focus country
        "articles.search": "",
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


# Engine objects ---------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _gazetteer_keeper() -> GazetteerKeeper:
    # One per server; it reopens or rebuilds the file when it changes under the server.
    return GazetteerKeeper(default_gazetteer_path())


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer (never mutated): built on first use, rebuilt with progress
    when its file was damaged while the server runs; a plain message when impossible."""
    try:
        keeper = _gazetteer_keeper()
        if not keeper.needs_attention():
            return keeper.current()
        with st.status("Preparing the place data (about 15 s when it must be built)…", expanded=False) as status:
            gazetteer = keeper.get(progress=lambda message: status.update(label=message[:200]))
            status.update(label="The place data is ready.", state="complete")
        return gazetteer
    except PassageAtlasError as exc:
        st.error(plain(f"The place data cannot be used: {exc}"))
        st.stop()


def gazetteer_failed(exc: PassageAtlasError) -> None:
    """A lookup failed: when the file is damaged, rebuild it (rerun), else say so plainly."""
    if _gazetteer_keeper().report_damage(exc):
        st.rerun()
    st.error(plain(f"The place data could not be read: {exc}"))
    st.stop()


@st.cache_resource(show_spinner=False)
def _workspace() -> tuple[Workspace | None, str]:
    try:
        return Workspace.open(), ""
    except PassageAtlasError as exc:
        # Saved work stays readable in a read-only data folder.
        try:
            return Workspace.open_read_only(), str(exc)
        except PassageAtlasError:
            return None, str(exc)


def get_workspace() -> Workspace | None:
    """The workspace (``read_only`` when the data folder cannot be written), or None
    when there is none to read either; :func:`show_notice` tells the user, once a page."""
    return _workspace()[0]


def can_save(workspace: Workspace | None) -> bool:
    return workspace is not None and not workspace.read_only


def _saving_notice() -> str:
    workspace, error = _workspace()
    if workspace is None:
        return f"Nothing you add will be saved: {error}"
    if workspace.read_only:
        return (f"The data folder {workspace.path.parent} is read-only: your saved articles can be read, "
                "but nothing new will be saved (set PASSAGE_ATLAS_DATA to a writable folder to save).")
    return ""


def place_by_id(place_id: str) -> Place | None:
    """A gazetteer place, or a pin the user dropped (geo.pins)."""
    return pinned_place(place_id) or get_gazetteer().get(place_id)


@st.cache_data(max_entries=512, show_spinner=False)
def country_name(country_code: str) -> str:
    """The gazetteer's name of a country ('' when unknown)."""
    country = get_gazetteer().country(country_code) if country_code else None
    return country.name if country is not None else ""


@st.cache_resource(show_spinner=False)
def _parses() -> JobRunner:
    # One per server: results bounded by bytes (st.cache_data would pickle a copy of a
    # 12 MB result on every rerun), heavy parses in a worker process, one at a time.
    return JobRunner(cache=ResultCache(max_bytes=current_limits().max_cache_bytes), max_workers=1)


def parse_article(text: str, captions: tuple[tuple[int, int], ...] = (), *, digest: str | None = None) -> ParseResult:
    """The article's parse: cached, inline when small, else in a worker process with a
    progress bar and a Cancel button (raises JobCancelled when cancelled)."""
    digest = digest or text_hash(text)
    runner = _parses()
    result = runner.cache.get(digest)
    if result is not None:
        return result
    if len(text) <= INLINE_MAX_CHARS:
        try:
            result = parse(text, get_gazetteer(), caption_spans=tuple(captions))
        except GazetteerError as exc:
            gazetteer_failed(exc)
        runner.cache.put(digest, result)
        return result
    job = runner.submit(digest, text, tuple(captions), gazetteer_path=get_gazetteer().path, reader=_reader())
    try:
        return wait_for_parse(job)
    except GazetteerError as exc:
        gazetteer_failed(exc)
    except JobCancelled:
        raise
    except PassageAtlasError as exc:   # the worker's own failure: out of memory, say
        st.error(plain(str(exc)))
        st.stop()


def _reader() -> str:
    """This browser session's id: who is waiting for a parse."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def wait_for_parse(job: ParseJob) -> ParseResult:
    """Show the job's progress until it is done; a click on Cancel ends it."""
    bar = st.progress(0.0, text="Reading the article…")
    if st.button("Cancel", key=f"atlas.cancel.{job.key[:16]}"):
        # Another reader may be waiting for the same text: only this reader stops.
        job.cancel(reader=_reader())
        bar.empty()
        raise JobCancelled("Reading the article was cancelled.")
    while not job.wait(0.25):
        status = job.status()
        bar.progress(min(max(status.fraction, 0.0), 1.0), text=f"{status.label}… ({status.elapsed:.0f} s)")
    bar.empty()
    return job.result(0)   # the runner has put it in the cache as the job finished


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
    """The open article: a saved one, an unsaved paste (read-only data folder), or the
    bundled sample (saved on first use)."""
    workspace = get_workspace()
    article_id = st.session_state["atlas.article_id"]
    saved = workspace.get_article(article_id) if (workspace and article_id is not None) else None
    unsaved = st.session_state["atlas.unsaved"]
    digest = None
    if saved is None and article_id is not None and can_save(workspace):
        # Never a silent switch: a form drawn for the vanished article refuses its save
        # (it names its article), and the reader is told why the page changed.
        st.warning("The article you had open was deleted in another window; showing the sample article.")
    if saved is not None:
        title, text, captions, digest = saved.title, saved.text, saved.caption_spans, saved.text_hash
    elif unsaved is not None and article_id is None:
        title, text, captions = unsaved
    else:
        title, text, fmt, captions = _sample()
        article_id = None
        if can_save(workspace):
            try:
                article_id = workspace.save_article(title, text, source_format=fmt, caption_spans=captions)
            except PassageAtlasError as exc:
                st.warning(f"Could not save the sample article: {exc}")
        st.session_state["atlas.article_id"] = article_id
    digest = digest or text_hash(text)
    if digest in st.session_state["atlas.cancelled"]:
        raw = _unread(text)
        st.info("Reading this article was cancelled: its places are not shown.")
        if st.button("Read it now", key="atlas.read_again"):
            st.session_state["atlas.cancelled"].discard(digest)
            st.rerun()
    else:
        try:
            raw = parse_article(text, captions, digest=digest)
        except JobCancelled:
            st.session_state["atlas.cancelled"].add(digest)
            st.rerun()
    if raw.unread_from is not None:
        st.info(f"This article names more possible places than can be read at once "
                f"({current_limits().max_mentions:,}, PASSAGE_ATLAS_MAX_MENTIONS): places are shown up to "
                f"character {raw.unread_from:,} of {len(text):,}.")
    corrections = workspace.corrections(article_id) if (workspace and article_id is not None) else ()
    try:
        result = apply_corrections(raw, corrections, place_by_id) if corrections else raw
    except GazetteerError as exc:
        gazetteer_failed(exc)
    return OpenArticle(article_id, title, raw, result, corrections)


def _unread(text: str) -> ParseResult:
    return ParseResult(text=text, passages=(), places=(), unresolved=(), demonyms=())


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
    """The one-shot messages a page left before a rerun or a page switch, and whether
    work is saved (told once on each page)."""
    saving = _saving_notice()
    if saving:
        st.warning(plain(saving))
    alert = st.session_state["atlas.alert"]
    if alert:
        st.session_state["atlas.alert"] = ""
        st.error(plain(alert))
    notice = st.session_state["atlas.notice"]
    if notice:
        st.session_state["atlas.notice"] = ""
        st.success(notice)


def header(article: OpenArticle) -> None:
    show_notice()
    st.html(f"<h2 style='margin:0'>{esc(article.title)}</h2>"
            f"<div style='opacity:.8'>{esc(article.result.focus.summary())} · "
            f"{len(article.result.places)} places, {len(article.result.unresolved)} unresolved names</div>")
