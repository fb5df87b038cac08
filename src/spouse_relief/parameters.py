"""Law as data: a strict loader for the YAML parameter files under ``params/``.

One file per parameter. Its shape (see docs/parameters.md)::

    title: "Illinois income tax rate"   # the law's name in plain words, as a person reads it
    description: Illinois individual income tax rate on net income.
    unit: rate                 # usd | rate | count | years | months | days | date | month_day | text | brackets
    known_through: 2025        # the last tax year (or a date) the data speaks for
    values:
      - from: 2018             # a tax year, or an effective date YYYY-MM-DD
        value: "0.0495"        # a scalar, a mapping of scalars (e.g. by filing status) or, for brackets, a list
        verified: V            # V verified, V2 secondary, U unverified
        sources: [IL8857I]
    sources:
      IL8857I: {title: "Form IL-8857 Instructions (R-12/22), line 45", url: "https://tax.illinois.gov/..."}
    last_reviewed: 2026-11-23

The loader reads every scalar as text (no implicit YAML conversion: ``0.03`` never becomes a
float, ``2022-01-01`` never becomes a date by accident), rejects duplicate keys and unknown
fields, and converts each value by the file's unit. A value is looked up by tax year or date;
asking past ``known_through`` or before the first value is an error, never a guess.

Reading YAML is most of the cost of a parameter, and a command reads dozens of them. The parsed
text of each file (plain strings, lists and mappings, before any checking or conversion) is kept
in the user's cache folder (:mod:`spouse_relief.usercache`) under the SHA-256 of the file's text,
so a changed file is parsed again; every check and conversion below runs on every load all the
same.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

import yaml

from . import usercache

VERIFICATION_TAGS = ("V", "V2", "U")
UNITS = ("usd", "rate", "count", "years", "months", "days", "date", "month_day", "text", "brackets")
_FILE_KEYS = {"title", "description", "unit", "known_through", "values", "sources", "last_reviewed", "notes"}
_VALUE_KEYS = {"from", "value", "verified", "sources", "note"}
_SOURCE_KEYS = {"title", "url", "section"}


class ParameterError(Exception):
    """A parameter file is malformed, or a value was asked for where the data has none."""

    def words(self) -> str:
        """What a person reads: the data's own message, said to come from the law data."""
        return f"the law data has no answer here: {self}"


class OutsideData(ParameterError):
    """A value asked for a date before the first or after the last the data records: the person
    reads which dates the recorded law covers, not the file's name."""

    def __init__(self, name: str, when: date, edge: date, after: bool) -> None:
        self.when, self.edge, self.after = when, edge, after
        if after:
            super().__init__(f"{name}: the data covers up to {edge.isoformat()}, not {when.isoformat()}")
        else:
            super().__init__(f"{name}: no value before {edge.isoformat()} (asked for {when.isoformat()})")

    def words(self) -> str:
        if self.after:
            return f"the tax law recorded here goes up to {self.edge.isoformat()} and has nothing yet for {self.when.isoformat()}"
        return f"the tax law recorded here begins on {self.edge.isoformat()} and has nothing for {self.when.isoformat()}"


class _StrictLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # libyaml's parser where PyYAML has it: the same nodes, faster
    """BaseLoader keeps every scalar as a string; this adds a duplicate-key check."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise ParameterError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_strict_yaml(text: str) -> Any:
    """Parse YAML with every scalar as a string and duplicate keys refused."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - BaseLoader subclass, no object construction


_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def _parse_when(text: str, where: str) -> date:
    if _YEAR.match(text):
        return date(int(text), 1, 1)
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise ParameterError(f"{where}: {text!r} is not a real date") from exc
    raise ParameterError(f"{where}: {text!r} is neither a year (YYYY) nor a date (YYYY-MM-DD)")


def _parse_decimal(text: Any, where: str) -> Decimal:
    if not isinstance(text, str) or not _DECIMAL.match(text):
        raise ParameterError(f"{where}: {text!r} is not a plain decimal number")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already filters
        raise ParameterError(f"{where}: {text!r} is not a number") from exc


def _parse_int(text: Any, where: str) -> int:
    if not isinstance(text, str) or not re.match(r"^-?\d+$", text):
        raise ParameterError(f"{where}: {text!r} is not a whole number")
    return int(text)


def _parse_scalar(unit: str, raw: Any, where: str) -> Any:
    if unit == "usd":
        if raw == "none":  # an explicit "no limit" (e.g. no cap before a year); read as None
            return None
        amount = _parse_decimal(raw, where)
        if amount.as_tuple().exponent < -2:
            raise ParameterError(f"{where}: {raw!r} has more than two decimal places")
        return amount
    if unit == "rate":
        return _parse_decimal(raw, where)
    if unit in ("count", "years", "months", "days"):
        return _parse_int(raw, where)
    if unit == "date":
        if not isinstance(raw, str) or not _DATE.match(raw):
            raise ParameterError(f"{where}: {raw!r} is not a date YYYY-MM-DD")
        return _parse_when(raw, where)
    if unit == "month_day":
        if not isinstance(raw, str) or not re.match(r"^\d{2}-\d{2}$", raw):
            raise ParameterError(f"{where}: {raw!r} is not a month and day MM-DD")
        month, day = (int(part) for part in raw.split("-"))
        try:
            date(2000, month, day)
        except ValueError as exc:
            raise ParameterError(f"{where}: {raw!r} is not a real month and day") from exc
        return (month, day)
    if unit == "text":
        if not isinstance(raw, str) or not raw.strip():
            raise ParameterError(f"{where}: expected text")
        return raw
    raise ParameterError(f"{where}: unknown unit {unit!r}")


