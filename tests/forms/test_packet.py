"""The packet: one bundle per destination, in the order a person mails it."""

from __future__ import annotations

import io

import pytest

from spouse_relief.forms.packet import build_packet, write_packet

from .helpers import inputs


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def ohio():
    return build_packet(inputs("ohio_injured_spouse.yaml"))


@pytest.fixture(scope="module")
def three_years():
    return build_packet(inputs("three_years_illinois.yaml"))


def test_ohio_injured_spouse_packet_is_form_8379_and_its_cover(ohio):
    assert [bundle.id for bundle in ohio.bundles] == ["irs-form-8379-2024"]
    bundle = ohio.bundles[0]
    assert [part.kind for part in bundle.parts] == ["cover", "form", "checklist"]
    assert bundle.parts[1].label.startswith("Form 8379, Injured Spouse Allocation (Rev. November 2023), tax year 2024")
    ours = "\n".join(_text(part.pdf) for part in bundle.parts if part.kind != "form")
    for word in ("8857", "Illinois", "IL-8857", "innocent spouse"):
        assert word not in ours, word
    assert "service center where you filed the original joint return" in ours
    assert "Injured spouse's signature" not in ours  # the cover says it in its own words
    assert "Part IV: the injured spouse's signature and the date" in ours
    assert "Forms W-2 and W-2G of both spouses" in ours and "offset notice" in ours
    assert "certified mail" in ours
    assert len(ohio.combined) > 0 and _text(ohio.combined).count("Injured Spouse Allocation") >= 1


def test_three_year_packet_bundles_and_order(three_years):
    ids = [bundle.id for bundle in three_years.bundles]
    assert ids == ["irs-form-8857", "idor-form-il-8857-2021", "idor-form-il-8857-2022", "idor-form-il-8857-2023", "tas-form-911"]
    irs = three_years.bundles[0]
    assert [part.label.split(",")[0] for part in irs.parts] == [
        "Cover sheet", "Form 8857", "Form 2848", "Continuation statement for Form 8857",
        "Statement: why you should not be held liable (Form 8857", "Checklist of documents to add",
    ]
    # the documents this case calls for, and only those
    assert irs.cover.to_add == [
        "A photocopy of your entire divorce decree (Form 8857, line 7).",
        "Photocopies of documents about your health problem, such as medical bills or a doctor's report or letter (Form 8857, line 9).",
        "Copies of your documentation of the abuse: protective order (2024) (Form 8857, Part V; send only what you are comfortable sending).",
        "A copy of the divorce decree or agreement that says who must pay the tax.",
        "Copies of the IRS letters about these years: thirty day letter.",
    ]
    assert irs.cover.mail_to == ["Internal Revenue Service", "P.O. Box 120053", "Covington, KY 41012"]
    assert "Form 8857, line 24" not in " ".join(irs.cover.left_to_fill)


def test_continuation_page_carries_name_ssn_and_title(three_years):
    statement = next(part for part in three_years.bundles[0].parts if part.label.startswith("Continuation"))
    text = _text(statement.pdf)
    assert "Name: Alex R. Rivera" in text and "SSN: 123-45-6789" in text
    assert "Form 8857, line 13, continued" in text
    assert "none of my concern." in text


def test_il8857_facsimile_is_marked_and_has_the_worksheet(three_years):
    bundle = next(bundle for bundle in three_years.bundles if bundle.id == "idor-form-il-8857-2022")
    text = _text(bundle.pdf)
    assert "FACSIMILE - NOT THE OFFICIAL FORM" in text
    assert "Allocation of Liability Worksheet" in text
    assert "ILLINOIS DEPARTMENT OF REVENUE" in text and "SPRINGFIELD IL 62794-9014" in text
    assert "80,850.00" in text and "30,425.00" in text and "50,425.00" in text  # line 1, columns A, B, C of the case


def test_bundles_are_separate_files_plus_one_combined(three_years, tmp_path):
    from pypdf import PdfReader

    written = write_packet(three_years, tmp_path)
    assert [path.name for path in written][-1] == "packet-all.pdf"
    pages = [len(PdfReader(str(path)).pages) for path in written[:-1]]
    assert len(PdfReader(str(written[-1])).pages) == sum(pages)
    # two forms share the combined file without their fields merging
    names = set(PdfReader(str(written[-1])).get_fields())
    assert any(name.startswith("form8857.") for name in names) and any(name.startswith("form2848.") for name in names)


def test_two_years_of_form_8379_keep_their_own_fields():
    from spouse_relief.forms.source import FormInstance
    from pypdf import PdfReader

    case = inputs("ohio_injured_spouse.yaml")
    packet = build_packet(case, [FormInstance("8379", 2024, (2024,)), FormInstance("8379", 2023, (2023,))])
    fields = PdfReader(io.BytesIO(packet.combined)).get_fields()
    assert fields["form8379_2024.Page1[0].f1_1[0]"]["/V"] == "2024"
    assert fields["form8379_2023.Page1[0].f1_1[0]"]["/V"] == "2023"


def test_packet_as_dict_is_plain_data(ohio):
    import json

    document = ohio.as_dict()
    json.dumps(document)
    assert document["bundles"][0]["file"] == "irs-form-8379-2024.pdf"
