"""python -m straiik.engines.matching evaluate DIR: see evaluation.main."""

import sys

from .evaluation import main

sys.exit(main())
