"""Every command has help text and is shown in the README (a lesson from sqlite-utils)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from newstrace.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert "analyze" in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    res = CliRunner().invoke(app, [name, "--help"])
    assert res.exit_code == 0
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.strip()) > 20


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(name: str) -> None:
    assert f"newstrace {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_flags_show_no_value_type(name: str) -> None:
    res = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "100"})
    assert "<bool>" not in res.stdout
    assert "--help" in res.stdout


def test_the_top_level_help_shows_no_value_type_for_flags() -> None:
    res = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert "--version" in res.stdout and "<bool>" not in res.stdout


def test_export_help_names_the_analysis_extra_that_pyproject_defines() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert {d.split("==")[0] for d in extras["analysis"]} == {"pandas", "duckdb"}
    res = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert "pip install 'newstrace[analysis]' adds pandas and DuckDB" in res.stdout
