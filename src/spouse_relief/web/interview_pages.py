"""The guided interview: it asks only the questions the screening still needs, one thing per page
(small yes/no questions of one topic share a page), in the order of :mod:`.interview_plan`.

"I don't know" is an answer: the field stays empty (unknown is not no), the question is not asked
again, and the results name it. Every answer can be changed from the list of answers; "Back"
reopens the last one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import Request

from ..case import Answered
from ..errors import InputError
from ..navigator.facts import ILLINOIS_ONLY_KINDS, QUESTIONS
from ..navigator.findings import Question
from ..storage import Conflict
from . import anonymous, cases
from .app import render
from . import interview_plan as plan
from ..case import mask_ssn
from .interview import SUBFIELD_LABELS, UNKNOWN, Spec, _spec_of, display, get_path, help_link, read_answer, set_path, spec_for
from ..forms.answers import QUESTIONS as _FORM_REGISTRY

FORM_QUESTIONS = {f"forms.{question.field}": question for question in _FORM_REGISTRY}
ADDRESS_PARTS = ("street", "apt", "city_state_zip")
# Fields a page links to for a change (the IL-8857 page's dates) -> the question that asks them.
FIELD_QUESTIONS = {"last_payment_on": "il_last_payment_on", "original_return_filed_on": "il_original_return_filed_on", "request_date": "il_request_date"}
# A question opened from another page for one change goes back there after saving (``return=``):
# only these pages of the case, never an address taken from the request.
RETURNS = {"check": "/check", "results": "/results"}


def return_to(value: Any) -> str | None:
    """The page a changed answer goes back to ("check", "results"), or None for any other value."""
    value = str(value or "")
    return value if value in RETURNS else None


def _without_illinois(spec):
    """A return item's kinds without the Illinois worksheet's own, for a case that has nothing to do with Illinois."""
    entry = []
    for name, sub, required in spec.entry:
        if name == "kind":
            sub = replace(sub, options=[(value, label) for value, label in sub.options
                                        if value not in ILLINOIS_ONLY_KINDS and not value.startswith("illinois_")])
        entry.append((name, sub, required))
    return replace(spec, entry=entry)


def _form_spec(question) -> Spec:
    """The widget of a question only a form asks (``forms.answers.QUESTIONS``)."""
    if question.kind == "yes_no":
        return Spec("yes_no", [("yes", "Yes"), ("no", "No")])
    if question.kind == "choice":
        from ..forms.answers import FormAnswers

        model: Any = FormAnswers
        annotation: Any = None
        for part in question.field.split("."):
            annotation = model.model_fields[part].annotation
            model = annotation
        spec = _spec_of(annotation)
        if question.field.endswith("first_on_return"):
            spec.options = [("you", "My name"), ("spouse", "My spouse's name")]
        return spec
    if question.kind == "number":
        return Spec("number")
    if question.kind == "address":
        return Spec("address")
    if question.kind == "money_table":
        return Spec("money_table", list(plan.money_kinds(question.id).items()))
    if question.kind == "person":
        return Spec("person", [(key, label) for key, label, _what in plan.PERSON_FIELDS[question.id]])
    if question.kind == "rows":
        return Spec("rows", [(column, label) for column, label, _required in plan.ROW_FIELDS[question.id]])
    return Spec("text")


def _spec(field: str, form_questions: dict[str, Any]) -> Spec:
    if field in plan.ABOUT_BY_FIELD:
        return Spec(plan.ABOUT_BY_FIELD[field].kind)
    if field.startswith("forms."):
        question = form_questions.get(field) or FORM_QUESTIONS.get(field)
        return _form_spec(question) if question else Spec("text")
    return spec_for(field)


def _question_views(questions, document, unknown: set[str], illinois: bool = True, form_questions=None, answered=frozenset(), outcome=None):
    """The questions as the page shows them; ``outcome`` names the forms of the case's packet, the
    only ones a question's "For the preparer" line names (before a screening, a question's guide
    names every form it may fill)."""
    shown = []
    forms = plan.about_forms(outcome) if outcome is not None else set()
    for question in questions:
        form_question = (form_questions or {}).get(question.field) or FORM_QUESTIONS.get(question.field) or plan.ABOUT_BY_FIELD.get(question.field)
        spec = _spec(question.field, form_questions or {})
        if question.field.endswith(".return_items") and not illinois:
            spec = _without_illinois(spec)
        if form_question is not None:
            why, line, text = form_question.why, form_question.reference or _about_reference(question.field, forms), form_question.text
        else:
            guide = plan.guide(question.id)
            line = plan.about_reference(guide, forms) if outcome is not None and outcome.screening is not None else guide.line
            why, text = guide.why, plan.plain_text(question)
        kind = "rows" if plan.row_field(question.field) else spec.kind
        columns, extra = [], {}
        if kind == "rows":
            name = plan.row_field(question.field)
            columns = _columns(name, illinois)
            extra["none_label"] = plan.NONE_WORDS.get(name, "There were none")
        elif kind == "money_table":
            table = plan.money_table(question.field)
            groups, other, heading, after = plan.MONEY_TABLES[table]
            extra = {"groups": [{"title": title, "items": items} for title, items in groups], "other": {
                "field": plan.money_rows_field(table), "title": heading, "after": after, "columns": _columns(other, illinois),
                "row_count": plan.OTHER_ROWS, "current": get_path(document, plan.money_rows_field(table)) or []}}
        elif kind == "person":
            extra["parts"] = plan.PERSON_FIELDS[plan.person_field(question.field)]
        current = get_path(document, question.field)
        if kind == "ssn":  # never sent back to the browser whole: the page says which number is saved
            extra["saved"], current = mask_ssn(current), None
        shown.append({"id": question.id, "field": question.field, "text": text, "kind": kind, "options": spec.options, "columns": columns,
                      "entry": spec.entry, "help": spec.description, "why": why, "line": line, "link": help_link(question.field),
                      "current": current, "about": question.field.startswith("people.requesting_spouse."), "unknown": question.field in unknown,
                      "answered": question.field in answered, "safety": question.field == plan.SAFETY_FIELD,
                      "long": kind == "text" and question.field in plan.ESSAY_FIELDS, **extra})
    return shown


def _about_reference(field: str, forms: set[str]) -> str:
    """The lines a question about the people fills, when it is not asked now (a change from the
    answers): of the forms this case's packet holds (``forms``) only."""
    question = plan.ABOUT_BY_FIELD.get(field)
    return plan.about_reference(question, forms) if question else ""


