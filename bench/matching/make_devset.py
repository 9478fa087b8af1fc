"""Generate the labelled development set in bench/matching/devset/ (BEIR layout) from the hand-written
phrases in devset_topics_*.py and devset_common.py. Seeded: the same seed gives the same files.

    .venv/bin/python bench/matching/make_devset.py            # seed 7, writes bench/matching/devset/
    .venv/bin/python bench/matching/make_devset.py --seed 3 --out /tmp/devset-3

How it is built, per topic (one capability, e.g. counter-drone, quantum key distribution):
- 'home' languages: the languages its providers write in; one, two or all three (drawn 30/50/20 %);
- 5-9 provider profiles in the home languages, each two of the topic's four core sentences in random order,
  one detail sentence and one or two company facts; judged 2;
- 1-2 partly relevant profiles (a test facility, a component supplier, a research group), judged 1;
- 2 hard negatives in any language: civil companies that use the same words for something else (drone
  light shows, locksmiths for 'keys', a mining company for 'mines'), judged 0;
- 3 queries: the need written in Dutch, English and Ukrainian. Where the query's language is not a home
  language, every relevant document is in another language: a cross-lingual query.
A few relevances across topics are added (CROSS_TOPIC: a radar that tracks low-flying objects partly answers
a counter-drone need, and so on). Then civil companies (no defence link) and financiers with mandates are
added as unjudged distractors, and the corpus is shuffled and numbered.
Documents and queries carry structured metadata (areas, CPV, TRL, region; queries some of them, drawn),
read by straiik.engines.matching.evaluation as an extension of the BEIR layout.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset_common import (  # noqa: E402
    CIVIL,
    CIVIL_FILLERS,
    CIVIL_SUFFIXES,
    FILLERS,
    FINANCIERS,
    NAMES,
    PLACES,
    SUFFIXES,
    TITLES,
)
from devset_topics_a import TOPICS_A  # noqa: E402
from devset_topics_b import TOPICS_B  # noqa: E402
from devset_topics_c import TOPICS_C  # noqa: E402

TOPICS = TOPICS_A + TOPICS_B + TOPICS_C
LANGS = ("nl", "en", "uk")

# Relevance across topics, judged by reading the phrases: (query topic, document topic, which documents, grade).
# A radar that tracks low-flying objects partly answers a counter-drone need; a company that analyses
# satellite images partly answers the imagery need; magnetometers that find sea mines partly answer the
# mine-clearance need, and the other way round.
CROSS_TOPIC = [
    ("counter-drone", "surveillance-radar", "providers", 1),
    ("surveillance-radar", "counter-drone", "providers", 1),
    ("imagery-ai", "sar-satellites", "related", 1),
    ("quantum-magnetometers", "usv-mine-countermeasures", "providers", 1),
    ("usv-mine-countermeasures", "quantum-magnetometers", "providers", 1),
]


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.corpus: list[dict[str, Any]] = []
        self.queries: list[dict[str, Any]] = []
        self.qrels: list[tuple[str, str, int]] = []
        self.used_titles: set[str] = set()
        self.by_topic: dict[str, dict[str, list[str]]] = {}
        self.queries_of: dict[str, list[str]] = {}

    def title(self, kind: str, lang: str) -> str:
        title = ""
        for attempt in range(200):
            name = self.rng.choice(NAMES[lang])
            suffixes = CIVIL_SUFFIXES if kind == "civil" else SUFFIXES
            title = TITLES[kind][lang].format(name=name, suffix=self.rng.choice(suffixes[lang]))
            if attempt > 100:  # all names taken: number them, as registries do with namesakes
                title = f"{title} {attempt - 99}"
            if title not in self.used_titles:
                break
        self.used_titles.add(title)
        return title

    def facts(self, lang: str, fillers: dict[str, list[str]], count: int) -> tuple[list[str], str]:
        city, region = self.rng.choice(PLACES[lang])
        chosen = self.rng.sample(fillers[lang], count)
        values = {"city": city, "n": self.rng.choice([12, 25, 40, 60, 85, 120, 200, 350]),
                  "year": self.rng.randint(1985, 2022)}
        return [s.format(**values) for s in chosen], region

    def add_doc(self, lang: str, kind: str, sentences: list[str], meta: dict[str, Any]) -> str:
        doc_id = f"tmp{len(self.corpus) + 1}"
        title = self.title(kind, lang)
        kind = "organisation" if kind == "civil" else kind
        self.corpus.append({"_id": doc_id, "title": title, "text": " ".join(sentences),
                            "lang": lang, "metadata": {"kind": kind, **meta}})
        return doc_id

    def topic(self, topic: dict[str, Any]) -> None:
        rng = self.rng
        size = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
        home = rng.sample(LANGS, size)
        judged: list[tuple[str, int]] = []
        providers = rng.randint(5, 9)
        for i in range(providers):
            lang = home[i % len(home)]
            phrases = topic[lang]
            core = rng.sample(phrases["core"], 2)
            facts, region = self.facts(lang, FILLERS, rng.choice([1, 2]))
            meta: dict[str, Any] = {"trl": rng.randint(5, 9), "region": region}
            if topic["areas"] and rng.random() < 0.85:
                meta["areas"] = topic["areas"]
            if rng.random() < 0.6:
                meta["cpv"] = rng.sample(topic["cpv"], rng.choice([1, 2]))
            judged.append((self.add_doc(lang, "organisation", [*core, rng.choice(phrases["detail"]), *facts], meta), 2))
        self.by_topic[topic["key"]] = {"providers": [doc for doc, _ in judged]}
        for _ in range(rng.choice([1, 2])):
            lang = rng.choice(home)
            facts, region = self.facts(lang, FILLERS, 1)
            meta = {"region": region}
            if topic["areas"] and rng.random() < 0.5:
                meta["areas"] = topic["areas"][:1]
            doc_id = self.add_doc(lang, topic["related_kind"], [topic[lang]["related"], *facts], meta)
            judged.append((doc_id, 1))
            self.by_topic[topic["key"]].setdefault("related", []).append(doc_id)
        for lang in rng.sample(LANGS, 2):
            facts, region = self.facts(lang, CIVIL_FILLERS, 2)
            meta = {"region": region, "cpv": topic["negative_cpv"], "trl": 9}
            judged.append((self.add_doc(lang, "organisation", [topic[lang]["negative"], *facts], meta), 0))
        for lang in LANGS:
            query_id = f"q{len(self.queries) + 1:03d}"
            meta = {}
            if topic["areas"] and rng.random() < 0.7:
                meta["areas"] = topic["areas"]
            if rng.random() < 0.3:
                meta["cpv"] = [rng.choice(topic["cpv"])]
            if rng.random() < 0.3:
                meta["trl_min"] = 6
            if rng.random() < 0.3:
                meta["region"] = rng.choice(PLACES[lang])[1]
            self.queries.append({"_id": query_id, "text": topic[lang]["need"], "lang": lang,
                                 "metadata": meta, "topic": topic["key"], "home": sorted(home)})
            self.qrels.extend((query_id, doc_id, grade) for doc_id, grade in judged)
            self.queries_of.setdefault(topic["key"], []).append(query_id)

    def cross_topic(self) -> None:
        for query_topic, doc_topic, which, grade in CROSS_TOPIC:
            for query_id in self.queries_of[query_topic]:
                self.qrels.extend((query_id, doc_id, grade) for doc_id in self.by_topic[doc_topic][which])

    def distractors(self, count: int) -> None:
        pool = [(lang, text) for lang in LANGS for text in CIVIL[lang]]
        for i in range(count):
            lang, text = pool[i % len(pool)]
            facts, region = self.facts(lang, CIVIL_FILLERS, 2)
            self.add_doc(lang, "civil", [text, *facts], {"region": region})

    def financiers(self, rounds: int) -> None:
        for _ in range(rounds):
            for lang, text, mandate in FINANCIERS:
                facts, region = self.facts(lang, CIVIL_FILLERS, 1)
                self.add_doc(lang, "financier", [text, *facts], {"region": region, "mandate": mandate})


def generate(seed: int) -> Builder:
    builder = Builder(seed)
    for topic in TOPICS:
        builder.topic(topic)
    builder.cross_topic()
    builder.distractors(90)
    builder.financiers(3)
    # Shuffle and renumber, so that neither ids nor index order say anything about topics.
    builder.rng.shuffle(builder.corpus)
    renumber = {doc["_id"]: f"d{i:04d}" for i, doc in enumerate(builder.corpus, start=1)}
    for doc in builder.corpus:
        doc["_id"] = renumber[doc["_id"]]
    builder.qrels = [(query_id, renumber[doc_id], grade) for query_id, doc_id, grade in builder.qrels]
    return builder


def write(builder: Builder, out: Path) -> None:
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as handle:
        for doc in builder.corpus:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with (out / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for query in builder.queries:
            public = {k: v for k, v in query.items() if k not in ("topic", "home")}
            handle.write(json.dumps(public, ensure_ascii=False) + "\n")
    with (out / "qrels" / "test.tsv").open("w", encoding="utf-8") as handle:
        handle.write("query-id\tcorpus-id\tscore\n")
        for query_id, doc_id, grade in builder.qrels:
            handle.write(f"{query_id}\t{doc_id}\t{grade}\n")
    with (out / "topics.json").open("w", encoding="utf-8") as handle:
        json.dump({q["_id"]: {"topic": q["topic"], "home": q["home"]} for q in builder.queries}, handle, indent=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "devset")
    args = parser.parse_args()
    builder = generate(args.seed)
    write(builder, args.out)
    langs = {lang: sum(d["lang"] == lang for d in builder.corpus) for lang in LANGS}
    print(f"{len(builder.corpus)} documents {langs}, {len(builder.queries)} queries, "
          f"{len(builder.qrels)} judgements -> {args.out}")


if __name__ == "__main__":
    main()
