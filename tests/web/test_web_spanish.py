"""The walk of an injured spouse in Spanish, in Debian's chromium: the person picks "Español" on the
start page and every page after it (the questions, what to do now, the official forms) speaks
Spanish. A check compares the visible text of each page with the English catalog: no English
sentence of the catalog may be left on a Spanish page. axe-core at 1280 and 390 px on every page,
screenshots in test-artifacts/screenshots/walk-es-*.png; the cover sheet downloaded is Spanish."""

from __future__ import annotations

import re
import shutil
import subprocess

from test_web_front import check_page
from test_web_walks import PASSWORD, interview

from spouse_relief.web.i18n import translations

es = translations("es").gettext


def english_sentences() -> list[str]:
    """The English words of the catalog a Spanish page must not show: each message's literal parts
    (between placeholders and tags) of three words or more whose Spanish differs."""
    from babel.messages.pofile import read_po

    from spouse_relief.web.i18n import locale_folder

    with (locale_folder() / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or message.id in strings:
            continue
        for text in ids:
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|\{\w+\}", text):
                part = part.strip(" .,:;()")
                if len(part.split()) >= 3 and not any(part in string for string in strings):
                    found.add(part)
    return sorted(found, key=len, reverse=True)


ENGLISH = english_sentences()


def kept_in_english() -> list[str]:
    """The official English names a Spanish message keeps in parentheses ("(Request for Taxpayer
    Advocate Service Assistance)"): the form as the IRS prints it, not English left on the page."""
    from babel.messages.pofile import read_po

    from spouse_relief.web.i18n import locale_folder

    with (locale_folder() / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    return sorted({name for message in catalog if isinstance(message.id, str) and isinstance(message.string, str)
                   for name in re.findall(r"\(([^()]+)\)", message.string) if name in message.id and len(name.split()) >= 3}, key=len, reverse=True)


KEPT = kept_in_english()


class SpanishWalk:
    def __init__(self, page) -> None:
        self.page, self.problems, self.count = page, [], 0
        self.pages: list[str] = []  # the titles of the question pages answered (test_web_walks.interview)

    def check(self, what: str) -> None:
        self.count += 1
        name = f"walk-es-{self.count:02d}-{what}"
        self.problems += check_page(self.page, name)
        assert self.page.locator("html").get_attribute("lang") == "es", name
        shown = re.sub(r"\s+", " ", self.page.locator("body").inner_text())
        for kept in KEPT:
            shown = shown.replace(f"({kept})", "")
        left = [sentence for sentence in ENGLISH if sentence in shown]
        if left:
            self.problems.append(f"{name}: English left on a Spanish page: {left[:5]}")


def step(page, name: str) -> None:
    page.locator("nav.casenav").get_by_role("link", name=es(name), exact=True).click()


ANSWERS = {  # words of the Spanish question -> the Spanish answer
    "le hizo daño": "No", "Presentó una declaración conjunta": "Sí", "Cuál era la deuda": "Manutención de hijos",
    "solo de su cónyuge": "Sí", "obligado u obligada legalmente": "No", "retuvieron impuesto federal": "Sí",
    "ingreso del trabajo (sueldos": "Sí", "otro crédito reembolsable": "No",
    "Qué había en la declaración conjunta": [{"Qué es": "Sueldos (Formulario W-2)", "De quién": "Mío", "Cantidad": "30,000"},
                                            {"Qué es": "Sueldos (Formulario W-2)", "De quién": "De mi cónyuge", "Cantidad": "50,000"},
                                            {"Qué es": "Impuesto federal retenido", "De quién": "Mío", "Cantidad": "6,000"}],
}


def test_injured_spouse_walk_in_spanish(page, server, tmp_path):
    walk = SpanishWalk(page)
    page.goto(f"{server}/")
    page.get_by_role("link", name="Español").click()
    walk.check("inicio")
    page.get_by_role("link", name=es("Start now")).click()
    page.get_by_label(es("My tax refund was taken to pay my spouse’s debt")).check()
    page.get_by_label(es("State"), exact=True).select_option(label="Ohio")
    page.get_by_label("2024", exact=True).check()
    walk.check("que-paso")
    page.get_by_role("button", name=es("Continue")).click()
    page.get_by_role("link", name=es("Make an account and continue")).click()
    page.locator("#f-username").fill("lucia")
    page.locator("#f-password").fill(PASSWORD)
    page.locator("#f-confirm").fill(PASSWORD)
    page.get_by_role("button", name=es("Create the account")).click()
    page.get_by_role("button", name=es("Save and continue")).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+\?msg=created"))

    asked = interview(walk, ANSWERS, words=es)
    assert asked and all("?" not in legend or "¿" in legend for legend in asked), asked

    step(page, "Results")
    assert page.title() == f"{es('What to do now')} · spouse-relief"
    walk.check("resultados")
    todo = page.locator("section.bottom-line").inner_text()
    assert "Envíe el Formulario 8379" in todo and "18 de abril de 2028" in todo, todo
    assert "$" in todo and "8857" not in todo

    page.goto(page.url.replace("/results", "/forms"))
    walk.check("formularios")
    main = page.locator("main").inner_text()
    assert "IRS: asignación del cónyuge perjudicado de 2024" in main and "Hoja de portada" in main
    with page.expect_download() as download:
        page.get_by_role("link", name=es("Download this envelope (PDF)")).first.click()
    pdf = tmp_path / "sobre.pdf"
    download.value.save_as(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Lea primero: qué hay en este sobre" in text and "Injured Spouse Allocation" in text  # the form itself stays English
    assert not walk.problems, "\n".join(walk.problems)