def _columns(name: str, illinois: bool) -> list[dict]:
    return [{"name": column, "label": label, "required": required, "options": plan.row_options(name, column, illinois),
             "money": column in plan.MONEY_COLUMNS} for column, label, required in plan.ROW_FIELDS[name]]


def _answered_rows(case, document):
    rows = []
    for answer in case.answered:
        form_question = FORM_QUESTIONS.get(answer.field) or plan.ABOUT_BY_FIELD.get(answer.field)
        spec = _spec(answer.field, {})
        if form_question is not None:
            text = form_question.text
        else:
            text = plan.plain_text(Question(answer.id, answer.field, _with_year(case, answer.field, QUESTIONS.get(answer.id, plan.field_words(answer.field)))))
        value = get_path(document, answer.field)
        if answer.field.endswith("residence_state") and isinstance(value, str):
            from .triage import STATES

            value = STATES.get(value, value)
        if spec.kind == "ssn":
            value = mask_ssn(value) or None
        elif spec.kind == "address" and isinstance(value, str):
            value = ", ".join(line for line in value.splitlines() if line.strip()) or None
        table = plan.money_table(answer.field)
        typed = get_path(document, plan.money_rows_field(table)) if table else None
        shown = display(value, spec, answer.field in case.unknown, typed, plan.money_rows_before(table) if table else None)
        if plan.written_by_hand(answer.field, value, spec.kind, case.unknown):
            shown = plan.BY_HAND_WORDS
        rows.append({"id": answer.field, "text": text, "display": shown})
    return rows


