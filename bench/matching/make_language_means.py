"""Compute the reference language means that language centring shrinks towards, and store them in
src/straiik/engines/matching/data/e5_language_means.npy (rows: nl, en, uk; float32, 384 values each).

    .venv/bin/python bench/matching/make_language_means.py

The texts are the hand-written phrases of the development set (devset_topics_*.py): the same statements
about the same 21 capabilities in Dutch, English and Ukrainian (168 sentences each). Because the three
sets say the same things, the differences between their means are language, not subject, which is what
centring should remove (see straiik.engines.matching.dense.VectorStore). Run again when the model changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset_topics_a import TOPICS_A  # noqa: E402
from devset_topics_b import TOPICS_B  # noqa: E402
from devset_topics_c import TOPICS_C  # noqa: E402

from straiik.engines.matching.dense import LANGUAGE_MEANS_FILE, default_embedder  # noqa: E402


def main() -> None:
    embedder = default_embedder()
    means = []
    for lang in ("nl", "en", "uk"):
        texts = []
        for topic in TOPICS_A + TOPICS_B + TOPICS_C:
            phrases = topic[lang]
            texts += phrases["core"] + phrases["detail"] + [phrases["related"], phrases["negative"]]
        vectors = embedder.embed_passages(texts)
        means.append(vectors.mean(axis=0))
        print(f"{lang}: {len(texts)} sentences")
    LANGUAGE_MEANS_FILE.parent.mkdir(parents=True, exist_ok=True)
    np.save(LANGUAGE_MEANS_FILE, np.stack(means).astype(np.float32))
    print(f"written: {LANGUAGE_MEANS_FILE} (model: {embedder.name})")


if __name__ == "__main__":
    main()
