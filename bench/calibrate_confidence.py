"""Calibrate the engine's confidence: map a choice's score to the probability that it
is right (within 161 km of the gold point), and draw the reliability diagram.

    python bench/calibrate_confidence.py [--eval-dir DIR] [--plot docs/img/reliability.png]

The fit is a logistic regression over the features of ``geo.confidence.features``, on GeoWebNews end to end and the
even-numbered WikToR documents (gold spans); it is checked on the odd-numbered WikToR
documents, which the fit never saw. It prints the coefficients for
``geo/resolution/weights.py`` (CONFIDENCE_*), the expected calibration error on both
sets with the coefficients now in the code, and writes the diagram. Needs numpy and
matplotlib (requirements-bench.txt). The corpora are read, never copied.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import open_gazetteer  # noqa: E402
from geo.confidence import features, probability  # noqa: E402
from geo.evaluate import load_jsonl  # noqa: E402
from geo.metrics import ACCURACY_KM, haversine_km  # noqa: E402
from geo.pipeline import parse  # noqa: E402

BINS = 10


def _rows(path: Path, *, given: bool, keep) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, right or not, the engine's confidence) per place and gold mention."""
    gazetteer = open_gazetteer()
    x, y, c = [], [], []
    for number, doc in enumerate(load_jsonl(path)):
        if not keep(number):
            continue
        gold = [t for t in doc.get("toponyms", []) if t.get("resolve") and t.get("lat") is not None]
        spans = [(t["start"], t["end"]) for t in doc.get("toponyms", [])] if given else None
        for place in parse(doc["text"], gazetteer, given_spans=spans).places:
            for mention in place.mentions:
                for t in gold:
                    if t["start"] < mention.end and mention.start < t["end"]:
                        x.append(features(place.score, place.alternatives, place.place.feature_type))
                        y.append(haversine_km(t["lat"], t["lon"], place.place.lat, place.place.lon) <= ACCURACY_KM)
                        c.append(place.confidence)
                        break
    return np.array(x, dtype=float), np.array(y, dtype=float), np.array(c, dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, *, iterations: int = 50,
                 ridge: float = 1e-3) -> np.ndarray:
    """Intercept and coefficients by weighted Newton's method (a tiny ridge keeps it finite)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    beta = np.zeros(design.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (weight * (y - p)) - ridge * beta
        hessian = design.T @ (design * (weight * p * (1 - p))[:, None]) + ridge * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def reliability(confidence: np.ndarray, right: np.ndarray) -> tuple[list[tuple[float, float, int]], float]:
    """Per bin of predicted confidence: (mean confidence, observed accuracy, count), and
    the expected calibration error (count-weighted mean gap)."""
    edges = np.linspace(0, 1, BINS + 1)
    rows, gap = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (confidence >= lo) & ((confidence < hi) | (hi == 1.0))
        if sel.any():
            rows.append((float(confidence[sel].mean()), float(right[sel].mean()), int(sel.sum())))
            gap += sel.sum() * abs(confidence[sel].mean() - right[sel].mean())
    return rows, gap / max(1, len(confidence))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "img" / "reliability.png")
    args = parser.parse_args(argv)
    gwn = _rows(args.eval_dir / "geowebnews.jsonl", given=False, keep=lambda n: True)
    wik_fit = _rows(args.eval_dir / "wiktor.jsonl", given=True, keep=lambda n: n % 2 == 0)
    wik_check = _rows(args.eval_dir / "wiktor.jsonl", given=True, keep=lambda n: n % 2 == 1)
    x = np.vstack([gwn[0], wik_fit[0]])
    y = np.concatenate([gwn[1], wik_fit[1]])
    # Each corpus weighs the same in the fit, however many choices it has: news and
    # encyclopaedia openings are both what users paste.
    weight = np.concatenate([np.full(len(gwn[1]), len(wik_fit[1]) / max(1, len(gwn[1]))), np.ones(len(wik_fit[1]))])
    beta = fit_logistic(x, y, weight)
    print("fitted on", len(y), "choices; paste into geo/resolution/weights.py:")
    print(f"CONFIDENCE_INTERCEPT = {beta[0]:.3f}")
    print(f"CONFIDENCE_COEFFICIENTS = ({', '.join(f'{b:.3f}' for b in beta[1:])})   "
          "# score, lead, no rival, country or state")
    sets = {"GeoWebNews (fit)": gwn, "WikToR even (fit)": wik_fit, "WikToR odd (check)": wik_check}
    for label, (_, right, confidence) in sets.items():
        rows, ece = reliability(confidence, right)
        print(f"{label:<20} n={len(right):>5}  accuracy {right.mean():.3f}  mean confidence {confidence.mean():.3f}"
              f"  expected calibration error {ece:.3f}")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(5.5, 5), dpi=110)
    axes.plot([0, 1], [0, 1], color="#999", linestyle="--", label="perfectly calibrated")
    for (label, (_, right, confidence)), marker in zip(sets.items(), "osD"):
        rows, ece = reliability(confidence, right)
        axes.plot([r[0] for r in rows], [r[1] for r in rows], marker=marker, label=f"{label}, ECE {ece:.3f}")
    axes.set_xlabel("predicted confidence")
    axes.set_ylabel("observed accuracy (within 161 km)")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_title("Passage Atlas: confidence against accuracy")
    axes.legend(loc="upper left", fontsize=8)
    args.plot.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(args.plot)
    print("diagram written to", args.plot.relative_to(ROOT) if args.plot.is_relative_to(ROOT) else args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
