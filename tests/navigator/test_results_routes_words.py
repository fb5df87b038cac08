"""What the results say to a person who is not a tax professional.

A route is a form to send only once it is known to concern the person: while the answer that says
so is missing (was an Illinois refund taken? was a federal refund taken?), the route stays a
question, never a form to send nor a missed deadline."""

from __future__ import annotations

import copy
import re
import sys
from datetime import date
from pathlib import Path

from spouse_relief.case import import_document
from spouse_relief.packet.view import outcome_view
from spouse_relief.pipeline import run, screen_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from review_cases import LEVY_ILLINOIS  # noqa: E402


def _forms(screening) -> list[str]:
    return [item.form for item in screening.plan.items if item.tax_years]


def test_an_unanswered_illinois_refund_question_is_no_form_to_send_and_no_missed_deadline():
    screening = screen_data(copy.deepcopy(LEVY_ILLINOIS))
    assert screening.finding("il_injured_spouse", 2022).status == "unknown"  # still a question
    assert not any("IL-1040" in form for form in _forms(screening))
    assert not any(deadline.id.startswith("il_separate_return") for deadline in screening.deadlines)
    assert _forms(screening) == ["Form 8857, Request for Innocent Spouse Relief"]  # IL-8857 waits for "is Illinois tax owed?"


def test_an_illinois_refund_taken_by_idor_is_a_form_to_send():
    facts = copy.deepcopy(LEVY_ILLINOIS)
    facts["tax_years"][0]["illinois"] = {"refund_offset": "taken", "joint_il_return": True, "offset_by": "idor", "il_liability": True}
    screening = screen_data(facts)
    forms = _forms(screening)
    assert any("IL-1040-X" in form for form in forms) and any(form.startswith("Form IL-8857") for form in forms)
    facts["tax_years"][0]["illinois"] = {"refund_offset": "taken"}  # how the Illinois return was filed: not said
    screening = screen_data(facts)
    texts = [text for item in screening.plan.items for text in (item.why, *item.evidence, *item.next_steps)]
    texts += [text for deadline in screening.deadlines for text in deadline.remaining]
    texts += [text for finding in screening.findings for text in finding.reasons]
    assert any("IL-1040-X" in text for text in texts)
    for text in texts:  # IDOR is spelled out where it is first used
        assert "IDOR" not in text or text.index("Illinois Department of Revenue (IDOR)") < text.index("IDOR"), text


def test_no_illinois_refund_at_risk_shows_no_missed_separate_return_day():
    facts = copy.deepcopy(LEVY_ILLINOIS)
    facts["tax_years"][0]["illinois"] = {"refund_offset": "none"}
    screening = screen_data(facts)
    assert not any(deadline.id.startswith("il_separate_return") for deadline in screening.deadlines)


def test_an_unanswered_federal_refund_question_is_no_form_8379():
    facts = copy.deepcopy(LEVY_ILLINOIS)
    facts["tax_years"][0]["refund_offset"] = {}
    screening = screen_data(facts)
    assert screening.finding("form8379", 2022).status == "unknown"
    assert not any("8379" in form for form in _forms(screening))
    facts["tax_years"][0]["refund_offset"] = {"status": "taken"}  # taken, the debt not yet said: the form is one to send
    assert any("8379" in form for form in _forms(screen_data(facts)))


def test_unknown_whether_any_federal_tax_is_owed_is_no_form_8857():
    facts = copy.deepcopy(LEVY_ILLINOIS)
    year = facts["tax_years"][0]
    year["liabilities"] = {}
    del year["items"]
    screening = screen_data(facts)
    assert not any("8857" in form for form in _forms(screening))
    assert screening.finding("irc6015f", 2022).status == "unknown"


# --- each date once; only what is missing -------------------------------------------------------


def _outcome(facts: dict):
    return run(import_document(facts), date.fromisoformat(facts["as_of"]))


def test_each_date_is_said_once_in_a_deadlines_steps():
    view = outcome_view(_outcome(copy.deepcopy(LEVY_ILLINOIS)))
    steps = [step for deadline in view.deadlines for step in deadline["steps"]]
    assert any("2025-01-06 + 2 years = 2027-01-06" in step for step in steps)
    for step in steps:
        dates = re.findall(r"\d{4}-\d{2}-\d{2}", step)
        assert len(dates) == len(set(dates)), step


def test_a_waiting_worksheet_names_only_what_is_missing():
    facts = copy.deepcopy(LEVY_ILLINOIS)  # the items are listed; the deficiency is not
    message = _outcome(facts).year(2022).worksheets["f6015d"].error.message
    assert "deficiency" in message and "items" not in message
    facts["tax_years"][0]["deficiency_amount"] = "4500"
    del facts["tax_years"][0]["items"]
    outcome = _outcome(facts)
    computed = outcome.year(2022).worksheets.get("f6015d")
    if computed is not None:  # without items separation of liability may not be in view at all
        assert "items" in computed.error.message and "deficiency and" not in computed.error.message


def test_form_lines_and_rules_are_said_in_plain_words():
    facts = copy.deepcopy(LEVY_ILLINOIS)
    facts["tax_years"][0]["refund_offset"] = {"status": "taken", "debt": "child_support", "debt_owed_only_by_spouse": True, "your_tax_payments": True}
    outcome = _outcome(facts)
    reasons = [reason for finding in outcome.findings for reason in finding.reasons]
    steps = [step.text for deadline in outcome.deadlines for step in deadline.steps]
    assert "Form 8379, line 6: you had federal tax withheld or made estimated payments." in reasons
    assert not any(re.match(r"Lines? \d", reason) for reason in reasons)  # "Line 6" of which form?
    assert not any("streamlined (" in reason.lower() or "Not streamlined" in reason for reason in reasons)
    assert any("(a streamlined determination) only when three things are shown" in reason for reason in reasons)
    assert not any("moved under IRC 7503" in text or "move under IRC 7503" in text for text in reasons + steps)
    assert any("moves to the next business day, IRC 7503" in reason for reason in reasons)
