"""The filled official forms of a saved case, to download: one PDF per envelope and the combined file.

``/cases/{id}/forms`` shows each envelope's cover sheet in plain words (what is inside, what to sign,
what is still to fill by hand, which documents to add, where to mail it and by when) with its
download; ``/cases/{id}/forms/{file}`` is the PDF. The packet is built from the case's outcome
(``pipeline.run``) through ``forms.source.inputs_from_outcome``, the one path the command line
takes too (``spouse-relief packet FILE -o DIR``). The JSON API (``forms_api.py``) reads the same
packet through :func:`case_packet`.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ..language import plain_marks
from . import cases, i18n
from .app import render

router = APIRouter(include_in_schema=False)
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,80}\.pdf")
KEEP = 8  # built packets kept per process: the page is read, then its files are downloaded

PACKETS = cases.Kept(KEEP)


def case_packet(request: Request, loaded: cases.Loaded, outcome: Any = None):
    """The saved case's packet (``forms.packet.Packet``), built once per owner, content, day and
    language and kept for the next few requests; its PDFs are merged when first downloaded."""
    language = i18n.language_of(request)

    def build():
        return build_case_packet(outcome if outcome is not None else cases.outcome(request, loaded.case), language)

    key = cases.kept_key(request, loaded.case)
    return build() if key is None else PACKETS.get((*key, language), build)


def build_case_packet(outcome: Any, language: str = "en"):
    """The packet (``forms.packet.Packet``) of a case's outcome: the official forms it calls for,
    filled; the cover sheets in ``language`` (the forms stay English as the IRS prints them)."""
    from ..forms.packet import build_packet
    from ..forms.source import inputs_from_outcome

    return build_packet(inputs_from_outcome(outcome), language=language)


def packet_file(packet: Any, name: str) -> Response:
    """One PDF of the packet by its file name, as a download; 404 in words for a name not in it."""
    pdf = packet.file(name)
    if pdf is None:
        raise HTTPException(404, "There is no such file among this case's filled forms. Open the list of forms to download them.")
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


def checked_file_name(name: str) -> str:
    """A file name as the packet names its files (``irs-form-8379-2024.pdf``), else bad input."""
    from ..errors import InputError

    if not FILE_NAME.fullmatch(name):
        raise InputError("file_name", "is not the name of a file of the filled forms (such as irs-form-8857.pdf or packet-all.pdf)")
    return name


@router.get("/cases/{case_id}/forms")
def forms_page(request: Request, case_id: str):
    from ..packet.view import outcome_view

    loaded = cases.load(request, case_id)
    outcome = cases.outcome(request, loaded.case)
    packet = case_packet(request, loaded, outcome)
    view = outcome_view(outcome)
    return render(request, "packet_forms.html", {
        "loaded": loaded, "case": loaded.case, "packet": packet, "OFFICIAL_LINKS": view.links, "base": f"/cases/{loaded.id}",
        "questions": len(outcome.questions), "plain_marks": lambda text: plain_marks(text, i18n.language_of(request)),
    })


@router.get("/cases/{case_id}/forms/{file_name}")
def forms_file(request: Request, case_id: str, file_name: str):
    loaded = cases.load(request, case_id)
    return packet_file(case_packet(request, loaded), file_name)
