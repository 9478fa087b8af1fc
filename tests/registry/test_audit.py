"""Every change to a record keeps who, when, and before/after, and shows it on the record's page."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from straiik.core.models import ObjectChange
from straiik.registry.models import Certification, Organisation
from straiik.registry.services import child_create, child_delete, organisation_delete, organisation_update
from tests.conftest import add_capability, client_for, make_org, make_user

pytestmark = pytest.mark.django_db


def changes_of(org: Organisation) -> list[ObjectChange]:
    return list(ObjectChange.objects.filter(related_object_type=ContentType.objects.get_for_model(Organisation),
                                            related_object_id=org.pk).order_by("id"))


def test_create_update_and_delete_are_recorded_with_before_and_after(member) -> None:  # noqa: ANN001
    org = make_org(by=member, verified=False, name="Audit B.V.", city="Delft", areas=("sensors",))
    organisation_update(user=member, organisation=org, data={"city": "Leiden"}, areas=["sensors", "quantum"])
    trail = changes_of(org)
    assert [c.action for c in trail] == ["create", "update"]
    create, update = trail
    assert create.user == member and create.user_name == "member"
    assert create.prechange_data is None and create.postchange_data["city"] == "Delft"
    assert {f: (b, a) for f, b, a in update.differences()} == {
        "city": ("Delft", "Leiden"), "areas": (["sensors"], ["quantum", "sensors"])}
    assert update.time >= create.time

    office = make_user("programme-office")
    pk = org.pk
    organisation_delete(user=office, organisation=org)
    deleted = ObjectChange.objects.get(changed_object_id=pk, action="delete",
                                       changed_object_type=ContentType.objects.get_for_model(Organisation))
    assert deleted.user == office and deleted.prechange_data["name"] == "Audit B.V." and deleted.postchange_data is None


def test_an_update_that_changes_nothing_leaves_no_trace(member) -> None:  # noqa: ANN001
    org = make_org(by=member, verified=False)
    organisation_update(user=member, organisation=org, data={"city": org.city})
    assert [c.action for c in changes_of(org)] == ["create"]


def test_changes_to_children_are_shown_on_the_organisation(member) -> None:  # noqa: ANN001
    org = make_org(by=member, verified=False)
    capability = add_capability(org, by=member, title="GaN radar", cpv=["35722000"], trl=6)
    cert = child_create(user=member, organisation=org, model=Certification, data={"name": "AQAP 2110"})
    child_delete(user=member, child=cert)
    kinds = [(c.action, c.changed_object_type.model) for c in changes_of(org)]
    assert kinds == [("create", "organisation"), ("create", "capability"), ("create", "certification"),
                     ("delete", "certification")]
    assert changes_of(org)[1].postchange_data["cpv_codes"] == ["35722000"]
    assert capability.pk == changes_of(org)[1].changed_object_id


def test_history_on_the_page_shows_who_and_before_after(member) -> None:  # noqa: ANN001
    org = make_org(by=member, verified=False, city="Delft")
    client = client_for(member)
    response = client.post(f"/registry/{org.slug}/edit/", {
        "name": org.name, "kind": "sme", "country": "NL", "province": "NL-ZH", "city": "Enschede",
        "visibility": "public", "areas": ["sensors"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/registry/{org.slug}/").content.decode()
    history = page[page.index('id="history"'):]
    assert "member" in history
    assert '<td class="before">Delft</td>' in history and '<td class="after">Enschede</td>' in history


def test_sensitive_values_are_masked_in_history_for_those_without_need_to_know(member) -> None:  # noqa: ANN001
    office = make_user("programme-office")
    org = make_org(by=member, verified=False)
    organisation_update(user=office, organisation=org, data={"clearance_status": "secret"})
    from straiik.registry.selectors import organisation_history

    # The member sees their own organisation's clearance; a second member of another kind would too.
    visible = organisation_history(user=member, organisation=org)[0].visible_differences
    assert ("Security clearance", "Not assessed", "Cleared up to Secret") in visible
    reviewer = make_user("reviewer")
    masked = organisation_history(user=reviewer, organisation=org)[0].visible_differences
    assert ("Security clearance", "•••", "•••") in masked


def test_the_trail_is_append_only(member) -> None:  # noqa: ANN001
    org = make_org(by=member, verified=False)
    change = changes_of(org)[0]
    change.user_name = "someone else"
    with pytest.raises(ValueError, match="append-only"):
        change.save()


def test_a_failed_write_leaves_neither_record_nor_trace(member) -> None:  # noqa: ANN001
    org = make_org(by=member, verified=False, name="Heel B.V.")
    before = ObjectChange.objects.count()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        organisation_update(user=member, organisation=org, data={"name": "", "city": "Kapot"})
    org.refresh_from_db()
    assert org.name == "Heel B.V." and org.city == "Delft"
    assert ObjectChange.objects.count() == before


def test_history_speaks_in_labels_not_codes(member) -> None:  # noqa: ANN001
    from straiik.registry.selectors import organisation_history

    org = make_org(by=member, verified=False, province="NL-ZH", areas=("sensors",))
    organisation_update(user=member, organisation=org, data={"province": "NL-ZE", "kind": "startup", "website": ""},
                        areas=["maritime"])
    shown = organisation_history(user=member, organisation=org)[0].visible_differences
    assert ("Province", "Zuid-Holland", "Zeeland") in shown
    assert ("Kind", "Company — SME", "Company — start-up") in shown
    assert ("Priority areas", ["Sensors"], ["Maritime industry"]) in shown
    assert all(label != "Website" for label, _b, _a in shown)  # empty to empty is no change