def _with_year(case, field: str, text: str) -> str:
    """A question about one tax year names it, as the engine's questions do: "... (2022)"."""
    parts = field.split(".")
    if len(parts) > 2 and parts[0] == "tax_years" and parts[1].isdigit() and int(parts[1]) < len(case.facts.tax_years):
        year = str(case.facts.tax_years[int(parts[1])].year)
        if not text.endswith(f"({year})"):
            return f"{text} ({year})"
    return text


def _values(shown) -> dict[str, str]:
    values = {}
    for question in shown:
        name = f"q.{question['field']}"
        current = question["current"]
        if question["unknown"]:
            values[name] = UNKNOWN
        elif current is not None and question["kind"] == "yes_no":
            values[name] = "yes" if current else "no"
        elif question["kind"] == "rows":
            values.update(_row_values(name, question["columns"], current))
            if current == []:
                values[name] = "none"
        elif question["kind"] == "money_table":
            values.update({f"{name}.{key}": str(amount) for key, amount in (current or {}).items()})
            other = question["other"]
            values.update(_row_values(f"q.{other['field']}", other["columns"], other["current"]))
        elif question["kind"] == "person":
            if isinstance(current, dict):
                values[name] = plan.SOMEONE
                values.update({f"{name}.{key}": "1" if part is True else str(part) for key, part in current.items() if part not in (None, False)})
            elif question["answered"]:
                values[name] = plan.NOBODY
        elif question["kind"] == "ssn":
            continue  # the saved number is never put back in the page
        elif question["kind"] == "address" and isinstance(current, str):
            values.update({f"{name}.{part}": text for part, text in plan.address_parts(current).items()})
        elif question["kind"] == "address" and isinstance(current, dict):
            for part in ADDRESS_PARTS:
                values[f"{name}.{part}"] = str(current.get(part) or "")
        elif current is not None and question["kind"] != "list":
            values[name] = str(current)
        elif question["kind"] == "list" and current == []:
            values[name] = "none"
    return values


def _row_values(name: str, columns: list[dict], current: list | None) -> dict[str, str]:
    return {f"{name}.{index}.{column['name']}": str((entry or {}).get(column["name"]) or "")
            for index, entry in enumerate(current or []) for column in columns}


def _document(case) -> dict:
    """The facts, with the form answers beside them under ``forms`` (one document for field paths)."""
    document = case.facts_document()
    whole = case.as_document()
    document["forms"] = whole.get("forms") or {}
    document["people"] = whole.get("people") or {}
    return document


def _with_document(case, document):
    """The case with the facts, the form answers and the people of ``document`` (see ``_document``)."""
    kept = {key: document.pop(key) for key in ("forms", "people") if key in document}
    changed = case.with_facts(document)
    if kept:
        from ..case import parse_case

        whole = changed.as_document()
        whole.update(kept)
        changed = parse_case(whole)
    return changed


def _open(request, case):
    """(the outcome, the questions still open in the order they are asked, the form questions by field)."""
    outcome = cases.outcome(request, case)
    asked = plan.ordered(case, outcome.questions)
    form_questions: dict[str, Any] = {}
    if outcome.screening is not None:
        from ..forms.source import inputs_from_outcome

        inputs = inputs_from_outcome(outcome)
        for about in plan.about_questions(outcome, inputs):  # "About you" just before the forms' own questions
            form_questions[about.field] = about
        for question in plan.form_questions(outcome, inputs):
            form_questions[f"forms.{question.field}"] = question
    asked += [Question(question.id, field, question.text) for field, question in form_questions.items()]
    return outcome, asked, form_questions