def _parse_brackets(raw: Any, where: str) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        raise ParameterError(f"{where}: brackets must be a non-empty list of {{over, rate}}")
    brackets = []
    for index, item in enumerate(raw):
        spot = f"{where}[{index}]"
        if not isinstance(item, dict) or set(item) != {"over", "rate"}:
            raise ParameterError(f"{spot}: each bracket has exactly 'over' and 'rate'")
        brackets.append((_parse_scalar("usd", item["over"], spot + ".over"), _parse_decimal(item["rate"], spot + ".rate")))
    thresholds = [over for over, _ in brackets]
    if thresholds[0] != 0 or thresholds != sorted(thresholds) or len(set(thresholds)) != len(thresholds):
        raise ParameterError(f"{where}: brackets must start at 0 and rise strictly")
    return tuple(brackets)


def _parse_value(unit: str, raw: Any, where: str) -> Any:
    if unit == "brackets":
        if isinstance(raw, dict):
            return {key: _parse_brackets(item, f"{where}.{key}") for key, item in raw.items()}
        return _parse_brackets(raw, where)
    if isinstance(raw, dict):
        return {key: _parse_value(unit, item, f"{where}.{key}") for key, item in raw.items()}
    if isinstance(raw, list):
        return tuple(_parse_value(unit, item, f"{where}[{i}]") for i, item in enumerate(raw))
    return _parse_scalar(unit, raw, where)


@dataclass(frozen=True)
class Source:
    """Where a parameter's value comes from: a publication, statute or form, with its section."""

    key: str
    title: str
    url: str | None = None
    section: str | None = None

    def cite(self) -> str:
        text = self.title + (f", {self.section}" if self.section else "")
        return text + (f" <{self.url}>" if self.url else "")


@dataclass(frozen=True)
class ParameterValue:
    """One value of a parameter, with where it starts and how sure we are of it."""

    name: str
    effective: date
    value: Any
    verified: str
    sources: tuple[Source, ...]
    note: str | None = None

    @property
    def unverified(self) -> bool:
        return self.verified == "U"

    def citation(self) -> str:
        cited = "; ".join(source.cite() for source in self.sources)
        return f"{cited} [{self.verified}]"

    def short_citation(self) -> str:
        return "; ".join(source.title + (f", {source.section}" if source.section else "") for source in self.sources)


@dataclass(frozen=True)
class Parameter:
    """One parameter file: what it is, its unit, its dated values and when it was last checked."""

    name: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]
    known_through: date
    last_reviewed: date
    notes: str | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    title: str = ""  # the law's name in plain words ("Illinois income tax rate"), what a page shows

    @property
    def first_effective(self) -> date:
        return self.values[0].effective

    def at(self, when: date) -> ParameterValue:
        """The value in force on a date."""
        if when < self.values[0].effective:
            raise OutsideData(self.name, when, self.values[0].effective, after=False)
        if when > self.known_through:
            raise OutsideData(self.name, when, self.known_through, after=True)
        current = self.values[0]
        for candidate in self.values:
            if candidate.effective <= when:
                current = candidate
        return current

    def for_tax_year(self, tax_year: int) -> ParameterValue:
        """The value for a calendar tax year (the one in force on January 1 of that year)."""
        return self.at(date(tax_year, 1, 1))

    def covers_tax_year(self, tax_year: int) -> bool:
        return self.values[0].effective <= date(tax_year, 1, 1) <= self.known_through


