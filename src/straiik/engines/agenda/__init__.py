"""The action agenda's engine (STRAIIK-D): the quality check on actions, parliamentary document numbers, the
changes in ambitions from year to year, and the geometry of its charts. Pure Python, no Django.

    verdict = check(ActionFacts(key="7", title="Explore quantum sensing", deadline=None))
    verdict.concrete, verdict.rules          # False, ('no-owner', 'no-deadline', 'no-indicator', 'vague')
    summarise([verdict, ...], areas=[...])   # shares of concrete actions per area and overall
    parse_kamerstuk("Kamerstuk 36600-X-57")  # Kamerstuk(dossier='36600', sub='X', number=57)
"""

from .charts import Bar, BarRow, Point, line_chart, nice_ticks, share_bars, timeline
from .figures import Figure, to_svg
from .quality import (
    GENERAL,
    NO_DEADLINE,
    NO_INDICATOR,
    NO_OWNER,
    RULES,
    VAGUE,
    VAGUE_TERMS,
    ActionFacts,
    Problem,
    Share,
    Summary,
    Verdict,
    check,
    summarise,
    vague_words,
)
from .references import Kamerstuk, ReferenceError, parse_kamerstuk
from .textdiff import ADDED, REMOVED, SAME, similarity, word_diff

__all__ = [
    "ADDED", "GENERAL", "NO_DEADLINE", "NO_INDICATOR", "NO_OWNER", "REMOVED", "RULES", "SAME", "VAGUE", "VAGUE_TERMS",
    "ActionFacts", "Bar", "BarRow", "Figure", "Kamerstuk", "Point", "Problem", "ReferenceError", "Share", "Summary",
    "Verdict", "check", "line_chart", "nice_ticks", "parse_kamerstuk", "share_bars", "similarity", "summarise",
    "timeline", "to_svg", "vague_words", "word_diff",
]