def render_interview(request: Request, loaded, *, base: str, message=None, edit: str | None = None, errors=None, values=None, status=200, conflict=None,
                     case=None, anonymous: bool = False, back_to: str | None = None):
    """The interview page of a saved case (``base`` /cases/ID) or of the draft in the browser (``base`` /start).
    ``back_to``: the page a change goes back to after saving (``RETURNS``; else the page's ``return=``)."""
    case = case or loaded.case
    back_to = (back_to or return_to(request.query_params.get("return"))) if edit else None
    view = cases.view(request, loaded, case)
    outcome, asked, form_questions = _open(request, case)
    questions = []
    document = _document(case)
    if edit:
        known = next((answer for answer in case.answered if answer.field == edit), None)
        match = next((question for question in asked if question.field == edit), None)
        if match is not None:
            questions = [match]
        elif known is not None:
            questions = [Question(known.id, known.field, _with_year(case, known.field, QUESTIONS.get(known.id, plan.field_words(known.field))))]
        elif edit in plan.ABOUT_BY_FIELD:  # given on the About you page: asked here too, from Check your answers
            questions = [Question(plan.ABOUT_BY_FIELD[edit].id, edit, plan.ABOUT_BY_FIELD[edit].text)]
        elif edit == plan.SAFETY_FIELD:
            questions = [Question(plan.SAFETY_ID, edit, QUESTIONS[plan.SAFETY_ID])]
        elif edit.split(".")[-1] in FIELD_QUESTIONS and edit.startswith("tax_years."):
            question_id = FIELD_QUESTIONS[edit.split(".")[-1]]
            questions = [Question(question_id, edit, QUESTIONS[question_id])]
        if questions and request.query_params.get("part") and edit in FORM_QUESTIONS:
            questions = _whole_part(case, asked, edit)
    else:
        kinds = {question.field: _spec(question.field, form_questions).kind for question in asked[: plan.PER_PAGE * 3]}
        questions = plan.next_page(asked, kinds)
    shown = _question_views(questions, document, set(case.unknown), view.illinois, form_questions,
                            {answer.field for answer in case.answered}, outcome) if questions else []
    form_values = _values(shown)
    form_values.update(values or {})
    wanted = str(request.query_params.get("rows", "") or "")
    for question in shown:
        if question["kind"] == "rows":
            typed = max([int(key.split(".")[-2]) + 1 for key in form_values if key.startswith(f"q.{question['field']}.") and key.split(".")[-2].isdigit()] or [0])
            question["row_count"] = max(len(question["current"] or []) + plan.EXTRA_ROWS, typed, min(int(wanted), 60) if wanted.isdigit() else 0)
    answered = _answered_rows(case, document)
    title = plan.page_title(questions) if questions else ("Questions" if case.tax_years else "Which tax year")
    if errors:
        errors = {key: plan.plain_error(message) for key, message in errors.items()}
    # on a page of several questions, the summary at the top says which question each error is of
    error_labels = {key: plan.SHORT_LABELS.get(question["id"], question["text"]) for key in errors or {} for question in shown
                    if len(shown) > 1 and (key == f"q.{question['field']}" or key.startswith(f"q.{question['field']}."))}
    for_forms = [question for question in asked if _for_forms(question.field)]
    return render(request, "interview.html", {
        "loaded": loaded, "case": case, "view": view, "OFFICIAL_LINKS": view.links, "questions": shown, "errors": errors or {}, "error_labels": error_labels, "values": form_values,
        "answered": answered, "sub_labels": SUBFIELD_LABELS, "remaining": len([question for question in asked if not _for_forms(question.field)]),
        "remaining_forms": len(for_forms),
        "pages_after": plan.pages_left(for_forms, {}) - 1 if not edit and questions and _for_forms(questions[0].field) else 0,
        "edit": edit, "message": message, "conflict": conflict,
        "base": base, "anonymous": anonymous, "back_to": back_to,
        "page_title": title, "for_forms": bool(questions) and _for_forms(questions[0].field), "safety_page": any(question["safety"] for question in shown),
        "quick_exit": any(question["safety"] for question in shown),
        "part": len(shown) > 1 and bool(edit),
        "by_hand": not edit and bool(shown) and plan.form_page(shown[0]["field"]) in plan.BY_HAND_PAGES if shown and shown[0]["field"].startswith("forms.") else False,
    }, status_code=status)


