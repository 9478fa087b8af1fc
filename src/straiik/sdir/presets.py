"""The texts the platform writes itself into a call or an award, in the reader's language.

A call copies its scheme's criteria (engines/sdir/scoring.py, English data) and an award its phase's default
milestones (services.DEFAULT_MILESTONES); both are stored as written, so an edit by the office stays exactly as
the office wrote it. On the way out, a text that is still the preset's own English is shown translated; any other
text is the user's and is shown unchanged. Machine outputs (the API, OCDS) keep the stored text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from straiik.engines.sdir import SCHEMES

PRESET_TEXTS: dict[str, Any] = {
    # the DASA-style criteria
    "Desirable": _("Desirable"),
    "Does it answer the problem statement? How much would the armed forces gain?":
        _("Does it answer the problem statement? How much would the armed forces gain?"),
    "Feasible": _("Feasible"),
    "Can this team do it within the phase's time and budget? Are the risks understood?":
        _("Can this team do it within the phase's time and budget? Are the risks understood?"),
    "Viable": _("Viable"),
    "Is there a credible route to use, production and exploitation? Value for money?":
        _("Is there a credible route to use, production and exploitation? Value for money?"),
    # the EDF-style award criteria
    "Excellence or disruption potential": _("Excellence or disruption potential"),
    "Innovation and technological development": _("Innovation and technological development"),
    "Competitiveness of the defence industry": _("Competitiveness of the defence industry"),
    "Security and defence interests": _("Security and defence interests"),
    "Quality and efficiency of the implementation": _("Quality and efficiency of the implementation"),
    # the default milestones of phase 1 and phase 2
    "Interim report": _("Interim report"),
    "Approach, first results and risks": _("Approach, first results and risks"),
    "Final feasibility report": _("Final feasibility report"),
    "Feasibility study with a plan for a prototype": _("Feasibility study with a plan for a prototype"),
    "Design review": _("Design review"),
    "Reviewed design of the prototype or demonstrator": _("Reviewed design of the prototype or demonstrator"),
    "Prototype in test": _("Prototype in test"),
    "Prototype tested in a relevant environment": _("Prototype tested in a relevant environment"),
    "Final demonstration": _("Final demonstration"),
    "Demonstration to the armed forces and final report": _("Demonstration to the armed forces and final report"),
}


def shown(text: str) -> str:
    """The text in the current language if it is a preset's own, else as the user wrote it."""
    preset = PRESET_TEXTS.get(text)
    return str(preset) if preset is not None else text


def shown_criteria(criteria: list[Any]) -> list[Any]:
    return [replace(c, label=shown(c.label), guidance=shown(c.guidance)) for c in criteria]


def untranslated_presets() -> set[str]:
    """The preset texts with no translation entry above (a test keeps this empty when presets change)."""
    from straiik.sdir.services.awards import DEFAULT_MILESTONES

    texts = {t for scheme in SCHEMES.values() for c in scheme["criteria"] for t in (c.label, c.guidance) if t}
    texts |= {t for plan in DEFAULT_MILESTONES.values() for title, deliverable, *_rest in plan
              for t in (title, deliverable)}
    return texts - set(PRESET_TEXTS)
