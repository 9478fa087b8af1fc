from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from straiik.registry.models import Organisation
from tests.conftest import make_org, make_user

pytestmark = pytest.mark.django_db


def test_import_from_the_command_line(office, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    good = tmp_path / "good.csv"
    good.write_text("name,kind,province\nCLI Radar B.V.,sme,Utrecht\n", encoding="utf-8")
    call_command("registry_import", str(good), user="office")
    assert "1 imported" in capsys.readouterr().out
    assert Organisation.objects.get(name="CLI Radar B.V.").province == "NL-UT"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\nX,unicorn\n", encoding="utf-8")
    with pytest.raises(CommandError, match="had errors"):
        call_command("registry_import", str(bad), user="office")
    assert "row 2, kind" in capsys.readouterr().err
    make_user(username="plainuser")
    with pytest.raises(CommandError, match="may not import"):
        call_command("registry_import", str(good), user="plainuser")


def test_import_refuses_unknown_users_and_missing_files(office, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match="no active user"):
        call_command("registry_import", str(tmp_path / "x.csv"), user="ghost")
    with pytest.raises(CommandError, match="no such file"):
        call_command("registry_import", str(tmp_path / "x.csv"), user="office")


def test_export_from_the_command_line(tmp_path: Path) -> None:
    make_org(name="Export Een B.V.", areas=("space",))
    make_org(name="Export Twee B.V.", areas=("quantum",))
    out = tmp_path / "space.csv"
    call_command("registry_export", str(out), area="space")
    text = out.read_text(encoding="utf-8-sig")
    assert "Export Een B.V." in text and "Export Twee" not in text
    call_command("registry_export", str(tmp_path / "all.xlsx"))
    assert (tmp_path / "all.xlsx").read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="kind"):
        call_command("registry_export", str(out), kind="unicorn")