def _whole_part(case, asked, field: str) -> list[Question]:
    """The questions of the part of the form ``field`` is asked in (``plan.FORM_PAGES``), open or
    answered, in the page's order: the page "Back" returns to."""
    part = plan.form_page(field)
    shown = {question.field: question for question in asked if question.field.startswith("forms.") and plan.form_page(question.field) == part}
    for answer in case.answered:
        if answer.field in FORM_QUESTIONS and answer.field not in shown and plan.form_page(answer.field) == part:
            shown[answer.field] = Question(answer.id, answer.field, FORM_QUESTIONS[answer.field].text)
    ids = next((ids for page, _title, ids in plan.FORM_PAGES if page == part), ())
    place = {key: ids.index(FORM_QUESTIONS[key].id) if key in FORM_QUESTIONS and FORM_QUESTIONS[key].id in ids else len(ids) for key in shown}
    return sorted(shown.values(), key=lambda question: place[question.field])


def _for_forms(field: str) -> bool:
    """A question only the forms need (about the people, or a form's own), not the screening."""
    return field.startswith("forms.") or field in plan.ABOUT_BY_FIELD


def save_answers(request: Request, form, loaded, *, base: str, persist, redirect, anonymous: bool = False):
    """Read the answers posted on an interview page, check them all, save the case with
    ``persist(case)`` and say where to go next; or the page again with every error."""
    today = request.app.state.settings.today()
    fields = [str(value) for value in form.getlist("fields")][:20]
    edit = str(form.get("edit", "")) or None
    case = loaded.case.model_copy(deep=True)
    document = _document(case)
    from ..pipeline import case_facts

    _outcome, asked, form_questions = _open(request, loaded.case)
    ids = {question.field: question.id for question in asked}
    ids.update({answer.field: answer.id for answer in loaded.case.answered})
    errors: dict[str, str] = {}
    values: dict[str, str] = {key: str(value) for key, value in form.items() if key.startswith("q.")}
    by_hand = bool(form.get(plan.BY_HAND)) and any(plan.form_page(field) in plan.BY_HAND_PAGES for field in fields)
    if by_hand:
        values[plan.BY_HAND] = "1"
    unknown = list(case.unknown)
    answered = list(case.answered)
    changed = False
    for field in fields:
        name = f"q.{field}"
        try:
            spec = _spec(field, form_questions)
            if plan.row_field(field):
                outcome, value, row_errors = plan.read_rows(form, field, get_path(document, field), _outcome.illinois)
                if row_errors:
                    errors.update(row_errors)
                    continue
                spec = Spec("rows")
            elif plan.money_table(field):
                outcome, value, typed_rows, row_errors = plan.read_money_table(form, field)
                errors.update(row_errors)
                if row_errors:
                    continue
                if outcome == "value":
                    set_path(document, plan.money_rows_field(plan.money_table(field)), typed_rows)
            elif plan.person_field(field):
                outcome, value, person_errors = plan.read_person(form, field)
                errors.update(person_errors)
                if person_errors:
                    continue
            elif spec.kind == "address":
                outcome, value = read_address(form, name)
                if outcome == "value" and field in plan.ABOUT_BY_FIELD:
                    value = plan.address_text(value)
            elif spec.kind == "ssn":
                outcome, value = read_ssn(form, name, get_path(document, field))
            else:
                outcome, value = read_answer(spec, form, name)
            if outcome == "value" and field.startswith("forms.") and spec.kind in ("text", "number"):
                plan.check_form_answer(field, value, name)  # each answer against the form's own limits: every error at once
        except InputError as exc:
            errors[exc.field] = exc.message[:1].upper() + exc.message[1:] + "."
            continue
        if outcome == "blank" and by_hand and spec.kind == "text" and field.startswith("forms."):
            outcome = "by_hand"  # left empty, to write on the paper form: answered, the line stays blank and is listed to fill
        if outcome == "blank":
            continue
        question_id = ids.get(field) or str(form.get(f"id.{field}", ""))[:100] or field
        if outcome in ("unknown", "by_hand"):
            set_path(document, field, None)
            unknown = [item for item in unknown if item != field]
            if outcome == "unknown":
                unknown.append(field)
        else:
            if spec.kind == "list" and value and isinstance(get_path(document, field), list) and not plan.row_field(field):
                value = list(get_path(document, field)) + value  # adding an entry to a list
            set_path(document, field, value)
            unknown = [item for item in unknown if item != field]
        answered = [item for item in answered if item.field != field] + [Answered(id=question_id, field=field)]
        changed = True
    if not errors and not changed and form.get("action") not in ("back", "more"):
        for field in fields:  # nothing chosen: say so beside each question, never reload silently
            errors[f"q.{field}"] = "Choose an answer, or \"I don't know\"."
    if not errors and changed:
        try:
            changed_case = _with_document(case, document)
            if changed_case.facts.tax_years:
                case_facts(changed_case, today)
        except InputError as exc:
            exc = InputError(exc.field.removeprefix("facts."), exc.message)
            target = next((field for field in fields if exc.field == field or exc.field.startswith(field + ".")), None)
            key = f"q.{target}" if target else "_form"
            errors[key] = exc.message[:1].upper() + exc.message[1:] + "." if target else f"{exc.field}: {exc.message}"
    back_to = return_to(form.get("return")) if edit else None
    if errors:
        return render_interview(request, loaded, base=base, edit=edit, errors=errors, values=values, status=422, anonymous=anonymous, back_to=back_to)
    if changed:
        case = changed_case
        case.unknown = unknown
        case.answered = answered
        try:
            persist(case)
        except Conflict as exc:
            return render_interview(request, loaded, base=base, edit=edit, values=values, status=409, conflict=str(exc), anonymous=anonymous,
                                    back_to=back_to)
    if form.get("action") == "more" and fields:
        count = str(form.get(f"q.{fields[0]}.rows", "0"))
        more = (int(count) if count.isdigit() else 0) + 3
        return redirect(f"{base}/interview?edit={fields[0]}&rows={more}" + (f"&return={back_to}" if back_to else ""))
    if form.get("action") == "back" and back_to:
        return redirect(f"{base}{RETURNS[back_to]}")  # a page opened from "Check your answers" or the results goes back there
    if form.get("action") == "back":
        previous = [item.field for item in answered if item.field not in fields] or [item.field for item in answered]
        if previous:  # a part of a form's questions reopens whole, as it was asked
            return redirect(f"{base}/interview?edit={previous[-1]}" + ("&part=1" if previous[-1] in FORM_QUESTIONS else ""))
    if back_to:  # "Saved." on the case's page; the draft's pages say where its answers are kept
        return redirect(f"{base}{RETURNS[back_to]}" + ("" if anonymous else "?msg=saved"))
    return redirect(f"{base}/interview" + ("?msg=saved" if changed else ""))


