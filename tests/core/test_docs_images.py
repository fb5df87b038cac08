"""Every image a page of docs/ shows (``<img src="img/...">`` or ``![...](img/...)``) is in docs/img."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
IMAGE = re.compile(r"""(?:<img\b[^>]*\bsrc=["']|!\[[^\]]*\]\()([^"')\s]+)""")


def test_every_image_the_docs_show_exists():
    shown = [(page.name, ref) for page in sorted(DOCS.rglob("*.md")) for ref in IMAGE.findall(page.read_text(encoding="utf-8"))
             if not ref.startswith(("http://", "https://"))]
    assert any(ref == "img/web-walk-safety.png" for _page, ref in shown)  # the pattern finds the images
    missing = [f"{page}: {ref}" for page, ref in shown if not (DOCS / ref).is_file()]
    assert missing == []
