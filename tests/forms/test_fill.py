"""Filled official forms, read back field by field.

Expected values are written out here from the case files (tests/forms/cases), not copied from the
tool's output. Every mapped field is read back; every checkbox is tried in both states.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from spouse_relief.forms.blanks import FormDataError, blank_bytes, checked_map, field_map, form_keys, widgets
from spouse_relief.forms.fill import fill, lookup, plan_values
from spouse_relief.forms.source import form_mapping

from .helpers import inputs, read_back, set_path

P = "topmostSubform[0]."


# --- the maps and the blanks -----------------------------------------------------------------


@pytest.mark.parametrize("form", form_keys())
def test_every_mapped_field_exists_in_the_pdf(form):
    fmap = checked_map(form)  # raises FormDataError on a missing field or checkbox state
    available = widgets(form)
    for name in fmap.field_names():
        assert name in available, name


def test_a_map_naming_a_missing_field_fails(monkeypatch):
    import spouse_relief.forms.blanks as blanks

    broken = replace(field_map("8379"), entries=field_map("8379").entries + [{"line": "1", "label": "x", "field": "Page1[0].no_such[0]", "source": "year"}])
    monkeypatch.setattr(blanks, "field_map", lambda form: broken)
    blanks.checked_map.cache_clear()
    try:
        with pytest.raises(FormDataError, match="no_such"):
            blanks.checked_map("8379")
    finally:
        blanks.checked_map.cache_clear()


def test_a_changed_blank_is_refused(monkeypatch):
    import spouse_relief.forms.blanks as blanks

    changed = replace(field_map("911"), sha256="0" * 64)
    monkeypatch.setattr(blanks, "field_map", lambda form: changed)
    blanks.blank_bytes.cache_clear()
    try:
        with pytest.raises(FormDataError, match="SHA-256"):
            blanks.blank_bytes("911")
    finally:
        blanks.blank_bytes.cache_clear()


@pytest.mark.parametrize("form", form_keys())
def test_signature_and_date_are_never_mapped(form):
    for entry in checked_map(form).entries:
        label = entry["label"].lower()
        assert "signature" not in label
        assert not re.search(r"\bdate\b", label) or "since" in label, entry


# --- Form 8857: the three-year case, every field ---------------------------------------------

NAME, SSN = "Alex R. Rivera", "123-45-6789"


@pytest.fixture(scope="module")
def f8857():
    data = form_mapping(inputs("three_years_illinois.yaml"), "8857", None, (2021, 2022, 2023))
    return fill("8857", data), read_back(fill("8857", data).pdf)


def test_8857_part_i_and_ii_from_the_case(f8857):
    _, got = f8857
    expect = {
        # line 1: joint returns for the years; line 2: no refund was taken for the spouse's own debts
        "Page1[0].c1_1[0]": "/1", "Page1[0].c1_1[1]": "/Off",
        "Page1[0].c1_2[0]": "/Off", "Page1[0].c1_2[1]": "/2",
        # line 3: the three tax years, the other three boxes empty
        "Page1[0].f1_1[0]": "2021", "Page1[0].f1_2[0]": "2022", "Page1[0].f1_3[0]": "2023",
        "Page1[0].f1_4[0]": "", "Page1[0].f1_5[0]": "", "Page1[0].f1_6[0]": "",
        # line 4: Spanish
        "Page1[0].c1_3[0]": "/Off", "Page1[0].c1_3[1]": "/2", "Page1[0].f1_7[0]": "Spanish",
        # line 5: the safe contact address and phone from the form answers, not the home address
        "Page1[0].f1_8[0]": NAME, "Page1[0].f1_9[0]": SSN, "Page1[0].c1_4[0]": "/1",
        "Page1[0].f1_10[0]": "P.O. Box 4410", "Page1[0].f1_11[0]": "", "Page1[0].f1_12[0]": "Sangamon",
        "Page1[0].f1_13[0]": "Springfield, IL 62708", "Page1[0].f1_14[0]": "217-555-0144", "Page1[0].c1_6[0]": "/Off",
        # line 6
        "Page2[0].f2_1[0]": "Sam T. Rivera", "Page2[0].f2_2[0]": "987-65-4321", "Page2[0].f2_3[0]": "88 Lake Shore Dr",
        "Page2[0].f2_4[0]": "12C", "Page2[0].f2_5[0]": "Chicago, IL 60611", "Page2[0].f2_6[0]": "312-555-0199",
        # line 7: divorced on June 30, 2025, as MM/DD/YYYY; the other statuses off and undated
        "Page2[0].c2_1[0]": "/Off", "Page2[0].c2_1[1]": "/Off", "Page2[0].c2_1[2]": "/Off", "Page2[0].c2_1[3]": "/Off",
        "Page2[0].c2_1[4]": "/5", "Page2[0].f2_10[0]": "06/30/2025", "Page2[0].f2_7[0]": "", "Page2[0].f2_8[0]": "", "Page2[0].f2_9[0]": "",
        # line 8: some college
        "Page2[0].c2_2[0]": "/Off", "Page2[0].c2_2[1]": "/Off", "Page2[0].c2_2[2]": "/3", "Page2[0].c2_2[3]": "/Off",
        "Page2[0].f2_11[0]": "Associate degree in nursing", "Page2[0].f2_12[0]": "None", "Page2[0].f2_14[0]": "The same for all three years.",
        # line 9: poor health (facts.you.poor_health), line 10: yes, line 11: yes
        "Page2[0].c2_3[0]": "/1", "Page2[0].c2_3[1]": "/Off",
        "Page2[0].f2_16[0]": "Since 2020 I have been treated for major depression; my doctor's letter is attached.",
        "Page2[0].c2_4[0]": "/1", "Page2[0].c2_4[1]": "/Off",
        "Page2[0].c2_5[0]": "/1", "Page2[0].c2_5[1]": "/Off",
        "Page2[0].f2_19[0]": "Sam said filing jointly would save us money, and I trusted him with our taxes.",
    }
    for field, value in expect.items():
        assert got[P + field] == value, field
    for page in range(2, 7):  # the name/SSN header of pages 2-6
        assert got[f"{P}Page{page}[0].f1_8[0]"] == NAME
        assert got[f"{P}Page{page}[0].f1_9[0]"] == SSN


def test_8857_parts_iii_to_vii_from_the_case(f8857):
    filled, got = f8857
    expect = {
        "Page3[0].f3_9[0]": "I did not know anything was missing. Nothing on the returns looked wrong to me.",
        "Page3[0].f3_13[0]": "The returns showed refunds, not a balance due.",
        # line 18 no, line 19 no (the case lists no transfers)
        "Page3[0].c3_1[0]": "/Off", "Page3[0].c3_1[1]": "/No", "Page4[0].c4_1[0]": "/Off", "Page4[0].c4_1[1]": "/2",
        # line 20: two assets; line 21: 3 people
        "Page4[0].Table_Line20[0].BodyRow1[0].f4_5[0]": "Checking account",
        "Page4[0].Table_Line20[0].BodyRow1[0].f4_6[0]": "640.00", "Page4[0].Table_Line20[0].BodyRow1[0].f4_7[0]": "0.00",
        "Page4[0].Table_Line20[0].BodyRow2[0].f4_8[0]": "2014 Honda Civic",
        "Page4[0].Table_Line20[0].BodyRow2[0].f4_9[0]": "5,200.00", "Page4[0].Table_Line20[0].BodyRow2[0].f4_10[0]": "1,800.00",
        "Page4[0].Table_Line20[0].BodyRow3[0].f4_11[0]": "",
        "Page4[0].f4_26[0]": "3",
        # line 22 income: wages 2,900 + child support 200 + other 0 = 3,100
        "Page4[0].f4_28[0]": "2,900.00", "Page4[0].f4_34[0]": "200.00", "Page4[0].f4_27[0]": "",
        "Page4[0].f4_38[0]": "Disability payments", "Page4[0].f4_39[0]": "0.00", "Page4[0].f4_44[0]": "3,100.00",
        # line 22 expenses: 700 + 1,250 + 210 + 90 + 380 + 180 + 240 = 3,050
        "Page5[0].f5_1[0]": "700.00", "Page5[0].f5_5[0]": "380.00", "Page5[0].f5_7[0]": "1,250.00", "Page5[0].f5_9[0]": "210.00",
        "Page5[0].f5_10[0]": "90.00", "Page5[0].f5_12[0]": "180.00", "Page5[0].f5_14[0]": "240.00", "Page5[0].f5_31[0]": "3,050.00",
        "Page5[0].f5_30[0]": "",
        # Part V: the person chose to tell; abuse yes (facts), the code stays on, afraid yes, danger no
        "Page5[0].c5_1[0]": "/Yes", "Page5[0].c5_1[1]": "/Off", "Page5[0].c5_2[0]": "/Off",
        "Page6[0].c6_1[0]": "/1", "Page6[0].c6_1[1]": "/Off", "Page6[0].c6_2[0]": "/Off", "Page6[0].c6_2[1]": "/2",
        # line 24 points at the attached explanation; line 25 not ticked (the answer is no)
        "Page6[0].f6_5[0]": "Please see the attached statement explaining why I should not be held liable for the tax.",
        "Page6[0].c6_3[0]": "/Off",
        # no paid preparer
        "Page6[0].f6_16[0]": "", "Page6[0].c6_4[0]": "/Off",
    }
    for field, value in expect.items():
        assert got[P + field] == value, field
    # line 13 is longer than its four lines: the fourth says so and the rest is a continuation
    assert got[P + "Page3[0].f3_5[0]"].startswith("I knew Sam did some consulting work on the side")
    assert got[P + "Page3[0].f3_8[0]"].endswith("(continued on the attached page)")
    assert [item.line for item in filled.continuations] == ["13"]
    assert filled.continuations[0].text.endswith("none of my concern.")
    # Part V's description is the person's own words, across the lines
    text = " ".join(got[P + f"Page6[0].f6_{index}[0]"] for index in range(1, 5)).strip()
    assert text == "Sam shouted at me and threatened me whenever I asked about money, from 2019 until I left in 2024. I was afraid to question anything he put on the returns."


def test_8857_every_mapped_field_is_what_was_planned(f8857):
    filled, got = f8857
    fmap = checked_map("8857")
    assert len(fmap.field_names()) == 208
    for name in fmap.field_names():
        assert got[name] == (filled.values.get(name) or ""), name
    # with every answer given, only the signature remains
    assert [item.kind for item in filled.unfilled] == ["sign"]  # no paid preparer: only your own signature


# --- both states of every checkbox, on every form ---------------------------------------------


@pytest.mark.parametrize("form", form_keys())
def test_every_checkbox_both_states(form):
    fmap = checked_map(form)
    boxes = [entry for entry in fmap.entries if "on" in entry]
    by_source: dict[str, set] = {}
    for entry in boxes:
        wanted = entry.get("when", True)
        by_source.setdefault(entry["source"], set()).update(wanted if isinstance(wanted, list) else [wanted])
    rounds = max((len(values) for values in by_source.values()), default=0)
    seen: dict[str, set[str]] = {fmap.full(entry["field"]): set() for entry in boxes}
    for index in range(max(rounds, 2)):
        data: dict = {}
        for source, values in by_source.items():
            ordered = sorted(values, key=str) + ([False] if values == {True} else [])
            set_path(data, source, ordered[index % len(ordered)])
        got = read_back(fill(form, data).pdf)
        for entry in boxes:
            name = fmap.full(entry["field"])
            value = lookup(data, entry["source"])
            wanted = entry.get("when", True)
            assert got[name] == (entry["on"] if value == wanted else "/Off"), (name, value)
            seen[name].add(got[name])
    for name, states in seen.items():
        assert len(states) == 2, (name, states)  # each box was seen ticked and not ticked


# --- Form 8379: the Ohio case, every field ----------------------------------------------------


def test_8379_every_field_from_the_case_and_the_allocation():
    data = form_mapping(inputs("ohio_injured_spouse.yaml"), "8379", 2024, (2024,))
    filled = fill("8379", data, 2024)
    got = read_back(filled.pdf)
    expect = {
        "Page1[0].f1_1[0]": "2024",
        "Page1[0].c1_1[0]": "/Yes", "Page1[0].c1_1[1]": "/Off",  # 2: joint return
        "Page1[0].c1_2[0]": "/Yes", "Page1[0].c1_2[1]": "/Off",  # 3: child support owed only by Casey
        "Page1[0].c1_3[0]": "/Off", "Page1[0].c1_3[1]": "/No",  # 4: Jordan is not obligated
        "Page1[0].c1_4[0]": "/Off", "Page1[0].c1_4[1]": "/No", "Page1[0].f1_2[0]": "",  # 5: Ohio is not community property
        "Page1[0].c1_5[0]": "/Yes", "Page1[0].c1_5[1]": "/Off",  # 6: withholding -> skip 7-9
        "Page1[0].c1_6[0]": "/Off", "Page1[0].c1_6[1]": "/Off", "Page1[0].c1_7[0]": "/Off", "Page1[0].c1_7[1]": "/Off",
        "Page1[0].c1_8[0]": "/Off", "Page1[0].c1_8[1]": "/Off",
        "Page1[0].f1_3[0]": "Jordan A. Smith", "Page1[0].f1_4[0]": "234-56-7890", "Page1[0].c1_9[0]": "/1",
        "Page1[0].f1_5[0]": "Casey B. Smith", "Page1[0].f1_6[0]": "345-67-8901", "Page1[0].c1_10[0]": "/Off",
        "Page1[0].c1_11[0]": "/Off", "Page1[0].c1_12[0]": "/Off", "Page1[0].c1_12[1]": "/No", "Page1[0].f1_7[0]": "",
        # Part III, worked by hand from the case: W-2s 40,000 / 20,000; interest split 300 / 100 by agreement;
        # the standard deduction (2024 MFJ 29,200) halved; withholding to whoever earned it;
        # the joint estimated payment of 800 divided by separate tax from the Tax Table rows
        # (taxable 25,700 and 5,500: 2,855 and 553): 800 x 2,855 / 3,408 = 670.19, the rest 129.81.
        "Page2[0].Pg2Table[0].BodyRowLn13a[0].f2_1[0]": "60,000.00", "Page2[0].Pg2Table[0].BodyRowLn13a[0].f2_2[0]": "40,000.00",
        "Page2[0].Pg2Table[0].BodyRowLn13a[0].f2_3[0]": "20,000.00",
        "Page2[0].Pg2Table[0].BodyRowLn13b[0].f2_4[0]": "400.00", "Page2[0].Pg2Table[0].BodyRowLn13b[0].f2_5[0]": "300.00",
        "Page2[0].Pg2Table[0].BodyRowLn13b[0].f2_6[0]": "100.00",
        "Page2[0].Pg2Table[0].BodyRowLn14[0].f2_7[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn14[0].f2_8[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn14[0].f2_9[0]": "0.00",
        "Page2[0].Pg2Table[0].BodyRowLn15[0].f2_10[0]": "29,200.00", "Page2[0].Pg2Table[0].BodyRowLn15[0].f2_11[0]": "14,600.00",
        "Page2[0].Pg2Table[0].BodyRowLn15[0].f2_12[0]": "14,600.00",
        "Page2[0].Pg2Table[0].BodyRowLn16[0].f2_13[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn16[0].f2_14[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn16[0].f2_15[0]": "0.00",
        "Page2[0].Pg2Table[0].BodyRowLn17[0].f2_16[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn17[0].f2_17[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn17[0].f2_18[0]": "0.00",
        "Page2[0].Pg2Table[0].BodyRowLn18[0].f2_19[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn18[0].f2_20[0]": "0.00", "Page2[0].Pg2Table[0].BodyRowLn18[0].f2_21[0]": "0.00",
        "Page2[0].Pg2Table[0].BodyRowLn19[0].f2_22[0]": "5,000.00", "Page2[0].Pg2Table[0].BodyRowLn19[0].f2_23[0]": "4,000.00",
        "Page2[0].Pg2Table[0].BodyRowLn19[0].f2_24[0]": "1,000.00",
        "Page2[0].Pg2Table[0].BodyRowLn20[0].f2_25[0]": "800.00", "Page2[0].Pg2Table[0].BodyRowLn20[0].f2_26[0]": "670.19",
        "Page2[0].Pg2Table[0].BodyRowLn20[0].f2_27[0]": "129.81",
        "Page2[0].f2_28[0]": "614-555-0110",  # filed by itself: Part IV phone
        # Part IV preparer: none named
        "Page2[0].f2_29[0]": "", "Page2[0].c2_1[0]": "/Off", "Page2[0].f2_30[0]": "", "Page2[0].f2_31[0]": "",
        "Page2[0].f2_32[0]": "", "Page2[0].f2_34[0]": "", "Page2[0].f2_33[0]": "",
    }
    fmap = checked_map("8379")
    assert sorted(P + field for field in expect) == sorted(fmap.field_names())  # every mapped field is checked
    for field, value in expect.items():
        assert got[P + field] == value, field
    # lines 7-9 are skipped by the form's own instruction, not left for the person
    assert not [item for item in filled.unfilled if item.kind == "answer"]


def test_8379_part_iv_preparer_only_when_named():
    from spouse_relief.forms.answers import PaidPreparer

    case = inputs("ohio_injured_spouse.yaml")
    answers = case.answers.model_copy(update={"paid_preparer": PaidPreparer(name="Ana Tax", self_employed=True, ptin="P01234567", firm_name="Ana Tax LLC", phone="614-555-0000")})
    data = form_mapping(replace(case, answers=answers), "8379", 2024, (2024,))
    got = read_back(fill("8379", data, 2024).pdf)
    assert got[P + "Page2[0].f2_29[0]"] == "Ana Tax"
    assert got[P + "Page2[0].c2_1[0]"] == "/1"
    assert got[P + "Page2[0].f2_30[0]"] == "P01234567"
    assert got[P + "Page2[0].f2_31[0]"] == "Ana Tax LLC"


# --- the other forms: what the case knows, the rest listed ------------------------------------


@pytest.mark.parametrize(
    ("form", "expect"),
    [
        ("911", {"page1[0].taxpayerName[0]": NAME, "page1[0].taxpayerTIN[0]": SSN, "page1[0].taxpayerAddressStreet[0]": "P.O. Box 4410",
                 "page1[0].taxpayerAddressCity[0]": "Springfield", "page1[0].taxpayerAddressState[0]": "IL",
                 "page1[0].taxpayerAddressZIPCode[0]": "62708", "page1[0].taxpayerDaytimePhone[0]": "217-555-0144",
                 "page1[0].taxFormNumber[0]": "1040", "page1[0].taxYearsPeriods[0]": "2021, 2022, 2023",
                 "page1[0].preferredLanguage[0].interpreterNeeded[0]": "/1", "page1[0].preferredLanguage[0].specifyLanguage[0]": "Spanish",
                 "page1[0].consentToHave[0].condfidentialInformationMessage[0]": "/Off", "page1[0].spousesName[0]": ""}),
        ("12153", {"Page1[0].TaxpayerName1[0]": NAME, "Page1[0].TIN_1[0]": SSN, "Page1[0].City1[0]": "Springfield", "Page1[0].State1[0]": "IL",
                   "Page1[0].ZIPCode1[0]": "62708", "Page1[0].Table1[0].Row1[0].TypeTax_01[0]": "Income",
                   "Page1[0].Table1[0].Row1[0].TaxFormNo_01[0]": "1040", "Page1[0].Table1[0].Row3[0].TaxPeriod_03[0]": "12/31/2023",
                   "Page2[0].ClaimInnocent[0]": "/1", "Page1[0].NoticeOfLien[0]": "/Off", "Page1[0].NoticeOfLevy[0]": "/Off"}),
        ("9465", {"Page1[0].f1_2[0]": "2021, 2022, 2023", "Page1[0].f1_3[0]": "Alex R.", "Page1[0].f1_4[0]": "Rivera", "Page1[0].f1_5[0]": SSN,
                  "Page1[0].f1_9[0]": "P.O. Box 4410", "Page1[0].f1_11[0]": "Springfield, IL 62708", "Page1[0].f1_6[0]": ""}),
        ("2848", {"Page1[0].TaxpayerName[0]": NAME, "Page1[0].TaxpayerIDSSN[0]": SSN, "Page1[0].TaxpayerAddress[0]": "P.O. Box 4410, Springfield, IL 62708",
                  "Page1[0].RepresentativesName1[0]": "Jordan Lee, Prairie State Low Income Taxpayer Clinic",
                  "Page1[0].Table_Line3[0].BodyRow1[0].Description1[0]": "Income", "Page1[0].Table_Line3[0].BodyRow1[0].TaxForm1[0]": "1040",
                  "Page1[0].Table_Line3[0].BodyRow1[0].Years1[0]": "2021, 2022, 2023", "Page2[0].PrintName[0]": NAME}),
        ("656", {"F656_Page1[0].#subform[1].Your_First_Middle_Last_Name[0]": NAME, "F656_Page1[0].#subform[1].YourSocialSecurityNumber[0]": SSN,
                 "F656_Page1[0].#subform[1].Your_Home_Address[0]": "1200 W Oak St, Apt 3B, Springfield, IL 62704",
                 "F656_Page1[0].#subform[1].Your_Mailing_Address[0]": "P.O. Box 4410, Springfield, IL 62708",
                 "F656_Page1[0].#subform[1].cB_03[0]": "/Yes", "F656_Page1[0].#subform[1]._1040_Income_Tax_Years[0]": "2021, 2022, 2023"}),
    ],
)
def test_other_forms_fill_what_the_case_knows(form, expect):
    data = form_mapping(inputs("three_years_illinois.yaml"), form, None, (2021, 2022, 2023))
    filled = fill(form, data)
    got = read_back(filled.pdf)
    for field, value in expect.items():
        assert got[P + field] == value, field
    for name in checked_map(form).field_names():
        assert got[name] == (filled.values.get(name) or ""), name
    assert any(item.kind == "sign" for item in filled.unfilled)


def test_9465_lists_the_amount_owed_as_left_to_fill():
    data = form_mapping(inputs("three_years_illinois.yaml"), "9465", None, (2021, 2022, 2023))
    labels = [item.label for item in fill("9465", data).unfilled if item.kind == "answer"]
    assert labels == ["The total amount you owe as shown on your tax return(s) or notice(s)"]


# --- what a filled PDF must be ------------------------------------------------------------------


def test_filled_pdf_has_no_xfa_has_appearances_and_stays_editable(f8857):
    from pypdf import PdfReader

    filled, _ = f8857
    reader = PdfReader(io.BytesIO(filled.pdf))
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert "/XFA" not in acro
    assert not acro.get("/NeedAppearances")
    assert "/Perms" not in reader.trailer["/Root"] and "/SigFlags" not in acro  # no stale usage-rights signature
    assert "/JavaScript" not in reader.trailer["/Root"].get("/Names", {})  # no XFA version-check scripts
    checked = 0
    for page in reader.pages:
        for ref in page["/Annots"]:
            annot = ref.get_object()
            parent = annot.get("/Parent")
            ff = int(annot.get("/Ff", parent.get_object().get("/Ff", 0) if parent else 0))
            assert not ff & 1, "read-only field"
            if annot.get("/FT") == "/Tx" and annot.get("/V"):
                appearance = annot["/AP"]["/N"].get_object()
                assert str(annot["/V"]).split()[0].encode("latin-1", "replace") in appearance.get_data() or b"Tj" in appearance.get_data()
                checked += 1
    assert checked > 60  # the text fields the three-year case fills


def test_blank_hash_is_the_provenance_hash():
    import hashlib

    assert hashlib.sha256(blank_bytes("8857")).hexdigest() == "4d6d8024e76ac43758a50953bf3d7585afca828fef159432aaf8b0112dea4aa6"


def test_unknown_answers_are_listed_not_guessed():
    from spouse_relief.forms.answers import FormAnswers

    case = replace(inputs("three_years_illinois.yaml"), answers=FormAnswers())
    data = form_mapping(case, "8857", None, (2021, 2022, 2023))
    values, unfilled, _ = plan_values(checked_map("8857"), data)
    lines = {item.line for item in unfilled if item.kind == "answer"}
    assert {"4", "8", "10", "11", "12", "14", "16", "17", "18", "20", "22"} <= lines
    # line 10 ("afraid to provide") is offered, never assumed: both boxes stay off
    assert values[P + "Page2[0].c2_4[0]"] == "/Off" and values[P + "Page2[0].c2_4[1]"] == "/Off"
    # Part V is filled only when the person chose to tell, even though the facts say abuse
    assert values[P + "Page5[0].c5_1[0]"] == "/Off" and values[P + "Page5[0].c5_1[1]"] == "/Off"
    assert "23a" not in lines
    # line 13 falls back to what the person told us about the spouse's items
    assert values[P + "Page3[0].f3_5[0]"].startswith("About the income and items of Sam T. Rivera: 2021: I did not know about Sam's consulting income")


def test_8379_before_2018_leaves_the_changed_lines_to_the_person():
    """Before 2018 the worksheet's line 16 is exemptions and 17 all credits; this revision prints
    nonrefundable and refundable credits there, so those two lines are not copied across."""
    from spouse_relief.io import read_document
    from spouse_relief.worksheets.f8379 import compute, parse_input

    from .helpers import HERE

    result = compute(parse_input(read_document(HERE.parent.parent / "examples" / "f8379" / "eic_and_2016_exemptions.yaml")))
    assert result.tax_year == 2016
    case = replace(inputs("ohio_injured_spouse.yaml"), f8379={2016: result})
    filled = fill("8379", form_mapping(case, "8379", 2016, (2016,)), 2016)
    got = read_back(filled.pdf)
    assert got[P + "Page2[0].Pg2Table[0].BodyRowLn16[0].f2_13[0]"] == ""
    assert got[P + "Page2[0].Pg2Table[0].BodyRowLn17[0].f2_16[0]"] == ""
    assert got[P + "Page2[0].Pg2Table[0].BodyRowLn13a[0].f2_1[0]"] != ""
    assert {"16", "17"} <= {item.line for item in filled.unfilled}


def test_more_than_six_years_continue_on_line_3_statement():
    data = {"f8857": {"years": [str(year) for year in range(2015, 2023)]}}
    values, _, continuations = plan_values(checked_map("8857"), data)
    assert [values[P + f"Page1[0].f1_{index}[0]"] for index in range(1, 7)] == ["2015", "2016", "2017", "2018", "2019", "2020"]
    assert [(item.line, item.text) for item in continuations] == [("3", "2021, 2022")]
