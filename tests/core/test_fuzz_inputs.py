"""Hostile input at every file door: the parsers, the field parsers and every CLI command.

Each property: bad input gives a clear error (InputError; exit 2 with one ``error:`` line), never
an internal error, a traceback or a hang. Bounded (a few dozen examples each, no shrinking past a
deadline) so the suite stays fast; bench/fuzz_doors.py runs the same generators 100,000+ times.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hostile import SPECIAL_TEXTS, case_file, example_documents, hostile_text  # noqa: E402

from spouse_relief.cli import app  # noqa: E402
from spouse_relief.errors import InputError  # noqa: E402
from spouse_relief.io import parse_date, parse_document, parse_int, parse_text, parse_year  # noqa: E402
from spouse_relief.money import MAX_AMOUNT, parse_amount, round_cents  # noqa: E402

EXAMPLES = example_documents()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
runner = CliRunner()


# --- the parsers ----------------------------------------------------------------------------


@FAST
@given(st.randoms(use_true_random=False), st.sampled_from(EXAMPLES))
def test_parse_document_only_ever_raises_input_error(rng, example):
    text, suffix = hostile_text(example[2], rng)
    started = time.perf_counter()
    try:
        parse_document(text, name="f", suffix=suffix)
    except InputError as exc:
        assert "\n" not in str(exc)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("text,suffix", SPECIAL_TEXTS, ids=range(len(SPECIAL_TEXTS)))
def test_special_documents_are_refused_or_read_quickly(text, suffix):
    started = time.perf_counter()
    try:
        parse_document(text, name="f", suffix=suffix)
    except InputError:
        pass
    assert time.perf_counter() - started < 0.5


def test_the_limits_say_what_was_refused():
    for text, words in (("a: &x 1\nb: *x\n", "alias"), ("? [a]\n: b\n", "keys must be text"), ("a: !!python/name:os x\n", "tag"),
                        ('{"a": 1, "a": 2}', "appears twice"), ("[" * 50 + "]" * 50, "nested"), ("---\na: 1\n---\nb: 1\n", "more than one")):
        with pytest.raises(InputError, match=words):
            parse_document(text, name="f", suffix=".json" if text.startswith(("{", "[")) else ".yaml")


@given(st.one_of(st.text(max_size=60), st.integers(), st.decimals(allow_nan=True), st.floats(), st.none(), st.booleans(),
                 st.lists(st.integers(), max_size=2), st.builds(str, st.integers(min_value=-(10**60), max_value=10**60))))
@settings(max_examples=300, deadline=None)
def test_parse_amount_is_bounded_and_exact(raw):
    try:
        amount = parse_amount(raw, "amount")
    except InputError as exc:
        assert exc.field == "amount" and exc.message
        return
    assert abs(amount) < MAX_AMOUNT
    assert amount == round_cents(amount) and amount.as_tuple().exponent == -2
    # anything accepted computes without raising: sums and products stay exact enough to round
    assert round_cents(amount * amount + amount * Decimal("0.0495")) is not None


@pytest.mark.parametrize("raw,expected", [("1,234.50", "1234.50"), ("$1,200.50", "1200.50"), ("(46.00)", "-46.00"), ("1E3", "1000.00"),
                                          ("-12.05", "-12.05"), (" 7 ", "7.00"), (5, "5.00")])
def test_amounts_people_write(raw, expected):
    assert parse_amount(raw, "x") == Decimal(expected)


@pytest.mark.parametrize("raw", ["1,2,3", "12,34.5", "$$5", "1_000", "٥", "１２３", "--5", "5-", "0x10", "1.2.3", "1e26", "1E+999999999",
                                 "9" * 5000, "12.345", "(-5)", "NaN", "Infinity", 10**12, Decimal("1e12"), 1.5])
def test_amounts_refused(raw):
    with pytest.raises(InputError):
        parse_amount(raw, "x")


def test_field_parsers():
    assert parse_year("2022", "y") == 2022 and parse_int(" 12 ", "n") == 12
    assert parse_date("2024-02-29", "d").isoformat() == "2024-02-29"
    assert parse_text("abc", "t", max_length=3) == "abc"
    for call in (lambda: parse_year("1e400", "y"), lambda: parse_year(2**63, "y"), lambda: parse_int("1" * 5000, "n"),
                 lambda: parse_date("2022-02-30", "d"), lambda: parse_date(["2022-01-01"], "d"), lambda: parse_text("abcd", "t", max_length=3),
                 lambda: parse_text({"a": 1}, "t"), lambda: parse_int(True, "n")):
        with pytest.raises(InputError):
            call()


# --- the CLI commands -----------------------------------------------------------------------


def _run(args: list[str]):
    started = time.perf_counter()
    result = runner.invoke(app, args)
    elapsed = time.perf_counter() - started
    return result, elapsed


def _assert_clean(result, elapsed, what, seconds: float = 5.0):
    assert result.exit_code in (0, 2), (what, result.exit_code, result.output[-500:])
    if result.exit_code == 2:
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert lines and lines[-1].startswith("error:") and "internal error" not in result.output, (what, result.output[-500:])
    assert "Traceback" not in result.output
    assert elapsed < seconds, (what, elapsed)


@FAST
@given(st.randoms(use_true_random=False), st.sampled_from(EXAMPLES))
def test_every_file_command_gives_exit_0_or_2(tmp_path_factory, rng, example):
    command, _name, document = example
    text, suffix = hostile_text(document, rng)
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"input{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    commands = [[command, str(path)]] + ([["deadlines", str(path)]] if command == "screen" else [])
    for args in commands:
        result, elapsed = _run(args)
        _assert_clean(result, elapsed, args)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.randoms(use_true_random=False), st.sampled_from(EXAMPLES))
def test_packet_on_hostile_case_files(tmp_path_factory, rng, example):
    import json

    command, _name, document = example
    text, _ = hostile_text(document, rng)
    folder = tmp_path_factory.mktemp("packet")
    try:
        inner = parse_document(text, name="x", suffix=".json")
    except InputError:
        inner = text
    path = folder / "case.json"
    path.write_text(json.dumps(case_file(inner, command), default=str), encoding="utf-8")
    result, elapsed = _run(["packet", str(path), "-o", str(folder / "p.html")])
    _assert_clean(result, elapsed, "packet", seconds=60)


@pytest.mark.parametrize("args", [
    ["packet", "examples/il8857/items_2022.yaml", "-o", "/nonexistent/x.pdf"],
    ["packet", "examples/il8857/items_2022.yaml", "-o", "/proc/x.pdf"],
    ["screen", "/dev/null"], ["screen", "."], ["screen", "no-such-file.yaml"],
])
def test_paths_that_cannot_be_used(args, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent.parent)
    result, elapsed = _run(args)
    assert result.exit_code == 2, result.output
    _assert_clean(result, elapsed, args, seconds=60)  # the packet is made before it is written


@pytest.mark.parametrize("cell", ["1e26", "1e308", "9" * 5000, "1E+999999999", "1,2,3", "$$5"])
def test_batch_never_stops_on_a_cell(tmp_path, cell):
    source = tmp_path / "in.csv"
    source.write_text(f"case_id,tax_year,L1_A\nok,2022,100\nbig,2022,\"{cell}\"\nok2,2022,5\n", encoding="utf-8")
    result, _ = _run(["batch", "il8857", str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 3
    errors = (tmp_path / "out.errors.csv").read_text().splitlines()
    assert len(errors) == 2 and errors[1].startswith("2,big,L1_A,")


def test_random_bytes_never_crash_a_command(tmp_path):
    rng = random.Random(14)
    for index in range(30):
        path = tmp_path / f"junk{index}.{rng.choice(['json', 'yaml'])}"
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        result, elapsed = _run([rng.choice(["il8857", "f8379", "f6015d", "screen", "deadlines"]), str(path)])
        _assert_clean(result, elapsed, path.name)


@pytest.mark.parametrize("literal", ["1E-999999999", "1E+999999999", "-1e-50", "1e41"])
def test_json_numbers_far_beyond_any_amount_are_refused_at_once(literal):
    """pydantic would turn 1E-999999999 into a ratio of a billion digits (a hang) for an int field."""
    started = time.perf_counter()
    with pytest.raises(InputError, match="far beyond any amount"):
        parse_document('{"exemptions": {"injured": ' + literal + "}}", name="f", suffix=".json")
    assert time.perf_counter() - started < 0.1


def test_dates_past_the_calendar_are_refused_in_facts():
    from spouse_relief.pipeline import screen_data

    with pytest.raises(InputError, match="out of range"):
        screen_data({"marriage": {"status": "divorced", "divorced_on": "9999-12-31"}, "tax_years": [{"year": 2022}]})


def test_cli_reproducers_stay_small(tmp_path):
    """The review's CLI reproducers, each in its own process: exit 2, one line, under 200 MB."""
    import subprocess

    from hostile import alias_bomb

    files = {
        "bomb.yaml": alias_bomb(9),
        "deep.json": '{"a":' + "[" * 100000 + "]" * 100000 + "}",
        "digits.json": '{"tax_year":1' + "0" * 5000 + "}",
        "key.yaml": "? [a, b]\n: c\n",
        "amount.json": '{"form":"IL-8857","tax_year":2022,"lines":{"1":{"A":"1e26"}}}',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with open(tmp_path / "big.yaml", "wb") as handle:  # 100 MB, read no further than the limit
        handle.truncate(100 * 1024 * 1024)
    for name, verb in [("bomb.yaml", "screen"), ("deep.json", "screen"), ("digits.json", "screen"), ("key.yaml", "screen"),
                       ("amount.json", "il8857"), ("big.yaml", "screen")]:
        process = subprocess.Popen([sys.executable, "-m", "spouse_relief", verb, str(tmp_path / name)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        peak_kb = 0
        while process.poll() is None:  # the high-water mark of the command's own memory (reset by exec)
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
                peak_kb = max(peak_kb, int(status.split("VmHWM:")[1].split()[0]))
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.01)
        _out, stderr = process.communicate(timeout=60)
        assert process.returncode == 2, (name, stderr)
        assert len(stderr.strip().splitlines()) == 1 and stderr.startswith("error:"), (name, stderr)
        assert peak_kb < 200 * 1024, (name, peak_kb)
