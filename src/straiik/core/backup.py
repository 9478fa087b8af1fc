"""Backup and restore of a whole platform: the database and the uploaded files, in one archive.

    straiik backup /var/backups/straiik-2026-12-04.tar
    straiik restore /var/backups/straiik-2026-12-04.tar        # into an empty platform (--force: replace)

The archive is a tar file holding
  manifest.json        format, straiik/Django/Python versions, database vendor, the migrations applied,
                       the number of rows of every table, and the SHA-256 and size of every other member
  database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API (the platform may run)
  database.pgdump      PostgreSQL: `pg_dump --format=custom` (one consistent snapshot; pg_restore reads it)
  media/...            every file in the default storage (MEDIA_ROOT), walked through the storage API

Restore checks every checksum before it touches anything, refuses an archive from another database vendor
or a newer schema than this code knows, and refuses a platform that already has data unless told to replace
it. Afterwards it compares the row counts with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any, cast

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "straiik-backup/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


@dataclass
class Summary:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _storage_files(storage: Any, folder: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _storage_files(storage, f"{folder}/{directory}" if folder else directory)


def table_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows in every table of an installed model (auto-created many-to-many tables included)."""
    connection = connections[using]
    tables = _tables(using)
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - own names
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _pg_env_args(settings_dict: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: PostgreSQL's client programs are needed (e.g. postgresql-client)")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{tool} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _tables(using: str) -> list[str]:
    connection = connections[using]
    return sorted(set(connection.introspection.django_table_names(only_existing=True, include_views=False)))


def _dump_database(target: Path, using: str) -> tuple[str, dict[str, int]]:
    """Write the database file into `target`; returns its name and the rows of each table in that very copy."""
    connection = connections[using]
    tables = _tables(using)
    if connection.vendor == "sqlite":
        name = "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target / name)
        try:
            connection.connection.backup(destination)  # online: a consistent copy while others write
            counts = {t: destination.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608 - own names
                      for t in tables}
        finally:
            destination.close()
        return name, counts
    if connection.vendor == "postgresql":
        name = "database.pgdump"
        env, args = _pg_env_args(connection.settings_dict)
        # Count in the snapshot pg_dump dumps: a REPEATABLE READ transaction exports it, pg_dump uses it.
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - own names
                counts[table] = cursor.fetchone()[0]
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", *args,
                  "--file", str(target / name), "--dbname", connection.settings_dict["NAME"]], env)
        return name, counts
    raise BackupError(f"backups of {connection.vendor} databases are not supported (SQLite and PostgreSQL are)")


