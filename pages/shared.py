"""What every page of the dashboard shares: cached engine objects, the current article,
session state, and the place panel. Not a page itself (the app lists its pages with
st.navigation, so nothing in pages/ is auto-discovered).

Session-state keys are all initialised in :func:`init_state`; ``atlas.*`` keys are
shared by every page, others carry their page's prefix.
"""

from __future__ import annotations

import re

import html
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from gazetteer import Gazetteer
from gazetteer.errors import GazetteerError, PassageAtlasError
from gazetteer.keeper import GazetteerKeeper
from gazetteer.paths import default_gazetteer_path
from geo.corrections import Correction, apply_corrections
from geo.inputs import decode_bytes
from geo.mapview import focus_zoom
from geo.model import ParseResult, ResolvedPlace, is_placed_within
from geo.jobs import INLINE_MAX_CHARS, JobCancelled, JobRunner, ParseJob, ResultCache
from geo.limits import current_limits
from geo.pipeline import parse
from geo.workspace import Workspace, text_hash

APP_DIR = Path(__file__).resolve().parent.parent
SAMPLE_PATH = APP_DIR / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"
# Leaflet, placeholder tile and outlines, as Streamlit serves static/ (enableStaticServing).
STATIC_URL = "/app/static"
MAP_RETURNS = ["last_active_drawing", "last_object_clicked_count"]
NUDGE_DEGREES = 1e-9

PAGES = {
    "home": "pages/home.py",
    "reader": "pages/reader.py",
    "places": "pages/places.py",
    "articles": "pages/articles.py",
}