def _parse_yaml(name: str, text: str) -> Any:
    try:
        return load_strict_yaml(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{name}: not valid YAML: {exc}") from exc


def _parse_file(name: str, text: str) -> Parameter:
    return _build(name, _parse_yaml(name, text))


def _build(name: str, data: Any) -> Parameter:
    """Check a parsed parameter file and convert its values by its unit."""
    if not isinstance(data, dict):
        raise ParameterError(f"{name}: the file must be a mapping")
    unknown = set(data) - _FILE_KEYS
    missing = {"description", "unit", "known_through", "values", "sources", "last_reviewed"} - set(data)
    if unknown:
        raise ParameterError(f"{name}: unknown field(s) {sorted(unknown)}")
    if missing:
        raise ParameterError(f"{name}: missing field(s) {sorted(missing)}")
    unit = data["unit"]
    if unit not in UNITS:
        raise ParameterError(f"{name}: unit {unit!r} is not one of {UNITS}")
    if not isinstance(data["description"], str) or len(data["description"].strip()) < 10:
        raise ParameterError(f"{name}: description must say what the parameter is")
    title = data.get("title", "")
    if not isinstance(title, str) or re.search(r"[_/\[\]]", title) or (title and len(title.split()) < 2):
        raise ParameterError(f"{name}: title must name the law in plain words (no names of the code)")

    raw_sources = data["sources"]
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise ParameterError(f"{name}: sources must be a non-empty mapping of key -> {{title, url, section}}")
    sources: dict[str, Source] = {}
    for key, entry in raw_sources.items():
        if not isinstance(entry, dict) or "title" not in entry or set(entry) - _SOURCE_KEYS:
            raise ParameterError(f"{name}: source {key!r} needs a title (and may have url, section)")
        sources[key] = Source(key=key, title=entry["title"], url=entry.get("url"), section=entry.get("section"))

    raw_values = data["values"]
    if not isinstance(raw_values, list) or not raw_values:
        raise ParameterError(f"{name}: values must be a non-empty list")
    values: list[ParameterValue] = []
    for index, entry in enumerate(raw_values):
        where = f"{name}: values[{index}]"
        if not isinstance(entry, dict):
            raise ParameterError(f"{where} must be a mapping")
        if set(entry) - _VALUE_KEYS:
            raise ParameterError(f"{where}: unknown field(s) {sorted(set(entry) - _VALUE_KEYS)}")
        for required in ("from", "value", "verified", "sources"):
            if required not in entry:
                raise ParameterError(f"{where}: missing {required!r}")
        if entry["verified"] not in VERIFICATION_TAGS:
            raise ParameterError(f"{where}: verified must be one of {VERIFICATION_TAGS}")
        cited = entry["sources"]
        if not isinstance(cited, list) or not cited:
            raise ParameterError(f"{where}: sources must name at least one source key")
        for key in cited:
            if key not in sources:
                raise ParameterError(f"{where}: source {key!r} is not defined under sources")
        values.append(
            ParameterValue(
                name=name,
                effective=_parse_when(entry["from"], where + ".from"),
                value=_parse_value(unit, entry["value"], where + ".value"),
                verified=entry["verified"],
                sources=tuple(sources[key] for key in cited),
                note=entry.get("note"),
            )
        )
    effective = [value.effective for value in values]
    if effective != sorted(effective) or len(set(effective)) != len(effective):
        raise ParameterError(f"{name}: values must be in strictly increasing order of 'from'")

    known = data["known_through"]
    if isinstance(known, str) and _YEAR.match(known):
        known_through = date(int(known), 12, 31)
    else:
        known_through = _parse_when(known, f"{name}: known_through")
    if known_through < effective[-1]:
        raise ParameterError(f"{name}: known_through is before the last value's 'from'")
    return Parameter(
        name=name,
        description=data["description"].strip(),
        unit=unit,
        values=tuple(values),
        known_through=known_through,
        last_reviewed=_parse_when(data["last_reviewed"], f"{name}: last_reviewed"),
        notes=data.get("notes"),
        sources=sources,
        title=title.strip(),
    )


@cache
def _params_root():
    return resources.files("spouse_relief") / "params"


def parameter_names() -> list[str]:
    """Every parameter, by its path under params/ without '.yaml' (e.g. 'il/income_tax_rate')."""
    names: list[str] = []

    def walk(folder, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".yaml"):
                names.append(prefix + entry.name[: -len(".yaml")])

    walk(_params_root(), "")
    return names


_CACHE_NAME = f"parameters-yaml{yaml.__version__}.json"  # {name: [sha256 of the text, parsed text]}
_parsed_files: dict[str, list] | None = None


def _kept(name: str, digest: str) -> Any:
    """The parse kept for the file ``name`` whose text has SHA-256 ``digest``, or None."""
    global _parsed_files
    if _parsed_files is None:
        kept = usercache.read_json(_CACHE_NAME)
        _parsed_files = kept if isinstance(kept, dict) else {}
    entry = _parsed_files.get(name)
    if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest:
        return entry[1]
    return None


def _parsed(name: str, text: str, *, use_kept: bool = True) -> Any:
    """The file's text parsed, from the user's cache when the text is the one parsed before."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = _kept(name, digest)
    if data is not None and use_kept:
        return data
    data = _parse_yaml(name, text)
    _parsed_files[name] = [digest, data]
    usercache.write_json(_CACHE_NAME, dict(_parsed_files))  # a copy: another thread may add to it
    return data


@cache
def parameter(name: str) -> Parameter:
    """Load one parameter by name, e.g. ``parameter("il/income_tax_rate")``."""
    path = _params_root().joinpath(*f"{name}.yaml".split("/"))
    if not path.is_file():
        raise ParameterError(f"no parameter named {name!r}")
    text = path.read_text(encoding="utf-8")
    try:
        return _build(name, _parsed(name, text))
    except Exception:  # noqa: BLE001 - a damaged cache entry: the file itself decides (and names any error)
        return _build(name, _parsed(name, text, use_kept=False))


def parse_parameter_text(name: str, text: str) -> Parameter:
    """Parse a parameter file's text (for tests of the loader itself)."""
    return _parse_file(name, text)