def register_interview_routes(router, posted, redirect, flash) -> None:
    @router.get("/cases/{case_id}/interview")
    def interview_page(request: Request, case_id: str):
        loaded = cases.load(request, case_id)
        return render_interview(request, loaded, base=f"/cases/{case_id}", message=flash(request), edit=request.query_params.get("edit") or None)

    @router.get("/cases/{case_id}/check")
    def check_answers(request: Request, case_id: str):
        loaded = cases.load(request, case_id)
        view = cases.view(request, loaded)
        _outcome, asked, _forms = _open(request, loaded.case)
        return render(request, "case_check.html", {
            "loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links,
            # the people's details are listed under "About you and your spouse" above the answers, once
            "answered": [row for row in _answered_rows(loaded.case, _document(loaded.case)) if row["id"] not in plan.ABOUT_BY_FIELD],
            "remaining": len(asked), "message": flash(request),
        })

    @router.post("/cases/{case_id}/interview")
    async def interview_save(request: Request, case_id: str):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        return save_answers(request, form, loaded, base=f"/cases/{case_id}", persist=lambda case: cases.save(request, loaded, case, version), redirect=redirect)

    register_draft_routes(router, posted, redirect, flash)


def read_ssn(form: Any, name: str, saved: str | None) -> tuple[str, Any]:
    """A social security number or ITIN: nine digits (left empty, the saved one stays)."""
    from ..case import normalize_ssn

    if form.get(f"{name}.unknown") or str(form.get(name, "")) == UNKNOWN:
        return "unknown", None
    typed = str(form.get(name, "") or "").strip()
    if not typed:
        return ("value", saved) if saved else ("blank", None)
    try:
        number = normalize_ssn(typed)
    except ValueError as exc:
        raise InputError(name, str(exc)) from None
    if number.startswith("*"):
        raise InputError(name, "enter the full number, or leave it empty to keep the saved one")
    return "value", number


