"""SDIR's constants that services, selectors, indicators and templates share."""

from __future__ import annotations

# The targets from the call's closing: applicants hear the decision within NOTIFY_DAYS, contracts are signed
# within AWARD_DAYS (the DASA/SBIR practice the scheme follows).
NOTIFY_DAYS, AWARD_DAYS = 90, 180
