"""Pages we generate ourselves (fpdf2): the cover sheet of a bundle, continuation statements,
the explanation statement, the checklist of documents to add, and the Form IL-8857 facsimile
(Steps 1-5 and the Allocation of Liability Worksheet, lines 1-80, three money columns).

Core fonts only (Helvetica), so the pages look the same on every machine; text is folded to
Latin-1 for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .. import DISCLAIMER

_LATIN1 = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
                         "\u2022": "-", "\u00a0": " ", "\u2212": "-", "\u2192": "->", "\u25b6": ">"})
def N_(message: str) -> str:
    """Mark a cover-sheet message for the catalog (``web/locale``); translated when the page is made."""
    return message


_FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
FOOTER = N_("Prepared with spouse-relief, an educational tool: not legal or tax advice.")


def clean(text: Any) -> str:
    return str(text).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def translator(language: str):
    """The cover sheet's words in the person's language: the web pages' gettext catalog (English
    when there is none). The forms themselves stay in English, as the IRS prints them."""
    from ..language import translate_text

    return lambda text: translate_text(language, text)


def _pdf(title: str, language: str = "en"):
    from fpdf import FPDF

    footer = translator(language)(FOOTER)

    class Page(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("helvetica", "", 7)
            self.set_text_color(90, 90, 90)
            self.cell(0, 4, clean(footer), align="L")
            self.set_text_color(0, 0, 0)

    pdf = Page(format="Letter", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.set_title(clean(title))
    pdf.set_creator("spouse-relief")
    pdf.set_creation_date(_FIXED_DATE)  # same bytes for the same case
    return pdf


def _text(pdf, text: str, size: float = 10, style: str = "", gap: float = 1.2) -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font("helvetica", style, size)
    pdf.multi_cell(0, size * 0.45, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _bullets(pdf, items: list[str], size: float = 10, mark: str = "-") -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font("helvetica", "", size)
    for item in items:
        pdf.set_x(pdf.l_margin + 3)
        pdf.multi_cell(pdf.epw - 3, size * 0.45, clean(f"{mark} {item}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.6)
    pdf.ln(1.5)


def _output(pdf) -> bytes:
    return bytes(pdf.output())


def _header(pdf, name: str, ssn: str) -> None:
    """Name and SSN on top, as the forms ask of every attached page."""
    pdf.set_font("helvetica", "", 9)
    pdf.cell(120, 5, clean(f"Name: {name or '________________________'}"))
    pdf.cell(0, 5, clean(f"SSN: {ssn or '___-__-____'}"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(4)


# --- continuation and explanation statements -------------------------------------------------


def statement_pages(form_title: str, name: str, ssn: str, sections: list[tuple[str, str]], heading: str | None = None) -> bytes:
    """One statement: each section titled "Form 8857, line 13, continued" (or as given)."""
    pdf = _pdf(heading or f"{form_title}, continued")
    pdf.add_page()
    _header(pdf, name, ssn)
    if heading:
        _text(pdf, heading, 13, "B", 2)
    for title, body in sections:
        _text(pdf, title, 11, "B", 1)
        for paragraph in body.split("\n"):
            if paragraph.strip():
                _text(pdf, paragraph.strip(), 10, "", 1.5)
        pdf.ln(2)
    return _output(pdf)


# --- cover sheet and checklist ---------------------------------------------------------------


@dataclass
class Cover:
    destination: str
    forms: list[str]
    attachments: list[str]
    to_sign: list[str]
    to_add: list[str]
    mail_to: list[str]
    deadline: str | None
    notes: list[str] = field(default_factory=list)
    left_to_fill: list[str] = field(default_factory=list)
    name: str = ""
    certified_mail: str = ""
    mail_source: str = ""
    language: str = "en"  # the words of the cover sheet (en, es); the forms stay in English


def cover_page(cover: Cover) -> bytes:
    """The first page of an envelope, in the person's language (``cover.language``); what the case
    says (the destination, the documents, the notes) arrives already in that language."""
    from ..language import plain_marks, plain_rows

    t = translator(cover.language)

    def plain(texts: list[str]) -> list[str]:  # the law data's marks in words: what is mailed carries no tags
        return [plain_marks(text, cover.language) for text in texts]

    pdf = _pdf(t(N_("Cover sheet: %(where)s")) % {"where": cover.destination}, cover.language)
    pdf.add_page()
    _text(pdf, t(N_("Read first: what is in this envelope")), 16, "B", 1)
    if cover.name:
        _text(pdf, t(N_("For %(name)s. Send to: %(where)s.")) % {"name": cover.name, "where": cover.destination}, 10, "", 3)
    else:
        _text(pdf, t(N_("Send to: %(where)s.")) % {"where": cover.destination}, 10, "", 3)
    _text(pdf, t(N_("Inside, in this order")), 12, "B", 0.5)
    _bullets(pdf, plain(cover.forms + cover.attachments), mark="[ ]")
    _text(pdf, t(N_("Sign before you mail")), 12, "B", 0.5)
    _bullets(pdf, cover.to_sign or [t(N_("Nothing to sign in this bundle."))], mark="[ ]")
    if cover.left_to_fill:
        _text(pdf, t(N_("Fill in by hand (the case does not answer these yet)")), 12, "B", 0.5)
        _bullets(pdf, cover.left_to_fill, size=9, mark="[ ]")
    _text(pdf, t(N_("Add these documents (copies, not originals)")), 12, "B", 0.5)
    _bullets(pdf, plain(cover.to_add) or [t(N_("No documents to add for this bundle."))], mark="[ ]")
    _text(pdf, t(N_("Where to mail it")), 12, "B", 0.5)
    _text(pdf, "\n".join(plain_rows(cover.mail_to, cover.language)) if cover.mail_to else t(N_("See the form's instructions.")), 10, "B", 0.5)
    if cover.mail_source:
        _text(pdf, t(N_("Source: %(source)s")) % {"source": plain_marks(cover.mail_source, cover.language)}, 7.5, "", 2)
    _text(pdf, t(N_("By when")), 12, "B", 0.5)
    _text(pdf, plain_marks(cover.deadline, cover.language) or t(N_("No deadline could be worked out from the answers given; send it as soon as you can.")), 10, "", 2)
    if cover.certified_mail:
        _text(pdf, t(N_("How to mail it")), 12, "B", 0.5)
        _text(pdf, plain_marks(cover.certified_mail, cover.language), 10, "", 2)
    if cover.notes:
        _text(pdf, t(N_("Good to know")), 12, "B", 0.5)
        _bullets(pdf, plain(cover.notes), size=9)
    _text(pdf, t(DISCLAIMER), 8, "I", 0)
    return _output(pdf)


def checklist_page(destination: str, name: str, ssn: str, items: list[str], language: str = "en") -> bytes:
    t = translator(language)
    pdf = _pdf(t(N_("Documents to add: %(where)s")) % {"where": destination}, language)
    pdf.add_page()
    _header(pdf, name, ssn)
    _text(pdf, t(N_("Documents you add to this envelope")), 13, "B", 1)
    _text(pdf, t(N_("Tick each one as you put a copy in. Keep the originals and a copy of everything you send.")), 10, "", 2)
    _bullets(pdf, items or [t(N_("No documents to add for this bundle."))], mark="[ ]")
    return _output(pdf)


# --- Form IL-8857 facsimile ------------------------------------------------------------------

FACSIMILE_NOTE = (
    "FACSIMILE - NOT THE OFFICIAL FORM. Laid out like Form IL-8857 ({revision}) and its Allocation of Liability "
    "Worksheet so you can copy each answer onto the official form from the Illinois Department of Revenue "
    "(tax.illinois.gov), or attach these pages to it. Labels marked * are reconstructed: the printed form was not at hand."
)


LINE17_ROOM = 560  # characters that fit in the line 17 box with Steps 4 and 5 on the same page


def split_line17(text: str) -> tuple[str, str]:
    """(what goes in the line 17 box, the rest for an attached statement), split between words."""
    text = text.strip()
    if len(text) <= LINE17_ROOM:
        return text, ""
    cut = text.rfind(" ", 0, LINE17_ROOM - 40)
    cut = cut if cut > 0 else LINE17_ROOM - 40
    return text[:cut].rstrip() + " (continued on the attached page)", text[cut:].strip()


def il8857_facsimile(data: dict[str, Any], worksheet: Any, result: Any, revision: str) -> bytes:
    """Steps 1-5 (lines 1-18) and the worksheet (lines 1-80: columns A joint, B you, C spouse)."""
    from fpdf.enums import XPos, YPos

    pdf = _pdf(f"Form IL-8857 facsimile, tax year {data.get('year')}")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(40, 8, "IL-8857", new_x=XPos.RIGHT)
    pdf.set_font("helvetica", "B", 12)
    pdf.cell(0, 8, "Request for Innocent Spouse Relief (Illinois)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(255, 236, 179)
    pdf.set_font("helvetica", "B", 8.5)
    pdf.multi_cell(0, 4, clean(FACSIMILE_NOTE.format(revision=revision)), border=1, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    def step(title: str) -> None:
        pdf.set_fill_color(0, 0, 0)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("helvetica", "B", 10)
        pdf.cell(0, 6, clean(title), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)

    def line(number: str, label: str, value: Any) -> None:
        pdf.set_font("helvetica", "B", 9)
        pdf.cell(9, 6, clean(number), align="R")
        pdf.set_font("helvetica", "", 9)
        pdf.cell(78, 6, clean(label))
        pdf.set_font("helvetica", "B", 9)
        shown = "" if value is None else ("Yes" if value is True else "No" if value is False else str(value))
        pdf.cell(0, 6, clean(shown), border="B", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    step("Step 1: Your information")
    for number, label, key in (("1", "Your name", "name"), ("2", "Your street address", "street"), ("3", "City, state, ZIP", "city_state_zip"),
                               ("4", "Your Social Security number", "ssn"), ("5", "Daytime telephone number", "phone"), ("6", "Tax year for which you request relief", "year")):
        line(number, label, data.get(key))
    pdf.ln(2)
    step("Step 2: The person to whom you were married")
    for number, label, key in (("7", "Name", "spouse_name"), ("8", "Street address", "spouse_street"), ("9", "City, state, ZIP", "spouse_city_state_zip"),
                               ("10", "Social Security number", "spouse_ssn"), ("11", "Place of employment and address", "spouse_employer")):
        line(number, label, data.get(key))
    pdf.ln(2)
    step("Step 3: Answer the following questions")
    line("12", "Did you file federal Form 8857 before this request?", data.get("line12"))
    line("13", "Assets transferred without full value?", data.get("line13"))
    line("14a", "Tax year ending before August 13, 1999?", data.get("line14a"))
    line("14b", "Entire liability paid before August 13, 1999?", data.get("line14b"))
    line("15*", "Old-rules question (only if Yes to 14a and 14b)", data.get("line15"))
    line("16*", "Old-rules question (only if Yes to 14a and 14b)", data.get("line16"))
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(9, 6, "17*", align="R")
    pdf.set_font("helvetica", "", 9)
    pdf.cell(0, 6, "Explain why you should not be held liable (attach pages if needed):", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    explanation, _ = split_line17(data.get("line17") or "")
    pdf.set_x(pdf.l_margin + 9)
    pdf.multi_cell(pdf.epw - 9, 4.2, clean(explanation) or " ", border=1,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    step("Step 4*: Complete the Allocation of Liability Worksheet (following pages)")
    step("Step 5*: Sign here")
    line("18*", "Your signature and date (sign the official form by hand)", "")
    # worksheet
    pdf.add_page()
    pdf.set_font("helvetica", "B", 12)
    pdf.cell(0, 6, clean(f"IL-8857 {worksheet.title}, tax year {data.get('year')}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "B", 7.5)
    pdf.multi_cell(0, 3.5, clean(FACSIMILE_NOTE.format(revision=revision)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    widths = (10, 92, 25, 25, 25)

    def head() -> None:
        pdf.set_font("helvetica", "B", 8)
        for width, text in zip(widths, ("Line", "", "A  Joint", "B  You", "C  Spouse")):
            pdf.cell(width, 5, text, border=1, align="C")
        pdf.ln()

    head()
    section = None
    for entry in worksheet.lines:
        if pdf.get_y() > pdf.h - 24:
            pdf.add_page()
            head()
        if entry.section != section:
            section = entry.section
            pdf.set_font("helvetica", "B", 8)
            pdf.cell(sum(widths), 4.6, clean(section), border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        row = result.lines.get(entry.number, {}) if result is not None else {}
        bold = "B" if entry.number == "80" else ""
        pdf.set_font("helvetica", bold, 7.5)
        pdf.cell(widths[0], 4.2, clean(entry.number), border=1, align="R")
        label = clean(entry.label)
        mark = " *" if entry.label_reconstructed else ""
        if pdf.get_string_width(label + mark) > widths[1] - 2:
            pdf.set_font("helvetica", bold, 6.5)
        while pdf.get_string_width(label + mark) > widths[1] - 2:
            label = label[:-4].rstrip() + "..."
        pdf.cell(widths[1], 4.2, label + mark, border=1)
        pdf.set_font("helvetica", bold, 7.5)
        for width, column in zip(widths[2:], "ABC"):
            value = row.get(column)
            pdf.cell(width, 4.2, "" if value is None else f"{value:,.2f}", border=1, align="R")
        pdf.ln()
    return _output(pdf)
