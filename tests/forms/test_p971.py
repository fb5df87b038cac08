"""The worked situations of Publication 971 (Rev. December 2021) as cases: their filled Form 8857
answers Parts I-III the way the publication's reasoning describes (tests/forms/cases/p971/*.yaml
quote each example)."""

from __future__ import annotations

import pytest

from spouse_relief.forms.fill import fill
from spouse_relief.forms.source import applicable_forms, form_mapping

from .helpers import inputs, read_back

P = "topmostSubform[0]."


def _form(name: str):
    case = inputs(f"p971/{name}.yaml")
    instance = next(item for item in applicable_forms(case) if item.form == "8857")
    filled = fill("8857", form_mapping(case, "8857", None, instance.years))
    return instance, filled, read_back(filled.pdf)


def _line(got: dict[str, str], page: int, first: int, last: int) -> str:
    return " ".join(got[f"{P}Page{page}[0].f{page}_{index}[0]"] for index in range(first, last + 1)).strip()


def test_herb_and_wanda_widowed_relief_for_the_deficiency_year():
    instance, filled, got = _form("herb_and_wanda")
    assert instance.years == (2018,)
    assert got[P + "Page1[0].c1_1[0]"] == "/1"  # line 1: a joint return, a liability on it
    assert got[P + "Page1[0].f1_1[0]"] == "2018"  # line 3: the year of the deficiency
    assert got[P + "Page2[0].c2_1[2]"] == "/3" and got[P + "Page2[0].f2_8[0]"] == "03/15/2020"  # line 7: widowed since
    assert "did not know about Herb's unreported income" in _line(got, 3, 5, 8)  # line 13
    # line 19: the executor transferred the estate's assets to her (the publication's transferee point)
    assert got[P + "Page4[0].c4_1[0]"] == "/1"
    assert "estate" in _line(got, 4, 1, 4)


def test_gambling_winnings_partial_knowledge_is_stated_exactly():
    _, _, got = _form("gambling_partial")
    assert got[P + "Page1[0].c1_1[0]"] == "/1" and got[P + "Page1[0].f1_1[0]"] == "2022"
    assert got[P + "Page2[0].c2_1[0]"] == "/1"  # married and still living together
    text = _line(got, 3, 5, 8)
    assert "I knew about $5,000.00 of gambling winnings of Chris ($25,000.00)" in text


def test_bill_and_karen_green_separation_with_actual_knowledge():
    _, _, got = _form("bill_and_karen_green")
    assert got[P + "Page1[0].c1_1[0]"] == "/1" and got[P + "Page1[0].f1_1[0]"] == "2021"
    assert got[P + "Page2[0].c2_1[3]"] == "/4" and got[P + "Page2[0].f2_9[0]"] == "02/01/2024"  # legally separated
    # Karen knew of the $20,000: the form says so (the IRS proved it; the form does not hide it)
    assert "I knew about self-employment income of Bill ($20,000.00)" in _line(got, 3, 5, 8)
    assert _line(got, 3, 13, 16) == "The returns did not show a balance due."  # line 15: an understatement, not an unpaid balance


def test_unpaid_balance_spent_by_the_spouse_equitable_relief():
    _, filled, got = _form("unpaid_loan")
    assert got[P + "Page1[0].f1_1[0]"] == "2018"
    assert got[P + "Page2[0].c2_1[4]"] == "/5" and got[P + "Page2[0].f2_10[0]"] == "09/30/2019"  # divorced
    line15 = _line(got, 3, 13, 16)
    assert "I expected my spouse to pay the balance due" in line15 and "did not know that it would not be paid" in line15
    # line 25 (refund) is offered because she paid with her own money, but not ticked for her
    assert got[P + "Page6[0].c6_3[0]"] == "/Off"
    assert any(item.line == "25" for item in filled.unfilled)


@pytest.mark.parametrize("name", ["herb_and_wanda", "gambling_partial", "bill_and_karen_green"])
def test_line_25_not_asked_when_nothing_of_yours_was_paid(name):
    _, filled, _ = _form(name)
    assert not any(item.line == "25" for item in filled.unfilled)
