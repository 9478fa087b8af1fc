"""Attachments: checked by extension, size and content; stored under a random name; served only to those who
may read the proposal."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from straiik.sdir import services
from straiik.sdir.models import Attachment
from tests.conftest import client_for
from tests.sdir.conftest import make_call, proposal_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def docx(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def proposal(office: Any, unit: Any, org: Any, member: Any) -> Any:
    call = make_call(office, unit)
    return services.proposal_create(user=member, call=call, data=proposal_data(org))


def add(proposal: Any, member: Any, name: str, content: bytes) -> Attachment:
    return services.attachment_add(user=member, proposal=proposal, name=name, stream=io.BytesIO(content),
                                   size=len(content))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("tool.exe", b"MZ\x90\x00", "this type of file is not accepted"),
    ("notes", b"%PDF-1.4", "this type of file is not accepted"),
    ("fake.pdf", b"<html>not a pdf</html>", "claims to be a PDF file but is not one"),
    ("fake.docx", b"%PDF-1.4 renamed", "claims to be a Word file but is not one"),
    ("zip.docx", docx({"readme.txt": "a plain zip"}), "claims to be a Word file but is not one"),
    ("photo.png", b"\xff\xd8\xff\xe0JFIF", "claims to be a PNG file but is not one"),
    ("empty.pdf", b"", "is empty"),
])
def test_bad_files_are_refused_with_a_clear_message(proposal: Any, member: Any, name: str, content: bytes,
                                                    message: str) -> None:
    with pytest.raises(ValidationError, match=message) as error:
        add(proposal, member, name, content)
    assert "file" in error.value.error_dict
    assert not Attachment.objects.exists()


@override_settings(SDIR_MAX_ATTACHMENT_BYTES=1024)
def test_a_file_over_the_limit_is_refused(proposal: Any, member: Any) -> None:
    with pytest.raises(ValidationError, match="is 0.0 MB; the limit is 0.0 MB|larger than"):
        add(proposal, member, "big.pdf", PDF + b"0" * 2048)
    # a stream that lies about its size is cut off at the limit, not read to the end
    with pytest.raises(ValidationError, match="larger than"):
        services.attachment_add(user=member, proposal=proposal, name="big.pdf", stream=io.BytesIO(PDF + b"0" * 2048))


def test_good_files_are_stored_under_a_random_name_and_served_only_to_readers(
        proposal: Any, member: Any, office: Any, outsider: Any, reviewer: Any) -> None:
    pdf = add(proposal, member, "Plan van aanpak.pdf", PDF)
    word = add(proposal, member, "team.docx", docx({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}))
    assert pdf.stored_name.startswith("sdir/attachments/") and "Plan" not in pdf.stored_name
    assert default_storage.exists(pdf.stored_name) and word.kind == "docx"
    url = f"/sdir/attachments/{pdf.pk}/"
    response = client_for(member).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "Plan van aanpak.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(office).get(url).status_code == 200
    for user in (outsider, reviewer):
        assert client_for(user).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to the login page
    # the page links to the checking view, never to the stored file
    assert pdf.stored_name not in client_for(member).get(proposal.get_absolute_url()).content.decode()


def test_the_page_and_the_api_explain_a_refusal(proposal: Any, member: Any) -> None:
    page = client_for(member).post(f"/sdir/proposals/{proposal.pk}/attachments/",
                                   {"file": SimpleUploadedFile("fake.pdf", b"GIF89a")}, follow=True)
    assert "claims to be a PDF file but is not one" in page.content.decode()
    api = client_for(member).post(f"/api/v1/sdir/proposals/{proposal.pk}/attachments",
                                  {"file": SimpleUploadedFile("fake.pdf", b"GIF89a")})
    assert api.status_code == 422 and "claims to be a PDF" in api.json()["errors"]["file"][0]


def test_only_the_applicant_adds_and_removes_files(proposal: Any, member: Any, outsider: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        add(proposal, outsider, "a.pdf", PDF)
    attachment = add(proposal, member, "a.pdf", PDF)
    stored = attachment.stored_name
    with pytest.raises(PermissionDenied):
        services.attachment_delete(user=outsider, attachment=attachment)
    services.attachment_delete(user=member, attachment=attachment)
    assert not Attachment.objects.exists()
    assert default_storage.exists(stored)  # removed from storage only after commit (the test's never commits)
