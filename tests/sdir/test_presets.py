"""The criteria presets and the default milestones are the platform's own words: shown in the reader's language
(and so in the feedback letter), while what the office edits stays exactly as written."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from straiik.sdir import services
from straiik.sdir.letters import letter_content
from straiik.sdir.models import Award, Call
from straiik.sdir.presets import PRESET_TEXTS, untranslated_presets
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

def test_every_preset_text_has_a_translation_entry() -> None:
    assert untranslated_presets() == set()


@pytest.mark.parametrize("language", ["nl", "uk"])
def test_every_preset_text_is_translated(language: str) -> None:
    with translation.override(language):
        same = [text for text, lazy in PRESET_TEXTS.items() if str(lazy) == text]
    assert same == []


@pytest.mark.parametrize(("language", "desirable", "guidance", "interim"), [
    ("nl", "Wenselijk", "Beantwoordt het de probleemstelling?", "Tussentijds verslag"),
    ("uk", "Доцільність", "Чи відповідає це постановці проблеми?", "Проміжний звіт"),
])
def test_presets_in_the_pages_and_the_letter(language: str, desirable: str, guidance: str, interim: str,
                                             office: Any, unit: Any, panel: list[Any], org: Any, member: Any,
                                             later: Any) -> None:
    from tests.sdir.conftest import make_call, proposal_data, review_all

    call = make_call(office, unit, panel)
    page = _criteria(client_for(office).get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language))
    assert desirable in page and guidance in page and "Desirable" not in page

    # the office rewrites one criterion: its words stay as written, in every language
    criteria = list(call.criteria)
    criteria[1] = {**criteria[1], "label": "Uitvoerbaar door dit team", "guidance": "Eigen toelichting."}
    Call.objects.filter(pk=call.pk).update(criteria=criteria)
    page = _criteria(client_for(office).get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Uitvoerbaar door dit team" in page and "Eigen toelichting." in page and "Desirable" in page

    p = services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    services.transition(user=office, call=call, action="start_review", now=later)
    review_all(call, {p.pk: (8, 8, 8)}, later)
    services.consensus_from_means(user=office, call=call, now=later)
    for action in ("decide", "award"):
        services.transition(user=office, call=call, action=action, now=later)
    p.refresh_from_db()
    with translation.override(language):
        labels = [row["label"] for row in letter_content(p)["rows"]]
    assert labels[0] == desirable and labels[1] == "Uitvoerbaar door dit team"

    award = Award.objects.get()
    page = client_for(office).get(award.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert interim in page and "Interim report" not in page
    # machine outputs keep the stored words
    api = client_for(office).get(f"/api/v1/sdir/awards/{award.pk}", HTTP_ACCEPT_LANGUAGE=language)
    assert api.status_code == 200 and "Interim report" in api.content.decode()


def _criteria(response: Any) -> str:
    """The call page's table of criteria (its history shows the stored record as it was written)."""
    page = response.content.decode()
    start = page.index('id="criteria"')
    return page[start:page.index("</table>", start)]
