"""`straiik bundle solve|check` on files: summaries, exit statuses, and clear messages (never a traceback).

No database: the command only reads and writes files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.engines.bundling_support import EXAMPLE, example_dict


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("bundle", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_solve_writes_the_solution_and_prints_a_summary(tmp_path: Path) -> None:
    target = tmp_path / "solution.json"
    out, _ = run("solve", str(EXAMPLE), "-o", str(target), "--time-limit", "30")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "straiik.bundling/1-solution"
    assert data["status"] == "optimal"
    lines = {line.split(" ", 1)[0]: line for line in out.splitlines()}
    assert lines["status"].split() == ["status", "optimal"]
    assert lines["gap"].split() == ["gap", "0.0000%"]
    for name in ("total", "baseline", "savings", "bound", "time"):
        assert name in lines
    assert "total" in out.splitlines()[0]  # a progress line came first
    out, _ = run("check", str(EXAMPLE), str(target))
    assert "keeps every rule" in out
    assert [p.name for p in tmp_path.iterdir()] == ["solution.json"]  # no temporary file left behind


def test_solve_quietly_and_undecomposed(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    out, _ = run("solve", str(EXAMPLE), "-o", str(target), "--quiet", "--no-decompose")
    assert out.splitlines()[0].startswith("demands ")
    assert json.loads(target.read_text())["status"] == "optimal"


def test_check_lists_every_violation_and_fails(tmp_path: Path) -> None:
    target = tmp_path / "solution.json"
    run("solve", str(EXAMPLE), "-o", str(target), "--quiet")
    data = json.loads(target.read_text())
    moved = data["lots"][0]["demands"].pop()
    data["solo"].append(moved)
    data["lots"][1]["unit_price"] = 1.0
    target.write_text(json.dumps(data))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("bundle", "check", str(EXAMPLE), str(target), stdout=out, stderr=io.StringIO())
    assert caught.value.returncode == 1
    assert "rule violation(s)" in str(caught.value)
    assert "[tier_price]" in out.getvalue()
    assert "lots[0] (o00/2027-Q1): quantity is" in out.getvalue()


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p["demands"][3]["periods"].append("2027-Q9"), 'demands[3].periods[1]: unknown period "2027-Q9"'),
    (lambda p: p.update(format="straiik.bundling/0"), 'format: expected "straiik.bundling/1"'),
])
def test_solve_rejects_a_bad_problem_naming_the_field(tmp_path: Path, change, message: str) -> None:
    data = example_dict()
    change(data)
    source = tmp_path / "problem.json"
    source.write_text(json.dumps(data))
    with pytest.raises(CommandError) as caught:
        run("solve", str(source), "-o", str(tmp_path / "out.json"))
    assert caught.value.returncode == 2
    assert message in str(caught.value)
    assert not (tmp_path / "out.json").exists()


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("solve", str(tmp_path / "nothing.json"), "-o", str(tmp_path / "out.json"))
    with pytest.raises(CommandError, match="cannot be read"):
        run("check", str(tmp_path), str(tmp_path))
    with pytest.raises(CommandError, match="cannot be written"):
        run("solve", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "dir.json"), "--quiet")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "straiik.bundling/1-solution",')
    with pytest.raises(CommandError, match=r"not a valid solution file: \(file\): invalid JSON at line 1"):
        run("check", str(EXAMPLE), str(bad))


def test_the_straiik_command_exits_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "problem.json"
    source.write_text("{not json")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "straiik.config.settings.test"}
    done = subprocess.run([sys.executable, "-m", "straiik.cli", "bundle", "solve", str(source), "-o",  # noqa: S603
                           str(tmp_path / "out.json")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "invalid JSON at line 1, column 2" in done.stderr


def test_solve_with_workers_and_the_legacy_strategy(tmp_path: Path) -> None:
    for args in (["--workers", "2"], ["--workers", "1"], ["--strategy", "legacy"]):
        target = tmp_path / "s.json"
        out, _ = run("solve", str(EXAMPLE), "-o", str(target), "--quiet", *args)
        lines = {line.split(" ", 1)[0]: line for line in out.splitlines()}
        assert lines["status"].split() == ["status", "optimal"], args
        assert lines["components"].split()[1:] == ["2", "of", "2", "proven", "optimal"]
        assert "not proven optimal" not in out
        assert "keeps every rule" in run("check", str(EXAMPLE), str(target))[0]
    with pytest.raises(CommandError, match="--workers must be at least 1"):
        run("solve", str(EXAMPLE), "-o", str(tmp_path / "x.json"), "--workers", "0")


def test_the_summary_lists_the_components_not_proven_optimal(tmp_path: Path) -> None:
    """No time for any visit: the greedy start stands, and both components are listed with their gaps."""
    target = tmp_path / "s.json"
    out, _ = run("solve", str(EXAMPLE), "-o", str(target), "--time-limit", "0.001")
    lines = out.splitlines()
    assert any("0/2 optimal, 2 waiting; largest gaps #" in line for line in lines)  # the progress line
    listed = lines[lines.index("not proven optimal (component: demands, gap, total - bound, status):") + 1:]
    assert len(listed) == 2 and all(" demands, gap " in line and line.endswith("skipped") for line in listed)
    assert json.loads(target.read_text())["status"] == "feasible"
