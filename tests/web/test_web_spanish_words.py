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
    assert sqlite_api.get(f"/api/cases/{case_id}/calendar.ics", params={"language": "en"}, headers={"Accept-Language": "es"}).content == english.content
    wrong = sqlite_api.get(f"/api/cases/{case_id}/calendar.ics", params={"language": "fr"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "language"
