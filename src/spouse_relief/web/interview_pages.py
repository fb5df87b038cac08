"""The guided interview: it asks only the questions the screening still needs, a few at a time.

"I don't know" is an answer: the field stays empty (unknown is not no), the question is not asked
again, and the results name it. Every answer can be changed from the list of answers; "Back"
reopens the last one.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import Request

from ..case import Answered
from ..errors import InputError
from ..navigator.facts import ILLINOIS_ONLY_KINDS, QUESTIONS
from ..navigator.findings import Question
from ..storage import Conflict
from . import cases
from .app import render
from .interview import SUBFIELD_LABELS, UNKNOWN, display, get_path, help_link, read_answer, set_path, spec_for

PER_PAGE = 5
# Fields a page links to for a change (the IL-8857 page's dates) -> the question that asks them.
FIELD_QUESTIONS = {"last_payment_on": "il_last_payment_on", "original_return_filed_on": "il_original_return_filed_on", "request_date": "il_request_date"}


def _without_illinois(spec):
    """A return item's kinds without the Illinois worksheet's own, for a case that has nothing to do with Illinois."""
    entry = []
    for name, sub, required in spec.entry:
        if name == "kind":
            sub = replace(sub, options=[(value, label) for value, label in sub.options
                                        if value not in ILLINOIS_ONLY_KINDS and not value.startswith("illinois_")])
        entry.append((name, sub, required))
    return replace(spec, entry=entry)


def _question_views(questions, document, unknown: set[str], illinois: bool = True):
    shown = []
    for question in questions:
        spec = spec_for(question.field)
        if question.field.endswith(".return_items") and not illinois:
            spec = _without_illinois(spec)
        shown.append({"id": question.id, "field": question.field, "text": question.text, "kind": spec.kind, "options": spec.options,
                      "entry": spec.entry, "help": spec.description, "link": help_link(question.field),
                      "current": get_path(document, question.field), "unknown": question.field in unknown})
    return shown


def _answered_rows(case, document):
    rows = []
    for answer in reversed(case.answered):
        spec = spec_for(answer.field)
        rows.append({"id": answer.field, "text": QUESTIONS.get(answer.id, answer.field), "display": display(get_path(document, answer.field), spec, answer.field in case.unknown)})
    return rows


def _values(shown) -> dict[str, str]:
    values = {}
    for question in shown:
        name = f"q.{question['field']}"
        if question["unknown"]:
            values[name] = UNKNOWN
        elif question["current"] is not None and question["kind"] == "yes_no":
            values[name] = "yes" if question["current"] else "no"
        elif question["current"] is not None and question["kind"] != "list":
            values[name] = str(question["current"])
        elif question["kind"] == "list" and question["current"] == []:
            values[name] = "none"
    return values


def register_interview_routes(router, posted, redirect, flash) -> None:
    def page(request: Request, loaded: cases.Loaded, *, edit: str | None = None, errors=None, values=None, status=200, conflict=None, case=None):
        case = case or loaded.case
        view = cases.view(request, loaded, case)
        questions = []
        document = case.facts_document()
        if edit:
            known = next((answer for answer in case.answered if answer.field == edit), None)
            match = next((question for question in view.questions if question.field == edit), None)
            if match is not None:
                questions = [match]
            elif known is not None:
                questions = [Question(known.id, known.field, QUESTIONS.get(known.id, known.field))]
            elif edit.split(".")[-1] in FIELD_QUESTIONS and edit.startswith("tax_years."):
                question_id = FIELD_QUESTIONS[edit.split(".")[-1]]
                questions = [Question(question_id, edit, QUESTIONS[question_id])]
        else:
            questions = view.questions[:PER_PAGE]
        shown = _question_views(questions, document, set(case.unknown), view.illinois) if questions else []
        form_values = _values(shown)
        form_values.update(values or {})
        answered = _answered_rows(case, document)
        return render(request, "interview.html", {
            "loaded": loaded, "case": case, "view": view, "OFFICIAL_LINKS": view.links, "questions": shown, "errors": errors or {}, "values": form_values,
            "answered": answered, "sub_labels": SUBFIELD_LABELS, "remaining": len(view.questions), "edit": edit, "message": flash(request), "conflict": conflict,
        }, status_code=status)

    @router.get("/cases/{case_id}/interview")
    def interview_page(request: Request, case_id: str):
        loaded = cases.load(request, case_id)
        return page(request, loaded, edit=request.query_params.get("edit") or None)

    @router.post("/cases/{case_id}/interview")
    async def interview_save(request: Request, case_id: str):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        today = request.app.state.settings.today()
        fields = [str(value) for value in form.getlist("fields")][:20]
        edit = str(form.get("edit", "")) or None
        case = loaded.case.model_copy(deep=True)
        document = case.facts_document()
        from ..pipeline import case_facts, open_questions

        ids = {question.field: question.id for question in open_questions(cases.outcome(request, loaded.case).findings, set())}
        ids.update({answer.field: answer.id for answer in loaded.case.answered})
        errors: dict[str, str] = {}
        values: dict[str, str] = {key: str(value) for key, value in form.items() if key.startswith("q.")}
        unknown = list(case.unknown)
        answered = list(case.answered)
        changed = False
        for field in fields:
            name = f"q.{field}"
            try:
                spec = spec_for(field)
                outcome, value = read_answer(spec, form, name)
            except InputError as exc:
                errors[exc.field] = exc.message[:1].upper() + exc.message[1:] + "."
                continue
            if outcome == "blank":
                continue
            question_id = ids.get(field) or str(form.get(f"id.{field}", ""))[:100] or field
            if outcome == "unknown":
                set_path(document, field, None)
                if field not in unknown:
                    unknown.append(field)
            else:
                if spec.kind == "list" and value and isinstance(get_path(document, field), list):
                    value = list(get_path(document, field)) + value  # adding an entry to a list
                set_path(document, field, value)
                unknown = [item for item in unknown if item != field]
            answered = [item for item in answered if item.field != field] + [Answered(id=question_id, field=field)]
            changed = True
        if not errors and changed:
            try:
                changed_case = case.with_facts(document)
                if changed_case.facts.tax_years:
                    case_facts(changed_case, today)
            except InputError as exc:
                exc = InputError(exc.field.removeprefix("facts."), exc.message)
                target = next((field for field in fields if exc.field == field or exc.field.startswith(field + ".")), None)
                key = f"q.{exc.field}" if target else "_form"
                errors[key] = (exc.message[:1].upper() + exc.message[1:] + ".") if target else f"{exc.field}: {exc.message}"
        if errors:
            return page(request, loaded, edit=edit, errors=errors, values=values, status=422)
        if changed:
            case = changed_case
            case.unknown = unknown
            case.answered = answered
            try:
                cases.save(request, loaded, case, version)
            except Conflict as exc:
                return page(request, loaded, edit=edit, values=values, status=409, conflict=str(exc))
        if form.get("action") == "back":
            previous = [item.field for item in answered if item.field not in fields] or [item.field for item in answered]
            if previous:
                return redirect(f"/cases/{case_id}/interview?edit={previous[-1]}")
        return redirect(f"/cases/{case_id}/interview" + ("?msg=saved" if changed else ""))
