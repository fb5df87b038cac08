"""The last developer words and the last English on the Spanish pages: the law a worksheet used
("Law used" and the sources of an exemption), the Form 8379 "How was this computed?", the repair
view's problems, the federal rows of the summary PDF, and the calendar from the command line and
the API. Each Spanish page is read for the developer words (``test_web_front.developer_words``),
the parameters' names and the English words that were left on it; each English page for the plain
words that replaced them.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

from test_web_front import developer_words
from test_web_spanish_worksheets import Reader, demo, visible  # noqa: F401 - demo is a fixture

from spouse_relief.parameters import parameter_names

ROOT = Path(__file__).resolve().parents[2]


def code_names(text: str) -> list[str]:
    """Developer words, and any parameter's name ('il/income_tax_rate', 'income_tax_rate') in a text."""
    found = developer_words(text)
    for name in parameter_names():
        found += [words for words in (name, name.rsplit("/", 1)[-1]) if words in text and ("_" in words or "/" in words)]
    return found


def test_the_law_used_is_said_in_words(demo):
    spanish, english, case_id = demo
    il8857 = f"/cases/{case_id}/years/2022/il8857"
    capehart = spanish.import_example(ROOT / "examples" / "f6015d" / "capehart.yaml")
    f8379 = spanish.import_example(ROOT / "examples" / "f8379" / "child_support_offset.yaml")
    pages = (il8857, il8857 + "/print", f"/cases/{capehart}/years/1994/f6015d", f"/cases/{f8379}/years/2024/f8379")
    for path in pages:
        for reader in (spanish, english):
            shown = visible(reader.get(path))
            assert code_names(shown) == [], (path, sorted(set(code_names(shown))))
            assert "Decimal(" not in shown and "[V]" not in shown, path
    shown = visible(spanish.get(il8857))
    assert "Tasa del impuesto sobre los ingresos de Illinois, 4.95% (Form IL-8857 Instructions (R-12/22), Lines 45 and 62;" in shown
    # the exemptions' sources: the law by its title, in Spanish
    assert ("exención para usted: 2425 (básica 2425) en la columna B (Cantidad de exención básica de Illinois; Cantidad de exención "
            "adicional de Illinois por tener 65 años o más o por ceguera; Ingreso por encima del cual no hay cantidad de exención de Illinois)") in shown
    shown = visible(english.get(il8857))
    assert "Illinois income tax rate, 4.95% (Form IL-8857 Instructions (R-12/22), Lines 45 and 62;" in shown
    assert "exemption for you: 2425 (basic 2425) in column B (Illinois basic exemption allowance; Illinois additional exemption" in shown
    assert "Tabla de impuestos del IRS (Instructions for Form 1040 (2024)" in visible(spanish.get(f"/cases/{f8379}/years/2024/f8379"))
    assert "Basic standard deduction (Rev. Proc. 2023-34" in visible(english.get(f"/cases/{f8379}/years/2024/f8379"))



def _events(calendar: bytes) -> dict[str, tuple[str, str]]:
    from icalendar import Calendar

    return {str(event["uid"]): (str(event["summary"]), str(event["description"])) for event in Calendar.from_ical(calendar).walk("VEVENT")}


