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


def filled_fields(client, case_id) -> tuple[dict[str, str], str]:
    """Every form field of the packet the web gives (name without its form's prefix -> value), and its text."""
    from pypdf import PdfReader

    pdf = client.get(f"/cases/{case_id}/forms/packet-all.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    fields = {name: str(field.get("/V") or "") for name, field in (reader.get_fields() or {}).items()}
    return fields, "\n".join(page.extract_text() for page in reader.pages)


def field(fields, form, name):
    found = [value for key, value in fields.items() if key.startswith(form) and key.endswith(name)]
    assert len(found) == 1, (form, name, found)
    return found[0]


ASSET_ROWS = {f"q.{ASSETS}.rows": "4", f"q.{ASSETS}.0.description": "Car", f"q.{ASSETS}.0.fair_market_value": "8,000",
              f"q.{ASSETS}.0.loan_balance": "2,500.00", f"q.{ASSETS}.1.description": "Checking account", f"q.{ASSETS}.1.fair_market_value": "$1,200.50"}
INCOME_TABLE = {f"q.{INCOME}.wages": "2,100", f"q.{INCOME}.child_support": "400.00", f"q.{INCOME}.gifts": "",
                "q.forms.f8857.other_income.rows": "3", "q.forms.f8857.other_income.0.type": "Disability", "q.forms.f8857.other_income.0.amount": "300"}
EXPENSE_TABLE = {f"q.{EXPENSES}.food": "450", f"q.{EXPENSES}.rent_or_mortgage": "1,200", f"q.{EXPENSES}.miscellaneous": "25.00",
                 "q.forms.f8857.court_ordered_payments.rows": "3", "q.forms.f8857.court_ordered_payments.0.type": "Wage garnishment",
                 "q.forms.f8857.court_ordered_payments.0.amount": "150"}


def test_assets_and_monthly_income_and_expenses_fill_form_8857_lines_20_and_22(client, tmp_path):
    case_id = levy_case(client)
    _fields, before = filled_fields(client, case_id)
    assert "Your assets: description, fair market value, loan balance" in before and "Total monthly income" in before  # left to fill
    page = page_of(client, case_id, ASSETS)
    assert "Form 8857, line 20" in page and "The IRS weighs whether paying would cause economic hardship." in page
    assert "What it is worth now" in page and "I own nothing of value" in page and "fair_market_value<" not in page
    for field_name, values in ((ASSETS, ASSET_ROWS), (INCOME, INCOME_TABLE), (EXPENSES, EXPENSE_TABLE)):
        saved = post(client, case_id, field_name, values)
        assert saved.status_code == 303, re.sub(r"<[^>]+>", " ", saved.text)[:1500]
    # asked once: none of the three comes back
    for _ in range(30):
        on = questions_on(client.get(f"/cases/{case_id}/interview").text)
        assert not {ASSETS, INCOME, EXPENSES} & set(on)
        if not on:
            break
        answer(client, case_id, {"paid_preparer": "nobody", "representative": "nobody"})
    check = client.get(f"/cases/{case_id}/check").text
    assert "Car: worth $8,000.00, owed $2,500.00; Checking account: worth $1,200.50" in check
    assert "Wages (gross pay): $2,100.00; Child support: $400.00; Disability: $300.00" in check
    assert "Food: $450.00; Rent or mortgage: $1,200.00; Wage garnishment: $150.00; Miscellaneous: $25.00" in check
    assert "monthly_income" not in re.sub(r'(name|id|href|for|value|aria-describedby)="[^"]*"', "", check)

    fields, text = filled_fields(client, case_id)
    row1, row2 = "Table_Line20[0].BodyRow1[0].", "Table_Line20[0].BodyRow2[0]."
    assert [field(fields, "form8857", row1 + name) for name in ("f4_5[0]", "f4_6[0]", "f4_7[0]")] == ["Car", "8,000.00", "2,500.00"]
    assert [field(fields, "form8857", row2 + name) for name in ("f4_8[0]", "f4_9[0]", "f4_10[0]")] == ["Checking account", "1,200.50", ""]
    income = {name: field(fields, "form8857", f"Page4[0].{name}[0]") for name in ("f4_27", "f4_28", "f4_34", "f4_38", "f4_39", "f4_44")}
    # total monthly income: 2,100 wages + 400 child support + 300 disability = 2,800
    assert income == {"f4_27": "", "f4_28": "2,100.00", "f4_34": "400.00", "f4_38": "Disability", "f4_39": "300.00", "f4_44": "2,800.00"}
    expenses = {name: field(fields, "form8857", f"Page5[0].{name}[0]") for name in ("f5_1", "f5_7", "f5_24", "f5_25", "f5_30", "f5_31")}
    # total monthly expenses: 450 food + 1,200 rent + 150 garnishment + 25 miscellaneous = 1,825
    assert expenses == {"f5_1": "450.00", "f5_7": "1,200.00", "f5_24": "Wage garnishment", "f5_25": "150.00", "f5_30": "25.00", "f5_31": "1,825.00"}
    cover = text.split("Request for Innocent Spouse Relief", 1)[0]
    for gone in ("Your assets", "Total monthly income", "Total monthly expenses"):
        assert gone not in cover, gone
    assert field(fields, "form8857", "Page6[0].f6_16[0]") == ""  # "No, nobody": no paid preparer on the form
    assert "Paid Preparer Use Only" not in cover

    # the same case, saved to a file: the command line fills the same lines
    import json

    import typer
    from pypdf import PdfReader
    from typer.testing import CliRunner

    from spouse_relief.commands.forms import register

    app = typer.Typer()
    register(app)
    app.callback()(lambda: None)
    saved = tmp_path / "case.json"
    saved.write_text(json.dumps(client.get(f"/cases/{case_id}/export.json").json()))
    out = tmp_path / "f8857.pdf"
    result = CliRunner().invoke(app, ["forms", str(saved), "--form", "8857", "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = {name: str(item.get("/V") or "") for name, item in PdfReader(out).get_fields().items()}
    assert (field(written, "", row1 + "f4_5[0]"), field(written, "", "Page4[0].f4_44[0]"), field(written, "", "Page5[0].f5_31[0]")) == ("Car", "2,800.00", "1,825.00")


def test_a_bad_amount_is_said_beside_its_line_and_what_was_typed_stays(client):
    case_id = levy_case(client)
    bad = post(client, case_id, EXPENSES, {**EXPENSE_TABLE, f"q.{EXPENSES}.food": "lots", "q.forms.f8857.court_ordered_payments.0.amount": "1.2.3"})
    assert bad.status_code == 422
    assert "Food: enter the amount in dollars, like 450.00." in bad.text
    assert f'id="f-q.{EXPENSES}.food-error"' in bad.text and f'href="#f-q.{EXPENSES}.food"' in bad.text and 'value="lots"' in bad.text
    assert "Row 1: enter the amount in dollars, like 12,500.00." in bad.text and 'value="1.2.3"' in bad.text
    assert 'value="1,200"' in bad.text  # the good amounts typed stay too
    worth = post(client, case_id, ASSETS, {**ASSET_ROWS, f"q.{ASSETS}.1.fair_market_value": "about a thousand"})
    assert worth.status_code == 422 and "Row 2: What it is worth now: enter the amount in dollars, like 12,500.00." in worth.text
    assert f'id="f-q.{ASSETS}.1.fair_market_value-error"' in worth.text
    empty = post(client, case_id, INCOME, {f"q.{INCOME}.wages": ""})
    assert empty.status_code == 422 and "Enter at least one amount, or choose" in empty.text
    shown = re.sub(r'(name|id|href|for|value|aria-describedby)="[^"]*"', "", bad.text + worth.text)
    for code in ("monthly_expenses", "court_ordered", "fair_market_value", "rent_or_mortgage", "forms.f8857"):
        assert code not in shown, code
    saved = client.get(f"/cases/{case_id}/export.json").json()
    assert not (saved.get("forms") or {}).get("f8857", {}).get("monthly_expenses")  # nothing saved from a page with an error


def test_nobody_is_answered_once_and_a_named_preparer_needs_a_name(client):
    case_id = levy_case(client)
    page = page_of(client, case_id, "forms.paid_preparer")
    assert "No, nobody" in page and "Preparer&#39;s PTIN" in page and "A paid preparer must sign" in page
    unnamed = post(client, case_id, "forms.paid_preparer", {"q.forms.paid_preparer": "someone", "q.forms.paid_preparer.ptin": "P01234567"})
    assert unnamed.status_code == 422 and "Preparer&#39;s name: enter the name, or choose &#34;No, nobody&#34;." in unnamed.text
    assert 'id="f-q.forms.paid_preparer.name-error"' in unnamed.text and 'value="P01234567"' in unnamed.text
    too_long = post(client, case_id, "forms.paid_preparer", {"q.forms.paid_preparer.name": "Jane Roe", "q.forms.paid_preparer.firm_ein": "12-34567890123"})
    assert too_long.status_code == 422 and "Firm&#39;s EIN: use at most 10 characters." in too_long.text
    for person in ("forms.paid_preparer", "forms.representative"):
        assert post(client, case_id, person, {f"q.{person}": "nobody"}).status_code == 303
    for _ in range(30):
        on = questions_on(client.get(f"/cases/{case_id}/interview").text)
        assert "forms.paid_preparer" not in on and "forms.representative" not in on
        if not on:
            break
        answer(client, case_id, {})
    saved = client.get(f"/cases/{case_id}/export.json").json()
    assert saved["forms"].get("paid_preparer") is None and saved["forms"].get("representative") is None
    assert {"forms.paid_preparer", "forms.representative"} <= {item["field"] for item in saved["answered"]}
    check = client.get(f"/cases/{case_id}/check").text
    assert check.count("No, nobody") == 2
    again = page_of(client, case_id, "forms.paid_preparer")  # changing it: "No, nobody" is the answer shown
    assert re.search(r'value="nobody" checked', again)


INJURED = {"abuse.abused": "no", "joint_return": "yes", "refund_offset.debt": "child_support", "debt_owed_only_by_spouse": "yes",
           "you_legally_obligated": "no", "your_tax_payments": "yes", "your_earned_income": "yes", "other_refundable_credit": "no",
           "return_items": {"rows": "3", "0.kind": "wages", "0.owner": "you", "0.amount": "30,000", "1.kind": "wages", "1.owner": "spouse",
                            "1.amount": "50000", "2.kind": "federal_withholding", "2.owner": "you", "2.amount": "6,000"}}


def test_the_paid_preparer_fills_form_8379_part_iv(client):
    case_id = start(client, "maria", "refund_taken", "OH", 2024)
    for _ in range(40):
        fields = questions_on(client.get(f"/cases/{case_id}/interview").text)
        if not fields or fields[0].startswith("forms."):
            break
        answer(client, case_id, INJURED)
    preparer = {"q.forms.paid_preparer": "someone", "q.forms.paid_preparer.name": "Jane Roe", "q.forms.paid_preparer.ptin": "P01234567",
                "q.forms.paid_preparer.firm_name": "Roe Tax Service", "q.forms.paid_preparer.firm_ein": "12-3456789",
                "q.forms.paid_preparer.self_employed": "1"}
    assert post(client, case_id, "forms.paid_preparer", preparer).status_code == 303
    check = client.get(f"/cases/{case_id}/check").text
    assert "Jane Roe; Preparer&#39;s PTIN: P01234567; Firm&#39;s name: Roe Tax Service; Firm&#39;s EIN: 12-3456789; The preparer is self-employed" in check
    fields, text = filled_fields(client, case_id)
    assert field(fields, "form8379", "Page2[0].f2_29[0]") == "Jane Roe"
    assert field(fields, "form8379", "Page2[0].f2_30[0]") == "P01234567"
    assert field(fields, "form8379", "Page2[0].f2_31[0]") == "Roe Tax Service"
    assert field(fields, "form8379", "Page2[0].c2_1[0]") == "/1"
    assert "Paid Preparer Use Only" in text  # the preparer signs: the cover sheet says so


def test_the_representative_fills_form_2848_line_2(client):
    case_id = levy_case(client)
    person = {"q.forms.representative": "someone", "q.forms.representative.name": "Lee Chen, Esq.",
              "q.forms.representative.address": "100 Main St, Columbus, OH 43215", "q.forms.representative.caf_number": "0301-12345R",
              "q.forms.representative.phone": "614-555-0100"}
    assert post(client, case_id, "forms.representative", person).status_code == 303
    check = client.get(f"/cases/{case_id}/check").text
    assert "Lee Chen, Esq.; Address: 100 Main St, Columbus, OH 43215; CAF number: 0301-12345R; Telephone number: 614-555-0100" in check
    fields, _text = filled_fields(client, case_id)
    assert field(fields, "form2848", "Page1[0].RepresentativesName1[0]") == "Lee Chen, Esq."
    assert field(fields, "form2848", "Page1[0].CAFNumber1[0]") == "0301-12345R"


def draft_answer(client, answers, field=None, values=None):
    """Answer the draft's page shown (by field endings, else "I don't know"), or post ``values`` for ``field``."""
    page = client.get("/start/interview" + (f"?edit={field}" if field else "")).text
    fields = [field] if field else questions_on(page)
    data = {"csrf_token": CSRF.search(page).group(1), "version": "0", "fields": fields, "action": "next", **({"edit": field} if field else {})}
    if values is not None:
        data.update(values)
    for name in fields if values is None else []:
        value = next((value for key, value in answers.items() if name.endswith(key)), "__unknown__")
        data.update({f"q.{name}.{key}": item for key, item in value.items()} if isinstance(value, dict) else {f"q.{name}": value})
    return fields, client.post("/start/interview", data=data)


def test_without_an_account_a_whole_line_22_stays_in_the_browser(client):
    from spouse_relief.web import anonymous
    from spouse_relief.web.interview_plan import money_kinds

    client.post("/start/what-happened", data={"csrf_token": token(client, "/start/what-happened"), "what_happened": ["tax_missing", "irs_collecting"],
                                              "state": "OH", "tax_years": "2022"})
    for _ in range(60):
        fields, saved = draft_answer(client, LEVY)
        assert saved.status_code == 303, saved.text[:300]
        if fields and fields[0].startswith("forms."):
            break
    # every line of line 22 filled with a different amount, the three typed rows of each, seven assets
    whole = {}
    for table, other in ((INCOME, "other_income"), (EXPENSES, "court_ordered_payments")):
        values = {f"q.{table}.{key}": f"{1000 + index * 37:,}.{index:02d}" for index, key in enumerate(money_kinds(table.rsplit(".", 1)[1]))}
        values.update({f"q.forms.f8857.{other}.rows": "3"})
        for index in range(3):
            values.update({f"q.forms.f8857.{other}.{index}.type": f"Payment of kind number {index + 1}", f"q.forms.f8857.{other}.{index}.amount": f"{index + 1}11.11"})
        whole[table] = values
    whole[ASSETS] = {f"q.{ASSETS}.rows": "7"}
    for index in range(7):
        whole[ASSETS].update({f"q.{ASSETS}.{index}.description": f"Asset number {index + 1} with a longer name", f"q.{ASSETS}.{index}.fair_market_value": "12,345.67",
                              f"q.{ASSETS}.{index}.loan_balance": "2,345.67"})
    for field_name, values in whole.items():
        _fields, saved = draft_answer(client, {}, field_name, values)
        assert saved.status_code == 303 and saved.headers["location"] == "/start/interview?msg=saved", (field_name, saved.headers.get("location"))
    draft = client.cookies.get(anonymous.COOKIE)
    assert draft and len(draft) <= anonymous.MAX_COOKIE
    check = client.get("/start/interview").text  # the answers so far, listed under the questions
    assert "Food: $1,000.00" in check and "Miscellaneous: $1,851.23" in check and "Payment of kind number 3: $311.11" in check
    assert "Asset number 7 with a longer name: worth $12,345.67, owed $2,345.67" in check
    assert not {ASSETS, INCOME, EXPENSES} & set(questions_on(check))


def test_the_new_questions_are_in_spanish(client):
    from spouse_relief.web.interview_plan import MONEY_TABLES, PERSON_FIELDS, money_kinds

    case_id = levy_case(client)
    client.headers["Accept-Language"] = "es"
    expenses = page_of(client, case_id, EXPENSES)
    assert "Alimentos y cuidado personal" in expenses and "Otros gastos" in expenses and "Formulario 8857, línea 22" in expenses
    bad = post(client, case_id, EXPENSES, {f"q.{EXPENSES}.food": "mucho"}, expenses)
    assert bad.status_code == 422 and "Alimentos: anote la cantidad en dólares, por ejemplo 450.00." in bad.text
    person = page_of(client, case_id, "forms.paid_preparer")
    assert "No, nadie" in person and "Nombre del preparador" in person
    assets = page_of(client, case_id, ASSETS)
    assert "Cuánto vale ahora" in assets and "No tengo nada de valor" in assets
    english = [label for table in MONEY_TABLES for label in money_kinds(table).values()]
    english += [label for parts in PERSON_FIELDS.values() for _key, label, _kind in parts if label != "PTIN"]
    shown = expenses + person + assets + page_of(client, case_id, INCOME)
    assert [label for label in english if f">{label}<" in shown.replace("&#39;", "'")] == []


def test_owning_nothing_of_value_is_written_none_on_line_20(client):
    case_id = levy_case(client, "nils")
    saved = post(client, case_id, ASSETS, {f"q.{ASSETS}": "none", f"q.{ASSETS}.rows": "3"})
    assert saved.status_code == 303, re.sub(r"<[^>]+>", " ", saved.text)[:1500]
    fields, text = filled_fields(client, case_id)
    row1 = "Table_Line20[0].BodyRow1[0]."
    assert [field(fields, "form8857", row1 + name) for name in ("f4_5[0]", "f4_6[0]", "f4_7[0]")] == ["None", "", ""]
    assert "Your assets" not in text.split("Request for Innocent Spouse Relief", 1)[0]  # not left to fill
