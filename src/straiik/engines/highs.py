"""One way to make a HiGHS instance for every engine (bundling, supply, SDIR selection).

- Silent: the library prints a banner to the process's stdout the first time one is made, before any option
  can turn output off; the first one is made with stdout pointed at /dev/null.
- No "threads" option: HiGHS keeps one scheduler per process, started with the first solve's thread count,
  and refuses a model that later asks for another ("Not Set"); the platform's worker runs models of every
  engine in one process. Every engine uses HiGHS's default (the dual simplex is serial anyway).
"""

from __future__ import annotations

import os
import sys

import highspy

_banner_hidden = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance with the default threads."""
    global _banner_hidden
    if _banner_hidden:
        h = highspy.Highs()
    else:
        _banner_hidden = True
        sys.stdout.flush()
        try:
            saved = os.dup(1)
        except OSError:  # no real stdout (embedded): nothing to hide
            h = highspy.Highs()
        else:
            try:
                with open(os.devnull, "w") as devnull:
                    os.dup2(devnull.fileno(), 1)
                    h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
    h.setOptionValue("output_flag", False)
    return h
