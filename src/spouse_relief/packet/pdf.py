"""The packet as one PDF (fpdf2): cover summary, each worksheet laid out like the official one,
the explanation, the checklist, where to send it, the deadlines, and the notice on every page.

The packet is the one place identifying numbers appear in full. fpdf2 is imported here only.
The web makes it in the page's language (``render_pdf(view, "es")``: its headings from the catalog,
the engine's sentences through ``translate_text``, dates in words); the explanation to the IRS,
the citations and the worksheet's own line labels of the official form stay as written.
"""

from __future__ import annotations

from pathlib import Path

from .. import DISCLAIMER
from ..language import DEFAULT, N_, day_words, form_words, plain_marks, plain_rows, translate_text, translations
from ..money import format_usd
from .view import OutcomeView

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
)
FOOTER = N_("spouse-relief is an educational tool, not legal or tax advice (see the notice on page 1).")
_LATIN1 = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2022": "*", "\u00a0": " "})


def _find_font() -> tuple[str, str] | None:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def render_pdf(view: OutcomeView, language: str = DEFAULT) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    font = _find_font()
    t = translations(language).gettext

    def tr(text) -> str:  # a sentence the engine made, a form's name
        return form_words(language, translate_text(language, text)) if language != DEFAULT else text

    def day(value) -> str:
        return value.isoformat() if language == DEFAULT else day_words(value, language)

    class Packet(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, "", 7)
            self.set_text_color(90, 90, 90)
            self.cell(150, 4, clean(t(FOOTER)), align="L")
            self.cell(0, 4, t(N_("Page %(page)s of %(pages)s")) % {"page": self.page_no(), "pages": "{nb}"}, align="R")
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
    heading(t(N_("Relief request packet")), 18)
    para(case.title, 12, bold=True)
    para(t(N_("Prepared %(date)s with spouse-relief.")) % {"date": day(view.today)})
    pdf.set_fill_color(255, 248, 225)
    pdf.set_font(family, "B", 9)
    pdf.multi_cell(0, 4.5, clean(t(N_("Educational, not legal advice.")) + " " + t(DISCLAIMER)), border=1, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    heading(t(N_("People")), 12)
    for role, label in (("requesting_spouse", N_("Requesting spouse (you)")), ("other_spouse", N_("Other spouse"))):
        person = getattr(case.people, role)
        details = [person.name or t(N_("(name not entered)"))]
        if person.ssn:
            details.append(f"SSN/ITIN {person.ssn}")
        if person.address:
            details.append(person.address.replace("\n", ", "))
        para(f"{t(label)}: " + "; ".join(details))
    heading(t(N_("Summary")), 12)
    for finding in view.findings:
        bullet(f"{tr(finding['title'])}: {tr(finding['status_label'])}")
    if view.problem is not None:
        para(t(N_("The screening cannot run yet: %(what)s")) % {"what": tr(view.problem.message)})
    for year in view.years:
        for computed in year.worksheets.values():
            text = tr(computed.headline) if computed.headline else tr(computed.error.message) if computed.error else t(N_("computed"))
            bullet(t(N_("Tax year %(year)s, %(form)s: %(text)s")) % {"year": year.tax_year, "form": tr(computed.form), "text": text})
    upcoming = [deadline for deadline in view.deadlines if deadline["when"]]
    if upcoming:
        heading(t(N_("Deadlines")), 12)
        for deadline in upcoming:
            status = (t(N_("MISSED %(days)s days ago")) % {"days": -deadline["days_left"]} if deadline["missed"]
                      else t(N_("%(days)s days left")) % {"days": deadline["days_left"]})
            bullet(f"{day(deadline['when'])}: {tr(deadline['title'])} ({status})")
    heading(t(N_("Official forms and instructions")), 12)
    for link in view.links:
        bullet(f"{tr(link['title'])}: {link['url']}")

    # --- worksheets -------------------------------------------------------------------------
    for year in view.years:
        computed = year.worksheets.get("il8857")
        if computed is None:
            continue
        pdf.add_page()
        heading(t(N_("Form IL-8857 Allocation of Liability Worksheet, tax year %(year)s")) % {"year": year.tax_year}, 13)
        if not computed.ok:
            para(t(N_("Not computed yet: %(what)s")) % {"what": tr(computed.error.message)})
            continue
        result = computed.result
        from ..worksheets.il8857_definition import WORKSHEET

        para(t(N_("Revision %(revision)s. Rate %(rate)s. Column A: joint; B: requesting spouse; C: other spouse."))
             % {"revision": WORKSHEET.revision, "rate": result.rate.value}, 9)
        _worksheet_table(pdf, family, clean, result, t)
        pdf.ln(2)
        para(tr(computed.headline or ""), 11, bold=True)
        for warning in result.warnings:
            bullet(t(N_("Warning: %(what)s")) % {"what": tr(warning)})
        for note in result.notes:
            bullet(t(N_("Note: %(what)s")) % {"what": tr(note)})
        para(t(N_("Line 14: %(what)s")) % {"what": tr(result.line14.explanation)}, 9)
    for year in view.years:
        for key, computed in year.worksheets.items():
            if key == "il8857":
                continue
            pdf.add_page()
            heading(t(N_("%(form)s, tax year %(year)s")) % {"form": tr(computed.form), "year": year.tax_year}, 13)
            if not computed.ok:
                para(t(N_("Not computed yet: %(what)s")) % {"what": tr(computed.error.message)})
                continue
            from .federal_text import federal_lines

            for line in federal_lines(computed, language):  # the headline, the rows and the notes in the language
                bullet(line)

    # --- explanation --------------------------------------------------------------------------
    pdf.add_page()
    heading(t(N_("Explanation for Form 8857")), 13)
    if language != DEFAULT:
        para(t(N_("The explanation stays in English: the IRS and the Illinois Department of Revenue read it.")), 9)
    para(view.explanations.get("form8857") or t(N_("(not written yet)")))
    if view.illinois:
        heading(t(N_("Explanation for Form IL-8857, line 17")), 13)
        para(view.explanations.get("il8857_line17") or t(N_("(not written yet)")))

    # --- checklist, where to send, deadlines ----------------------------------------------------
    pdf.add_page()
    heading(t(N_("Checklist: attach and gather")), 13)
    if view.checklist:
        for item in view.checklist:
            bullet(f"{plain_marks(tr(item.text), language)} ({tr(item.source)})", mark="[  ]")
    else:
        para(t(N_("Add a tax year to see what to attach.")))
    for step in view.plan:
        pdf.ln(1)
        para(tr(step["title"]), 11, bold=True)
        for line in step["lines"]:
            para(plain_marks(tr(line), language), 9)
    heading(t(N_("Where to send it")), 13)
    for entry in view.mail_to:
        para(tr(entry["form"]), 10, bold=True)
        para("\n".join(plain_rows(entry["address"], language)))
        if entry.get("url"):
            para(t(N_("Official form: %(url)s")) % {"url": entry["url"]}, 9)
    heading(t(N_("Deadlines")), 13)
    if view.deadlines:
        for deadline in view.deadlines:
            when = day(deadline["when"]) if deadline["when"] else t(N_("not yet known"))
            flag = t(N_(" - MISSED")) if deadline["missed"] else ""
            para(f"{when}: {tr(deadline['title'])}{flag}", 10, bold=True)
            for step in deadline["steps"]:
                bullet(plain_marks(tr(step), language))
            if deadline["citation"]:
                para(t(N_("Source: %(source)s")) % {"source": deadline["citation"]}, 8)
    else:
        para(t(N_("No deadline can be computed yet.")))
    pdf.alias_nb_pages()
    return bytes(pdf.output())


def _worksheet_table(pdf, family: str, clean, result, t=lambda text: text) -> None:
    from ..worksheets.il8857_definition import WORKSHEET

    pdf.set_font(family, "", 7.5)
    widths = (10, 94, 30, 30, 30)
    section = None
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=3.8, first_row_as_headings=True, repeat_headings=1) as table:
        row = table.row()
        for title in (N_("Line"), N_("Label"), N_("A Joint"), N_("B You"), N_("C Spouse")):
            row.cell(t(title))
        for line in WORKSHEET.lines:
            if line.section != section:
                section = line.section
                row = table.row()
                row.cell(clean(t(section)), colspan=5)
            values = result.lines[line.number]
            row = table.row()
            row.cell(line.number)
            row.cell(clean(t(line.label)))
            for column in ("A", "B", "C"):
                row.cell(format_usd(values[column]))
    pdf.set_font(family, "", 10)
