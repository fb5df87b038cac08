"""Imports go one way: interfaces (web, commands) -> packet -> pipeline -> case, derive -> the rules.

Every import in the source is read (also those inside functions), so a cycle cannot hide in a
function body."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "spouse_relief"
# layer of a module (by its first part under spouse_relief) -> the layers it must never import
LAYERS = {
    "web": 4, "commands": 4, "cli": 4, "launcher": 4, "__main__": 4,
    "packet": 3,
    "pipeline": 2,
    "forms": 3,  # the official forms filled from the outcome, beside the packet
    "storage": 2,  # keeps cases; checks each with the case model and the derivations
    "case": 1, "derive": 1, "forms.answers": 1,  # the answers only a form asks are part of the case
}
RULES = 0  # navigator, worksheets, illinois, parameters, ... and anything not listed


def layer(module: str) -> int:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):  # the longest listed prefix decides
        if ".".join(parts[:end]) in LAYERS:
            return LAYERS[".".join(parts[:end])]
    return RULES


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(part for part in [*base, node.module or ""] if part)
                found.update(f"{target}.{alias.name}".lstrip(".") if not node.module else target for alias in node.names)
            elif node.module and node.module.startswith("spouse_relief."):
                found.add(node.module.removeprefix("spouse_relief."))
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("spouse_relief.") for alias in node.names if alias.name.startswith("spouse_relief."))
    return {name for name in found if name}


SOURCES = sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_imports_go_one_way(path):
    module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    own = layer(module)
    upward = sorted(name for name in imports(path) if layer(name) > own and name.split(".")[0] != module.split(".")[0])
    assert not upward, f"{module} (layer {own}) imports {upward}"


def test_the_packet_does_not_reach_into_the_web():
    offenders = [path.name for path in (PACKAGE / "packet").glob("*.py") if any(name.startswith("web") for name in imports(path))]
    assert offenders == []
