"""The launcher: --version without the command line library, --help cached and kept fresh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(args: list[str], cache: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "spouse_relief", *args], capture_output=True, text=True, env=environment)


def test_version_is_printed_without_importing_typer(tmp_path):
    completed = run(["--version"], tmp_path)
    assert completed.returncode == 0
    assert completed.stdout.startswith("spouse-relief ")
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['x','--version']; from spouse_relief.launcher import main; main(); "
         "print('typer' in sys.modules)"], capture_output=True, text=True)
    assert probe.stdout.strip().endswith("False")


def test_help_is_rendered_once_then_served_from_the_cache(tmp_path):
    first = run(["--help"], tmp_path)
    assert first.returncode == 0 and "il8857" in first.stdout and "screen" in first.stdout
    cached = list((tmp_path / "spouse-relief").glob("help-*.txt"))
    assert len(cached) == 1
    second = run(["--help"], tmp_path)
    assert second.stdout == first.stdout
    # A different terminal width is a different rendering, not the cached one.
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "COLUMNS": "60"}
    narrow = subprocess.run([sys.executable, "-m", "spouse_relief", "--help"], capture_output=True, text=True, env=environment)
    assert narrow.returncode == 0
    assert len(list((tmp_path / "spouse-relief").glob("help-*.txt"))) == 2


def test_help_works_when_the_cache_cannot_be_written(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    completed = run(["--help"], blocked)
    assert completed.returncode == 0 and "il8857" in completed.stdout
