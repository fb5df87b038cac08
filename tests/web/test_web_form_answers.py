"""The questions only a form asks that are more than one box: Form 8857 line 20 (assets, as rows),
line 22 (monthly income and expenses, one amount per kind in the form's order, with the typed
rows the form prints beside them), the paid preparer (Form 8379 Part IV, Form 8857's preparer
block) and the representative (Form 2848 line 2), answered once with "No, nobody" when nobody is.
Posted through the interview (a saved case and the draft in the browser), shown on "Check your
answers", and read back from the filled PDFs. Expected amounts worked by hand."""

from __future__ import annotations

import io
import re

import pytest

from test_web_interview import CSRF, answer, questions_on, start, token


@pytest.fixture
def client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


LEVY = {  # the divorced person with tax missing and a levy (Ohio, 2022), as in the browser walk
    "abuse.abused": "no", "joint_return": "yes", "marriage.status": "divorced", "fraudulent_scheme_transfers": "no",
    "knowingly_filed_fraudulent_return": "no",
    "tax_years.0.items": {"rows": "1", "0.description": "Freelance income", "0.kind": "unreported_income", "0.owner": "spouse", "0.amount": "30,000",
                          "0.you_knew": "no"},
    "tax_years.0.collection": {"rows": "1", "0.kind": "levy_notice", "0.on": "2025-01-06", "0.against": "you"},
}
ASSETS = "forms.f8857.assets"
INCOME = "forms.f8857.monthly_income"
EXPENSES = "forms.f8857.monthly_expenses"


def levy_case(client, username="dana"):
    """The levy case with the screening's questions answered: the next questions are the forms' own."""
    case_id = start(client, username, ["tax_missing", "irs_collecting"], "OH", 2022)
    for _ in range(60):
        fields = questions_on(client.get(f"/cases/{case_id}/interview").text)
        if not fields or fields[0].startswith("forms."):
            return case_id
        answer(client, case_id, LEVY)
    raise AssertionError("the screening's questions did not end")


def page_of(client, case_id, field):
    page = client.get(f"/cases/{case_id}/interview?edit={field}")
    assert page.status_code == 200, page.text[:500]
    return page.text


def post(client, case_id, field, values, page=None):
    page = page or page_of(client, case_id, field)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"csrf_token": CSRF.search(page).group(1), "version": version, "fields": field, "edit": field, "action": "next", **values}
    return client.post(f"/cases/{case_id}/interview", data=data)


def test_smoke(client):
    case_id = levy_case(client)
    fields = []
    for _ in range(60):
        page = client.get(f"/cases/{case_id}/interview").text
        on = questions_on(page)
        if not on:
            break
        fields += on
        answer(client, case_id, {})
    print(fields)
    assert 0
