"""straiik match evaluate DIR: score the matching engine on a folder in the BEIR layout.

    straiik match evaluate ../shared/specs/examples/matching-sample
    straiik match evaluate DIR --methods bm25,hybrid --per-query

DIR holds corpus.jsonl (_id, title, text, optional lang), queries.jsonl (_id, text, optional lang) and
qrels/test.tsv (header `query-id corpus-id score`, graded 0-2). The corpus is indexed with the same engine
the platform uses; the command prints JSON with nDCG@10 and Recall@20 overall and per query language, for
each method (bm25, dense, hybrid). Exit status 2 when the folder is not valid (the message names the file
and line).
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.engines.matching import METHODS, BeirFormatError, evaluate_beir


class Command(BaseCommand):
    help = "Evaluate the matching engine on a BEIR folder (nDCG@10, Recall@20 per method and language)."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{evaluate}")
        evaluate = actions.add_parser("evaluate", help="score bm25, dense and hybrid on a BEIR folder")
        evaluate.add_argument("folder", type=Path)
        evaluate.add_argument("--methods", default=",".join(METHODS),
                              help=f"comma-separated, from {', '.join(METHODS)} (default: all)")
        evaluate.add_argument("--per-query", action="store_true", help="include every query's scores")
        evaluate.add_argument("-o", "--output", type=Path, help="also write the JSON to this file")

    def handle(self, *args: Any, action: str, folder: Path, methods: str, per_query: bool, output: Path | None,
               **options: Any) -> None:
        chosen = [m.strip() for m in methods.split(",") if m.strip()]
        unknown = set(chosen) - set(METHODS)
        if unknown or not chosen:
            raise CommandError(f"--methods: use {', '.join(METHODS)}", returncode=2)
        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder", returncode=2)
        try:
            # libraries' progress lines go to stderr: stdout is the JSON alone
            with contextlib.redirect_stdout(sys.stderr):
                result = evaluate_beir(folder, chosen, per_query=per_query)
        except BeirFormatError as error:
            raise CommandError(str(error), returncode=2) from None
        text = json.dumps(result, indent=2, ensure_ascii=False)
        if output is not None:
            output.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
