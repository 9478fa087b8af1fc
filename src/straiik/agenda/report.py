"""The annual progress report to Parliament: what goes into it, for a year and a date, in Dutch (the default) or
English. documents.py lays it out as PDF and DOCX.

The report's fixed texts are in TEXTS below, in both languages, rather than in the gettext catalogue: the Dutch
report is complete whatever state the catalogue is in. What people typed (ambitions, actions) is printed as typed.

As of the chosen date: an action's status and progress are those of its latest progress report on or before the
date (an action without any report shows the status it has; one whose reports all come later is "planned"); it is
overdue when its deadline lies before the date and it was neither done nor cancelled by then; indicators are
computed as of the date, their history is the values stored before it. The same records and date give the same
report, byte for byte (documents.py fixes every date and identifier in the files).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from straiik.agenda import selectors
from straiik.agenda.choices import ActionStatus, ItemStatus
from straiik.agenda.models import Action, Agenda
from straiik.core import exercises
from straiik.core import indicators as registry
from straiik.engines import agenda as engine

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, Any]] = {
    "nl": {
        "title": "STRAIIK-D {year}: voortgangsrapportage",
        "subtitle": "Strategische Actieagenda Industrie, Innovatie en Kennis – Defensie · stand per {date}",
        "demo": "Voorbeeldinhoud: deze agenda is demonstratiemateriaal van het platform, geen beleid.",
        "exercises_included": "Let op: de cijfers in deze rapportage tellen ook oefeningen, demonstraties en tests "
                              "mee ({n} records); het zijn geen officiële cijfers.",
        "footer": "STRAIIK-D {year} · voortgangsrapportage per {date} · pagina {page}",
        "summary": "1. Samenvatting",
        "summary_text": (
            "Deze rapportage beschrijft de voortgang van de actieagenda STRAIIK-D {year} per {date}. De agenda telt "
            "{actions} acties: {done} afgerond, {in_progress} in uitvoering, {planned} gepland, {delayed} vertraagd "
            "en {cancelled} geannuleerd. {overdue_text}"),
        "overdue_none": "Geen enkele actie is over haar deadline.",
        "overdue_some": "{overdue} acties zijn over hun deadline en nog niet afgerond.",
        "quality_text": (
            "{concrete} van de {counted} acties ({share}) zijn concreet en uitvoerbaar: ze hebben een eigenaar "
            "(organisatie en persoon), een deadline en een meetbare indicator (nulmeting, streefwaarde en eenheid), "
            "en beloven een resultaat in plaats van een vaag werkwoord als ‘verkennen’ of ‘onderzoeken’."),
        "items_text": "De acties geven invulling aan {items} moties en toezeggingen van de Kamer; {fulfilled} daarvan "
                      "zijn afgedaan.",
        "budget_text": "Het budget van de acties bedraagt samen {budget}.",
        "key_figures": "Kerncijfers",
        "figure_actions": "Acties", "figure_done": "Afgerond", "figure_overdue": "Over de deadline",
        "figure_concrete": "Concreet en uitvoerbaar", "figure_items": "Moties en toezeggingen beantwoord",
        "figure_budget": "Budget",
        "quality_chart": "Aandeel concrete en uitvoerbare acties per gebied",
        "areas": "2. Ambities, acties en indicatoren per gebied",
        "ambition": "Ambitie", "ambition_previous": "Ambitie {year}", "ambition_current": "Ambitie {year}",
        "no_ambition": "(geen ambitie vastgelegd)", "change_note": "Wat is veranderd en waarom: {note}",
        "objectives": "Doelstellingen", "actions": "Acties", "no_actions": "Geen acties in dit gebied.",
        "col_code": "Nr.", "col_action": "Actie", "col_owner": "Eigenaar", "col_deadline": "Deadline",
        "col_status": "Status", "col_indicator": "Indicator (nulmeting → streefwaarde)", "col_current": "Stand",
        "col_quality": "Kwaliteit", "concrete": "concreet", "overdue": "over de deadline",
        "indicators": "Indicatoren", "indicator_value": "Waarde per {date}", "not_computable": "niet te berekenen: "
                                                                                              "{reason}",
        "platform_indicators": "3. Indicatoren van het platform",
        "platform_intro": "Deze indicatoren berekent het platform uit zijn eigen gegevens (Defport, vraagbundeling, "
                          "toeleveringsketens en de agenda zelf); ze worden niet ingetypt. De grafieken tonen de "
                          "opgeslagen waarden door het jaar heen.",
        "col_indicator_name": "Indicator", "col_value": "Waarde", "col_source": "Bron",
        "parliament": "4. Moties en toezeggingen",
        "parliament_intro": "De moties en toezeggingen van de Kamer waaraan acties van deze agenda invulling geven.",
        "no_items": "Geen moties of toezeggingen gekoppeld aan acties van deze agenda.",
        "col_reference": "Kamerstuk", "col_title": "Onderwerp", "col_kind": "Soort", "col_answered_by": "Acties",
        "incomplete_reference": "nummer ontbreekt",
        "annex": "Bijlage: kwaliteitstoets van de acties",
        "annex_intro": "Acties die niet concreet en uitvoerbaar zijn, met de reden.",
        "annex_none": "Alle acties zijn concreet en uitvoerbaar.",
        "col_problems": "Wat ontbreekt",
        "general": "Gebiedsoverstijgend",
        "all_actions": "Alle acties",
        "share": "{share} ({concrete} van {total})", "no_share": "geen acties",
        "baseline": "nulmeting", "target": "streefwaarde", "empty_chart": "nog geen waarden",
        "areas_names": {
            "smart-materials": "Slimme materialen", "space": "Ruimtevaarttechnologie", "quantum": "Quantumtechnologie",
            "intelligent-systems": "Intelligente systemen", "sensors": "Sensoren",
            "maritime": "Maritieme maakindustrie"},
        "statuses": {"planned": "gepland", "in_progress": "in uitvoering", "done": "afgerond", "delayed": "vertraagd",
                     "cancelled": "geannuleerd"},
        "item_statuses": {"open": "openstaand", "in_progress": "in uitvoering", "fulfilled": "afgedaan",
                          "lapsed": "vervallen of ingetrokken"},
        "item_kinds": {"motion": "motie", "commitment": "toezegging"},
        "rules": {"no-owner": "geen eigenaar ({missing})", "no-deadline": "geen deadline",
                  "no-indicator": "geen meetbare indicator ({missing})", "vague": "vaag: ‘{words}’"},
        "missing": {"organisation": "organisatie", "person": "persoon", "baseline": "nulmeting",
                    "target": "streefwaarde", "unit": "eenheid"},
        "units": {"%": "%", "days": "dagen", "needs": "behoeften", "procurements": "gezamenlijke aanbestedingen",
                  "EUR": "EUR", "SPOFs": "single points of failure", "awards": "gunningen"},
        "indicator_names": {
            "defport.needs_on_time": "Behoeften binnen de termijn beantwoord",
            "defport.days_to_answer": "Mediane doorlooptijd tot antwoord op een behoefte (dagen)",
            "defport.needs": "Ontvangen behoeften",
            "bundling.joint_procurements": "Gesloten gezamenlijke aanbestedingen",
            "bundling.savings": "Besparing door gezamenlijke inkoop",
            "supply.open_spofs": "Open single points of failure in de toeleveringsketens",
            "agenda.concrete_actions": "Concrete en uitvoerbare acties",
            "sdir.awards": "SDIR-gunningen",
            "sdir.days_to_notification": "Mediane doorlooptijd van sluiting tot kennisgeving (dagen)"},
        "sources": {"defport": "Defport", "bundling": "Vraagbundeling", "supply": "Toeleveringsketens",
                    "agenda": "STRAIIK-D", "sdir": "SDIR"},
        "reasons": {
            "before-strategy": "de strategie begint in {first}; voor {year} zijn er geen waarden",
            "not-begun": "{year} was op {date} nog niet begonnen",
            "no-needs-judged": "geen enkele in {year} ingediende behoefte was per {date} beantwoord of verlopen",
            "no-needs-answered": "geen enkele in {year} ingediende behoefte was per {date} beantwoord",
            "no-calls-notified": "geen enkele SDIR-oproep van {year} had per {date} de aanvragers geïnformeerd",
            "no-analysis": "per {date} was nog geen analyse van een toeleveringsketen afgerond",
            "no-agenda": "er is geen actieagenda voor {year}",
            "no-actions": "de agenda voor {year} heeft nog geen acties",
            "unknown": "het platform kent de indicator ‘{indicator}’ niet"},
    },
    "en": {
        "title": "STRAIIK-D {year}: progress report",
        "subtitle": "Strategic Action Agenda for Industry, Innovation and Knowledge – Defence · as of {date}",
        "demo": "Example content: this agenda is demonstration material of the platform, not policy.",
        "exercises_included": "Note: the figures in this report include exercises, demonstrations and tests "
                              "({n} records); they are not official figures.",
        "footer": "STRAIIK-D {year} · progress report as of {date} · page {page}",
        "summary": "1. Summary",
        "summary_text": (
            "This report describes the progress of the action agenda STRAIIK-D {year} as of {date}. The agenda has "
            "{actions} actions: {done} done, {in_progress} in progress, {planned} planned, {delayed} delayed and "
            "{cancelled} cancelled. {overdue_text}"),
        "overdue_none": "No action is past its deadline.",
        "overdue_some": "{overdue} actions are past their deadline and not done.",
        "quality_text": (
            "{concrete} of the {counted} actions ({share}) are concrete and executable: they have an owner "
            "(organisation and person), a deadline and a measurable indicator (baseline, target and unit), and promise "
            "a result rather than a vague verb such as ‘explore’ or ‘investigate’."),
        "items_text": "The actions answer {items} motions and commitments of Parliament; {fulfilled} of them are "
                      "fulfilled.",
        "budget_text": "The actions' budgets add up to {budget}.",
        "key_figures": "Key figures",
        "figure_actions": "Actions", "figure_done": "Done", "figure_overdue": "Past the deadline",
        "figure_concrete": "Concrete and executable", "figure_items": "Motions and commitments answered",
        "figure_budget": "Budget",
        "quality_chart": "Share of concrete and executable actions per area",
        "areas": "2. Ambitions, actions and indicators per area",
        "ambition": "Ambition", "ambition_previous": "Ambition {year}", "ambition_current": "Ambition {year}",
        "no_ambition": "(no ambition recorded)", "change_note": "What changed and why: {note}",
        "objectives": "Objectives", "actions": "Actions", "no_actions": "No actions in this area.",
        "col_code": "No.", "col_action": "Action", "col_owner": "Owner", "col_deadline": "Deadline",
        "col_status": "Status", "col_indicator": "Indicator (baseline → target)", "col_current": "Now",
        "col_quality": "Quality", "concrete": "concrete", "overdue": "past the deadline",
        "indicators": "Indicators", "indicator_value": "Value as of {date}", "not_computable": "cannot be computed: "
                                                                                               "{reason}",
        "platform_indicators": "3. The platform's indicators",
        "platform_intro": "The platform computes these indicators from its own records (Defport, demand bundling, "
                          "supply chains and the agenda itself); they are not typed in. The charts show the values "
                          "stored through the year.",
        "col_indicator_name": "Indicator", "col_value": "Value", "col_source": "Source",
        "parliament": "4. Motions and commitments",
        "parliament_intro": "The motions and commitments of Parliament that actions of this agenda answer.",
        "no_items": "No motions or commitments are linked to actions of this agenda.",
        "col_reference": "Document", "col_title": "Subject", "col_kind": "Kind", "col_answered_by": "Actions",
        "incomplete_reference": "number missing",
        "annex": "Annex: the quality check of the actions",
        "annex_intro": "Actions that are not concrete and executable, and why.",
        "annex_none": "Every action is concrete and executable.",
        "col_problems": "What is missing",
        "general": "Across the areas",
        "all_actions": "All actions",
        "share": "{share} ({concrete} of {total})", "no_share": "no actions",
        "baseline": "baseline", "target": "target", "empty_chart": "no values yet",
        "areas_names": {
            "smart-materials": "Smart materials", "space": "Space technology", "quantum": "Quantum technology",
            "intelligent-systems": "Intelligent systems", "sensors": "Sensors", "maritime": "Maritime industry"},
        "statuses": {"planned": "planned", "in_progress": "in progress", "done": "done", "delayed": "delayed",
                     "cancelled": "cancelled"},
        "item_statuses": {"open": "open", "in_progress": "being carried out", "fulfilled": "fulfilled",
                          "lapsed": "lapsed or withdrawn"},
        "item_kinds": {"motion": "motion", "commitment": "commitment"},
        "rules": {"no-owner": "no owner ({missing})", "no-deadline": "no deadline",
                  "no-indicator": "no measurable indicator ({missing})", "vague": "vague: ‘{words}’"},
        "missing": {"organisation": "organisation", "person": "person", "baseline": "baseline", "target": "target",
                    "unit": "unit"},
        "units": {"%": "%", "days": "days", "needs": "needs", "procurements": "joint procurements", "EUR": "EUR",
                  "SPOFs": "single points of failure", "awards": "awards"},
        "indicator_names": {
            "defport.needs_on_time": "Needs answered within the deadline",
            "defport.days_to_answer": "Median days to answer a need",
            "defport.needs": "Needs received",
            "bundling.joint_procurements": "Joint procurements concluded",
            "bundling.savings": "Savings from joint procurement",
            "supply.open_spofs": "Open single points of failure in the supply chains",
            "agenda.concrete_actions": "Concrete and executable actions",
            "sdir.awards": "SDIR awards",
            "sdir.days_to_notification": "Median days from a call's close to notification"},
        "sources": {"defport": "Defport", "bundling": "Demand bundling", "supply": "Supply chains",
                    "agenda": "STRAIIK-D", "sdir": "SDIR"},
        "reasons": {
            "before-strategy": "the strategy starts in {first}; there are no values for {year}",
            "not-begun": "{year} had not begun on {date}",
            "no-needs-judged": "no need submitted in {year} had been answered or was due by {date}",
            "no-needs-answered": "no need submitted in {year} had been answered by {date}",
            "no-calls-notified": "no SDIR call of {year} had notified its applicants by {date}",
            "no-analysis": "no supply-chain analysis had finished by {date}",
            "no-agenda": "there is no action agenda for {year}",
            "no-actions": "the agenda for {year} has no actions yet",
            "unknown": "the platform has no indicator ‘{indicator}’"},
    },
}


@dataclass
class ReportAction:
    code: str
    title: str
    owner: str
    deadline: str
    status: str
    progress: int
    overdue: bool
    indicator: str
    current: str
    problems: list[str]


@dataclass
class ReportIndicator:
    code: str
    label: str
    source: str
    value: str
    error: str
    figure: engine.Figure | None


@dataclass
class ReportArea:
    code: str
    label: str
    ambition: str
    previous_ambition: str
    change_note: str
    objectives: list[str]
    actions: list[ReportAction]
    share: str
    indicators: list[ReportIndicator]


@dataclass
class ReportItem:
    reference: str
    complete: bool
    title: str
    kind: str
    status: str
    actions: list[str]
    note: str


@dataclass
class Report:
    year: int
    as_of: dt.date
    language: str
    texts: dict[str, Any]
    title: str
    subtitle: str
    footer: str
    is_demo: bool
    summary: list[str]
    key_figures: list[tuple[str, str]]
    quality_figure: engine.Figure
    areas: list[ReportArea]
    platform_indicators: list[ReportIndicator]
    items: list[ReportItem]
    annex: list[tuple[str, str, str]]
    stats: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **values: Any) -> str:
        text = self.texts[key]
        return text.format(**values) if values else text


def check_request(agenda: Agenda, as_of: dt.date, language: str) -> None:
    errors = {}
    if language not in LANGUAGES:
        errors["language"] = _("The report is in Dutch (nl) or English (en).")
    if as_of < agenda.first_day:
        errors["date"] = _("The report date %(date)s lies before the agenda year %(year)s.") % {
            "date": formats.date_format(as_of, "SHORT_DATE_FORMAT"), "year": agenda.year}
    elif as_of > timezone.localdate():
        errors["date"] = _("A report is made up to today, not for a date to come.")
    if errors:
        raise ValidationError(errors)


def _number(value: float | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return formats.number_format(round(float(value), decimals), decimals, force_grouping=True)


def _value(texts: dict[str, Any], unit: str, value: float | Decimal | None, decimals: int = 0,
           with_unit: bool = True) -> str:
    """A value with its unit as people write it: 90 %, € 5.260, 3 studies (the unit left out on request, where
    it stands in the column beside it; per cent and euro signs stay)."""
    if value is None:
        return "—"
    number = _number(value, decimals if float(value) != int(float(value)) or decimals else 0)
    if unit == "%":
        return f"{number} %"
    if unit == "EUR":
        return f"€ {number}"
    return f"{number} {texts['units'].get(unit, unit)}".strip() if with_unit else number


def _span(texts: dict[str, Any], unit: str, baseline: Decimal | None, target: Decimal | None) -> str:
    """Baseline → target, the unit written once: "0 → 8 studies", "— → 90 %", "€ 0 → € 50.000.000"."""
    if unit in ("%", "EUR"):
        return (f"{_value(texts, unit, baseline, _decimals(baseline))} → "
                f"{_value(texts, unit, target, _decimals(target))}")
    left = _value(texts, unit, baseline, _decimals(baseline), with_unit=False)
    return f"{left} → {_value(texts, unit, target, _decimals(target))}"


def _decimals(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.normalize().as_tuple().exponent
    return min(max(-int(exponent), 0), 2) if isinstance(exponent, int) else 0


def _indicator_name(texts: dict[str, Any], indicator: registry.Indicator) -> str:
    base = indicator.code.rsplit(".", 1)[0] if indicator.area else indicator.code
    name = texts["indicator_names"].get(base, str(indicator.label))
    return f"{name} — {texts['areas_names'][indicator.area]}" if indicator.area else name


def _status_as_of(action: Action, updates: list[Any], as_of: dt.date) -> tuple[str, int]:
    reported = [u for u in updates if u.reported_on <= as_of]
    if reported:
        latest = max(reported, key=lambda u: (u.reported_on, u.pk))
        return latest.status, latest.progress
    if updates:
        return ActionStatus.PLANNED, 0
    return action.status, action.progress


def _problem_text(texts: dict[str, Any], problem: engine.Problem) -> str:
    missing = ", ".join(texts["missing"][m] for m in problem.missing)
    return texts["rules"][problem.rule].format(missing=missing, words="’, ‘".join(problem.words))


def _share_text(texts: dict[str, Any], share: engine.Share) -> str:
    if not share.total:
        return texts["no_share"]
    return texts["share"].format(share=f"{_number(100 * (share.share or 0))} %", concrete=share.concrete,
                                 total=share.total)


def _reason(texts: dict[str, Any], row: selectors.IndicatorRow) -> str:
    problem = row.problem
    template = texts["reasons"].get(problem.code) if problem is not None else None
    if template is None or problem is None:
        return row.error
    values = {k: formats.date_format(v, "DATE_FORMAT") if isinstance(v, dt.date) else v
              for k, v in problem.values.items()}
    return template.format(**values)


def _indicator(texts: dict[str, Any], row: selectors.IndicatorRow, year: int, as_of: dt.date,
               baseline: float | None = None, target: float | None = None) -> ReportIndicator:
    indicator = row.indicator
    label = _indicator_name(texts, indicator)
    figure = None
    if row.history:
        figure = engine.line_chart(
            row.history, title=label, width=340, height=190, baseline=baseline, target=target, heading=True,
            integer=True,  # whole-number ticks: counts, per cents, days and euros all read well so
            unit=texts["units"].get(indicator.unit, indicator.unit),
            fmt=lambda v: _number(v, indicator.decimals if v != int(v) else 0),
            day_label=lambda d: formats.date_format(d, "SHORT_DATE_FORMAT"),
            labels={"baseline": texts["baseline"], "target": texts["target"], "empty": texts["empty_chart"]},
            start=dt.date(year, 1, 1), end=min(max(as_of, dt.date(year, 1, 31)), dt.date(year, 12, 31)))
    value = _value(texts, indicator.unit, row.measurement.value, indicator.decimals) if row.measurement else "—"
    error = texts["not_computable"].format(reason=_reason(texts, row)) if row.error else ""
    return ReportIndicator(indicator.code, label, texts["sources"].get(indicator.source, indicator.source), value,
                           error, figure)


def build(agenda: Agenda, as_of: dt.date, language: str = "nl") -> Report:
    """Everything the report shows, computed in the report's language."""
    check_request(agenda, as_of, language)
    with translation.override(language):
        return _build(agenda, as_of, language)


