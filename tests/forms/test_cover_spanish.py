"""The cover sheet and checklist in Spanish, as the person chose; the official forms stay in English."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from spouse_relief.forms.packet import build_packet, write_case_packet

from .helpers import CASES, inputs


def _pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "part.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")


@pytest.fixture(scope="module")
def ohio_es():
    return build_packet(inputs("ohio_injured_spouse.yaml"), language="es")


def test_injured_spouse_cover_sheet_in_spanish(ohio_es, tmp_path):
    bundle = ohio_es.bundles[0]
    assert bundle.title == "IRS: asignación del cónyuge perjudicado de 2024"
    cover = _pdftotext(bundle.parts[0].pdf, tmp_path)
    for words in ("Lea primero: qué hay en este sobre", "Adentro, en este orden", "Firme antes de enviarlo",
                  "Agregue estos documentos (copias, no originales)", "A dónde enviarlo", "Para cuándo", "Cómo enviarlo",
                  "correo certificado con acuse de recibo", "Formulario 8379", "aviso de compensación",
                  "Formularios W-2 y W-2G de ambos cónyuges", "no es asesoría legal"):
        assert words in cover, words
    for english in ("Read first", "Inside, in this order", "Sign before you mail", "Where to mail it", "By when", "certified mail",
                    "Add these documents", "offset notice"):
        assert english not in cover, english
    # the deadline is written as a date in Spanish words
    assert any(month in cover for month in ("de enero de", "de febrero de", "de marzo de", "de abril de", "de mayo de", "de junio de",
                                             "de julio de", "de agosto de", "de septiembre de", "de octubre de", "de noviembre de",
                                             "de diciembre de")) or "No se pudo calcular un plazo" in cover
    checklist = _pdftotext(bundle.parts[-1].pdf, tmp_path)
    assert "Documentos que usted agrega a este sobre" in checklist


def test_official_form_stays_english(ohio_es, tmp_path):
    english = build_packet(inputs("ohio_injured_spouse.yaml"))
    assert ohio_es.bundles[0].forms[0].values == english.bundles[0].forms[0].values
    whole = _pdftotext(ohio_es.bundles[0].pdf, tmp_path)
    assert "Injured Spouse Allocation" in whole and "Lea primero" in whole
    assert "Read first: what is in this envelope" in _pdftotext(english.bundles[0].parts[0].pdf, tmp_path)


def test_write_case_packet_in_spanish(tmp_path):
    from spouse_relief.io import read_document

    written = write_case_packet(read_document(CASES / "ohio_injured_spouse.yaml"), tmp_path / "out", language="es")
    combined = _pdftotext(written[-1].read_bytes(), tmp_path)
    assert "Lea primero" in combined and "Injured Spouse Allocation" in combined
