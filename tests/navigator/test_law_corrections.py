"""Law corrections that a screening case cannot state as "contains": texts that must NOT appear,
and small rules checked directly. Expected values are worked by hand from the cited source."""

from __future__ import annotations

from pathlib import Path

from spouse_relief.io import read_document
from spouse_relief.pipeline import screen_data

ROOT = Path(__file__).resolve().parents[2]


def _facts(name: str) -> dict:
    return read_document(ROOT / "examples" / "screen" / name)


def test_66c_knowledge_reason_does_not_speak_of_6015b():
    # IRC 66(c)(1)(C): the requester did not know of the item of community income; 6015(b) is for joint returns.
    facts = _facts("community_property_texas.yaml")
    facts["tax_years"][0]["items"][0]["you_knew"] = "yes"
    screening = screen_data(facts)
    traditional = screening.finding("irc66c", 2023)
    knowledge = traditional.condition("no_knowledge")
    assert knowledge.status == "not_met"
    assert "traditional IRC 66(c) relief" in " ".join(knowledge.reasons)
    assert not any("6015" in reason for reason in knowledge.reasons)
    assert traditional.status == "not_met"
    # Equitable 66(c) relief is a separate finding: knowledge is a factor there, not a bar.
    equitable = screening.finding("irc66c_equitable", 2023)
    assert equitable.status != "not_met"
    assert {factor.id: factor.weighs for factor in equitable.factors}["knowledge"] == "against"


def test_no_payment_plan_for_a_balance_the_irs_can_no_longer_collect():
    # IRC 6502: collection period ended 2025-05-19 (see tests/cases/screen/equitable_refund_after_collection_period.yaml).
    facts = _facts("underpayment_only.yaml")
    year = facts["tax_years"][0]
    year.update({"year": 2014, "return_filed_on": "2015-04-10", "assessed_on": "2015-05-18",
                 "letters": [{"kind": "balance_due_notice", "on": "2015-06-22"}]})
    year["payments"][0]["on"] = "2015-04-10"
    year["payments"][1]["on"] = "2025-03-10"
    screening = screen_data(facts)
    forms = " ".join(item.form for item in screening.plan.items)
    assert "Form 8857" in forms
    for form in ("Form 9465", "Form 656"):
        assert form not in forms
