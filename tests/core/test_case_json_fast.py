"""`spouse-relief case FILE --json` on its short path gives, for every example, exactly the outcome
the pipeline computes in process.

The short path (spouse_relief.launcher) runs in a fresh process, where only the modules the case
needs are imported; the expected text is
``json.dumps(run(case, as_of).as_dict(), indent=2)`` computed here, in a process that has every
module loaded. Every file in examples/ and tests/forms/cases/ is compared, byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from spouse_relief.pipeline import load_case_file, run

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 23)
FILES = sorted(path for folder in (ROOT / "examples", ROOT / "tests" / "forms" / "cases")
               for path in folder.rglob("*") if path.suffix in (".yaml", ".yml", ".json"))
SHORT_PATH = ("import sys; sys.argv = ['spouse-relief', *sys.argv[1:]]; from spouse_relief.launcher import main; main(); "
              "print('TYPER', 'typer' in sys.modules, file=sys.stderr)")


def expected_text(path: Path) -> str:
    return json.dumps(run(load_case_file(path), AS_OF).as_dict(), indent=2)


def test_there_are_examples_of_every_kind():
    kinds = {path.parent.name for path in FILES}
    assert {"case", "il8857", "f8379", "f6015d", "screen", "p971"} <= kinds and len(FILES) >= 25


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_short_path_prints_the_pipelines_outcome(path, tmp_path):
    completed = subprocess.run([sys.executable, "-c", SHORT_PATH, "case", str(path), "--json", "--as-of", AS_OF.isoformat()],
                               capture_output=True, text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert completed.returncode == 0, completed.stderr
    assert "TYPER False" in completed.stderr  # it did take the short path
    assert completed.stdout == expected_text(path) + "\n"