def init_state() -> None:
    """Every session-state key the app uses, with its default, in one place."""
    defaults = {
        "atlas.article_id": None,       # workspace id of the open article; None: the bundled sample
        "atlas.selected": None,         # key of the chosen place
        "atlas.focus_seq": 0,           # counts "fly to" requests; nudges the centre so each one acts
        "atlas.center": None,           # [lat, lon] passed to st_folium, changed only by a fly-to request
        "atlas.zoom": None,
        "atlas.notice": "",             # one-shot message shown after a page switch
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
    job = runner.submit(digest, text, tuple(captions), gazetteer_path=get_gazetteer().path)
    try:
        return wait_for_parse(job)
    except JobCancelled:
        raise
    except PassageAtlasError as exc:
        gazetteer_failed(exc)


def wait_for_parse(job: ParseJob) -> ParseResult:
    """Show the job's progress until it is done; a click on Cancel ends it."""
    bar = st.progress(0.0, text="Reading the article…")
    if st.button("Cancel", key=f"atlas.cancel.{job.key[:16]}"):
        job.cancel()
    while not job.wait(0.25):
        status = job.status()
        bar.progress(min(max(status.fraction, 0.0), 1.0), text=f"{status.label}… ({status.elapsed:.0f} s)")
    bar.empty()
    result = job.result(0)
    _parses().cache.put(job.key, result)
    return result


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
        result = apply_corrections(raw, corrections, get_gazetteer().get) if corrections else raw
    except GazetteerError as exc:
        gazetteer_failed(exc)
    return OpenArticle(article_id, title, raw, result, corrections)


def _unread(text: str) -> ParseResult:
    return ParseResult(text=text, passages=(), places=(), unresolved=(), demonyms=())


def open_article(article_id: int | None) -> None:
    """Switch every page to another article."""
    st.session_state["atlas.article_id"] = article_id
    st.session_state["atlas.selected"] = None
    st.session_state["atlas.center"] = None
    st.session_state["atlas.zoom"] = None
    st.session_state["home.frame_all"] = False   # a new article opens on its own focus


# Selection --------------------------------------------------------------------

def select_place(result: ParseResult, key: str | None, *, fly: bool) -> None:
    """Choose a place; with ``fly``, move the maps to it without remounting them."""
    st.session_state["atlas.selected"] = key
    place = result.place(key) if key else None
    if fly and place is not None and place.place is not None:
        st.session_state["atlas.focus_seq"] += 1
        # st_folium only re-centres when the argument changes: a tiny nudge per request
        # makes "focus the same place again" work after the user panned away.
        nudge = NUDGE_DEGREES * st.session_state["atlas.focus_seq"]
        st.session_state["atlas.center"] = [place.place.lat + nudge, place.place.lon]
        st.session_state["atlas.zoom"] = focus_zoom(place)


def selected_place(result: ParseResult) -> ResolvedPlace | None:
    key = st.session_state["atlas.selected"]
    place = result.place(key) if key else None
    if place is None or place.place is None:
        return None
    return place


def take_map_click(map_key: str, out: dict | None) -> str | None:
    """The place id of a new click on the map, or None when nothing new was clicked.

    st_folium keeps returning the last click on every rerun, so only a changed click
    count is a new click.
    """
    if not out:
        return None
    count = out.get("last_object_clicked_count")
    seen = st.session_state["home.click_count"]
    if count is None or seen.get(map_key) == count:
        return None
    seen[map_key] = count
    drawing = out.get("last_active_drawing") or {}
    place_id = (drawing.get("properties") or {}).get("id")
    return place_id if isinstance(place_id, str) else None


# Rendering --------------------------------------------------------------------

def esc(text: str) -> str:
    return html.escape(text, quote=True)


def highlighted(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:end]`` as escaped HTML with ``spans`` (absolute offsets) in <mark>."""
    parts = []
    cursor = start
    for s, e in sorted(spans):
        if s < cursor or e > end:
            continue
        parts.append(esc(text[cursor:s]))
        parts.append(f'<mark style="background:#ffe066;padding:0 2px">{esc(text[s:e])}</mark>')
        cursor = e
    parts.append(esc(text[cursor:end]))
    return "".join(parts)


def passages_html(result: ParseResult, place: ResolvedPlace) -> str:
    """Every passage that mentions ``place``, in reading order, mentions highlighted."""
    by_passage: dict[int, list[tuple[int, int]]] = {}
    for m in place.mentions:
        by_passage.setdefault(m.passage, []).append((m.start, m.end))
    blocks = []
    for index in sorted(by_passage):
        if not (0 <= index < len(result.passages)):
            continue
        p = result.passages[index]
        label = "" if p.kind == "paragraph" else f'<span style="color:#777;font-size:.8em">{esc(p.kind)} · </span>'
        blocks.append(
            f'<div class="pa-passage" data-passage="{index}" style="border-left:3px solid #ffd400;'
            f'padding:4px 10px;margin:0 0 10px 0;line-height:1.5">{label}'
            f'{highlighted(result.text, p.start, p.end, by_passage[index])}</div>'
        )
    return "".join(blocks) or "<p>No passage found.</p>"


def place_facts_html(place: ResolvedPlace) -> str:
    p = place.place
    assert p is not None
    rows = [
        ("Type", p.feature_type.replace("_", " ")),
        ("Country", p.country_code or "–"),
        ("Region", p.admin1_name or "–"),
        ("Coordinates", f"{p.lat:.4f}, {p.lon:.4f}"),
        ("Mentions", str(len(place.mentions))),
        ("Score", f"{place.score:.2f}"),
        ("Why", place.reason or "–"),
        ("Source", p.source or "–"),
    ]
    if place.corrected:
        rows.insert(0, ("Status", "corrected by you"))
    elif is_placed_within(p):
        rows.insert(0, ("Status", "approximate: not in the gazetteer, pinned at the unit the text names"))
    body = "".join(f"<tr><th style='text-align:left;padding-right:10px'>{esc(k)}</th><td>{esc(v)}</td></tr>"
                   for k, v in rows)
    alternatives = ""
    if place.alternatives:
        items = "".join(
            f"<li>{esc(a.place.name)} ({esc(a.place.feature_type)}, {esc(a.place.country_code or '–')}) "
            f"score {a.score:.2f}</li>" for a in place.alternatives[:5])
        alternatives = f"<div style='margin-top:6px'><b>Runner-up candidates</b><ul>{items}</ul></div>"
    return (f"<div class='pa-facts'><h4 style='margin:0 0 4px 0'>{esc(place.name)}</h4>"
            f"<table style='font-size:.9em'>{body}</table>{alternatives}</div>")


def place_panel(result: ParseResult, place: ResolvedPlace | None, *, nav_key: str) -> None:
    """Facts and passages of the chosen place, with previous/next in reading order."""
    places = [rp for rp in result.places if rp.place is not None]
    if not places:
        st.info("No place resolved in this article.")
        return
    index = next((i for i, rp in enumerate(places) if place is not None and rp.key == place.key), None)
    prev_col, label_col, next_col = st.columns([1, 2, 1])
    prev_key = places[(index - 1) % len(places)].key if index is not None else places[-1].key
    next_key = places[(index + 1) % len(places)].key if index is not None else places[0].key
    prev_col.button("◀ Previous", key=f"{nav_key}.prev", on_click=select_place, args=(result, prev_key),
                    kwargs={"fly": True}, width="stretch")
    next_col.button("Next ▶", key=f"{nav_key}.next", on_click=select_place, args=(result, next_key),
                    kwargs={"fly": True}, width="stretch")
    label_col.caption(f"Place {index + 1} of {len(places)} in reading order" if index is not None
                      else f"{len(places)} places: click one on the map")
    if place is None:
        return
    st.html(place_facts_html(place))
    count = len({m.passage for m in place.mentions})
    st.markdown(f"**Passages** ({count})")
    st.html(f"<div class='pa-passages'>{passages_html(result, place)}</div>")


def names_list_html(items: tuple[ResolvedPlace, ...], *, detail: bool) -> str:
    entries = []
    for rp in items:
        extra = ""
        if detail and rp.reason:
            extra = f" <span style='color:#777'>({esc(rp.reason)})</span>"
        elif rp.place is not None:
            extra = f" <span style='color:#777'>→ {esc(rp.place.name)}</span>"
        entries.append(f"<li>{esc(rp.name)} ×{len(rp.mentions)}{extra}</li>")
    return "<ul style='margin:0'>" + "".join(entries) + "</ul>"


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
            f"<div style='color:#555'>{esc(article.result.focus.summary())} · "
            f"{len(article.result.places)} places, {len(article.result.unresolved)} unresolved names</div>")


def render_map(result: ParseResult, *, map_key: str, height: int) -> None:
    """The article's map; a click on a place selects it (and reruns the caller's fragment)."""
    from streamlit_folium import st_folium

    from geo.mapview import build_map, selection_layer

    selected = st.session_state["atlas.selected"]
    # A fresh Map each run from cached data: its JavaScript stays identical, so st_folium
    # keeps the same iframe (no flash, zoom kept); the selection ring is swapped in.
    m = build_map(result, static_url=STATIC_URL, frame_focus=not st.session_state["home.frame_all"])
    key = f"{map_key}.{st.session_state['home.map_epoch']}"
    out = st_folium(
        m, key=key, height=height, use_container_width=True, returned_objects=MAP_RETURNS,
        center=st.session_state["atlas.center"], zoom=st.session_state["atlas.zoom"],
        feature_group_to_add=selection_layer(result, selected),
    )
    clicked = take_map_click(key, out)
    if clicked and clicked != selected and result.place(clicked) is not None:
        select_place(result, clicked, fly=False)
        # Redraw with the selection ring; only the fragment when this run is a fragment run.
        try:
            st.rerun(scope="fragment")
        except StreamlitAPIException:
            st.rerun()


def reframe_map() -> None:
    """Show every place again: a new map key remounts the map on its own bounds."""
    st.session_state["home.map_epoch"] += 1
    st.session_state["home.frame_all"] = True
    st.session_state["atlas.center"] = None
    st.session_state["atlas.zoom"] = None
