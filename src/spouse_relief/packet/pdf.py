"""The packet as one PDF (fpdf2): cover summary, each worksheet laid out like the official one,
the explanation, the checklist, where to send it, the deadlines, and the notice on every page.

The packet is the one place identifying numbers appear in full. fpdf2 is imported here only.
"""

from __future__ import annotations

from pathlib import Path

from .. import DISCLAIMER
from ..language import plain_marks, plain_rows
from ..money import format_usd
from .view import OutcomeView

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
)
FOOTER = "spouse-relief is an educational tool, not legal or tax advice (see the notice on page 1)."
_LATIN1 = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2022": "*", "\u00a0": " "})


def _find_font() -> tuple[str, str] | None:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def render_pdf(view: OutcomeView) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    font = _find_font()

    class Packet(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, "", 7)
            self.set_text_color(90, 90, 90)
            self.cell(150, 4, clean(FOOTER), align="L")
            self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
            self.set_text_color(0, 0, 0)

    pdf = Packet(format="Letter", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(f"spouse-relief packet: {view.case.title}")
    pdf.set_creator("spouse-relief")
    if font:
        pdf.add_font("Packet", "", font[0])
        pdf.add_font("Packet", "B", font[1])
        family = "Packet"

        def clean(text: str) -> str:
            return str(text)
    else:  # core fonts: Latin-1 only
        family = "Helvetica"

        def clean(text: str) -> str:
            return str(text).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(0, size * 0.5, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
        pdf.set_font(family, "", 10)

    def para(text: str, size: int = 10, bold: bool = False) -> None:
        pdf.set_font(family, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.48, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
        pdf.set_font(family, "", 10)

    def bullet(text: str, mark: str = "-") -> None:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 4.8, clean(f"{mark} {text}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    case = view.case
    # --- cover ----------------------------------------------------------------------------
    pdf.add_page()
    heading("Relief request packet", 18)
    para(case.title, 12, bold=True)
    para(f"Prepared {view.today.isoformat()} with spouse-relief.")
    pdf.set_fill_color(255, 248, 225)
    pdf.set_font(family, "B", 9)
    pdf.multi_cell(0, 4.5, clean("Educational, not legal advice. " + DISCLAIMER), border=1, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    heading("People", 12)
    for role, label in (("requesting_spouse", "Requesting spouse (you)"), ("other_spouse", "Other spouse")):
        person = getattr(case.people, role)
        details = [person.name or "(name not entered)"]
        if person.ssn:
            details.append(f"SSN/ITIN {person.ssn}")
        if person.address:
            details.append(person.address.replace("\n", ", "))
        para(f"{label}: " + "; ".join(details))
    heading("Summary", 12)
    for finding in view.findings:
        bullet(f"{finding['title']}: {finding['status_label']}")
    if view.problem is not None:
        para(f"The screening cannot run yet: {view.problem.message}")
    for year in view.years:
        for computed in year.worksheets.values():
            text = computed.headline or (computed.error.message if computed.error else "computed")
            bullet(f"Tax year {year.tax_year}, {computed.form}: {text}")
    upcoming = [deadline for deadline in view.deadlines if deadline["when"]]
    if upcoming:
        heading("Deadlines", 12)
        for deadline in upcoming:
            status = f"MISSED {-deadline['days_left']} days ago" if deadline["missed"] else f"{deadline['days_left']} days left"
            bullet(f"{deadline['when'].isoformat()}: {deadline['title']} ({status})")
    heading("Official forms and instructions", 12)
    for link in view.links:
        bullet(f"{link['title']}: {link['url']}")

    # --- worksheets -------------------------------------------------------------------------
    for year in view.years:
        computed = year.worksheets.get("il8857")
        if computed is None:
            continue
        pdf.add_page()
        heading(f"Form IL-8857 Allocation of Liability Worksheet, tax year {year.tax_year}", 13)
        if not computed.ok:
            para(f"Not computed yet: {computed.error.message}")
            continue
        result = computed.result
        from ..worksheets.il8857_definition import WORKSHEET

        para(f"Revision {WORKSHEET.revision}. Rate {result.rate.value}. Column A: joint; B: requesting spouse; C: other spouse.", 9)
        _worksheet_table(pdf, family, clean, result)
        pdf.ln(2)
        para(computed.headline or "", 11, bold=True)
        for warning in result.warnings:
            bullet("Warning: " + warning)
        for note in result.notes:
            bullet("Note: " + note)
        para("Line 14: " + result.line14.explanation, 9)
    for year in view.years:
        for key, computed in year.worksheets.items():
            if key == "il8857":
                continue
            pdf.add_page()
            heading(f"{computed.form}, tax year {year.tax_year}", 13)
            if not computed.ok:
                para(f"Not computed yet: {computed.error.message}")
                continue
            from .federal_text import federal_lines

            for line in federal_lines(computed):
                bullet(line)

    # --- explanation --------------------------------------------------------------------------
    pdf.add_page()
    heading("Explanation for Form 8857", 13)
    para(view.explanations.get("form8857") or "(not written yet)")
    if view.illinois:
        heading("Explanation for Form IL-8857, line 17", 13)
        para(view.explanations.get("il8857_line17") or "(not written yet)")

    # --- checklist, where to send, deadlines ----------------------------------------------------
    pdf.add_page()
    heading("Checklist: attach and gather", 13)
    if view.checklist:
        for item in view.checklist:
            bullet(f"{plain_marks(item.text)} ({item.source})", mark="[  ]")
    else:
        para("Add a tax year to see what to attach.")
    for step in view.plan:
        pdf.ln(1)
        para(step["title"], 11, bold=True)
        for line in step["lines"]:
            para(plain_marks(line), 9)
    heading("Where to send it", 13)
    for entry in view.mail_to:
        para(entry["form"], 10, bold=True)
        para("\n".join(plain_rows(entry["address"])))
        if entry.get("url"):
            para(f"Official form: {entry['url']}", 9)
    heading("Deadlines", 13)
    if view.deadlines:
        for deadline in view.deadlines:
            when = deadline["when"].isoformat() if deadline["when"] else "not yet known"
            flag = " - MISSED" if deadline["missed"] else ""
            para(f"{when}: {deadline['title']}{flag}", 10, bold=True)
            for step in deadline["steps"]:
                bullet(plain_marks(step))
            if deadline["citation"]:
                para("Source: " + deadline["citation"], 8)
    else:
        para("No deadline can be computed yet.")
    pdf.alias_nb_pages()
    return bytes(pdf.output())


def _worksheet_table(pdf, family: str, clean, result) -> None:
    from ..worksheets.il8857_definition import WORKSHEET

    pdf.set_font(family, "", 7.5)
    widths = (10, 94, 30, 30, 30)
    section = None
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=3.8, first_row_as_headings=True, repeat_headings=1) as table:
        row = table.row()
        for title in ("Line", "Label", "A Joint", "B You", "C Spouse"):
            row.cell(title)
        for line in WORKSHEET.lines:
            if line.section != section:
                section = line.section
                row = table.row()
                row.cell(clean(section), colspan=5)
            values = result.lines[line.number]
            row = table.row()
            row.cell(line.number)
            row.cell(clean(line.label))
            for column in ("A", "B", "C"):
                row.cell(format_usd(values[column]))
    pdf.set_font(family, "", 10)
