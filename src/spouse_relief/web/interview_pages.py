"""The guided interview: it asks only the questions the screening still needs."""

from __future__ import annotations

from fastapi import Request

from ..packet.assemble import assemble
from ..storage import Conflict
from . import cases
from .app import render


def register_interview_routes(router, posted, redirect, flash) -> None:
    @router.get("/cases/{case_id}/interview")
    def interview_page(request: Request, case_id: str):
        loaded = cases.load(request, case_id)
        view = assemble(loaded.case, request.app.state.settings.today())
        return render(request, "interview.html", {"loaded": loaded, "case": loaded.case, "view": view, "questions": [], "errors": {}, "values": {}, "message": flash(request)})

    @router.post("/cases/{case_id}/interview")
    async def interview_save(request: Request, case_id: str):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        try:
            cases.save(request, loaded, loaded.case, cases.form_version(form.get("version")))
        except Conflict as exc:
            view = assemble(loaded.case, request.app.state.settings.today())
            return render(request, "interview.html", {"loaded": loaded, "case": loaded.case, "view": view, "questions": [], "errors": {}, "values": {}, "conflict": str(exc)}, status_code=409)
        return redirect(f"/cases/{case_id}/interview?msg=saved")
