"""geo.workspace on real SQLite files, and geo.corrections applied to hand-made results."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from gazetteer.errors import DataFolderError
from gazetteer.model import Place
from geo.corrections import CORRECTED_REASON, Correction, apply_corrections, name_key, not_a_place_names
from geo.model import Alternative, Mention, ParseResult, Passage, ResolvedPlace
from geo.workspace import Workspace, text_hash


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.open(tmp_path / "ws.sqlite")
    yield workspace
    workspace.close()


def test_wal_mode_and_round_trip(ws, tmp_path):
    assert ws._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    article_id = ws.save_article("Storm", "Wind hit Lisbon.\n\nAnd Porto.", source_format="markdown",
                                 caption_spans=((0, 4),))
    saved = ws.get_article(article_id)
    assert (saved.title, saved.text, saved.source_format, saved.caption_spans) == \
        ("Storm", "Wind hit Lisbon.\n\nAnd Porto.", "markdown", ((0, 4),))
    assert saved.text_hash == text_hash(saved.text)
    # Another connection (another server process) sees it.
    other = Workspace.open(tmp_path / "ws.sqlite")
    assert [a.title for a in other.list_articles()] == ["Storm"]
    other.close()


def test_same_text_saved_once_and_delete_cascades(ws):
    first = ws.save_article("A", "Same text in Oslo.")
    assert ws.save_article("B", "Same text in Oslo.") == first
    second = ws.save_article("C", "Other text in Bergen.")
    ws.set_correction(first, Correction("oslo", None))
    assert ws.delete_article(first) is True
    assert ws.delete_article(first) is False
    assert ws.get_article(first) is None
    assert ws.corrections(first) == ()
    assert [a.id for a in ws.list_articles()] == [second]


def test_hostile_strings_are_data(ws):
    nasty = "Robert'); DROP TABLE articles;-- <script>alert(1)</script>"
    article_id = ws.save_article(nasty, nasty)
    ws.set_correction(article_id, Correction(nasty, "gn:1"))
    assert ws.get_article(article_id).title == nasty
    assert ws.corrections(article_id) == (Correction(nasty, "gn:1"),)
    assert len(ws.list_articles()) == 1


def test_correction_is_replaced_and_removed(ws):
    article_id = ws.save_article("A", "Text about Paris.")
    ws.set_correction(article_id, Correction("paris", "gn:1"))
    ws.set_correction(article_id, Correction("paris", None))
    assert ws.corrections(article_id) == (Correction("paris", None),)
    ws.remove_correction(article_id, "paris")
    assert ws.corrections(article_id) == ()


def test_failed_transaction_rolls_back(ws):
    with pytest.raises(RuntimeError):
        with ws._transaction() as db:
            db.execute("INSERT INTO articles (title, text, text_hash, created_at) VALUES ('x', 'y', 'z', 0)")
            raise RuntimeError("boom")
    assert ws.list_articles() == []


def test_concurrent_writers(ws):
    def write(n):
        for i in range(20):
            ws.save_article(f"t{n}-{i}", f"text {n} {i}")
    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ws.list_articles()) == 80


def test_unwritable_data_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DataFolderError, match="writable"):
        Workspace.open(blocker / "ws.sqlite")


def test_read_only_database_is_a_clear_error(tmp_path):
    path = tmp_path / "ws.sqlite"
    Workspace.open(path).close()
    ws = Workspace.open(path)
    # Reopen the same connection read-only (as on a read-only mount; root ignores chmod).
    ws._connection.close()
    ws._connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None,
                                     check_same_thread=False)
    with pytest.raises(DataFolderError, match="read-only"):
        ws.save_article("A", "text")


# Corrections ---------------------------------------------------------------------

PARIS_FR = Place("gn:fr", "Paris", "city", "FR", 48.85, 2.35)
PARIS_TX = Place("gn:tx", "Paris", "city", "US", 33.66, -95.55)
LYON = Place("gn:lyon", "Lyon", "city", "FR", 45.75, 4.85)
PLACES = {p.id: p for p in (PARIS_FR, PARIS_TX, LYON)}


def _sample() -> ParseResult:
    text = "Paris and Lyon. Later, PARIS again; Turin too."
    def m(word, start):
        assert text[start:start + len(word)] == word
        return Mention(start, start + len(word), word, 0)
    paris = ResolvedPlace("gn:tx", "Paris", PARIS_TX, (m("Paris", 0), m("PARIS", 23)), score=0.7,
                          alternatives=(Alternative(PARIS_FR, 0.6),))
    lyon = ResolvedPlace("gn:lyon", "Lyon", LYON, (m("Lyon", 10),), score=0.9)
    turin = ResolvedPlace("unresolved:turin", "Turin", None, (m("Turin", 36),), reason="no candidate")
    return ParseResult(text, (Passage(0, 0, len(text)),), (paris, lyon), (turin,), ())


def test_pick_another_candidate_moves_every_mention():
    result = apply_corrections(_sample(), [Correction(name_key("Paris"), "gn:fr")], PLACES.get)
    [paris] = [rp for rp in result.places if rp.key == "gn:fr"]
    assert paris.corrected and paris.reason == CORRECTED_REASON
    assert [m.start for m in paris.mentions] == [0, 23]
    assert "gn:tx" in [a.place.id for a in paris.alternatives]
    assert "gn:tx" not in [rp.key for rp in result.places]
    assert [rp.key for rp in result.places] == ["gn:fr", "gn:lyon"]


def test_not_a_place_removes_mentions_and_resolves_unresolved():
    result = apply_corrections(_sample(), [Correction("lyon", None),
                                           Correction(name_key("Turin"), "gn:lyon")], PLACES.get)
    [lyon] = result.places[1:]
    assert lyon.key == "gn:lyon" and lyon.corrected
    assert [m.text for m in lyon.mentions] == ["Turin"]
    assert result.unresolved == ()
    assert not_a_place_names(_sample(), [Correction("lyon", None)]) == ["Lyon"]


def test_merge_into_existing_place_and_unknown_place_ignored():
    result = apply_corrections(_sample(), [Correction("paris", "gn:lyon")], PLACES.get)
    [lyon] = result.places
    assert [m.start for m in lyon.mentions] == [0, 10, 23]
    assert lyon.corrected
    unchanged = apply_corrections(_sample(), [Correction("paris", "gn:gone")], PLACES.get)
    assert unchanged == _sample()


# -- a change never lands on the wrong article (issue 10) -----------------------------

def test_a_correction_for_a_deleted_article_is_the_projects_error(ws):
    from gazetteer.errors import ArticleNotFoundError, PassageAtlasError
    other = ws.save_article("Sample", "Kabul is quiet.")
    gone = ws.save_article("X", "Fighting reached Herat.")
    ws.delete_article(gone)
    with pytest.raises(ArticleNotFoundError, match="deleted in another window") as info:
        ws.set_correction(gone, Correction("herat", None))
    assert isinstance(info.value, PassageAtlasError) and not isinstance(info.value, sqlite3.Error)
    with pytest.raises(ArticleNotFoundError):
        ws.remove_correction(gone, "herat")
    assert ws.corrections(other) == () and ws.corrections(gone) == ()


def test_saving_the_same_text_under_a_new_title_says_which_title_is_kept(ws):
    first = ws.add_article("First title", "Same words about Oslo.")
    again = ws.add_article("Second title", "Same words about Oslo.")
    assert first.created and not again.created and again.id == first.id
    assert again.title == "First title" == ws.get_article(first.id).title
    assert "already saved as \u201cFirst title\u201d" in again.message("Second title")
    assert first.message("First title") == "Saved and opened the new article."
