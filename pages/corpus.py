"""Corpus page: every place a batch run found, on one map; click one for its passages.

A thin page over ``geo.corpus.queries`` (DuckDB over the output's Parquet files):
choose an output folder of the data folder (or run a batch on an uploaded JSONL),
filter, click a place, read its passages, open a document in the reader.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from gazetteer.errors import PassageAtlasError
from gazetteer.paths import data_dir
from geo.corpus.corpus_map import build_corpus_map
from geo.corpus.queries import CorpusFilters, CorpusView
from geo.corpus.upload import UPLOAD_SUFFIXES, keep_upload
from pages.shared import PAGES, STATIC_URL, can_save, esc, get_workspace, open_article, plain

CORPORA_FOLDER = "corpora"          # under the data folder: where the app looks for batch outputs
PAGE_SIZE = 10
MAX_UPLOAD_DOCUMENTS = 5000
# What st_folium sends back: the clicked feature (its properties.id is the place id) and
# a click count, which tells a new click from the last one returned again on a rerun.
MAP_RETURNS = ["last_active_drawing", "last_object_clicked_count"]

for key, value in {"corpus.folder": None, "corpus.selected": None, "corpus.page": 0, "corpus.table_pick": None,
                   "corpus.click_count": {}, "corpus.pending": None}.items():
    st.session_state.setdefault(key, value)


def take_map_click(map_key: str, out: dict | None) -> str | None:
    """The place id of a new click on the map, or None when nothing new was clicked.

    st_folium keeps returning the last click on every rerun, so only a changed click
    count is a new click.
    """
    if not out:
        return None
    count = out.get("last_object_clicked_count")
    seen = st.session_state["corpus.click_count"]
    if count is None or seen.get(map_key) == count:
        return None
    seen[map_key] = count
    drawing = out.get("last_active_drawing") or {}
    place_id = (drawing.get("properties") or {}).get("id")
    return place_id if isinstance(place_id, str) else None


def open_in_reader(title: str, text: str) -> None:
    """Open one corpus document in the reading view, the way the app opens any article:
    saved in the workspace, made the current article, then the reader page."""
    workspace = get_workspace()
    title = title or "Corpus document"
    if can_save(workspace):
        try:
            open_article(workspace.save_article(title, text))
        except PassageAtlasError as exc:
            st.error(plain(str(exc)))
            return
    else:   # a read-only data folder: opened as the Articles page opens an unsaved paste
        open_article(None)
        st.session_state["atlas.unsaved"] = (title, text, ())
        st.session_state["atlas.notice"] = "Opened the document. It is not saved: the data folder is read-only."
    st.switch_page(PAGES["read"])


def corpus_outputs() -> list[Path]:
    """Batch output folders in the data folder (its corpora/ folder and its top level)."""
    root = data_dir(create=False)
    found = sorted({p.parent for pattern in (f"{CORPORA_FOLDER}/*/_batch.json", "*/_batch.json")
                    for p in root.glob(pattern)})
    return found


@st.cache_resource(max_entries=8, show_spinner=False)
def _view(path: str, stamp: float) -> CorpusView:
    # ``stamp`` (the places table's time) makes a finished new run open afresh.
    return CorpusView.open(path)


def get_view(path: Path) -> CorpusView:
    places = next(iter(path.glob("places.*")), None)
    return _view(str(path), places.stat().st_mtime if places else 0.0)


def passage_html(row: dict) -> str:
    text = row["passage"] or ""
    parts, cursor = [], 0
    for mark in row["marks"]:
        start, end = mark["s"], mark["e"]
        if start < cursor or end > len(text):
            continue
        parts.append(esc(text[cursor:start]))
        parts.append(f'<mark style="background:#ffe066;padding:0 2px">{esc(text[start:end])}</mark>')
        cursor = end
    parts.append(esc(text[cursor:]))
    meta = " · ".join(esc(str(v)) for v in (row.get("date"), row.get("source")) if v)
    return (f'<div class="pa-corpus-passage" style="border-left:3px solid #ffd400;padding:4px 10px;'
            f'margin:0 0 4px 0;line-height:1.5"><div style="color:#666;font-size:.85em">'
            f'{esc(row.get("title") or row["doc_id"])}{" · " + meta if meta else ""}</div>{"".join(parts)}</div>')


# What a press of "Find the places" with no file says (the browser tests wait on it too).
NO_FILE_CHOSEN = "Choose a JSONL file above first, then press Find the places."

st.header("Corpus")

# Choose a corpus -----------------------------------------------------------------
outputs = corpus_outputs()
with st.expander("Run a batch on an uploaded JSONL file", expanded=not outputs):
    with st.form("corpus.upload"):
        upload = st.file_uploader(f'One {{"id", "text", "date", "source", ...}} object per line '
                                  f"(up to {MAX_UPLOAD_DOCUMENTS:,} documents)", type=list(UPLOAD_SUFFIXES))
        # The press is kept in the session by its callback: a run it starts may be cut short
        # by the map's first value (a rerun), and the button's own True lasts one run only.
        run = st.form_submit_button("Find the places", on_click=st.session_state.__setitem__,
                                    args=("corpus.pressed", True))
    run = st.session_state.pop("corpus.pressed", False) or run
    if run and upload is None:
        st.warning(NO_FILE_CHOSEN)
    if run and upload is not None:
        try:
            # Kept for this session until it has run: a rerun, another page, a closed tab
            # end the watching run and its process (geo.corpus.batch_process); the next
            # run of this page resumes it, and a new upload replaces it.
            st.session_state["corpus.pending"] = keep_upload(upload.name, upload.getvalue(),
                                                             corpora=data_dir() / CORPORA_FOLDER,
                                                             max_documents=MAX_UPLOAD_DOCUMENTS)
        except PassageAtlasError as exc:
            st.error(plain(str(exc)))
    pending = st.session_state["corpus.pending"]
    stop = st.empty()                  # cleared once the run has ended
    if pending is not None and stop.button("Stop the run", key="corpus.stop"):
        st.session_state["corpus.pending"] = pending = None
        stop.info("The run was stopped. Upload the same file again to finish it.")
    if pending is not None:
        try:
            progress = st.empty()
            with st.spinner("Geoparsing the corpus…"):
                pending.run(on_tick=lambda line: progress.caption(plain(line) or "Starting the workers…"))
            progress.empty()
            stop.empty()
            # The choice box is drawn below: set its value now so it shows the new corpus.
            st.session_state.update({"corpus.folder": str(pending.folder), "corpus.choice": str(pending.folder),
                                     "corpus.selected": None, "corpus.page": 0})
            outputs = corpus_outputs()
            if pending.message():
                st.warning(plain(pending.message()))
        except PassageAtlasError as exc:
            stop.empty()
            st.error(plain(str(exc)))
        st.session_state["corpus.pending"] = None

if not outputs:
    st.info(f"No batch output yet. Run `python -m geo batch DOCS.jsonl --out "
            f"{data_dir(create=False) / CORPORA_FOLDER}/NAME`, or upload a JSONL file above.")
    st.stop()

names = [str(p) for p in outputs]
current = st.session_state["corpus.folder"]
chosen = st.selectbox("Batch output", names, index=names.index(current) if current in names else 0,
                      format_func=lambda p: Path(p).name, key="corpus.choice")
if chosen != current:
    st.session_state.update({"corpus.folder": chosen, "corpus.selected": None, "corpus.page": 0})
try:
    view = get_view(Path(chosen))
    summary = view.summary()
except PassageAtlasError as exc:
    st.error(plain(str(exc)))
    st.stop()

failed = f", {summary.errors:,} failed" if summary.errors else ""
st.caption(f"{summary.documents:,} documents{failed} · {summary.mentions:,} mentions · {summary.places:,} places")

# Filters --------------------------------------------------------------------------
# Filter widgets are keyed by the corpus: another corpus's dates or countries are no choice here.
corpus_key = hashlib.sha1(chosen.encode()).hexdigest()[:8]
columns = st.columns(4)
types = columns[0].multiselect("Type", summary.feature_types, key=f"corpus.types.{corpus_key}")
countries = columns[1].multiselect("Country", summary.countries, key=f"corpus.countries.{corpus_key}")
sources = (columns[2].multiselect("Source", summary.sources, key=f"corpus.sources.{corpus_key}")
           if summary.has_sources else [])
date_from = date_to = None
if summary.has_dates and summary.first_date and summary.last_date and summary.first_date < summary.last_date:
    date_from, date_to = columns[3].slider("Dates", min_value=summary.first_date, max_value=summary.last_date,
                                           value=(summary.first_date, summary.last_date), key=f"corpus.dates.{corpus_key}")
filters = CorpusFilters(tuple(types), tuple(countries), tuple(sources), date_from, date_to)
places = view.places(filters)
by_id = {p["place_id"]: p for p in places}

# Map and the chosen place -------------------------------------------------------------
map_col, panel_col = st.columns([3, 2], gap="medium")
with map_col:
    from streamlit_folium import st_folium
    map_key = f"corpus.map.{corpus_key}"
    out = st_folium(build_corpus_map(places, static_url=STATIC_URL, selected=st.session_state["corpus.selected"]),
                    key=map_key, height=520, use_container_width=True, returned_objects=MAP_RETURNS)
    clicked = take_map_click(map_key, out)
    if clicked and clicked in by_id and clicked != st.session_state["corpus.selected"]:
        st.session_state.update({"corpus.selected": clicked, "corpus.page": 0})
        st.rerun()

with panel_col:
    selected = by_id.get(st.session_state["corpus.selected"])
    if selected is None:
        st.info("Click a place on the map (or pick one in the table) to read the passages that name it.")
    else:
        st.html(f"<h4 style='margin:0' class='pa-corpus-place'>{esc(selected['name'])}</h4>"
                f"<div style='color:#555'>{esc(selected.get('feature_type') or '')} · "
                f"{esc(selected.get('country_code') or '–')} · {selected['documents']:,} documents, "
                f"{selected['mentions']:,} mentions</div>")
        timeline = view.timeline(filters, place_id=selected["place_id"])
        if timeline:
            st.bar_chart({str(row["month"])[:7]: row["mentions"] for row in timeline}, height=160,
                         x_label="month", y_label="mentions")
        total, rows = view.place_passages(selected["place_id"], filters, page=st.session_state["corpus.page"],
                                          page_size=PAGE_SIZE)
        pages = max(1, -(-total // PAGE_SIZE))
        st.markdown(f"**Passages** ({total:,}) · page {st.session_state['corpus.page'] + 1} of {pages}")
        for number, row in enumerate(rows):
            st.html(passage_html(row))
            if st.button("Open in the reader", key=f"corpus.open.{number}"):
                document = view.document(row["doc_id"])
                if document and document["text"]:
                    open_in_reader(document["title"] or row["doc_id"], document["text"])
        back, forward = st.columns(2)
        if back.button("◀ Newer", disabled=st.session_state["corpus.page"] == 0, key="corpus.prev"):
            st.session_state["corpus.page"] -= 1
            st.rerun()
        if forward.button("Older ▶", disabled=st.session_state["corpus.page"] >= pages - 1, key="corpus.next"):
            st.session_state["corpus.page"] += 1
            st.rerun()

# Top places and the corpus over time --------------------------------------------------
left, right = st.columns([3, 2])
with left:
    st.markdown("**Top places**")
    top = [{"place": p["name"], "type": p["feature_type"], "country": p["country_code"],
            "documents": p["documents"], "mentions": p["mentions"]} for p in places[:100]]
    event = st.dataframe(top, hide_index=True, on_select="rerun", selection_mode="single-row",
                         key="corpus.table", width="stretch")
    picked = event.selection.rows if event and event.selection else []
    pick = places[picked[0]]["place_id"] if picked and picked[0] < len(places) else None
    # The table keeps its selection across reruns: only a new pick selects (a map click may have since).
    if pick != st.session_state["corpus.table_pick"]:
        st.session_state["corpus.table_pick"] = pick
        if pick and pick != st.session_state["corpus.selected"]:
            st.session_state.update({"corpus.selected": pick, "corpus.page": 0})
            st.rerun()
with right:
    if summary.has_dates:
        country = countries[0] if len(countries) == 1 else None
        months = view.timeline(filters, country=country)
        st.markdown(f"**Mentions per month** ({esc(country) if country else 'whole corpus'})")
        if months:
            st.line_chart({str(row["month"])[:7]: row["mentions"] for row in months}, height=220,
                          x_label="month", y_label="mentions")
if summary.errors:
    with st.expander(f"Documents that failed ({summary.errors:,})"):
        st.dataframe(view.failed_documents(), hide_index=True)
