"""Deadline functions: the Reg. 1.6015-5(b)(4) examples, and each rule's steps and citations."""

from __future__ import annotations

from datetime import date

import pytest

from spouse_relief.navigator import deadlines as dl
from spouse_relief.navigator.facts import TaxYear


def year_with(**answers) -> TaxYear:
    return TaxYear.model_validate({"year": 1997, "joint_return": True, **answers})


def election(collection, as_of=date(2026, 11, 23)):
    return dl.election_6015bc(year_with(collection=collection), 0, as_of)


# Reg. 1.6015-5(b)(4), Examples 1-5 (TV-18 of the research notes): the first collection activity
# after July 22, 1998 starts the clock; later activity does not restart it.
@pytest.mark.parametrize(
    "events, elected_on, deadline, timely",
    [
        # Ex. 1: section 6330 notice January 11, 2000 (levies later) -> January 11, 2002 (a Friday)
        ([{"kind": "levy_notice", "on": "2000-01-11", "against": "you"}, {"kind": "levy", "on": "2000-06-01", "against": "you"}], None, date(2002, 1, 11), None),
        # Ex. 2: only an offset on January 12, 1998 (before July 22, 1998): the clock never started
        ([{"kind": "offset_of_your_refund", "on": "1998-01-12", "against": "you"}], date(2001, 7, 24), None, True),
        # Ex. 3: as Ex. 2 plus a section 6330 notice January 22, 1999 -> January 22, 2001 (a Monday): July 24, 2001 is late
        ([{"kind": "offset_of_your_refund", "on": "1998-01-12", "against": "you"}, {"kind": "levy_notice", "on": "1999-01-22", "against": "you"}], date(2001, 7, 24), date(2001, 1, 22), False),
        # Ex. 4: collection suit July 1, 1999 -> Sunday July 1, 2001 -> Monday July 2, 2001; October 2, 2000 is timely
        ([{"kind": "suit", "on": "1999-07-01", "against": "you"}], date(2000, 10, 2), date(2001, 7, 2), True),
        # Ex. 5: proof of claim in W's bankruptcy September 5, 2000 -> September 5, 2002; August 20, 2002 is timely
        ([{"kind": "court_claim", "on": "2000-09-05", "against": "you"}], date(2002, 8, 20), date(2002, 9, 5), True),
    ],
)
def test_regulation_examples(events, elected_on, deadline, timely):
    found = election(events)
    assert found.date == deadline
    if deadline is None:
        assert found.status == "not_started"
        assert any("on or before 1998-07-22" in step.text for step in found.steps)
    if timely is not None:
        assert (found.date is None or elected_on <= found.date) is timely
    assert "IRC 6015(b)(1)(E) and (c)(3)(B) (time limit counted from the first collection activity) [V]" in found.citations


def test_example_4_moves_from_sunday_to_monday():
    found = election([{"kind": "suit", "on": "1999-07-01", "against": "you"}])
    assert found.last_day == date(2001, 7, 1)
    assert found.date == date(2001, 7, 2)
    assert any("2001-07-01 is a Sunday" in step.text for step in found.steps)


def test_lien_bill_and_notice_of_deficiency_do_not_start_the_clock():
    found = election([
        {"kind": "lien_notice", "on": "2024-01-05", "against": "both"},
        {"kind": "demand_for_payment", "on": "2024-02-05", "against": "both"},
    ])
    assert found.status == "not_started" and found.date is None
    assert sum("is not collection activity" in step.text for step in found.steps) == 2


def test_activity_against_the_spouse_only_does_not_count():
    found = election([{"kind": "levy_notice", "on": "2024-01-05", "against": "spouse"}])
    assert found.status == "not_started"


def test_an_offset_notice_without_the_relief_rights_language_does_not_start_it_mcgee():
    found = election([
        {"kind": "offset_of_your_refund", "on": "2023-03-01", "against": "you", "notice_mentioned_relief_rights": False},
        {"kind": "levy_notice", "on": "2024-05-06", "against": "you"},
    ])
    assert found.started_on == date(2024, 5, 6)
    assert found.date == date(2026, 5, 6)
    assert any("McGee" in c for c in found.citations)


def test_unanswered_collection_asks_the_question():
    found = dl.election_6015bc(year_with(), 0, date(2026, 11, 23))
    assert found.status == "unknown"
    assert [q.id for q in found.missing] == ["collection"]
    assert found.missing[0].field == "tax_years.0.collection"


def test_collection_period_with_suspension_days():
    year = TaxYear.model_validate({"year": 2015, "assessed_on": "2016-05-30", "collection_suspended_days": 75})
    found = dl.collection_period(year, 0, date(2026, 11, 23))
    # 2016-05-30 + 10 years = 2026-05-30 (Saturday, but the suspension comes first) + 75 days = 2026-08-13 (Thursday)
    assert found.date == date(2026, 8, 13)
    assert found.status == "missed"
    assert found.remaining


