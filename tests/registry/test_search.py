"""Full-text search through the database's own index (FTS5 on SQLite, GIN tsvector on PostgreSQL)."""

from __future__ import annotations

import pytest

from straiik.registry.models import Organisation
from straiik.registry.selectors import OrganisationFilters, organisation_list
from straiik.registry.services import child_delete, organisation_update
from tests.conftest import add_capability, make_org, make_user

pytestmark = pytest.mark.django_db


def names(q: str, user=None) -> set[str]:  # noqa: ANN001
    return {o.name for o in organisation_list(user=user, filters=OrganisationFilters(q=q))}


def test_search_finds_words_by_prefix_case_and_diacritics(member) -> None:  # noqa: ANN001
    make_org(by=member, name="Noordzee Onderzeeërs B.V.", description="Sonar voor onderzeebootbestrijding")
    make_org(by=member, name="Київ Дрони", country="UA", province="", description="Безпілотні літальні апарати")
    make_org(by=member, name="Other Company", description="Radar modules")
    assert names("onderzeeers") == {"Noordzee Onderzeeërs B.V."}
    assert names("ONDERZEE") == {"Noordzee Onderzeeërs B.V."}
    assert names("sonar onderzee") == {"Noordzee Onderzeeërs B.V."}
    assert names("sonar radar") == set()  # every word must match
    assert names("безпілотні") == {"Київ Дрони"}
    assert names("київ") == {"Київ Дрони"}


def test_search_covers_capabilities_cpv_labels_areas_and_place(member) -> None:  # noqa: ANN001
    org = make_org(by=member, name="Plain Name B.V.", city="Enschede", province="NL-OV", areas=("quantum",))
    capability = add_capability(org, by=member, title="Gimbal", cpv=["38600000"], description="EO/IR")
    assert names("gimbal") == names("optical instruments") == names("optische") == {"Plain Name B.V."}
    assert names("38600000") == {"Plain Name B.V."}
    assert names("quantum") == names("kwantumtechnologie") == {"Plain Name B.V."}
    assert names("enschede") == names("overijssel") == {"Plain Name B.V."}
    child_delete(user=member, child=capability)
    assert names("gimbal") == set()  # edits are findable (and unfindable) at once


def test_search_follows_edits_immediately(member) -> None:  # noqa: ANN001
    org = make_org(by=member, name="Oude Naam B.V.")
    organisation_update(user=member, organisation=org, data={"name": "Nieuwe Naam B.V."})
    assert names("oude") == set() and names("nieuwe") == {"Nieuwe Naam B.V."}
    org.delete()
    assert names("nieuwe") == set()


@pytest.mark.parametrize("query", ['"', "'", "*", "NEAR(", "a OR b", "-x", "^", ":", "()", "'); DROP TABLE x;--",
                                   "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", " ", "x" * 500])
def test_hostile_queries_do_not_break(member, query: str) -> None:  # noqa: ANN001
    make_org(by=member, name="Robuust B.V.")
    list(organisation_list(user=None, filters=OrganisationFilters(q=query)))
    assert Organisation.objects.filter(name="Robuust B.V.").exists()


def test_search_respects_visibility(member) -> None:  # noqa: ANN001
    make_org(by=member, name="Verborgen Eenheid", kind="defence-unit", visibility="registered")
    assert names("verborgen") == set()
    assert names("verborgen", user=make_user()) == {"Verborgen Eenheid"}


def test_list_page_search_and_filters(member, client) -> None:  # noqa: ANN001
    make_org(by=member, name="Zeeuwse Werf B.V.", province="NL-ZE", city="Vlissingen", areas=("maritime",))
    make_org(by=member, name="Brabantse Radar B.V.", province="NL-NB", city="Eindhoven", areas=("sensors",))
    page = client.get("/registry/", {"q": "werf", "province": "NL-ZE", "area": "maritime"}).content.decode()
    assert "Zeeuwse Werf B.V." in page and "Brabantse Radar" not in page
    partial = client.get("/registry/", {"q": "radar"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Brabantse Radar B.V." in partial and "<html" not in partial
    bad = client.get("/registry/", {"cpv": "abc", "trl_min": "12"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200 and "Enter a CPV code" in bad.content.decode()


def test_cyrillic_names_get_readable_unique_slugs(member) -> None:  # noqa: ANN001
    first = make_org(by=member, name="Київ Дрони", country="UA", province="")
    second = make_org(by=member, name="Київ Дрони", country="PL", province="")
    assert (first.slug, second.slug) == ("kyiv-drony", "kyiv-drony-2")
