"""Backup and restore: a populated platform, backed up, emptied, restored, is the same record for record, file
for file, audit entry for audit entry (on SQLite, and on PostgreSQL in `make test-postgres`)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from straiik.core.backup import BackupError, backup, platform_is_empty, restore
from straiik.core.models import ObjectChange

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: Any) -> None:
    """The rows the data migrations load (roles, priority areas, CPV codes): a transactional test flushes every
    table afterwards, and these tests flush on purpose, so load them again when they are missing."""
    from importlib import import_module

    from django.contrib.auth.models import Group

    from straiik.registry.models import PriorityArea

    if not PriorityArea.objects.exists():
        import_module("straiik.registry.migrations.0002_reference_data").load(apps, None)
    if not Group.objects.exists():
        import_module("straiik.accounts.migrations.0002_roles").create_roles(apps, None)


@pytest.fixture
def media(tmp_path: Path) -> Any:
    with override_settings(MEDIA_ROOT=tmp_path / "media", STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }):
        yield tmp_path / "media"


def snapshot() -> dict[str, Any]:
    """Every row of every table (by primary key) and every stored file's checksum."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        rows[model._meta.db_table] = list(model._base_manager.order_by("pk").values())
    files = {}
    stack = [""]
    while stack:
        folder = stack.pop()
        directories, names = default_storage.listdir(folder) if default_storage.exists(folder or ".") else ([], [])
        stack += [f"{folder}/{d}".strip("/") for d in directories]
        for name in names:
            path = f"{folder}/{name}".strip("/")
            with default_storage.open(path, "rb") as handle:
                files[path] = hashlib.sha256(handle.read()).hexdigest()
    return {"rows": rows, "files": files}


def populate() -> None:
    call_command("demo", orgs=30, seed=3, verbosity=0)
    default_storage.save("sdir/attachments/2026/proposal.pdf", ContentFile(b"%PDF-1.7\n" + bytes(range(256)) * 40))
    default_storage.save("agenda/evidence/rapport été.docx", ContentFile("voortgang ✓ прогрес".encode() * 500))
    default_storage.save("top.txt", ContentFile(b""))


def empty_platform() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in list(snapshot()["files"]):
        default_storage.delete(name)


def test_a_restored_platform_equals_the_one_backed_up(media: Path, tmp_path: Path) -> None:
    populate()
    before = snapshot()
    assert ObjectChange.objects.count() > 30, "the demo leaves an audit trail"
    assert len(before["files"]) == 3 and sum(len(r) for r in before["rows"].values()) > 500

    archive = tmp_path / "backup.tar"
    summary = backup(archive)
    assert summary.files == 3 and summary.rows == sum(len(r) for r in before["rows"].values())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert "core.0002_workerheartbeat" in manifest["migrations"] and manifest["versions"]["straiik"]
    assert manifest["tables"]["core_objectchange"] == ObjectChange.objects.count()
    assert set(manifest["members"]) == names - {"manifest.json"}
    assert "media/agenda/evidence/rapport été.docx" in names

    empty_platform()
    assert platform_is_empty()[0] and snapshot()["files"] == {}

    restored = restore(archive)
    assert restored.files == 3
    after = snapshot()
    assert after["files"] == before["files"]
    for table, rows in before["rows"].items():
        assert after["rows"][table] == rows, table

    # Now it has data: a second restore is refused unless forced, and --force gives the same platform again.
    with pytest.raises(BackupError, match="not empty"):
        restore(archive)
    ObjectChange.objects.filter(pk=ObjectChange.objects.order_by("pk").first().pk).delete()
    default_storage.save("extra.txt", ContentFile(b"added after the backup"))
    restore(archive, force=True)
    assert snapshot() == before


def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(media: Path, tmp_path: Path) -> None:
    call_command("demo", orgs=5, seed=1, no_users=True, verbosity=0)
    default_storage.save("a.txt", ContentFile(b"original"))
    archive = tmp_path / "backup.tar"
    backup(archive)
    empty_platform()

    def rewritten(name: str, change: Any) -> Path:
        target = tmp_path / name
        with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                data = change(member.name, data)
                member.size = len(data)
                out.addfile(member, io.BytesIO(data))
        return target

    damaged = rewritten("damaged.tar", lambda n, d: b"tampered" if n == "media/a.txt" else d)
    with pytest.raises(BackupError, match="media/a.txt does not match its checksum"):
        restore(damaged)

    def other_vendor(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = "mysql"
        return json.dumps(manifest).encode()

    with pytest.raises(BackupError, match="mysql database"):
        restore(rewritten("foreign.tar", other_vendor))

    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("registry.9999_from_the_future")
        return json.dumps(manifest).encode()

    with pytest.raises(BackupError, match="newer straiik"):
        restore(rewritten("newer.tar", newer))
    assert platform_is_empty()[0], "a refused restore changes nothing"
    restore(archive)
    assert default_storage.open("a.txt").read() == b"original"


def test_the_commands_say_what_they_did_and_refuse_clearly(media: Path, tmp_path: Path) -> None:
    call_command("demo", orgs=3, seed=1, no_users=True, verbosity=0)
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.tar"), stdout=out)
    assert "Backup written to" in out.getvalue() and "0 files" in out.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(tmp_path / "b.tar"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "b.tar"))
    (tmp_path / "junk.tar").write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore", str(tmp_path / "junk.tar"))
    out = io.StringIO()
    call_command("restore", str(tmp_path / "b.tar"), "--force", stdout=out)
    assert "Restored" in out.getvalue()
