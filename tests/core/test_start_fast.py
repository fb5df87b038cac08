"""What keeps `spouse-relief case FILE --json` quick: the launcher's short path, the parameter and holiday caches.

Each must give exactly what the long way gives, and be harmless when the cache folder is unusable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from spouse_relief import dates, parameters, usercache

ROOT = Path(__file__).resolve().parents[2]
THREE_YEARS = ROOT / "examples" / "case" / "three_years_illinois.yaml"
PROBE = ("import sys; sys.argv = ['spouse-relief', *sys.argv[1:]]; from spouse_relief.launcher import main; main(); "
         "print('MODULES', 'typer' in sys.modules, 'holidays' in sys.modules, file=sys.stderr)")


def probe(args: list[str], cache: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=environment)


def long_way(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from spouse_relief.cli import main; main()", *args], capture_output=True, text=True)


def test_case_json_takes_the_short_path_and_prints_what_the_command_prints(tmp_path):
    args = ["case", str(THREE_YEARS), "--json", "--as-of", "2026-11-23"]
    first = probe(args, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "MODULES False True" in first.stderr  # no typer; the holidays package on the first run only
    again = probe(["case", "--as-of=2026-11-23", "--json", str(THREE_YEARS)], tmp_path)
    assert again.returncode == 0 and "MODULES False False" in again.stderr  # the kept calendar, any order of options
    expected = long_way(args)
    assert expected.returncode == 0
    assert first.stdout == again.stdout == expected.stdout
    assert json.loads(first.stdout)["as_of"] == "2026-11-23"


def test_bad_input_on_the_short_path_is_the_command_lines_one_line_and_exit_2(tmp_path):
    for args, words in ((["case", str(THREE_YEARS), "--json", "--as-of", "2026-02-30"], "--as-of: expected a date"),
                        (["case", str(tmp_path / "missing.yaml"), "--json"], "no such file"),
                        (["case", str(THREE_YEARS), "--json", "--as-of"], "--as-of")):
        completed = probe(args, tmp_path)
        expected = long_way(args)
        assert completed.returncode == expected.returncode == 2, completed.stderr
        assert words in completed.stderr
        assert completed.stderr.split("MODULES")[0] == expected.stderr and completed.stdout == expected.stdout == ""


def test_other_calls_of_case_go_the_long_way():
    from spouse_relief.launcher import _case_json_arguments

    assert _case_json_arguments(["case", "f.yaml", "--json"]) == ("f.yaml", None)
    assert _case_json_arguments(["case", "--json", "f.yaml", "--as-of", "2026-01-02"]) == ("f.yaml", "2026-01-02")
    for args in (["case", "f.yaml"], ["case", "f.yaml", "--json", "--json"], ["case", "a", "b", "--json"],
                 ["case", "f.yaml", "--json", "--help"], ["packet", "f.yaml", "--json"], ["case", "-x", "--json"],
                 ["case", "f.yaml", "--json", "--as-of", "--json"], ["case", "f.yaml", "--json", "--as-of", "1", "--as-of", "2"]):
        assert _case_json_arguments(args) is None, args


def test_a_changed_parameter_file_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(parameters, "_parsed_files", None)
    text = (ROOT / "src" / "spouse_relief" / "params" / "il" / "individual_due_date.yaml").read_text(encoding="utf-8")
    first = parameters._parsed("test/due", text)
    monkeypatch.setattr(parameters, "_parsed_files", None)  # a new process: read back from the folder
    assert parameters._parsed("test/due", text) == first
    assert usercache.read_json(parameters._CACHE_NAME)["test/due"][1] == first
    changed = text.replace("last_reviewed:", "notes: changed\nlast_reviewed:")
    assert parameters._parsed("test/due", changed)["notes"] == "changed"
    assert parameters._build("test/due", parameters._parsed("test/due", changed)) == parameters.parse_parameter_text("test/due", changed)


def test_every_parameter_from_the_cache_is_the_parameter_from_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):  # written, then read back
        monkeypatch.setattr(parameters, "_parsed_files", None)
        for name in parameters.parameter_names():
            path = ROOT / "src" / "spouse_relief" / "params" / f"{name}.yaml"
            text = path.read_text(encoding="utf-8")
            assert parameters._build(name, parameters._parsed(name, text)) == parameters.parse_parameter_text(name, text)


def test_kept_holidays_are_the_packages_every_day(tmp_path, monkeypatch):
    import holidays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dates._kept_calendars.cache_clear()
    dates._holidays.cache_clear()
    try:
        for office_state in (None, "KY"):
            expected = holidays.country_holidays("US", subdiv="DC")
            if office_state:
                expected = expected + holidays.country_holidays("US", subdiv=office_state)
            for rounds in range(2):  # computed and kept, then read back in a "new process"
                day = date(2004, 1, 1)
                while day < date(2028, 1, 1):
                    assert dates.legal_holiday_name(day, office_state) == (expected.get(day) or None), day
                    day += timedelta(days=1)
                dates._kept_calendars.cache_clear()
                dates._holidays.cache_clear()
        assert (tmp_path / "spouse-relief" / dates._kept_calendars()[0]).is_file()
    finally:
        dates._kept_calendars.cache_clear()
        dates._holidays.cache_clear()


def test_an_unusable_cache_folder_changes_nothing(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    completed = probe(["case", str(THREE_YEARS), "--json", "--as-of", "2026-11-23"], blocked)
    assert completed.returncode == 0 and json.loads(completed.stdout)["tax_years"] == [2021, 2022, 2023]
    damaged = tmp_path / "damaged"
    (damaged / "spouse-relief").mkdir(parents=True)
    for name in (parameters._CACHE_NAME, dates._kept_calendars()[0]):
        (damaged / "spouse-relief" / name).write_text("{not json")
    again = probe(["case", str(THREE_YEARS), "--json", "--as-of", "2026-11-23"], damaged)
    assert again.returncode == 0 and again.stdout == completed.stdout


def test_kept_entries_of_the_wrong_shape_are_worked_out_again(tmp_path, monkeypatch):
    """Valid JSON with nonsense inside (a hand edit, a half-written older format) changes nothing either."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    name = "il/individual_due_date"
    text = (ROOT / "src" / "spouse_relief" / "params" / "il" / "individual_due_date.yaml").read_text(encoding="utf-8")
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    expected = parameters.parse_parameter_text(name, text)
    for damaged in ("a string", [], {"values": "not a list"}, {"unit": "nonsense"}):
        usercache.write_json(parameters._CACHE_NAME, {name: [digest, damaged]})
        monkeypatch.setattr(parameters, "_parsed_files", None)
        parameters.parameter.cache_clear()
        try:
            assert parameters.parameter(name) == expected, damaged
        finally:
            parameters.parameter.cache_clear()
    assert usercache.read_json(parameters._CACHE_NAME)[name][0] == digest  # the entry is mended
    dates._kept_calendars.cache_clear()
    dates._holidays.cache_clear()
    try:
        key = "US/DC//2024"
        for damaged in ({"2024-13-01": "Nonsense"}, {"2023-01-02": "Another year"}, {"2024-07-04": 5}, ["2024-07-04"]):
            usercache.write_json(dates._kept_calendars()[0], {key: damaged})
            dates._kept_calendars.cache_clear()
            dates._holidays.cache_clear()
            assert dates.legal_holiday_name(date(2024, 7, 4)) == "Independence Day", damaged
            assert dates.legal_holiday_name(date(2024, 7, 5)) is None
            assert usercache.read_json(dates._kept_calendars()[0])[key]["2024-07-04"] == "Independence Day"  # mended
    finally:
        dates._kept_calendars.cache_clear()
        dates._holidays.cache_clear()
