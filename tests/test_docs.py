"""Docs that cannot drift: every command is documented, and CI runs what the README says."""

from __future__ import annotations

import re

import pytest
import typer.main

from eventwire.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:
    group = typer.main.get_group(app)
    paths = []
    for name, cmd in group.commands.items():
        sub = getattr(cmd, "commands", None)
        if sub:
            paths.extend(f"{name} {child}" for child in sub)
        else:
            paths.append(name)
    return sorted(paths)


@pytest.mark.parametrize("path", command_paths())
def test_every_command_is_in_the_readme(path):
    assert f"eventwire {path}" in README, f"`eventwire {path}` is not documented in README.md"


@pytest.mark.parametrize("path", command_paths())
def test_every_command_has_help(path):
    group = typer.main.get_group(app)
    cmd = group
    for part in path.split():
        cmd = cmd.commands[part]
    assert (cmd.help or "").strip(), f"`eventwire {path}` has no help text"


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", README, flags=re.S)
    fresh = [b.strip() for b in blocks if "pip install" in b]
    assert len(fresh) >= 2, "README needs the install+demo command and the test command"
    for command in fresh[:2]:
        assert command in ci, f"README command not run by .ci/run: {command}"
