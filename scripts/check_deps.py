#!/usr/bin/env python3
"""Every imported module is declared in the extra that uses it; every declared dependency is used.

Reads pyproject.toml and the imports of src/ (by the AST: top-level and function-level), and of
tests/ and bench/ for the test and crosscheck extras. Modules of ``spouse_relief/batch`` and
``commands/batch.py`` belong to the ``batch`` extra; everything else in src/ to the core. Prints
each problem on one line and exits 1 if there is any. Standard library only.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# import name -> distribution name (where they differ)
DISTRIBUTION = {"yaml": "pyyaml", "jinja2": "jinja2", "multipart": "python-multipart", "argon2": "argon2-cffi",
                "fpdf": "fpdf2", "psycopg": "psycopg", "dask": "dask", "distributed": "dask", "pypdf": "pypdf",
                "PIL": "pillow", "axe_playwright_python": "axe-playwright-python", "babel": "babel"}
# declared but loaded by another package rather than imported by name (with the reason)
USED_INDIRECTLY = {
    "python-multipart": "Starlette parses HTML forms with it",
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// URLs",
    "uvicorn": "imported where the server starts",
    "playwright": "the browser tests",
    "taxcalc": "the cross-check tests and bench",
    "httpx2": "Starlette's TestClient runs on it",
    "axe-playwright-python": "ships axe.min.js, which the browser tests read as a file and inject",
}
BATCH_PARTS = ("spouse_relief/batch/", "spouse_relief/commands/batch.py")
# (file, module) imported only inside the integer-cents arithmetic, which only the batch runs; the
# core smoke test (scripts/smoke-extras) proves the Decimal evaluator runs without it
BATCH_ONLY = {("spouse_relief/worksheets/lines.py", "numpy"), ("spouse_relief/worksheets/f1040_tax.py", "numpy")}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()


def declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = {"core": {_name(item) for item in project["dependencies"]}}
    for extra, items in project.get("optional-dependencies", {}).items():
        groups[extra] = {_name(item) for item in items}
    return groups


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def third_party(names: set[str]) -> set[str]:
    local = {"spouse_relief", "conftest", "web_support", "batch_cases", "f8379_cases", "casecompare", "test_web_api"}
    return {name for name in names if name not in sys.stdlib_module_names and name not in local and not name.startswith("_")}


def main() -> int:
    groups = declared()
    problems = []
    used: dict[str, set[str]] = {group: set() for group in groups}
    for path in sorted((ROOT / "src").rglob("*.py")):
        group = "batch" if any(part in path.as_posix() for part in BATCH_PARTS) else "core"
        for module in third_party(imports(path)):
            distribution = DISTRIBUTION.get(module, module).lower()
            if any(path.as_posix().endswith(file) and module == name for file, name in BATCH_ONLY):
                used["batch"].add(distribution)
                continue
            allowed = groups["core"] | (groups[group] if group != "core" else set())
            if distribution not in allowed:
                problems.append(f"{path.relative_to(ROOT)} imports {module}: declare {distribution} in {'the core dependencies' if group == 'core' else 'the ' + group + ' extra'}")
            used[group].add(distribution)
            used["core"].add(distribution) if group == "core" else None
    for folder, group in (("tests", "test"), ("bench", "crosscheck")):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for module in third_party(imports(path)):
                used.setdefault(group, set()).add(DISTRIBUTION.get(module, module).lower())
    everything_used = set().union(*used.values())
    for group, names in groups.items():
        for name in sorted(names):
            base = name.split("[")[0]
            if base not in everything_used and base not in USED_INDIRECTLY:
                problems.append(f"{name} is declared in {group} but nothing imports it")
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