def test_collection_period_for_an_underpayment_without_an_assessment_date_uses_the_filing_date():
    year = TaxYear.model_validate({"year": 2020, "return_filed_on": "2021-05-17", "liabilities": {"underpayment": True}})
    found = dl.collection_period(year, 0, date(2026, 11, 23))
    assert found.date == date(2031, 5, 19)  # 2031-05-17 is a Saturday
    assert [q.id for q in found.missing] == ["assessed_on"]


def test_refund_period_early_return_counts_as_filed_on_the_due_date():
    year = TaxYear.model_validate({
        "year": 2021, "return_filed_on": "2022-02-14",
        "payments": [{"on": "2022-02-14", "amount": "500", "by": "you", "source": "with_return"}],
    })
    found = dl.refund_period(year, 0, date(2024, 1, 1))
    # filed early: counts as filed 2022-04-15 -> + 3 = Tue 2025-04-15; payment + 2 = 2024-02-14
    assert found.date == date(2025, 4, 15)
    assert any("counts as filed on 2022-04-15" in step.text for step in found.steps)
    assert "IRC 6513(a) (early return deemed filed on the due date) [V]" in found.citations


def test_refund_lookback_within_and_after_the_three_year_period():
    year = TaxYear.model_validate({"year": 2021, "return_filed_on": "2022-04-11", "extension": False})
    within = dl.refund_lookback(year, date(2024, 6, 3))
    assert within.earliest_payment == date(2021, 6, 3)
    later = dl.refund_lookback(year, date(2026, 6, 3))
    assert later.earliest_payment == date(2024, 6, 3)


def test_form8379_not_yet_filed_has_no_separate_deadline():
    year = TaxYear.model_validate({"year": 2025, "joint_return": True, "refund_offset": {"status": "expected", "joint_return_filed_yet": False}})
    found = dl.form8379_window(year, 0, date(2026, 3, 1))
    assert found.status == "not_started" and found.date is None and found.citations


def test_irc66c_exam_contact_outside_the_window_does_not_change_it():
    year = TaxYear.model_validate({
        "year": 2023, "filed_separately": True,
        "community_property": {"other_spouse_assessment_period_ends": "2027-04-15"},
        "letters": [{"kind": "exam_contact", "on": "2026-05-04"}],
    })
    found = dl.irc66c_request(year, 0, date(2026, 6, 1))
    assert found.date == date(2026, 10, 15)
    assert found.status == "open"


def test_form12509_appeal_is_not_rolled_and_says_why():
    found = dl.form12509_appeal(date(2026, 4, 2), date(2026, 4, 20))
    assert found.date == found.last_day == date(2026, 5, 2)
    assert not found.rolled_under_7503
    # the date shown is the safe one; whether 7503 moves a deadline set by a letter is [U]
    assert any("It might move to the next business day, 2026-05-04" in step.text and "[U]" in step.text for step in found.steps)


def test_tax_court_opens_six_months_after_filing():
    found = dl.tax_court_opens(date(2025, 8, 31), date(2026, 1, 1))
    assert found.date == date(2026, 2, 28)  # August 31 + 6 months: the last day of February
    assert found.kind == "opens" and found.status == "opens_later"


def test_cdp_lien_estimate_when_the_notice_date_is_not_given():
    from spouse_relief.navigator.facts import CollectionEvent

    # IRC 6320(a)(2), (a)(3)(B): 30 days beginning the day after the 5 business days that follow the lien filing.
    # Without the filing date: the notice came no later than the end of those 5 business days, so notice + 30 days
    # is never later than the real last day. Notice Mon 2026-06-29 + 30 days = Wed 2026-07-29.
    event = CollectionEvent.model_validate({"kind": "lien_notice", "on": "2026-06-29"})
    hearing, equivalent = dl.cdp_lien(event, 2022, date(2026, 7, 1))
    assert hearing.date == date(2026, 7, 29)
    assert [question.id for question in hearing.missing] == ["cdp_response_due"]
    # With the filing date Mon 2026-06-29: business days 06-30, 07-01, 07-02, (Fri 07-03 Independence Day observed),
    # 07-06, 07-07 (5th); 2026-07-07 + 30 days = Thu 2026-08-06. The notice, dated 2026-07-02, gives no later estimate.
    filed = CollectionEvent.model_validate({"kind": "lien_notice", "on": "2026-07-02", "lien_filed_on": "2026-06-29"})
    counted, _ = dl.cdp_lien(filed, 2022, date(2026, 7, 3))
    assert counted.date == date(2026, 8, 6)
    assert counted.date >= hearing.date
    assert equivalent.date == date(2027, 6, 29)
