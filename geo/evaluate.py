"""Measure the geoparser against gold documents: recognition and resolution.

The gold format is the one of ``/work/shared/eval/README.md``: one JSON object per
line, ``{"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon", "kind",
"resolve"}]}``. A *predict* function stands for the engine: it takes the text and,
when the gold spans are given, those spans, and returns the toponyms it found as
``{"start", "end", "name", "lat", "lon"}`` dicts (``lat``/``lon`` None when it could
not place a name). Keeping the engine behind a plain callable lets the tests score a
fake engine with known answers, and lets any other geoparser be scored the same way.

    >>> docs = [{"id": "d1", "text": "Rain in Paris.", "toponyms": [
    ...     {"start": 8, "end": 13, "name": "Paris", "lat": 48.85, "lon": 2.35}]}]
    >>> found = lambda text, spans: [
    ...     {"start": 8, "end": 13, "name": "Paris", "lat": 48.85, "lon": 2.35}]
    >>> report = evaluate(docs, found)
    >>> report.recognition_exact.f1, report.resolution_all.accuracy_161
    (1.0, 1.0)
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from gazetteer.errors import InputError, PassageAtlasError
from gazetteer.geometry import contains, has_outline
from geo.metrics import (
    ACCURACY_KM,
    MAX_ERROR_KM,
    ResolutionScores,
    SpanScores,
    haversine_km,
    match_exact,
    match_overlap,
    resolution_scores,
)
from geo.records import mention_records

Predict = Callable[[str, "list[tuple[int, int]] | None"], "list[dict[str, Any]]"]

CONTEXT_CHARS = 80
NO_KIND = "-"      # WikToR has no kinds; one label keeps the per-kind table uniform


# --- inputs ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    kind: str = NO_KIND
    resolve: bool = True


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class Prediction:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    feature_type: str = ""      # when the predictor says: lets a right country count as right
    country_code: str = ""

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


def load_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a gold file, one per non-blank line.

    Streams, so a 5,000-document corpus is never held as text. A bad line raises
    ``InputError`` naming the file and line number.
    """
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read gold file {str(path)!r}: {exc.strerror or exc}") from exc
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
            if not isinstance(doc, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object, got {type(doc).__name__}")
            yield doc


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _coordinate(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{where}: coordinate {value!r} ({type(value).__name__}) is not a finite number")
    return float(value)


def gold_document(raw: dict[str, Any], *, position: int = 0) -> GoldDocument:
    """Check one gold dict and turn it into a ``GoldDocument``.

    >>> gold_document({"id": 7, "text": "To Lagos.", "toponyms": [
    ...     {"start": 3, "end": 8, "lat": 6.45, "lon": 3.39}]}).toponyms[0].name
    'Lagos'
    """
    doc_id = str(raw.get("id", f"#{position}"))
    text = raw.get("text")
    if not isinstance(text, str):
        raise InputError(f"gold document {doc_id}: 'text' must be a string, got {type(text).__name__}")
    toponyms = raw.get("toponyms", [])
    if not isinstance(toponyms, list):
        raise InputError(f"gold document {doc_id}: 'toponyms' must be a list, got {type(toponyms).__name__}")
    gold = []
    for k, t in enumerate(toponyms):
        where = f"gold document {doc_id}, toponym {k}"
        if not isinstance(t, dict):
            raise InputError(f"{where}: expected an object, got {type(t).__name__}")
        start, end = t.get("start"), t.get("end")
        if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
            raise InputError(f"{where}: span ({start!r}, {end!r}) is not inside the text of {len(text)} characters")
        name = t.get("name", text[start:end])
        if name != text[start:end]:
            # Offsets that drift (bytes vs characters, a stripped BOM) would silently
            # score every toponym as missed; stop instead.
            raise InputError(f"{where}: name {name!r} differs from the text at its offsets {text[start:end]!r}")
        lat = _coordinate(t.get("lat"), where)
        lon = _coordinate(t.get("lon"), where)
        resolve = t.get("resolve", lat is not None and lon is not None)
        if resolve and (lat is None or lon is None):
            raise InputError(f"{where}: 'resolve' is true but the toponym has no coordinates")
        kind = t.get("kind") or NO_KIND
        gold.append(GoldToponym(start, end, name, lat, lon, str(kind), bool(resolve)))
    gold.sort(key=lambda g: (g.start, g.end))
    return GoldDocument(doc_id, text, tuple(gold))


def _prediction(raw: Any, text: str, doc_id: str) -> Prediction:
    where = f"document {doc_id}: predict() returned"
    if not isinstance(raw, dict):
        raise PassageAtlasError(f"{where} {type(raw).__name__}, expected a dict")
    start, end = raw.get("start"), raw.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        raise PassageAtlasError(f"{where} span ({start!r}, {end!r}) outside the text of {len(text)} characters")
    lat, lon = raw.get("lat"), raw.get("lon")
    if (lat is None) != (lon is None):
        raise PassageAtlasError(f"{where} lat {lat!r} with lon {lon!r}: give both or neither")
    try:
        lat_f = _coordinate(lat, where)
        lon_f = _coordinate(lon, where)
    except InputError as exc:
        raise PassageAtlasError(str(exc)) from exc
    return Prediction(start, end, str(raw.get("name") or text[start:end]), lat_f, lon_f,
                      str(raw.get("feature_type") or ""), str(raw.get("country_code") or ""))


def _country_holds(p: Prediction, g: GoldToponym) -> bool:
    """A predicted country whose outline holds the gold point: the corpora give a
    country a point of their own (GeoNames' current or older one, Wikipedia's), so
    acc@161 can count the right country as wrong; this tells the two kinds of miss apart."""
    return p.feature_type == "country" and bool(p.country_code) and has_outline(p.country_code) \
        and contains(p.country_code, g.lat, g.lon)


# --- the report --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class KindScores:
    """Recall and resolution for the gold toponyms of one kind (precision has no kind)."""

    kind: str
    gold: int
    found_exact: int
    found_overlap: int
    resolution_recognised: ResolutionScores
    resolution_all: ResolutionScores

    @property
    def recall_exact(self) -> float:
        return self.found_exact / self.gold if self.gold else 0.0

    @property
    def recall_overlap(self) -> float:
        return self.found_overlap / self.gold if self.gold else 0.0


@dataclass(frozen=True, slots=True)
class Miss:
    """One gold toponym the system got wrong, with the text around it."""

    doc_id: str
    kind: str
    gold_name: str
    gold_lat: float | None
    gold_lon: float | None
    predicted_name: str | None      # None: no prediction overlapped the gold span
    predicted_lat: float | None     # None: not recognised, or recognised but not placed
    predicted_lon: float | None
    error_km: float | None          # None for a missed toponym that is not resolvable
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    documents: int
    gold_toponyms: int
    gold_resolvable: int            # gold toponyms that count for resolution
    predicted: int
    predicted_unplaced: int         # predictions with no point
    gold_spans: bool                # the engine was given the gold spans
    recognition_exact: SpanScores
    recognition_overlap: SpanScores
    resolution_recognised: ResolutionScores   # over resolvable gold that a prediction overlaps
    resolution_all: ResolutionScores          # over all resolvable gold; the headline
    by_kind: tuple[KindScores, ...]
    worst: tuple[Miss, ...]         # recognised, error > 161 km, largest first
    worst_total: int
    missed: tuple[Miss, ...]        # gold with no overlapping prediction, in corpus order
    missed_total: int
    # As resolution_all, with a predicted country counted right when its outline holds
    # the gold point (see _country_holds).
    resolution_all_country_outline: ResolutionScores | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``json.dumps``, with the derived P/R/F1 spelled out."""

        def spans(s: SpanScores) -> dict[str, Any]:
            return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision,
                    "recall": s.recall, "f1": s.f1}

        def res(r: ResolutionScores) -> dict[str, Any]:
            return {"n": r.n, "accuracy_161": r.accuracy_161, "auc": r.auc,
                    "mean_km": r.mean_km, "median_km": r.median_km}

        def miss(m: Miss) -> dict[str, Any]:
            return asdict(m)

        return {
            "documents": self.documents, "gold_toponyms": self.gold_toponyms,
            "gold_resolvable": self.gold_resolvable, "predicted": self.predicted,
            "predicted_unplaced": self.predicted_unplaced, "gold_spans": self.gold_spans,
            "recognition_exact": spans(self.recognition_exact),
            "recognition_overlap": spans(self.recognition_overlap),
            "resolution_recognised": res(self.resolution_recognised),
            "resolution_all": res(self.resolution_all),
            "resolution_all_country_outline": res(self.resolution_all_country_outline)
            if self.resolution_all_country_outline else None,
            "by_kind": [{"kind": k.kind, "gold": k.gold, "recall_exact": k.recall_exact,
                         "recall_overlap": k.recall_overlap,
                         "resolution_recognised": res(k.resolution_recognised),
                         "resolution_all": res(k.resolution_all)} for k in self.by_kind],
            "worst": [miss(m) for m in self.worst], "worst_total": self.worst_total,
            "missed": [miss(m) for m in self.missed], "missed_total": self.missed_total,
        }


class _KindTally:
    __slots__ = ("gold", "exact", "overlap", "errors_recognised", "errors_all")

    def __init__(self) -> None:
        self.gold = self.exact = self.overlap = 0
        self.errors_recognised: list[float] = []
        self.errors_all: list[float] = []


def _miss(doc: GoldDocument, g: GoldToponym, p: Prediction | None, error: float | None) -> Miss:
    return Miss(
        doc_id=doc.id, kind=g.kind, gold_name=g.name, gold_lat=g.lat, gold_lon=g.lon,
        predicted_name=p.name if p else None,
        predicted_lat=p.lat if p else None, predicted_lon=p.lon if p else None,
        error_km=error,
        before=doc.text[max(0, g.start - CONTEXT_CHARS):g.start],
        after=doc.text[g.end:g.end + CONTEXT_CHARS],
    )


def evaluate(
    gold_docs: Iterable[dict[str, Any]],
    predict: Predict,
    *,
    gold_spans: bool = False,
    by_kind: bool = False,
    worst: int = 20,
) -> EvaluationReport:
    """Run ``predict`` over every gold document and score it.

    Recognition matches predicted spans to gold spans one-to-one, exactly and by
    overlap. Resolution takes every gold toponym with ``resolve`` true: when a
    prediction overlaps it (the overlap matching), the error is the distance from the
    prediction's point to the gold point, or 20,039 km when the prediction has no
    point; a gold toponym nothing overlaps counts 20,039 km in ``resolution_all`` and
    is left out of ``resolution_recognised``.

    With ``gold_spans=True`` the engine is handed the gold spans, so only resolution
    means anything. ``worst`` bounds the lists of examples kept in the report.
    """
    n_docs = n_gold = n_resolvable = n_pred = n_unplaced = 0
    exact = overlap = SpanScores(0, 0, 0)
    errors_recognised: list[float] = []
    errors_all: list[float] = []
    errors_outline: list[float] = []
    kinds: dict[str, _KindTally] = {}
    worst_heap: list[tuple[float, int, Miss]] = []   # min-heap of the largest errors
    worst_total = 0
    missed: list[Miss] = []
    missed_total = 0
    seq = 0

    for position, raw in enumerate(gold_docs):
        doc = gold_document(raw, position=position)
        n_docs += 1
        gold = [(g.start, g.end) for g in doc.toponyms]
        returned = predict(doc.text, list(gold) if gold_spans else None)
        preds = sorted((_prediction(p, doc.text, doc.id) for p in returned),
                       key=lambda p: (p.start, p.end))
        spans = [(p.start, p.end) for p in preds]
        n_gold += len(gold)
        n_pred += len(preds)
        n_unplaced += sum(1 for p in preds if not p.has_point)

        exact_match = match_exact(gold, spans)
        overlap_match = match_overlap(gold, spans)
        exact = exact + exact_match.scores
        overlap = overlap + overlap_match.scores
        exact_gold = {i for i, _ in exact_match.pairs}
        partner = overlap_match.gold_to_pred()

        for i, g in enumerate(doc.toponyms):
            tally = kinds.setdefault(g.kind, _KindTally())
            tally.gold += 1
            tally.exact += i in exact_gold
            p = preds[partner[i]] if i in partner else None
            tally.overlap += p is not None
            seq += 1
            if not g.resolve:
                if p is None:
                    missed_total += 1
                    if len(missed) < worst:
                        missed.append(_miss(doc, g, None, None))
                continue
            n_resolvable += 1
            if p is None:
                errors_all.append(MAX_ERROR_KM)
                errors_outline.append(MAX_ERROR_KM)
                tally.errors_all.append(MAX_ERROR_KM)
                missed_total += 1
                if len(missed) < worst:
                    missed.append(_miss(doc, g, None, MAX_ERROR_KM))
                continue
            if p.has_point:
                error = haversine_km(g.lat, g.lon, p.lat, p.lon)  # type: ignore[arg-type]
            else:
                error = MAX_ERROR_KM
            errors_all.append(error)
            errors_outline.append(0.0 if error > ACCURACY_KM and _country_holds(p, g) else error)
            errors_recognised.append(error)
            tally.errors_all.append(error)
            tally.errors_recognised.append(error)
            if error > ACCURACY_KM:
                worst_total += 1
                # -seq: among equal errors keep (and list first) the earliest in the corpus.
                item = (error, -seq, _miss(doc, g, p, error))
                if len(worst_heap) < worst:
                    heapq.heappush(worst_heap, item)
                elif worst and item[:2] > worst_heap[0][:2]:
                    heapq.heapreplace(worst_heap, item)

    breakdown: tuple[KindScores, ...] = ()
    if by_kind:
        breakdown = tuple(
            KindScores(kind, t.gold, t.exact, t.overlap,
                       resolution_scores(t.errors_recognised), resolution_scores(t.errors_all))
            for kind, t in sorted(kinds.items(), key=lambda kv: (-kv[1].gold, kv[0]))
        )
    return EvaluationReport(
        documents=n_docs, gold_toponyms=n_gold, gold_resolvable=n_resolvable,
        predicted=n_pred, predicted_unplaced=n_unplaced, gold_spans=gold_spans,
        recognition_exact=exact, recognition_overlap=overlap,
        resolution_recognised=resolution_scores(errors_recognised),
        resolution_all=resolution_scores(errors_all),
        resolution_all_country_outline=resolution_scores(errors_outline),
        by_kind=breakdown,
        worst=tuple(m for _, _, m in sorted(worst_heap, key=lambda it: it[:2], reverse=True)),
        worst_total=worst_total, missed=tuple(missed), missed_total=missed_total,
    )


# --- the engine adapter ------------------------------------------------------------

def predictions_from_result(result: Any) -> list[dict[str, Any]]:
    """The predicted toponyms of a ``geo.model.ParseResult``: its mention records.

    These are exactly the records ``python -m geo parse --jsonl`` writes (see
    ``geo.records``): every mention counts as a predicted span, resolved places and
    demonyms ("Afghan", which GeoWebNews annotates) with their place's point, names in
    organisations' names with theirs, unresolved names with no point.
    """
    return mention_records(result)


def engine_predict(parse: Callable[..., Any], gazetteer: Any, *, without: frozenset[str] = frozenset()) -> Predict:
    """A predict function over ``geo.pipeline.parse`` with a given gazetteer, with the
    rules named in ``without`` switched off."""

    def predict(text: str, spans: list[tuple[int, int]] | None) -> list[dict[str, Any]]:
        return predictions_from_result(parse(text, gazetteer, given_spans=spans, without=without))

    return predict


# --- printing ----------------------------------------------------------------------

def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _km(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _point(lat: float | None, lon: float | None) -> str:
    return "no point" if lat is None or lon is None else f"{lat:.3f},{lon:.3f}"


def _one_line(text: str) -> str:
    return " ".join(text.split()) if text.strip() else ""


def _resolution_row(label: str, r: ResolutionScores) -> str:
    return (f"  {label:<26}{r.n:>7}  {_num(r.accuracy_161):>7}  {_num(r.auc):>6}"
            f"  {_km(r.mean_km):>9}  {_km(r.median_km):>9}")


def format_report(report: EvaluationReport, *, errors: int = 0) -> str:
    """The report as a plain-text table; ``errors`` examples of each kind of miss."""
    r = report
    lines = [
        f"Documents {r.documents} | gold toponyms {r.gold_toponyms} "
        f"({r.gold_resolvable} to resolve) | predicted {r.predicted} "
        f"({r.predicted_unplaced} without a point)",
        "",
    ]
    note = "  (gold spans were given: not meaningful)" if r.gold_spans else ""
    lines.append(f"Recognition{note}")
    lines.append(f"  {'match':<10}{'P':>7}{'R':>7}{'F1':>7}{'TP':>7}{'FP':>7}{'FN':>7}")
    for label, s in (("exact", r.recognition_exact), ("overlap", r.recognition_overlap)):
        lines.append(f"  {label:<10}{_num(s.precision):>7}{_num(s.recall):>7}{_num(s.f1):>7}"
                     f"{s.tp:>7}{s.fp:>7}{s.fn:>7}")
    lines += ["", "Resolution",
              f"  {'over':<26}{'n':>7}  {'acc@161':>7}  {'AUC':>6}  {'mean km':>9}  {'median km':>9}",
              _resolution_row("all gold (headline)", r.resolution_all),
              _resolution_row("recognised gold", r.resolution_recognised)]
    if r.resolution_all_country_outline is not None:
        lines.append(_resolution_row("all, country by outline", r.resolution_all_country_outline))
    if r.by_kind:
        lines += ["", "By kind (recall; resolution over all gold of the kind / over recognised)",
                  f"  {'kind':<22}{'gold':>6}{'R exact':>9}{'R ovl':>7}{'n res':>7}"
                  f"{'acc all':>9}{'acc rec':>9}{'AUC all':>9}"]
        for k in r.by_kind:
            lines.append(
                f"  {k.kind:<22}{k.gold:>6}{_num(k.recall_exact):>9}{_num(k.recall_overlap):>7}"
                f"{k.resolution_all.n:>7}{_num(k.resolution_all.accuracy_161):>9}"
                f"{_num(k.resolution_recognised.accuracy_161):>9}{_num(k.resolution_all.auc):>9}")
    if errors > 0:
        shown = r.worst[:errors]
        lines += ["", f"Worst resolution errors ({len(shown)} of {r.worst_total} over {ACCURACY_KM:.0f} km)"]
        for m in shown:
            lines.append(f"  [{m.doc_id}] {m.gold_name!r} ({m.kind}) gold {_point(m.gold_lat, m.gold_lon)}"
                         f" -> {m.predicted_name!r} {_point(m.predicted_lat, m.predicted_lon)}"
                         f"  {_km(m.error_km)} km")
            lines.append(f"      ...{_one_line(m.before)} [[{m.gold_name}]] {_one_line(m.after)}...")
        shown_missed = r.missed[:errors]
        lines += ["", f"Missed gold toponyms ({len(shown_missed)} of {r.missed_total})"]
        for m in shown_missed:
            lines.append(f"  [{m.doc_id}] {m.gold_name!r} ({m.kind}) gold {_point(m.gold_lat, m.gold_lon)}")
            lines.append(f"      ...{_one_line(m.before)} [[{m.gold_name}]] {_one_line(m.after)}...")
    return "\n".join(lines) + "\n"


# --- command line ------------------------------------------------------------------

def _limited(docs: Iterable[dict[str, Any]], limit: int | None) -> Iterator[dict[str, Any]]:
    for n, doc in enumerate(docs):
        if limit is not None and n >= limit:
            return
        yield doc


def whole_number_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number no smaller than ``minimum``.

    >>> whole_number_at_least(1)("3")
    3
    """
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"expected {minimum} or more, got {number}")
        return number

    return parse


_positive = whole_number_at_least(0)


def build_parser(prog: str = "python -m geo evaluate") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="Score the geoparser against a gold JSONL corpus.")
    parser.add_argument("gold", help="gold corpus, one JSON document per line")
    parser.add_argument("--gold-spans", action="store_true",
                        help="give the engine the gold spans and score resolution only")
    parser.add_argument("--by-kind", action="store_true", help="break the figures down by toponym kind")
    parser.add_argument("--errors", type=_positive, default=0, metavar="N",
                        help="show the N worst resolution errors and N missed toponyms")
    parser.add_argument("--limit", type=_positive, default=None, metavar="N",
                        help="score only the first N documents")
    parser.add_argument("--without", action="append", default=[], metavar="RULE",
                        help="switch off the named rule (repeatable), to measure what it contributes")
    parser.add_argument("--json", metavar="PATH", default=None,
                        help="also write the full report as JSON to PATH ('-' for stdout)")
    return parser


def main(
    argv: Sequence[str] | None,
    *,
    make_predict: Callable[..., Predict],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """The ``evaluate`` command: parse ``argv``, score, print; returns the exit status.

    ``make_predict`` is called once, with ``without`` (the rules to switch off),
    after the arguments are checked, so a bad command line fails fast without opening
    the gazetteer.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        predict = make_predict(without=frozenset(args.without))
        report = evaluate(_limited(load_jsonl(args.gold), args.limit), predict,
                          gold_spans=args.gold_spans, by_kind=args.by_kind,
                          worst=max(args.errors, 1))
    except PassageAtlasError as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.json == "-":
        json.dump(report.to_dict(), out, indent=2)
        out.write("\n")
        return 0
    out.write(format_report(report, errors=args.errors))
    if args.json:
        try:
            Path(args.json).write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.json!r}: {exc.strerror or exc}", file=err)
            return 2
    return 0