def backup(path: str | os.PathLike[str], *, using: str = DEFAULT_DB_ALIAS,
           progress: Callable[[str], None] | None = None) -> Summary:
    """Write the archive at `path` (a new file; refused if it exists)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already: give a new file name")
    say = progress or (lambda message: None)
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="straiik-backup-", dir=path.parent if path.parent.exists() else None) \
            as scratch:
        work = Path(scratch)
        say("database")
        database_file, counts = _dump_database(work, using)
        dumped = work / database_file
        members: dict[str, dict[str, Any]] = {
            database_file: {"sha256": _sha256_file(dumped), "size": dumped.stat().st_size}}
        say("files")
        media = work / "media"
        for name in _storage_files(default_storage):
            member = PurePosixPath("media", name)
            if ".." in member.parts:
                raise BackupError(f"unsafe stored file name {name!r}")
            local = work / member
            local.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, local.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            members[str(member)] = {"sha256": _sha256_file(local), "size": local.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": {"straiik": version("straiik"), "django": version("django"),
                         "python": platform.python_version()},
            "database": {"vendor": connection.vendor, "file": database_file,
                         "server_version": _server_version(using)},
            "migrations": applied_migrations(using),
            "tables": counts,
            "members": members,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        say("archive")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / database_file, arcname=database_file)
            if media.exists():
                for name in sorted(members):
                    if name.startswith("media/"):
                        archive.add(work / name, arcname=name)
        partial.replace(path)  # a backup that was cut off never looks complete
    files = [m for m in members if m.startswith("media/")]
    return Summary(path=path, tables=len(counts), rows=sum(counts.values()), files=len(files),
                   bytes=sum(members[m]["size"] for m in files))


def _server_version(using: str) -> str:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))  # type: ignore[arg-type]
    except (KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"not a straiik backup: no readable {MANIFEST} ({error})") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} (this version reads {FORMAT})")
    return cast("dict[str, Any]", manifest)


def _verify(work: Path, manifest: dict[str, Any]) -> None:
    for member, facts in manifest["members"].items():
        local = work / member
        if not local.is_file():
            raise BackupError(f"the archive lacks {member}, which its manifest lists")
        if local.stat().st_size != facts["size"] or _sha256_file(local) != facts["sha256"]:
            raise BackupError(f"{member} does not match its checksum: the archive is damaged")


def platform_is_empty(using: str = DEFAULT_DB_ALIAS) -> tuple[bool, str]:
    """True when no table holds a record of its own (migration bookkeeping, content types and permissions,
    which `migrate` writes, do not count) and the storage holds no file."""
    ignore = {"django_migrations", "django_content_type", "auth_permission", "django_session"}
    counts = {t: n for t, n in table_counts(using).items() if n and t not in ignore}
    if counts:
        table, rows = next(iter(sorted(counts.items())))
        return False, f"the database holds data ({rows} rows in {table}, {len(counts)} tables in all)"
    first = next(_storage_files(default_storage), None)
    if first is not None:
        return False, f"the file storage holds files (e.g. {first})"
    return True, ""


def _clear_storage() -> None:
    for name in list(_storage_files(default_storage)):
        default_storage.delete(name)


def _restore_database(work: Path, manifest: dict[str, Any], using: str) -> None:
    connection = connections[using]
    name = manifest["database"]["file"]
    if connection.vendor == "sqlite":
        source = sqlite3.connect(work / name)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)  # page by page into the live database, then it is the copy
        finally:
            source.close()
        return
    env, args = _pg_env_args(connection.settings_dict)
    connection.close()  # pg_restore drops and recreates the tables this connection may hold locks on
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, "--dbname", connection.settings_dict["NAME"], str(work / name)], env)


def restore(path: str | os.PathLike[str], *, using: str = DEFAULT_DB_ALIAS, force: bool = False,
            progress: Callable[[str], None] | None = None) -> Summary:
    path = Path(path)
    say = progress or (lambda message: None)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    connection = connections[using]
    try:
        opened = tarfile.open(path, "r")
    except tarfile.TarError as error:
        raise BackupError(f"{path} is not a straiik backup (not a readable tar archive: {error})") from error
    with opened as archive, tempfile.TemporaryDirectory(prefix="straiik-restore-") as scratch:
        manifest = read_manifest(archive)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"this backup is of a {vendor} database; the platform uses {connection.vendor}. "
                              "Restore it into the same kind of database")
        from django.db.migrations.loader import MigrationLoader

        known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(f"the backup was made by a newer straiik ({manifest['versions']['straiik']}) with "
                              f"migrations this one lacks: {', '.join(unknown[:5])}. Install that version first")
        empty, why = (True, "") if force else platform_is_empty(using)
        if not empty:
            raise BackupError(f"the platform is not empty: {why}. Restore into an empty one, or give --force "
                              "to replace its database and files with the backup")
        say("checking")
        work = Path(scratch)
        archive.extractall(work, filter="data")  # refuses absolute paths, '..', links out of the folder
        _verify(work, manifest)
        say("database")
        _restore_database(work, manifest, using)
        say("files")
        _clear_storage()
        files = sorted(m for m in manifest["members"] if m.startswith("media/"))
        for member in files:
            name = str(PurePosixPath(member).relative_to("media"))
            with (work / member).open("rb") as handle:
                saved = default_storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"the storage stored {name} as {saved}")
    counts = table_counts(using)
    differ = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if differ:
        table, (expected, found) = next(iter(sorted(differ.items())))
        raise BackupError(f"after the restore {table} has {found} rows, the backup {expected} "
                          f"({len(differ)} tables differ)")
    return Summary(path=path, tables=len(counts), rows=sum(counts.values()), files=len(files),
                   bytes=sum(manifest["members"][m]["size"] for m in files))