def test_the_command_lines_calendar_in_spanish(tmp_path):
    from typer.testing import CliRunner

    from spouse_relief.cli import app

    runner = CliRunner()
    facts = ROOT / "examples" / "screen" / "illinois_both.yaml"
    spanish, english = tmp_path / "plazos.ics", tmp_path / "deadlines.ics"
    assert runner.invoke(app, ["deadlines", str(facts), "--ics", str(spanish), "--language", "es"]).exit_code == 0
    assert runner.invoke(app, ["deadlines", str(facts), "--ics", str(english)]).exit_code == 0
    events = _events(spanish.read_bytes())
    summary, description = events["irc6015bc_election-2022@spouse-relief"]
    # the election is due two years after the first collection activity against her (a levy notice of February 2, 2026)
    assert summary == ("Fecha límite: 2022: último día para elegir el alivio del cónyuge inocente o la separación de responsabilidad "
                       "(Formulario 8857)")
    assert "2 de febrero de 2026 + 2 años = 2 de febrero de 2028" in description and "Cómo se calculó esta fecha:" in description
    assert all(summary.startswith(("Fecha límite: ", "Se abre: ")) for summary, _ in events.values())
    assert not any("Deadline" in summary or "How this date was found" in description for summary, description in events.values())
    assert _events(english.read_bytes())["irc6015bc_election-2022@spouse-relief"][0].startswith("Deadline: 2022: last day to elect")
    assert set(_events(english.read_bytes())) == set(events)  # the same deadlines, in another language
    # a language it does not have: one line naming the option, exit code 2, no file
    wrong = runner.invoke(app, ["deadlines", str(facts), "--ics", str(tmp_path / "x.ics"), "--language", "fr"])
    assert wrong.exit_code == 2 and "--language" in wrong.stderr and "'fr'" in wrong.stderr and not (tmp_path / "x.ics").exists()
    wrong = runner.invoke(app, ["packet", str(facts), "-o", str(tmp_path / "x.html"), "--language", "de"])
    assert wrong.exit_code == 2 and "--language" in wrong.stderr


def test_the_apis_calendar_in_the_language_asked_for(sqlite_api):
    from spouse_relief.io import parse_document

    example = ROOT / "examples" / "case" / "three_years_illinois.yaml"
    created = sqlite_api.post("/api/cases", json=parse_document(example.read_text(encoding="utf-8"), name="case", suffix=".yaml"))
    assert created.status_code == 201, created.text[:300]
    case_id = created.json()["id"]
    english = sqlite_api.get(f"/api/cases/{case_id}/calendar.ics")
    assert english.status_code == 200 and english.headers["content-type"].startswith("text/calendar")
    assert all(summary.startswith(("Deadline: ", "Opens: ")) for summary, _ in _events(english.content).values())
    for asked in ({"params": {"language": "es"}}, {"headers": {"Accept-Language": "es-US,es;q=0.9"}}):
        spanish = sqlite_api.get(f"/api/cases/{case_id}/calendar.ics", **asked)
        assert spanish.status_code == 200, asked
        events = _events(spanish.content)
        assert events and set(events) == set(_events(english.content)), asked
        assert all(summary.startswith(("Fecha límite: ", "Se abre: ")) for summary, _ in events.values()), asked
        assert all("Cómo se calculó esta fecha:" in description for _, description in events.values()), asked
    asked_english = sqlite_api.get(f"/api/cases/{case_id}/calendar.ics", params={"language": "en"}, headers={"Accept-Language": "es"})
    assert _events(asked_english.content) == _events(english.content)  # the same events (the stamp of the moment aside)
    wrong = sqlite_api.get(f"/api/cases/{case_id}/calendar.ics", params={"language": "fr"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "language"


def test_the_federal_rows_of_the_summary_pdf_in_plain_words(demo):
    from pypdf import PdfReader

    spanish, english, _case_id = demo

    def text(reader, example: str) -> str:
        case_id = reader.import_example(ROOT / "examples" / example)
        response = reader.client.get(f"/cases/{case_id}/packet.pdf")
        assert response.status_code == 200
        return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))

    removed = ("Portion, your", "Portion, your spouse's", "Part III allocation (joint / injured spouse / other spouse)", "Separate tax:",
               "Joint tax:", "not electing", "known items", "Unverified:", "Note:", "Line 13a Form W-2")
    shown = text(spanish, "f8379/child_support_offset.yaml")
    # joint tax 3,283 against 5,800 of payments: 2,517 overpaid
    for words in ("Parte III del Formulario 8379, cada línea para la declaración conjunta, el cónyuge perjudicado y el otro cónyuge:",
                  "Línea 13a, Ingreso declarado en el Formulario W-2: $60,000.00 / $40,000.00 / $20,000.00",
                  "Impuesto por separado de cada cónyuge: el cónyuge perjudicado $2,855.00, el otro cónyuge $553.00.",
                  "Impuesto conjunto: $3,283.00. Pago en exceso conjunto: $2,517.00.", "Deducción por ingreso calificado de negocio: $0.00"):
        assert words in shown, words
    assert [words for words in removed if words in shown] == [] and code_names(shown) == []
    shown = text(spanish, "f6015d/capehart.yaml")
    # her portion: 2,744.69 proportionate plus 116.05 of penalties = 2,860.74 of the 8,732.00
    for words in ("Su parte: proporcional $2,744.69,", "multas $116.05,", "total $2,860.74", "La parte de su cónyuge: total $8,732.00, no lo elige $8,732.00"):
        assert words in shown, words
    assert [words for words in removed if words in shown] == [] and code_names(shown) == []
    # English: the same rows in plain words
    shown = text(english, "f6015d/capehart.yaml")
    assert "Your portion: proportionate $2,744.69," in shown and "Your spouse's portion: total $8,732.00, not electing $8,732.00" in shown
    assert "Portion, your" not in shown and code_names(shown) == []
    shown = text(english, "f8379/child_support_offset.yaml")
    assert "Separate tax of each spouse: the injured spouse $2,855.00, the other spouse $553.00." in shown
    assert "Line 13a, Income reported on Form W-2: $60,000.00 / $40,000.00 / $20,000.00" in shown and code_names(shown) == []


