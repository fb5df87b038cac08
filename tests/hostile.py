"""Hostile documents: real example files mutated the way an attacker or a careless user would.

Used by the fuzz tests (driven by hypothesis) and by bench/fuzz_doors.py (driven by a seeded
random generator, 100,000+ inputs). Every function takes a ``random.Random``, so a failure is
reproduced from its seed.

Mutations: a leaf or a container replaced by junk (huge, tiny, non-finite or oddly written numbers,
unicode digits, dates that do not exist, long text, markup, lists and mappings of the wrong
shape); keys deleted, added or retyped; deep nesting; and, on the text, YAML alias bombs,
anchors, tags, complex keys, duplicate keys, truncation, byte flips, NUL and control characters.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

JUNK: list[Any] = [
    "1e400", "1E+999999999", "-9999999999999999999999999999999999", "9" * 5000, "1e26", "0.001", "1,2,3", "$$5",
    "NaN", "Infinity", "-0", "٥", "１２３", "1_000", "2022-02-30", "0000-01-01", "9999-12-31", "", " ", "x" * 20000,
    "<script>alert(1)</script>", "null", "~", "yes", "true", "2**63", "9223372036854775808", "-1", "0", "1.5",
    "Παπαδόπουλος", "\u202e", "\x00", "🙂", [], {}, [1, 2, 3], {"a": {"b": {"c": []}}}, None, True, 10**30, -(10**19),
    2**63, 0, [[[[[]]]]], {"marriage": "divorced"}, "divorced",
]
RAW_JSON_LITERALS = ["1e400", "NaN", "Infinity", "-Infinity", "1" + "0" * 5000, "1e308", "-0.0", "1E-999999999"]


def example_documents() -> list[tuple[str, str, Any]]:
    """(command, file name, parsed document) for every example file."""
    from spouse_relief.io import read_document

    found = []
    for folder, command in (("il8857", "il8857"), ("f8379", "f8379"), ("f6015d", "f6015d"), ("screen", "screen")):
        for path in sorted((EXAMPLES / folder).glob("*.*")):
            found.append((command, path.name, read_document(path)))
    return found


def _paths(document: Any, max_depth: int = 12) -> list[tuple]:
    """Paths to the values of a document, down to ``max_depth`` (no recursion)."""
    found = []
    stack = [((), document)]
    while stack:
        prefix, node = stack.pop()
        found.append(prefix)
        if len(prefix) >= max_depth:
            continue
        if isinstance(node, dict):
            stack.extend((prefix + (key,), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((prefix + (index,), value) for index, value in enumerate(node))
    return found


def _set(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return document


def _nest(rng: random.Random) -> Any:
    depth = rng.choice([45, 200, 600])  # deeper still: SPECIAL_TEXTS
    value: Any = "x"
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def mutate_tree(document: Any, rng: random.Random) -> Any:
    """One to three structural changes to a copy of the document."""
    document = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(document)
        path = rng.choice(paths)
        choice = rng.random()
        if choice < 0.6:
            document = _set(document, path, copy.deepcopy(rng.choice(JUNK)))
        elif choice < 0.7:
            document = _set(document, path, _nest(rng))
        elif choice < 0.85 and path:
            parent = document
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        elif isinstance(document, dict):
            document[rng.choice(["extra", "tax_year", "lines", "items", "facts", "marriage", "you", "0"])] = copy.deepcopy(rng.choice(JUNK))
    return document


def _json(document: Any) -> str:
    try:
        return json.dumps(document, default=str, ensure_ascii=False)
    except RecursionError:
        return "[" * 5000 + "]" * 5000


def _yaml(document: Any) -> str:
    try:
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, RecursionError, ValueError):
        return _json(document)


def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [" + ",".join(["lol"] * 9) + "]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


SPECIAL_TEXTS: list[tuple[str, str]] = [
    (alias_bomb(8), ".yaml"), (alias_bomb(9), ".yaml"), ("? [a, b]\n: c\n", ".yaml"), ("a: !!python/object:os.system x\n", ".yaml"),
    ("a: 1\na: 2\n", ".yaml"), ('{"a": 1, "a": 2}', ".json"), ("a: " + "[" * 600 + "]" * 600, ".yaml"),
    ("[" * 100000, ".json"), ("{" + '"a":' * 3 + "1}", ".json"), ("", ".yaml"), ("---\na: 1\n---\nb: 2\n", ".yaml"),
    ("a: &x 1\nb: *x\n", ".yaml"), ("<<: {a: 1}\n", ".yaml"), ("\x00\x01\x02", ".yaml"), ("a: \"\x07\"\n", ".yaml"),
    ('{"tax_year": 1' + "0" * 5000 + "}", ".json"), ("null", ".json"), ("[]", ".json"), ('"text"', ".json"),
]


def mutate_text(text: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.3 and text:
        return text[: rng.randrange(len(text))]
    if choice < 0.55 and text:
        at = rng.randrange(len(text))
        return text[:at] + rng.choice(["\x00", "\ufeff", "\r", "\t", "]", "}", "&a ", "*a", "!!", "? ", "'", '"', "\\u0000", "%"]) + text[at + 1 :]
    if choice < 0.7:
        lines = text.splitlines()
        if lines:
            index = rng.randrange(len(lines))
            lines.insert(index, lines[index])
        return "\n".join(lines)
    if choice < 0.85:
        return text.replace(": ", ": &a ", 1) + "\nz: *a\n"
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def hostile_text(document: Any, rng: random.Random) -> tuple[str, str]:
    """(text, suffix) of a hostile version of ``document``, as JSON or YAML."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(SPECIAL_TEXTS)
    mutated = mutate_tree(document, rng) if roll < 0.85 else document
    suffix = rng.choice([".json", ".yaml"])
    text = _json(mutated) if suffix == ".json" else _yaml(mutated)
    if roll >= 0.7:
        text = mutate_text(text, rng)
    if suffix == ".json" and rng.random() < 0.1:
        text = text.replace('"', "", 0)
        literal = rng.choice(RAW_JSON_LITERALS)
        text = text.replace('"1"', literal, 1) if '"1"' in text else text.replace("2022", literal, 1)
    return text, suffix


def case_file(document: Any, command: str, tax_year: int = 2022) -> dict:
    """A whole-case document holding ``document`` where a case keeps it."""
    case = {"format": "spouse-relief-case", "version": 1, "title": "Fuzz", "tax_years": [{"tax_year": tax_year}]}
    if command == "screen":
        case["facts"] = document
    else:
        case["tax_years"][0][command] = document
    return case