def read_address(form: Any, name: str) -> tuple[str, Any]:
    """An address question: street, apartment, city-state-ZIP (all empty = not answered)."""
    if form.get(f"{name}.unknown") or str(form.get(name, "")) == UNKNOWN:
        return "unknown", None
    parts = {part: str(form.get(f"{name}.{part}", "") or "").strip() for part in ADDRESS_PARTS}
    if not any(parts.values()):
        return "blank", None
    for part, text in parts.items():
        if len(text) > 200:
            raise InputError(f"{name}.{part}", "use at most 200 characters")
    if not parts["street"] or not parts["city_state_zip"]:
        missing = "street" if not parts["street"] else "city_state_zip"
        raise InputError(f"{name}.{missing}", "enter the street and the city, state and ZIP code")
    return "value", {part: text for part, text in parts.items() if text}


# --- going on without an account: the draft case in the browser (web/anonymous.py) ----------


class DraftCase:
    """The case kept in the browser, shaped as a saved case is for the interview (no id, no version)."""

    id = ""
    version = 0

    def __init__(self, case) -> None:
        self.case = case


def _draft(request):
    """(the draft in the browser, the case it holds or the one made from the first answers), or (draft, None)."""
    from ..case import parse_case
    from .start_pages import seed_case

    draft = anonymous.read(request)
    if draft.triage is None:
        return draft, None
    try:
        case = parse_case(draft.case) if draft.case else seed_case(draft.triage, "My case")
    except InputError:
        case = seed_case(draft.triage, "My case")
    return draft, case


def register_draft_routes(router, posted, redirect, flash) -> None:
    @router.get("/start/interview")
    def draft_page(request: Request):
        draft, case = _draft(request)
        if case is None:
            return redirect("/start/what-happened")
        # no "saved" banner: the page says above the questions where the answers are kept
        return render_interview(request, DraftCase(case), base="/start", edit=request.query_params.get("edit") or None, anonymous=True)

    @router.post("/start/interview")
    async def draft_save(request: Request):
        form = await posted(request)
        draft, case = _draft(request)
        if case is None:
            return redirect("/start/what-happened")
        kept: dict = {}

        def persist(changed) -> None:
            kept["case"] = changed

        response = save_answers(request, form, DraftCase(case), base="/start", persist=persist, redirect=redirect, anonymous=True)
        if "case" in kept:
            draft.case = kept["case"].as_document()
            try:
                anonymous.write(response, request, draft)
            except anonymous.DraftTooLarge:
                return redirect("/start/check?full=1")
        return response