# What the Form 8379 evaluator wrote in English on a Spanish page before: its amounts' names, its
# formulas' joining words, an item's note, the Tax Table's note, the steps' own names.
F8379_ENGLISH = ("nonrefundable credits injured", "refundable credits other", "payments and credits injured", "not below zero", "the smaller of",
                 "rounded to the cent", "otherwise", "-> injured", "injured spouse's item", "other spouse's item", "Tax Table, married filing",
                 "rounded to whole dollars", "injured: taxable income", "joint: income tax", "share of tax", "available for offset",
                 "Injured spouse's separate tax liability", "Joint tax liability", "offset applied to debt", "applied to debt")


def test_the_form_8379_trace_in_spanish(demo):
    spanish, english, _case_id = demo
    case_id = spanish.import_example(ROOT / "examples" / "f8379" / "child_support_offset.yaml")
    page = spanish.get(f"/cases/{case_id}/years/2024/f8379")
    trace = visible(page[page.index('class="trace-list"'):])
    assert [words for words in F8379_ENGLISH if words in trace] == [] and code_names(trace) == []
    for words in (
        # the joint tax on 31,200 of joint taxable income (60,400 of income less 29,200 of standard deduction)
        "Ingreso tributable conjunto = conjunta $31,200.00",
        "(línea 13a (declaración conjunta) + línea 13b (declaración conjunta)) - (línea 14 (declaración conjunta) + línea 15 (declaración conjunta)",
        "Tabla de impuestos de 2024, casados que presentan conjuntamente, fila de 31,200 a 31,250: la tabla de tasas en el punto medio de la fila, "
        "31,225, 10.00% x (23,200 - 0) + 12.00% x (31,225 - 23,200), redondeado a dólares enteros",
        # her refund: 4,670.19 paid less her 2,750.28 share of the tax, at most the 2,517.00 overpaid
        "la menor cantidad entre pagos y créditos (cónyuge perjudicado) - parte del impuesto (cónyuge perjudicado), no menos de cero y pago en "
        "exceso (declaración conjunta)",
        "créditos no reembolsables (cónyuge perjudicado) = $0.00", "La parte del cónyuge perjudicado en el pago en exceso = cónyuge perjudicado $1,919.91",
        "Ana - Formulario W-2, Acme Corp.: 40000.00 -> cónyuge perjudicado 40000.00, otro cónyuge 0.00 (partida del cónyuge perjudicado)",
        "Deuda pagada con la parte del otro cónyuge = aplicado a la deuda $597.09, reembolso al otro cónyuge $0.00, deuda que queda sin pagar $2,402.91",
    ):
        assert words in trace, words
    # English as the evaluator wrote it
    page = english.get(f"/cases/{case_id}/years/2024/f8379")
    trace = visible(page[page.index('class="trace-list"'):])
    for words in ("the smaller of payments and credits injured - share of tax injured, not below zero and joint overpayment",
                  "nonrefundable credits injured = $0.00", "Injured spouse's share of the overpayment = injured $1,919.91",
                  "2024 Tax Table, married filing jointly, row 31,200 to 31,250"):
        assert words in trace, words
    assert "injured: taxable income" not in trace and code_names(trace) == []  # a step is said by its label, not its name


