"""The filled official forms in the JSON API: the envelopes of a saved case with what is inside each,
each PDF to download, and the lines left for the person to fill by hand (and what to sign).

The packet is the one the pages offer (``packet_pages.case_packet``: the case's outcome through
``forms.source.inputs_from_outcome``), the same the command line writes with
``spouse-relief packet FILE -o DIR``. Errors as in ``api.py``: 401 without a login, 404 for a case
that is not yours (or a file not in its packet), 422 for a malformed file name.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from .. import DISCLAIMER
from . import cases
from .api import ERRORS
from .packet_pages import case_packet, checked_file_name, packet_file

router = APIRouter(prefix="/api", tags=["filled forms"])


class LeftLine(BaseModel):
    form: str = Field(description="The form: 8857, 8379, IL-8857, 911, 12153, 9465, 2848 or 656.", examples=["8379"])
    tax_year: int | None = Field(description="The tax year, for a form filed once per year.", examples=[2024])
    line: str = Field(description="The printed line (empty for the form as a whole).", examples=["5"])
    label: str = Field(description="What the line asks, in the form's words.")
    kind: Literal["answer", "sign"] = Field(description="answer: left for you to fill; sign: to sign and date by hand.")


class BundleOut(BaseModel):
    id: str = Field(examples=["irs-form-8379-2024"])
    title: str = Field(description="Where this envelope goes.", examples=["IRS: injured spouse allocation for 2024"])
    file: str = Field(examples=["irs-form-8379-2024.pdf"])
    url: str = Field(description="GET it for the PDF: the cover sheet, the filled forms, our attachments, the checklist.")
    contents: list[str] = Field(description="What is inside, in order.")
    sign: list[str] = Field(description="What to sign and date by hand.")
    add: list[str] = Field(description="The documents to add before mailing.")
    left_to_fill: list[str] = Field(description="The lines still to fill by hand.")
    mail_to: list[str] = Field(description="The address, one line per item.")
    mail_source: str = Field(description="Where the address comes from.")
    deadline: str | None = Field(description="The last day, in words, or null when none is known.")
    notes: list[str]
    certified_mail: str


class CombinedOut(BaseModel):
    file: str = Field(examples=["packet-all.pdf"])
    url: str


class FormsOut(BaseModel):
    bundles: list[BundleOut] = Field(description="One per envelope; empty while no official form applies to the case.")
    combined: CombinedOut | None = Field(description="Every envelope in one file (null without envelopes).")
    disclaimer: str


class LeftOut(BaseModel):
    lines: list[LeftLine]
    disclaimer: str


PDF = {200: {"content": {"application/pdf": {}}, "description": "The PDF, as a download."}}
FILE_NAME = Path(..., description="A file name from GET /api/cases/{case_id}/forms (a bundle's file, or packet-all.pdf).")


def _url(case_id: str, name: str) -> str:
    return f"/api/cases/{case_id}/forms/{name}"


@router.get("/cases/{case_id}/forms", response_model=FormsOut, responses=ERRORS)
def api_forms(request: Request, case_id: str) -> dict[str, Any]:
    """The filled official forms of the case, one bundle per envelope, with what is inside each."""
    loaded = cases.load(request, case_id)
    packet = case_packet(request, loaded)
    described = packet.as_dict()
    bundles = [{**bundle, "url": _url(loaded.id, bundle["file"])} for bundle in described["bundles"]]
    combined = {"file": described["combined"], "url": _url(loaded.id, described["combined"])} if described["combined"] else None
    return {"bundles": bundles, "combined": combined, "disclaimer": DISCLAIMER}


@router.get("/cases/{case_id}/forms/unfilled", response_model=LeftOut, responses=ERRORS)
def api_forms_unfilled(request: Request, case_id: str) -> dict[str, Any]:
    """The lines left for the person to fill by hand, and what to sign, form by form."""
    loaded = cases.load(request, case_id)
    packet = case_packet(request, loaded)
    return {"lines": [row for bundle in packet.bundles for row in bundle.unfilled], "disclaimer": DISCLAIMER}


@router.get("/cases/{case_id}/forms/{file_name}", responses={**ERRORS, **PDF})
def api_forms_file(request: Request, case_id: str, file_name: str = FILE_NAME):
    """One envelope's PDF, or packet-all.pdf with every envelope."""
    checked_file_name(file_name)
    loaded = cases.load(request, case_id)
    return packet_file(case_packet(request, loaded), file_name)
