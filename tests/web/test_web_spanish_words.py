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