def _build(agenda: Agenda, as_of: dt.date, language: str) -> Report:
    texts = TEXTS[language]
    day = formats.date_format(as_of, "DATE_FORMAT")
    # the report to Parliament is public: no marked action in it (core.markings)
    actions = list(selectors.actions_of(agenda, None).prefetch_related("updates"))
    check = selectors.quality(agenda, actions)
    item_rows = list(selectors.items(user=None, year=agenda.year))
    codes_used = sorted({a.indicator_code for a in actions if a.indicator_code})
    live_rows = {r.indicator.code: r for r in selectors.indicator_rows(agenda.year, as_of, codes=codes_used)}
    counts = dict.fromkeys(ActionStatus.values, 0)
    overdue_total = 0
    per_area: dict[str, list[ReportAction]] = {area: [] for area in selectors.AREAS}
    annex = []
    for action in actions:
        status, progress = _status_as_of(action, list(action.updates.all()), as_of)
        counts[status] += 1
        overdue = action.deadline is not None and action.deadline < as_of and status not in (ActionStatus.DONE,
                                                                                             ActionStatus.CANCELLED)
        overdue_total += overdue
        verdict = check.of(action)
        problems = [_problem_text(texts, p) for p in verdict.problems]
        if problems and verdict.counted:
            annex.append((action.code, action.title, "; ".join(problems)))
        unit = action.unit
        indicator = registry.REGISTRY.get(action.indicator_code)
        indicator_text = _indicator_name(texts, indicator) if indicator else action.indicator_name
        if action.baseline is not None or action.target is not None:
            span = _span(texts, unit, action.baseline, action.target)
            indicator_text = f"{indicator_text}: {span}" if indicator_text else span
        current = "—"
        if indicator is not None and action.indicator_code in live_rows:
            row = live_rows[action.indicator_code]
            if row.measurement:
                current = _value(texts, unit, row.measurement.value, indicator.decimals, with_unit=False)
        else:
            measured = [u for u in action.updates.all() if u.value is not None and u.reported_on <= as_of]
            if measured:
                latest = max(measured, key=lambda u: (u.reported_on, u.pk))
                current = _value(texts, unit, latest.value, _decimals(latest.value), with_unit=False)
        owner = " / ".join(p for p in (action.owner_organisation.name if action.owner_organisation is not None else "",
                                       action.owner_person) if p) or "—"
        per_area.setdefault(action.area, []).append(ReportAction(
            code=action.code, title=action.title, owner=owner,
            deadline=formats.date_format(action.deadline, "SHORT_DATE_FORMAT") if action.deadline else "—",
            status=texts["statuses"][status] + (f" ({progress} %)" if status not in ("done", "cancelled") and progress
                                                else ""),
            progress=progress, overdue=overdue, indicator=indicator_text or "—", current=current,
            problems=problems))
    summary = check.summary
    fulfilled = sum(1 for i in item_rows if i.status == ItemStatus.FULFILLED)
    budget = sum((a.budget_eur for a in actions if a.budget_eur is not None), Decimal(0))
    share_text = _share_text(texts, summary.overall)
    paragraphs = [
        texts["summary_text"].format(
            year=agenda.year, date=day, actions=len(actions), done=counts["done"], in_progress=counts["in_progress"],
            planned=counts["planned"], delayed=counts["delayed"], cancelled=counts["cancelled"],
            overdue_text=texts["overdue_some"].format(overdue=overdue_total) if overdue_total
            else texts["overdue_none"]),
        texts["quality_text"].format(concrete=summary.overall.concrete, counted=summary.overall.total,
                                     share=f"{_number(100 * (summary.overall.share or 0))} %"),
        texts["items_text"].format(items=len(item_rows), fulfilled=fulfilled),
    ]
    if budget:
        paragraphs.append(texts["budget_text"].format(budget=f"€ {_number(budget)}"))
    key_figures = [
        (texts["figure_actions"], str(len(actions))), (texts["figure_done"], str(counts["done"])),
        (texts["figure_overdue"], str(overdue_total)), (texts["figure_concrete"], share_text),
        (texts["figure_items"], f"{len(item_rows)} ({fulfilled} {texts['item_statuses']['fulfilled']})"),
        (texts["figure_budget"], f"€ {_number(budget)}"),
    ]
    bars = [engine.BarRow(area, texts["areas_names"].get(area, texts["general"]), share.share,
                          _share_text(texts, share)) for area, share in summary.by_area.items()]
    bars.append(engine.BarRow("overall", texts["all_actions"], summary.overall.share,
                              _share_text(texts, summary.overall)))
    quality_figure = engine.share_bars(bars, title=texts["quality_chart"], width=520)

    ambitions = {a.area: a for a in agenda.ambitions.all()}
    previous_agenda = Agenda.objects.filter(year=agenda.year - 1).first()
    previous = {a.area: a for a in previous_agenda.ambitions.all()} if previous_agenda else {}
    objectives = list(agenda.objectives.all())
    areas = []
    for code in selectors.AREAS:
        area_actions = per_area.get(code, [])
        if code == engine.GENERAL and not area_actions:
            continue
        used = sorted({a.indicator_code for a in actions if a.area == code and a.indicator_code})
        standard = [f"defport.needs_on_time.{code}", f"defport.needs.{code}"] if code else []
        rows = selectors.indicator_rows(agenda.year, as_of, codes=[c for c in dict.fromkeys([*used, *standard])
                                                                    if c in registry.REGISTRY])
        targets = {a.indicator_code: a for a in actions if a.area == code and a.indicator_code}
        area_indicators = []
        for row in rows:
            measured_by = targets.get(row.indicator.code)
            area_indicators.append(_indicator(
                texts, row, agenda.year, as_of,
                baseline=float(measured_by.baseline) if measured_by and measured_by.baseline is not None else None,
                target=float(measured_by.target) if measured_by and measured_by.target is not None else None))
        ambition, before = ambitions.get(code), previous.get(code)
        areas.append(ReportArea(
            code=code, label=texts["areas_names"].get(code, texts["general"]),
            ambition=ambition.text if ambition else "", previous_ambition=before.text if before else "",
            change_note=ambition.change_note if ambition else "",
            objectives=[o.title for o in objectives if o.area == code], actions=area_actions,
            share=_share_text(texts, summary.by_area.get(code, engine.Share())), indicators=area_indicators))
    platform = [_indicator(texts, row, agenda.year, as_of)
                for row in selectors.indicator_rows(agenda.year, as_of, area="")]
    items = [ReportItem(reference=i.reference, complete=i.complete_reference, title=i.title,
                        kind=texts["item_kinds"][i.kind], status=texts["item_statuses"][i.status],
                        actions=[a.code for a in i.actions.all() if a.agenda_id == agenda.pk], note=i.status_note)
             for i in item_rows]
    if exercises.included():
        paragraphs = [texts["exercises_included"].format(n=sum(exercises.counts().values())), *paragraphs]
    return Report(
        year=agenda.year, as_of=as_of, language=language, texts=texts,
        title=texts["title"].format(year=agenda.year), subtitle=texts["subtitle"].format(date=day),
        footer=texts["footer"], is_demo=agenda.is_demo, summary=paragraphs, key_figures=key_figures,
        quality_figure=quality_figure, areas=areas, platform_indicators=platform, items=items, annex=annex,
        stats={"actions": len(actions), "overdue": overdue_total, "counts": counts,
               "concrete": summary.overall.concrete, "counted": summary.overall.total, "items": len(item_rows)})


def area_names(language: str) -> dict[str, str]:
    return dict(TEXTS[language]["areas_names"]) | {"": TEXTS[language]["general"]}

