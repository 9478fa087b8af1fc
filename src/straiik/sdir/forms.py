"""SDIR forms: what people type; the services validate and save."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from straiik.accounts.models import User
from straiik.accounts.roles import Role, is_staff_of_platform
from straiik.core.forms import add_marking_fields
from straiik.registry.models import COMPANY_KINDS, Organisation, OrganisationKind
from straiik.registry.permissions import member_of
from straiik.registry.taxonomies import Area
from straiik.sdir.choices import Phase, Scheme, Transition
from straiik.sdir.models import Call
from straiik.sdir.permissions import BUYING_KINDS

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

DATETIME = {"type": "datetime-local", "step": "1"}


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in (text or "").replace(",", ";").split(";") if c.strip()]


def criteria_text(criteria: list[dict[str, Any]]) -> str:
    return "\n".join(f"{c['key']} | {c['label']} | {c['weight']:g} | {c['max_score']} | {c['threshold']:g}"
                     for c in criteria)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    problem = forms.CharField(label=_("Problem statement"), widget=forms.Textarea(attrs={"rows": 6}))
    need: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Made from the Defport need"), required=False, queryset=None,
        help_text=_("The need is marked as handed to this SDIR call."))
    area = forms.ChoiceField(label=_("Priority area"), choices=Area.choices)
    owning_unit = forms.ModelChoiceField(label=_("Owning unit"), queryset=Organisation.objects.none())
    phase = forms.TypedChoiceField(label=_("Phase"), choices=Phase.choices, coerce=int, initial=Phase.FEASIBILITY)
    follows = forms.ModelChoiceField(label=_("Follows the phase-1 call"), required=False,
                                     queryset=Call.objects.none())
    only_previous_winners = forms.BooleanField(label=_("Only the winners of that call may apply"), required=False)
    budget_eur = forms.IntegerField(label=_("Phase budget (EUR)"), min_value=1)
    max_award_eur = forms.IntegerField(label=_("Maximum award (EUR)"), min_value=1)
    duration_months = forms.IntegerField(label=_("Duration of the work (months)"), min_value=1, max_value=60,
                                         required=False, help_text=_("Empty: 6 for phase 1, 24 for phase 2"))
    opens_at = forms.DateTimeField(label=_("Opens (Amsterdam time)"), widget=forms.DateTimeInput(attrs=DATETIME))
    closes_at = forms.DateTimeField(label=_("Closes (Amsterdam time)"), widget=forms.DateTimeInput(attrs=DATETIME))
    decision_due_at = forms.DateTimeField(label=_("Decision due"), required=False,
                                          widget=forms.DateTimeInput(attrs=DATETIME),
                                          help_text=_("Empty: 90 days after the close"))
    award_due_at = forms.DateTimeField(label=_("Award due"), required=False, widget=forms.DateTimeInput(attrs=DATETIME),
                                       help_text=_("Empty: 180 days after the close"))
    allowed_countries = forms.CharField(label=_("Countries of establishment"), required=False,
                                        help_text=_("ISO 3166 codes separated by semicolons; empty: any"))
    max_foreign_ownership_pct = forms.DecimalField(label=_("Largest foreign ownership (%)"), required=False,
                                                   min_value=0, max_value=100)
    allowed_control_countries = forms.CharField(label=_("Foreign control allowed only from"), required=False,
                                                help_text=_("ISO 3166 codes; empty: no restriction"))
    sme_only = forms.BooleanField(label=_("SMEs and start-ups only"), required=False)
    scheme = forms.ChoiceField(label=_("Evaluation scheme"), choices=Scheme.choices, initial=Scheme.DASA)
    criteria = forms.CharField(label=_("Criteria"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("One per line: key | label | weight | maximum score | pass mark. "
                                           "Empty: the scheme's preset."))
    quality_threshold = forms.DecimalField(label=_("Lowest fundable total (0-100)"), required=False, min_value=0,
                                           max_value=100, help_text=_("Empty: the scheme's preset"))
    moderation = forms.BooleanField(label=_("A moderator sets the consensus"), required=False, initial=True)
    reviewers = forms.ModelMultipleChoiceField(label=_("Reviewers"), required=False, queryset=User.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    reviewers_per_proposal = forms.IntegerField(label=_("Reviewers per proposal"), min_value=1, max_value=10,
                                                initial=3)
    moderator = forms.ModelChoiceField(label=_("Moderator"), required=False, queryset=User.objects.none())

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from straiik.defport.models import Submission

        units = Organisation.objects.filter(kind__in=BUYING_KINDS)
        if not is_staff_of_platform(user):
            units = units.filter(pk__in=member_of(user))
        cast(forms.ModelChoiceField, self.fields["owning_unit"]).queryset = units.order_by("name")
        reviewers = User.objects.filter(groups__name__in=[Role.REVIEWER, Role.PROGRAMME_OFFICE]).distinct()
        cast(forms.ModelChoiceField, self.fields["reviewers"]).queryset = reviewers.order_by("username")
        cast(forms.ModelChoiceField, self.fields["moderator"]).queryset = reviewers.order_by("username")
        cast(forms.ModelChoiceField, self.fields["follows"]).queryset = Call.objects.restrict(user).filter(
            phase=Phase.FEASIBILITY).exclude(state__in=["draft", "withdrawn", "cancelled"]).order_by("-opens_at")
        if is_staff_of_platform(user):
            cast(forms.ModelChoiceField, self.fields["need"]).queryset = Submission.objects.restrict(user).filter(
                kind="need", state__in=["matched", "introduced", "handed_to_sdir"]).order_by("-id")
        else:
            del self.fields["need"]
        add_marking_fields(self, user)

    def clean_criteria(self) -> list[dict[str, Any]] | None:
        text = self.cleaned_data["criteria"].strip()
        if not text:
            return None
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 4:
                raise forms.ValidationError(_("Line %(n)s: key | label | weight | maximum score | pass mark.") % {
                    "n": number})
            try:
                rows.append({"key": parts[0], "label": parts[1], "weight": float(parts[2]),
                             "max_score": int(parts[3]), "threshold": float(parts[4]) if len(parts) > 4 else 0.0})
            except ValueError:
                raise forms.ValidationError(_("Line %(n)s: the weight, maximum and pass mark are numbers.") % {
                    "n": number}) from None
        return rows

    def service_data(self) -> tuple[dict[str, Any], list[Any], Any]:
        d = dict(self.cleaned_data)
        reviewers = list(d.pop("reviewers") or [])
        need = d.pop("need", None)
        d["allowed_countries"] = _codes(d["allowed_countries"])
        d["allowed_control_countries"] = _codes(d["allowed_control_countries"])
        for name in ("criteria", "quality_threshold", "duration_months", "decision_due_at", "award_due_at"):
            if d.get(name) in (None, ""):
                d.pop(name, None)
        return d, reviewers, need


def call_initial(call: Call) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(call, name) for name in (
        "title", "problem", "area", "phase", "only_previous_winners", "budget_eur", "max_award_eur", "duration_months",
        "opens_at", "closes_at", "decision_due_at", "award_due_at", "max_foreign_ownership_pct", "sme_only",
        "scheme", "quality_threshold", "moderation", "reviewers_per_proposal", "classification",
        "releasability")}
    initial["need_to_know"] = call.need_to_know_id
    initial.update({"owning_unit": call.owning_unit_id, "follows": call.follows_id, "moderator": call.moderator_id,
                    "need": call.need_id, "allowed_countries": "; ".join(call.allowed_countries),
                    "allowed_control_countries": "; ".join(call.allowed_control_countries),
                    "criteria": criteria_text(call.criteria),
                    "reviewers": list(call.reviewers.values_list("pk", flat=True))})
    return initial


class ProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Applicant"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 4}))
    approach = forms.CharField(label=_("Technical approach and work plan"), max_length=20_000,
                               widget=forms.Textarea(attrs={"rows": 8}))
    amount_eur = forms.IntegerField(label=_("Amount asked (EUR)"), min_value=1)
    duration_months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=60)
    trl = forms.IntegerField(label=_("Technology readiness level now (1–9)"), min_value=1, max_value=9,
                             required=False)

    def __init__(self, *args: Any, user: Viewer, fixed_organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [*COMPANY_KINDS, OrganisationKind.KNOWLEDGE, OrganisationKind.INTERNATIONAL]
        own = Organisation.objects.filter(pk__in=member_of(user), kind__in=kinds).order_by("name")
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = own
        if fixed_organisation is not None:
            cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.filter(
                pk=fixed_organisation.pk)
            self.fields["organisation"].disabled = True
        elif own.count() == 1 and not self.is_bound:
            self.fields["organisation"].initial = own.values_list("pk", flat=True).first()


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"), help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or "
                                                              "JPEG; at most 10 MB."))


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(label=_("Do you have a conflict of interest with this applicant or proposal?"),
                                      choices=[("no", _("No: I have no conflict of interest")),
                                               ("yes", _("Yes: I have a conflict of interest"))],
                                      widget=forms.RadioSelect, coerce=lambda v: v == "yes")
    statement = forms.CharField(label=_("What is the conflict?"), required=False, max_length=5_000,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("Seen only by the programme office."))


class ScoreForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Any], initial_scores: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        for c in criteria:
            score = initial_scores.get(c.key)
            self.fields[c.key] = forms.DecimalField(
                label=f"{c.label} (0–{c.max_score})", min_value=0, max_value=c.max_score, decimal_places=2,
                help_text=c.guidance, initial=score.value if score else None,
                widget=forms.NumberInput(attrs={"step": "0.5"}))
            self.fields[f"{c.key}_comment"] = forms.CharField(
                label=_("Comment on %(c)s") % {"c": c.label}, required=False, max_length=5_000,
                initial=score.comment if score else "", widget=forms.Textarea(attrs={"rows": 2}))
        self.criteria = criteria

    def scores(self) -> dict[str, tuple[Decimal, str]]:
        return {c.key: (self.cleaned_data[c.key], self.cleaned_data[f"{c.key}_comment"]) for c in self.criteria}


class ConsensusForm(forms.Form):
    comment = forms.CharField(label=_("Moderator's comment (in the feedback letter)"), required=False,
                              max_length=5_000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[c.key] = forms.DecimalField(label=f"{c.label} (0–{c.max_score})", min_value=0,
                                                    max_value=c.max_score, decimal_places=2,
                                                    widget=forms.NumberInput(attrs={"step": "0.01"}))
        self.fields["comment"] = self.fields.pop("comment")
        self.criteria = criteria

    def values(self) -> dict[str, float]:
        return {c.key: float(self.cleaned_data[c.key]) for c in self.criteria}


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=5_000)


class AwardTransitionForm(forms.Form):
    transition = forms.ChoiceField(label=_("What became of the result"),
                                   choices=[(v, label) for v, label in Transition.choices if v])
    note = forms.CharField(label=_("Note"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 2}))
    follow_on_reference = forms.CharField(label=_("Follow-on order or contract"), required=False, max_length=80)
    follow_on_amount_eur = forms.IntegerField(label=_("Follow-on value (EUR)"), required=False, min_value=0)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    deliverable = forms.CharField(label=_("Deliverable"), required=False, max_length=5_000)
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_eur = forms.IntegerField(label=_("Payment (EUR)"), min_value=0, initial=0)
