"""The worksheet pages, the worksheet to print, the repair view and the printable summary in Spanish.

Each page of the demo case (and of a Form 8379 and a 6015(d) case imported from the examples) is read
in Spanish and in English: the Spanish page shows known Spanish headings and none of the English
words of its templates (every message of three words or more that the templates mark, read from the
templates themselves), the English page is as before. The explanation to the IRS stays English on the
Spanish summary, and the summary made by the command line in English is the one the web makes in
English. A walk in Debian's chromium looks at the Spanish pages at 1280 and 390 px (axe-core, width,
screenshots in test-artifacts/screenshots/worksheets-es-*.png).
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spouse_relief.web.demo import DEMO_PASSWORD, DEMO_USERNAME, seed_demo

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "spouse_relief" / "web" / "templates"
PACKET_TEMPLATE = ROOT / "src" / "spouse_relief" / "packet" / "templates" / "packet_print.html"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def template_english(*paths: Path) -> list[str]:
    """The English words the templates mark for translation: each message's literal parts of three
    words or more (between placeholders and tags)."""
    from babel.messages.extract import extract_from_file

    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    found = set()
    for path in paths:
        for _line, message, _comments, _context in extract_from_file("jinja2.ext:babel_extract", str(path), options=options):
            for text in message if isinstance(message, tuple) else (message,):
                for part in re.split(r"%\(\w+\)[sd]|<[^>]+>", text):
                    part = part.strip(" .,:;()\"")
                    if len(part.split()) >= 3:
                        found.add(part)
    return sorted(found, key=len, reverse=True)


def visible(page_html: str) -> str:
    """The words a person reads: tags, scripts and styles gone, entities decoded, spaces folded."""
    text = re.sub(r"<(script|style|textarea)[^>]*>.*?</\1>", " ", page_html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def english_left(page_html: str, english: list[str]) -> list[str]:
    shown = visible(page_html)
    return [text for text in english if text in shown]


class Reader:
    """A logged-in TestClient of the demo account, in one language (the language switch's cookie)."""

    def __init__(self, app, language: str) -> None:
        from fastapi.testclient import TestClient

        self.client = TestClient(app, follow_redirects=True)
        self.client.cookies.set("sr_lang", language)
        token = CSRF.search(self.client.get("/login").text).group(1)
        page = self.client.post("/login", data={"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "csrf_token": token})
        assert page.status_code == 200

    def get(self, path: str) -> str:
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        return response.text

    def case_ids(self) -> list[str]:
        return re.findall(r"/cases/([0-9a-f]{32})\"", self.get("/cases"))

    def import_example(self, path: Path) -> str:
        token = CSRF.search(self.get("/cases")).group(1)
        upload = self.client.post("/cases/import", data={"csrf_token": token, "copy": "1"},
                                  files={"file": (path.name, io.BytesIO(path.read_bytes()), "text/plain")})
        assert upload.status_code == 200, upload.text[:300]
        return re.search(r"/cases/([0-9a-f]{32})", str(upload.url)).group(1)


@pytest.fixture
def demo(sqlite_app):
    seed_demo(sqlite_app.state.store)
    spanish, english = Reader(sqlite_app, "es"), Reader(sqlite_app, "en")
    return spanish, english, spanish.case_ids()[0]


IL8857 = template_english(TEMPLATES / "il8857.html", TEMPLATES / "_trace.html")
FEDERAL = template_english(TEMPLATES / "federal.html", TEMPLATES / "_trace.html")
PRINT = template_english(TEMPLATES / "worksheet_print.html")
REPAIR = template_english(TEMPLATES / "repair.html")
SUMMARY = template_english(PACKET_TEMPLATE)


def test_the_english_words_are_read_from_the_templates():
    assert "Form IL-8857 Allocation of Liability Worksheet, tax year" in IL8857 and "How was each number computed?" in FEDERAL
    assert "This case needs repair" in REPAIR and "Relief request packet" in SUMMARY
    assert "Use your browser's Print command: each printed page carries the name and number at its top" in PRINT


def test_the_il8857_worksheet_pages_in_spanish(demo):
    spanish, english, case_id = demo
    base = f"/cases/{case_id}/years/2022/il8857"
    items = spanish.get(base)
    for heading in ("Hoja de trabajo de asignación de responsabilidad del Formulario IL-8857, año tributario 2022", "Sobre este año",
                    "Partidas escritas para 2022", "Agregar una partida", "La hoja de trabajo", "Las verificaciones del propio formulario",
                    "Asignar las partidas de ingreso", "Sueldos, salarios, propinas, etc.", "Le pueden reembolsar $422.74.",
                    "12 de abril de 2023", "Residente de Illinois todo el año", "Línea 1: Sueldos, salarios, propinas, etc.",
                    "Una copia de sus declaraciones de impuestos sobre los ingresos federales y de Illinois"):
        assert heading in html.unescape(items), heading
    assert english_left(items, IL8857) == []
    assert "Wages, salaries, tips, etc." not in items and "Allocate income items" not in items
    lines = spanish.get(base + "?mode=lines")
    assert "Líneas que se llenan a mano, año tributario 2022" in lines and "A Conjunta" in lines
    assert english_left(lines, IL8857) == []
    # an error beside a field, in Spanish
    token = CSRF.search(items).group(1)
    version = re.search(r'name="version" value="(\d+)"', items).group(1)
    wrong = spanish.client.post(base + "/items", data={"csrf_token": token, "version": version, "kind": "wages", "amount": ""})
    assert wrong.status_code == 200 and str(wrong.url).endswith("#item-form-heading")  # post, redirect, get
    assert "Escriba la cantidad en dólares y centavos" in html.unescape(wrong.text)
    assert "Diga de quién es esta partida." in html.unescape(wrong.text)

    printed = spanish.get(base + "/print")
    assert "Cónyuge que pide el alivio:" in html.unescape(printed) and "Líneas 1 a 80 (A conjunta" in html.unescape(printed)
    assert english_left(printed, PRINT) == []
    assert "Ingreso total. Sume las líneas 1 a 15." in html.unescape(printed)

    # English as before
    shown = visible(english.get(base))
    for words in ("Form IL-8857 Allocation of Liability Worksheet, tax year 2022", "About this year", "Items entered for 2022",
                  "Wages, salaries, tips, etc.", "You may be refunded $422.74.", "Line 1: Wages, salaries, tips, etc.",
                  "How was this computed?", "A copy of your federal and Illinois income tax returns", "Full-year Illinois resident"):
        assert words in shown, words
    assert "Lines 1 to 80 (A joint, B requesting spouse, C other spouse)" in visible(english.get(base + "/print"))


def test_the_federal_worksheet_pages_in_spanish(demo):
    spanish, english, case_id = demo
    page = spanish.get(f"/cases/{case_id}/years/2022/f6015d")
    assert "Separación de responsabilidad, IRC 6015(c)/(d), año tributario 2022" in html.unescape(page)
    assert "Agregue la deficiencia" in html.unescape(page)
    assert english_left(page, FEDERAL) == []
    f8379 = spanish.import_example(ROOT / "examples" / "f8379" / "child_support_offset.yaml")
    page = html.unescape(spanish.get(f"/cases/{f8379}/years/2024/f8379"))
    for words in ("Formulario 8379, año tributario 2024", "Asignación de la Parte III del Formulario 8379, 2024", "Cónyuge perjudicado",
                  "Ingreso declarado en el Formulario W-2", "¿Cómo se calculó cada cifra?", "Guardar y calcular"):
        assert words in page, words
    assert english_left(page, FEDERAL) == []
    f6015d = spanish.import_example(ROOT / "examples" / "f6015d" / "capehart.yaml")
    page = html.unescape(spanish.get(f"/cases/{f6015d}/years/1994/f6015d"))
    for words in ("La parte de cada cónyuge", "cónyuge solicitante", "proporcional", "La deficiencia que se divide"):
        assert words in page, words
    assert english_left(page, FEDERAL) == []
    shown = visible(english.get(f"/cases/{f6015d}/years/1994/f6015d"))
    assert "Each spouse's portion" in shown and "requesting" in shown and "proportionate" in shown
    assert "Form 8379 Part III allocation, 2024" in visible(english.get(f"/cases/{f8379}/years/2024/f8379"))


def test_the_repair_view_in_spanish(sqlite_app):
    from test_web_hardening import _plant

    seed_demo(sqlite_app.state.store)
    account = sqlite_app.state.store.find_user(DEMO_USERNAME)
    bad = {"format": "spouse-relief-case", "version": 1, "title": "Old", "facts": {"marriage": "divorced"},
           "people": {"requesting_spouse": {"name": "Dana", "ssn": "123-45-6789"}}, "tax_years": [{"tax_year": 2022}]}
    case_id = _plant(sqlite_app.state.store, account, bad)
    page = html.unescape(Reader(sqlite_app, "es").get(f"/cases/{case_id}/repair"))
    for words in ("Este caso necesita reparación", "Lo que falla", "Guardar el caso corregido", "Descargar el caso tal como está", "Borrar este caso"):
        assert words in page, words
    assert english_left(page, REPAIR) == []
    assert "This case needs repair" in Reader(sqlite_app, "en").get(f"/cases/{case_id}/repair")


def test_the_printable_summary_in_spanish_keeps_the_explanation_in_english(demo, tmp_path):
    spanish, english, case_id = demo
    page = spanish.get(f"/cases/{case_id}/packet.html")
    assert '<html lang="es">' in page
    shown = visible(page)
    for words in ("Paquete de solicitud de alivio: Demo", "Preparado el 3 de marzo de 2025", "Cónyuge que pide el alivio (usted): Pat Example",
                  "Hoja de trabajo de asignación de responsabilidad del Formulario IL-8857, año tributario 2022", "Explicación para el Formulario 8857",
                  "La explicación queda en inglés", "Año tributario 2022, Formulario IL-8857: Le pueden reembolsar $422.74.", "A dónde enviarlo"):
        assert words in shown, words
    assert english_left(page, SUMMARY) == []
    # the statement to the IRS stays as written, in English, marked as English
    assert re.search(r'<p style="white-space: pre-wrap" lang="en">I am asking for relief from the joint tax liability for 2022', page)
    assert "Sueldos, salarios, propinas, etc." in shown and "Wages, salaries, tips, etc." not in shown

    # English: the page the command line writes, word for word
    from spouse_relief.cli import app as cli_app

    document = english.client.get(f"/cases/{case_id}/export.json")
    assert document.status_code == 200
    exported = tmp_path / "case.json"
    exported.write_bytes(document.content)
    written = tmp_path / "packet.html"
    result = CliRunner().invoke(cli_app, ["packet", str(exported), "-o", str(written), "--as-of", "2025-03-03"])
    assert result.exit_code == 0, result.output
    web_english = english.get(f"/cases/{case_id}/packet.html")
    # the same page, but a screen shows each SSN as its last four digits
    assert mask_ssns(written.read_text(encoding="utf-8")) == web_english
    assert '<html lang="en">' in web_english and "Relief request packet: Demo" in web_english and "Prepared 2025-03-03 with spouse-relief." in web_english
    spanish_file = tmp_path / "paquete.html"
    result = CliRunner().invoke(cli_app, ["packet", str(exported), "-o", str(spanish_file), "--as-of", "2025-03-03", "--language", "es"])
    assert result.exit_code == 0 and mask_ssns(spanish_file.read_text(encoding="utf-8")) == page


def mask_ssns(text: str) -> str:
    import re

    return re.sub(r"\b\d{3}-\d{2}-(\d{4})\b", r"***-**-\1", text)


# --- in chromium ------------------------------------------------------------------------------


def demo_in_spanish(page, server: str) -> str:
    """Log in to the demo account, switch to Spanish; the demo case's id."""
    page.goto(f"{server}/login")
    page.locator("#f-username").fill(DEMO_USERNAME)
    page.locator("#f-password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_role("link", name="Español").click()
    return re.search(r"/cases/([0-9a-f]{32})", page.locator("a[href^='/cases/']").filter(has_text="Demo").first.get_attribute("href")).group(1)


def import_in_browser(page, server: str, path: Path) -> str:
    """Import a case file through the cases page; the new case's id."""
    page.goto(f"{server}/cases")
    page.set_input_files("#f-file", str(path))
    page.locator("#f-file").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]{32}"))
    return re.search(r"/cases/([0-9a-f]{32})", page.url).group(1)


def test_the_spanish_worksheet_pages_in_a_browser(page, server):
    from test_web_front import check_page

    case_id = demo_in_spanish(page, server)
    problems = []
    for name, path, english in (("il8857", "/years/2022/il8857", IL8857), ("il8857-lines", "/years/2022/il8857?mode=lines", IL8857),
                                ("print", "/years/2022/il8857/print", PRINT), ("f6015d", "/years/2022/f6015d", FEDERAL),
                                ("summary", "/packet.html", SUMMARY)):
        page.goto(f"{server}/cases/{case_id}{path}")
        assert page.locator("html").get_attribute("lang") == "es", name
        if name == "il8857":
            page.locator("details summary").filter(has_text="¿Cómo se calculó?").first.click()
        problems += check_page(page, f"worksheets-es-{name}")
        shown = re.sub(r"\s+", " ", page.locator("body").inner_text())
        left = [text for text in english if text in shown]
        if left:
            problems.append(f"{name}: English left on a Spanish page: {left[:5]}")
    # a Form 8379 with its numbers, imported from the examples
    imported = import_in_browser(page, server, ROOT / "examples" / "f8379" / "child_support_offset.yaml")
    page.goto(f"{server}/cases/{imported}/years/2024/f8379")
    assert "Asignación de la Parte III del Formulario 8379, 2024" in page.locator("main").inner_text()
    page.locator("details summary").first.click()
    problems += check_page(page, "worksheets-es-f8379")
    shown = re.sub(r"\s+", " ", page.locator("body").inner_text())
    problems += [f"f8379: English left on a Spanish page: {text}" for text in FEDERAL if text in shown]
    assert not problems, "\n".join(problems)
