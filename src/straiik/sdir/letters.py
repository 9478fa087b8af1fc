"""The feedback letter every applicant receives after the decision: the outcome and why, the rank, the
consensus per criterion against the pass marks, the reviewers' comments (without their names) and the
moderator's. As a PDF (reportlab, DejaVu Sans so Cyrillic names print) and as the same content on the page."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from straiik.sdir.choices import AssignmentState, ProposalState
from straiik.sdir.models import Proposal, Score


def letter_content(proposal: Proposal) -> dict[str, Any]:
    call = proposal.call
    criteria = call.criteria_shown()
    comments: dict[str, list[str]] = {c.key: [] for c in criteria}
    means: dict[str, list[float]] = {c.key: [] for c in criteria}
    # Reviewers are numbered per proposal in a fixed order, never named.
    reviewer_numbers: dict[int, int] = {}
    for score in Score.objects.filter(assignment__proposal=proposal, assignment__state=AssignmentState.SUBMITTED
                                      ).order_by("assignment_id", "id"):
        number = reviewer_numbers.setdefault(score.assignment_id, len(reviewer_numbers) + 1)
        if score.criterion in comments:
            means[score.criterion].append(float(score.value))
            if score.comment:
                comments[score.criterion].append(_("Reviewer %(n)s: %(c)s") % {"n": number, "c": score.comment})
    rows = [{"label": c.label, "weight": c.weight, "max": c.max_score, "threshold": c.threshold,
             "consensus": proposal.consensus.get(c.key), "mean": round(sum(means[c.key]) / len(means[c.key]), 2)
             if means[c.key] else None, "comments": comments[c.key],
             "below": proposal.consensus.get(c.key) is not None and float(proposal.consensus[c.key]) < c.threshold}
            for c in criteria]
    ranked = call.proposals.filter(state=ProposalState.SUBMITTED, rank__isnull=False).count()
    return {"proposal": proposal, "call": call, "rows": rows, "ranked": ranked,
            "outcome": proposal.get_outcome_display(), "reason": proposal.outcome_reason,
            "date": call.notified_at or timezone.now()}


def letter_pdf(proposal: Proposal) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from straiik.core.limits import pdf_text
    from straiik.core.pdf import cells, document, register_fonts, styles

    regular, bold = register_fonts()
    sheet = styles()
    cell = sheet["BodyText"].clone("cell", fontSize=9, leading=11)
    head = cell.clone("cell-head", fontName=bold)
    c = letter_content(proposal)
    p, call = c["proposal"], c["call"]
    buffer = io.BytesIO()
    doc = document(buffer, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
                   title=_("Feedback on %(r)s") % {"r": p.receipt}, author="straiik SDIR")

    def para(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(pdf_text(text), sheet[style])

    story: list[Any] = [
        para(_("SDIR feedback letter"), "Title"),
        para(_("%(o)s · proposal “%(t)s” · receipt %(r)s") % {"o": p.organisation.name, "t": p.title,
                                                               "r": p.receipt}),
        para(_("Call %(ref)s “%(t)s” (%(phase)s) · %(d)s") % {
            "ref": call.reference, "t": call.title, "phase": call.get_phase_display(),
            "d": timezone.localtime(c["date"]).strftime("%d-%m-%Y")}),
        Spacer(1, 6 * mm),
        para(_("Outcome: %(o)s") % {"o": c["outcome"]}, "Heading2"),
        para(c["reason"]),
    ]
    if p.rank:
        story.append(para(_("Rank %(r)s of %(n)s; consensus total %(t)s of 100 (lowest fundable total %(m)s).") % {
            "r": p.rank, "n": c["ranked"], "t": number_format(p.consensus_total),
            "m": number_format(call.quality_threshold)}))
    story += [Spacer(1, 4 * mm), para(_("Scores per criterion"), "Heading2")]
    table = [[_("Criterion"), _("Weight"), _("Consensus"), _("Reviewers' mean"), _("Pass mark")]]
    for row in c["rows"]:
        table.append([row["label"], number_format(row["weight"]),
                      f"{number_format(row['consensus'])} / {row['max']}" if row["consensus"] is not None else "—",
                      number_format(row["mean"]) if row["mean"] is not None else "—",
                      number_format(row["threshold"])])
    # Every cell a paragraph: headings such as "Gemiddelde beoordelaars" wrap in their column.
    grid = Table(cells(table, cell, head, right={1, 2, 3, 4}), colWidths=[56 * mm, 19 * mm, 27 * mm, 33 * mm, 31 * mm])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(grid)
    story += [Spacer(1, 4 * mm), para(_("The reviewers' comments"), "Heading2")]
    for row in c["rows"]:
        story.append(para(row["label"], "Heading3"))
        for comment in row["comments"] or ["—"]:
            story.append(para(comment))
    if p.consensus_comment:
        story += [para(_("The moderator"), "Heading3"), para(p.consensus_comment)]
    story += [Spacer(1, 6 * mm), para(_("Questions about this letter go to the SDIR programme office. Reviewers "
                                        "are not named; their scores were set independently before moderation."))]
    doc.build(story)
    return buffer.getvalue()


def notification_attachments(notification: Any) -> list[tuple[str, bytes, str]]:
    """The feedback letter, attached to the e-mail of a decision (notifications.kinds: sdir.decision)."""
    proposal = Proposal.objects.filter(pk=notification.target_id).first()
    if proposal is None or not proposal.outcome:
        return []
    return [(f"feedback-{proposal.receipt or proposal.pk}.pdf", letter_pdf(proposal), "application/pdf")]
