"""The case (spouse_relief/case.py) and the worksheet inputs derived from it (spouse_relief/derive.py).

Expected amounts are worked by hand from the items in examples/case/three_years_illinois.yaml:
Pat's wages 30,000, Sam's 50,000, Pat's Illinois withholding 1,500 (2021), federal withholding
6,000 and 3,000 (2022), and Sam's unreported consulting income of 10,000 behind a 3,000 deficiency
that Pat did not know of (2021).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from spouse_relief.case import Case, file_kind, import_document, parse_case
from spouse_relief.errors import InputError
from spouse_relief.io import read_document
from spouse_relief.pipeline import run

ROOT = Path(__file__).resolve().parents[2]
THREE_YEARS = ROOT / "examples" / "case" / "three_years_illinois.yaml"
AS_OF = date(2026, 11, 23)


def outcome_of(document, as_of: date = AS_OF):
    return run(import_document(document), as_of)


def worksheet(outcome, tax_year: int, key: str):
    computed = outcome.year(tax_year).worksheets[key]
    assert computed.ok, computed.error
    return computed


def three_years() -> dict:
    return read_document(THREE_YEARS)


# --- items entered once flow to every worksheet that needs them -------------------------------------


def test_il8857_lines_come_from_the_return_items_and_the_erroneous_item():
    result = worksheet(outcome_of(three_years()), 2021, "il8857").result
    assert result.lines["1"] == {"A": 80000, "B": 30000, "C": 50000}  # wages: 30,000 + 50,000
    assert result.lines["68"] == {"A": 1500, "B": 1500, "C": 0}  # Pat's Illinois withholding
    assert result.lines["59"] == {"A": 10000, "B": 0, "C": 10000}  # Sam's item; Pat did not know of it


def test_form_8379_part_iii_comes_from_the_same_return_items():
    computed = worksheet(outcome_of(three_years()), 2022, "f8379")
    allocation = computed.result.allocation
    assert [allocation["13a"][column] for column in allocation["13a"]] == [80000, 30000, 50000]
    assert [allocation["19"][column] for column in allocation["19"]] == [9000, 6000, 3000]  # 6,000 + 3,000 withheld
    assert computed.source == "case"


def test_separation_of_liability_comes_from_the_erroneous_item_and_the_deficiency():
    result = worksheet(outcome_of(three_years()), 2021, "f6015d").result
    requesting, other = result.portions.values()
    assert requesting["total"] == 0  # the only erroneous item is Sam's: 0 / 10,000 of 3,000
    assert other["total"] == 3000
    assert list(result.relief.values())[0] == 3000


def test_one_change_to_an_item_reaches_every_worksheet_of_the_year():
    document = three_years()
    before = outcome_of(document)
    changed = copy.deepcopy(document)
    changed["tax_years"][1]["return_items"][0]["amount"] = "31000"  # Pat's 2022 wages
    after = outcome_of(changed)
    assert worksheet(before, 2022, "il8857").result.lines["1"]["B"] == 30000
    assert worksheet(after, 2022, "il8857").result.lines["1"]["B"] == 31000
    assert list(worksheet(after, 2022, "f8379").result.allocation["13a"].values()) == [81000, 31000, 50000]


def test_no_amount_from_no_data():
    outcome = outcome_of(three_years())
    computed = outcome.year(2023).worksheets["il8857"]
    assert not computed.ok and computed.error.field == "tax_years.2.return_items"


# --- which forms apply ---------------------------------------------------------------------------------


def test_forms_follow_the_facts():
    outcome = outcome_of(three_years())
    assert {year.tax_year: sorted(year.worksheets) for year in outcome.years} == {
        2021: ["f6015d", "il8857"], 2022: ["f8379", "il8857"], 2023: ["il8857"]}


def test_a_year_in_another_state_has_nothing_about_illinois():
    document = three_years()
    for year in document["tax_years"]:
        year["residence_state"] = "OH"
        year.pop("illinois", None)
    document["you"]["state"] = "OH"
    outcome = outcome_of(document)
    assert not outcome.illinois
    assert all("il8857" not in year.worksheets for year in outcome.years)
    assert not [finding for finding in outcome.findings if finding.id.startswith("il")]
    assert not [deadline for deadline in outcome.deadlines if any(path.startswith("il") for path in deadline.paths)]


def test_the_il8857_refund_window_comes_from_the_case_once():
    outcome = outcome_of(three_years())
    windows = [deadline for deadline in outcome.deadlines if deadline.id.startswith("il8857_refund")]
    assert [deadline.id for deadline in windows] == ["il8857_refund:2021"]
    # the worksheet reads the same dates from the case: its window is the deadline's
    assert worksheet(outcome, 2021, "il8857").result.refund_window.deadline == windows[0].date


# --- ways in ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "kind"), [
    ("examples/screen/abuse.yaml", "facts"),
    ("examples/il8857/items_2022.yaml", "il8857"),
    ("examples/il8857/line_entry_2022.json", "il8857"),
    ("examples/f8379/child_support_offset.yaml", "f8379"),
    ("examples/f6015d/partial_relief.yaml", "f6015d"),
    ("examples/case/three_years_illinois.yaml", "facts"),
])
def test_each_file_kind_is_recognised(path, kind):
    assert file_kind(read_document(ROOT / path)) == kind


def test_an_il8857_file_keeps_its_lines_beside_the_case_and_its_dates_in_the_facts():
    case = import_document(read_document(ROOT / "examples" / "il8857" / "line_entry_2022.json"))
    year = case.year(2022)
    assert (year.illinois.original_return_filed_on, year.illinois.last_payment_on, year.illinois.request_date) == (
        date(2023, 4, 10), date(2023, 4, 10), date(2025, 6, 2))
    override = case.override(2022, "il8857")
    assert "dates" not in override and override["lines"]["1"] == {"A": 80850, "B": 30425, "C": 50425}


def test_a_year_written_as_text_is_read_as_the_year():
    document = read_document(ROOT / "examples" / "screen" / "illinois_both.yaml")
    as_text, as_number = copy.deepcopy(document), copy.deepcopy(document)
    as_text["tax_years"][0]["year"] = "2022"
    as_number["tax_years"][0]["year"] = 2022
    first, second = outcome_of(as_text).as_dict(), outcome_of(as_number).as_dict()
    assert first == second
    assert [finding["status"] for finding in first["findings"] if finding["id"] == "irc6015c"] == ["met"]
    assert any(deadline["id"] == "irc6015bc_election:2022" and deadline["date"] for deadline in first["deadlines"])


@pytest.mark.parametrize("year", ["twenty", "2022.5", True, None])
def test_a_year_in_the_wrong_shape_is_refused_naming_the_field(year):
    document = read_document(ROOT / "examples" / "screen" / "illinois_both.yaml")
    document["tax_years"][0]["year"] = year
    with pytest.raises(InputError) as caught:
        import_document(document)
    assert caught.value.field.startswith("tax_years.0.year")


def test_a_version_1_case_is_upgraded_on_read():
    old = {
        "format": "spouse-relief-case", "version": 1, "title": "Old",
        "facts": {"tax_years": [{"year": "2022", "joint_return": True}]},
        "tax_years": [
            {"tax_year": 2022, "note": "from the shoebox",
             "il8857": {"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": "100", "B": "60", "C": "40"}},
                        "dates": {"last_payment": "2023-04-10"}, "residency": "resident"}},
            {"tax_year": 2021, "il8857": {"form": "IL-8857", "tax_year": 2021, "items": []}},
        ],
    }
    case = parse_case(old)
    assert case.version == 2 and [year.year for year in case.tax_years] == [2021, 2022]
    assert case.year(2022).illinois.last_payment_on == date(2023, 4, 10)
    assert case.override(2022, "il8857") == {"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": "100", "B": "60", "C": "40"}}}
    assert case.override(2021, "il8857") is None  # the blank worksheet version 1 made for every year said nothing
    assert case.notes == {2022: "from the shoebox"}
    assert parse_case(case.as_document()) == case


def test_a_version_1_date_that_contradicts_the_facts_is_refused():
    old = {"format": "spouse-relief-case", "version": 1,
           "facts": {"tax_years": [{"year": 2022, "illinois": {"last_payment_on": "2023-05-01"}}]},
           "tax_years": [{"tax_year": 2022, "il8857": {"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": "1"}},
                                                        "dates": {"last_payment": "2023-04-10"}}}]}
    with pytest.raises(InputError) as caught:
        parse_case(old)
    assert caught.value.field == "dates.last_payment" and "keep one" in caught.value.message


def test_a_case_round_trips_through_its_document():
    case = import_document(three_years())
    assert parse_case(case.as_document()) == case
    assert isinstance(case, Case)


def test_an_override_needs_its_tax_year():
    document = import_document(three_years()).as_document()
    document["overrides"] = [{"tax_year": 2019, "form": "f8379", "document": {}}]
    with pytest.raises(InputError) as caught:
        parse_case(document)
    assert caught.value.field == "overrides.0"


@pytest.mark.parametrize(("document", "field"), [
    ({"tax_years": [{"year": 2022}], "you": "Alex"}, "you"),
    ({"tax_years": [{"year": 2022}], "spouse": ["Sam"]}, "spouse"),
    ({"version": 1, "facts": {"tax_years": "2022"}, "tax_years": [{"tax_year": 2022}]}, "facts.tax_years"),
    ({"version": 1, "facts": {}, "tax_years": 2022}, "tax_years"),
    ({"version": 1, "facts": {}, "people": "Alex", "tax_years": []}, "people"),
])
def test_a_part_of_the_wrong_shape_is_refused_naming_it(document, field):
    if "version" in document:
        document = {"format": "spouse-relief-case", **document}
    with pytest.raises(InputError) as caught:
        import_document(document)
    assert caught.value.field == field


def test_the_official_links_are_the_forms_the_case_calls_for():
    ohio = outcome_of(read_document(ROOT / "tests" / "forms" / "cases" / "ohio_injured_spouse.yaml"))
    titles = " | ".join(link["title"] for link in ohio.links)
    assert "Form 8379, Injured Spouse Allocation" in titles
    assert "8857" not in titles and "Publication 971" not in titles and "Illinois" not in titles
    illinois = " | ".join(link["title"] for link in outcome_of(three_years()).links)
    assert "Form 8857" in illinois and "Publication 971" in illinois and "Form IL-8857" in illinois