def test_every_form_8379_formula_of_the_examples_in_spanish():
    """Every formula, input and note of the three Form 8379 examples (both layouts of Part III, the
    community-property steps) comes out with no name of the evaluator and none of its joining words."""
    import yaml

    from spouse_relief.io import parse_document
    from spouse_relief.worksheets.f8379 import compute
    from spouse_relief.worksheets.f8379_words import _names, trace_words

    english = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in _names() if " " in name) +
                         r"|not below zero|the smaller of|rounded to the cent|otherwise|if|and|or)(?![\w-])")
    for example in sorted((ROOT / "examples" / "f8379").glob("*.yaml")):
        result = compute(parse_document(example.read_text(encoding="utf-8"), suffix=".yaml"))
        assert yaml.safe_load(example.read_text(encoding="utf-8"))["tax_year"] == result.tax_year
        for entry in result.trace:
            for text in (entry.formula, *entry.inputs, *(note.split(": ", 1)[-1] for note in entry.notes)):
                said = trace_words("es", text)
                left = english.findall(re.sub(r"\(Qualified Dividends and Capital Gain Tax Worksheet\)", "", said))
                assert left == [], (example.name, entry.line, text, said)
                assert trace_words("en", text) == text


# --- in chromium ------------------------------------------------------------------------------


def test_the_spanish_form_8379_trace_in_a_browser(page, server):
    """Every "How was this computed?" of the Spanish Form 8379 page opened, looked at at 1280 and
    390 px (axe-core, width, developer words; screenshots words-es-f8379-*.png). The IL-8857 page's,
    opened the same way, is test_web_spanish_engine.py's."""
    from test_web_front import check_page
    from test_web_spanish_worksheets import demo_in_spanish, import_in_browser

    demo_in_spanish(page, server)
    f8379 = import_in_browser(page, server, ROOT / "examples" / "f8379" / "community_property_texas.yaml")
    problems = []
    for name, path in (("f8379", f"{f8379}/years/2023/f8379"),):
        page.goto(f"{server}/cases/{path}")
        assert page.locator("html").get_attribute("lang") == "es", name
        opened = page.evaluate("() => { const all = document.querySelectorAll('details'); all.forEach(d => d.open = true); return all.length; }")
        assert opened > 10, (name, opened)
        shown = re.sub(r"\s+", " ", page.locator("body").inner_text())  # every step opened
        problems += [f"{name}: {words}" for words in F8379_ENGLISH if words in shown]
        problems += [f"{name}: a parameter's name {words}" for words in code_names(shown)]
        # looked at with the first steps opened (the whole page opened is too tall to photograph in time)
        page.evaluate("() => document.querySelectorAll('details').forEach((d, i) => d.open = i < 6)")
        problems += check_page(page, f"words-es-{name}")
    assert not problems, "\n".join(problems)


def test_the_laws_not_yet_checked_said_by_title_with_their_notes_behind_sources(demo):
    """Form 8379 in Texas rests on two laws marked unverified (the Tax Table's layout before 2024 and
    the community property offset rule): each is named by its title in the page's language, the long
    note in English behind "Sources"."""
    spanish, english, _case_id = demo
    case_id = spanish.import_example(ROOT / "examples" / "f8379" / "community_property_texas.yaml")
    page = spanish.get(f"/cases/{case_id}/years/2023/f8379")
    section = page.split("Aún no comprobado con una fuente oficial", 1)[1].split("</ul>", 1)[0]
    assert "<li>Tabla de impuestos del IRS<details" in section
    assert "<li>Parte de un pago en exceso conjunto que se puede compensar en un estado de bienes gananciales<details" in section
    assert section.count("<summary>Fuentes") == 2 and "IRM 25.18.5" in section.split("<summary>", 2)[2]
    assert "Unverified" not in page and "[U]" not in page
    case_id = english.import_example(ROOT / "examples" / "f8379" / "community_property_texas.yaml")
    page = english.get(f"/cases/{case_id}/years/2023/f8379")
    assert "<h3>Not yet checked against an official source</h3>" in page and "<li>IRS Tax Table<details" in page
