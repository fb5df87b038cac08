"""Rendered pages (poppler's pdftoppm) of one case per form against stored images, with a
tolerance, so a broken appearance stream (text missing, boxes not drawn) fails.

The stored images are in tests/forms/golden/. After a deliberate change, look at the new pages and
store them with ``SPOUSE_RELIEF_UPDATE_GOLDEN=1`` (then look at them again before committing).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from spouse_relief.forms.fill import fill
from spouse_relief.forms.packet import build_packet
from spouse_relief.forms.source import form_mapping

from .helpers import GOLDEN, inputs

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed; scripts/test installs it")

DPI = 60
TOLERANCE = 0.0005  # share of pixels whose gray level differs by more than a quarter (font smoothing differs a little between poppler versions)


def _render(pdf: bytes, page: int) -> "Image.Image":  # noqa: F821
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", str(source), str(Path(folder) / "out")],
                       check=True, capture_output=True, timeout=120)
        produced = sorted(Path(folder).glob("out*.png"))
        return Image.open(io.BytesIO(produced[0].read_bytes())).convert("L")


def _difference(first, second) -> float:
    """The share of pixels that clearly differ (1.0 when the sizes differ)."""
    from PIL import ImageChops

    if first.size != second.size:
        return 1.0
    changed = ImageChops.difference(first, second).point(lambda level: 255 if level > 64 else 0)
    return changed.histogram()[255] / (first.size[0] * first.size[1])


def _check(name: str, pdf: bytes, page: int, blank: bytes | None = None, golden_page: int | None = None) -> None:
    image = _render(pdf, page)
    golden = GOLDEN / f"{name}-p{golden_page or page}.png"
    if os.environ.get("SPOUSE_RELIEF_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        image.save(golden, optimize=True)
    from PIL import Image

    stored = Image.open(golden).convert("L")
    assert _difference(image, stored) <= TOLERANCE, f"{name} page {page} looks different from {golden.name}"
    if blank is not None:  # the test can fail: the blank page is farther from the golden than the tolerance
        assert _difference(_render(blank, page), stored) > TOLERANCE, f"{name} page {page}: the filled values do not show"


YEARS = (2021, 2022, 2023)
CASES = [
    ("8857", "three_years_illinois.yaml", None, YEARS, [1, 3, 5]),
    ("8379", "ohio_injured_spouse.yaml", 2024, (2024,), [1, 2]),
    ("911", "three_years_illinois.yaml", None, YEARS, [1]),
    ("12153", "three_years_illinois.yaml", None, YEARS, [1]),
    ("9465", "three_years_illinois.yaml", None, YEARS, [1]),
    ("2848", "three_years_illinois.yaml", None, YEARS, [1]),
    ("656", "three_years_illinois.yaml", None, YEARS, [23]),
]


@pytest.mark.parametrize(("form", "case", "year", "years", "pages"), CASES, ids=[case[0] for case in CASES])
def test_filled_form_pages_look_as_stored(form, case, year, years, pages):
    from spouse_relief.forms.blanks import blank_bytes

    filled = fill(form, form_mapping(inputs(case), form, year, years), year)
    for page in pages:
        _check(f"f{form}", filled.pdf, page, blank_bytes(form))


def test_generated_pages_look_as_stored():
    packet = build_packet(inputs("three_years_illinois.yaml"))
    irs = packet.bundles[0]
    _check("cover-8857", irs.parts[0].pdf, 1)
    _check("continuation-8857", next(part.pdf for part in irs.parts if part.label.startswith("Continuation")), 1)
    illinois = next(bundle for bundle in packet.bundles if bundle.id == "idor-form-il-8857-2022")
    facsimile = next(part.pdf for part in illinois.parts if part.kind == "form")
    _check("il8857-facsimile", facsimile, 1)
    _check("il8857-facsimile", facsimile, 2)


def test_forms_inside_the_combined_file_look_as_alone():
    """A form that follows another in one file keeps its own fonts (its blank's default resources)."""
    from pypdf import PdfReader

    packet = build_packet(inputs("three_years_illinois.yaml"))
    combined = PdfReader(io.BytesIO(packet.combined))
    first_page = {}
    page = 1
    for bundle in packet.bundles:
        for part in bundle.parts:
            count = len(PdfReader(io.BytesIO(part.pdf)).pages) if part.filled is None else len(PdfReader(io.BytesIO(part.filled_blank_pages())).pages)
            first_page.setdefault(part.label.split(",")[0], page)
            page += count
    assert page - 1 == len(combined.pages)
    _check("f2848", packet.combined, first_page["Form 2848"], golden_page=1)
    _check("f911", packet.combined, first_page["Form 911"], golden_page=1)
