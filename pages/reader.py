"""Reader page: the whole article with every place name marked; click one to focus the map."""

from __future__ import annotations

import hashlib
import re

import streamlit as st

from geo.model import ParseResult
from pages.shared import current_article, esc, header, place_panel, render_map, select_place, selected_place

# The article HTML is built here from escaped text; the script only inserts it and
# reports which <mark data-place> was clicked. Newlines keep css/js from being read as paths.
_READER_JS = """
export default function(component) {
    const { data, setTriggerValue, parentElement } = component;
    let root = parentElement.querySelector('.pa-reader');
    if (!root) {
        root = document.createElement('div');
        root.className = 'pa-reader';
        parentElement.appendChild(root);
    }
    if (root.dataset.version !== data.version) {
        root.innerHTML = data.html;
        root.dataset.version = data.version;
    }
    root.onclick = (event) => {
        const mark = event.target.closest('mark[data-place]');
        if (mark) {
            root.querySelectorAll('mark.selected').forEach((m) => m.classList.remove('selected'));
            root.querySelectorAll('mark[data-place]').forEach((m) => {
                if (m.dataset.place === mark.dataset.place) { m.classList.add('selected'); }
            });
            setTriggerValue('place', mark.dataset.place);
        }
    };
}
"""
_READER_CSS = """
.pa-reader { font: 16px/1.6 Georgia, serif; color: var(--st-text-color, #222); }
.pa-reader mark { padding: 0 2px; border-radius: 3px; }
.pa-reader mark.place { background: #ffe066; cursor: pointer; }
.pa-reader mark.place:hover { outline: 2px solid #e0a800; }
.pa-reader mark.place.selected { background: #ffb700; }
.pa-reader mark.unresolved { background: #e9ecef; }
.pa-reader mark.demonym { background: #d0ebff; }
.pa-reader .caption { font-style: italic; color: #555; }
"""
reader_component = st.components.v2.component("passage_atlas.reader", js=_READER_JS, css=_READER_CSS)


_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"#{1,6}\s+")   # used with match(), which anchors at pos


def _display(piece: str) -> str:
    """Text between marks, as a reader sees it: Markdown's link and emphasis syntax
    dropped (offsets are untouched: this is display only), then escaped."""
    return esc(_MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", piece)))


def article_html(result: ParseResult, selected: str | None) -> str:
    marks = []
    for group, css in ((result.places, "place"), (result.unresolved, "unresolved"), (result.demonyms, "demonym")):
        for rp in group:
            for m in rp.mentions:
                marks.append((m.start, m.end, rp.key if css == "place" else None, css))
    marks.sort()
    out = []
    next_mark = 0   # marks and passages are both in text order: one pass over each
    for passage in result.passages:
        cursor = passage.start
        if passage.kind == "heading":   # "#### Understand ..." reads as a heading, without the hashes
            heading = _MD_HEADING.match(result.text, passage.start, passage.end)
            cursor = heading.end() if heading else cursor
        parts = []
        while next_mark < len(marks) and marks[next_mark][0] < passage.start:
            next_mark += 1
        first = next_mark
        while next_mark < len(marks) and marks[next_mark][0] < passage.end:
            next_mark += 1
        for start, end, key, css in marks[first:next_mark]:
            if start < cursor or end > passage.end:
                continue
            parts.append(_display(result.text[cursor:start]))
            classes = css + (" selected" if key is not None and key == selected else "")
            attr = f' data-place="{esc(key)}"' if key is not None else ""
            parts.append(f'<mark class="{classes}"{attr}>{esc(result.text[start:end])}</mark>')
            cursor = end
        parts.append(_display(result.text[cursor:passage.end]))
        tag = {"heading": "h3", "caption": "p"}.get(passage.kind, "p")
        cls = ' class="caption"' if passage.kind == "caption" else ""
        out.append(f"<{tag}{cls}>{''.join(parts)}</{tag}>")
    return "\n".join(out)


article = current_article()
result = article.result
header(article)
st.caption("Click a highlighted name to show it on the map with its passages. "
           "Yellow: placed · grey: unresolved · blue: nationality words.")

text_col, side_col = st.columns([3, 2], gap="medium")
with text_col:
    with st.container(height=720):
        selected = st.session_state["atlas.selected"]
        html = article_html(result, selected)
        clicked = reader_component(
            # The version tells the component when to swap its HTML: a hash of it, so a
            # correction that keeps the number of places still shows.
            data={"html": html, "version": hashlib.sha1(html.encode("utf-8")).hexdigest()},
            key="reader.text", on_place_change=lambda: None,
        )
        if clicked.place and result.place(clicked.place) is not None:
            # The map beside is drawn after this in the same run, so it flies there now.
            select_place(result, clicked.place, fly=True)


@st.fragment
def side_panel() -> None:
    render_map(result, map_key="reader.map", height=380)
    place_panel(result, selected_place(result), nav_key="reader.nav")


with side_col:
    side_panel()
