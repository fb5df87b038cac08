"""The "What happened?" page: the first answers, kept as plain data.

    {"what_happened": ["refund_taken", "tax_missing"],   # keys of WHAT_HAPPENED; ["not_sure"] alone
     "states": ["MO", "IL"],                              # USPS codes of STATES, or ["unsure"]
     "tax_years": [2023, 2024],                           # ascending; [] when unsure
     "tax_years_unsure": false,
     "case_name": "Maria Lopez"}                          # optional, asked with an account only (the case's title)

docs/web.md ("The first answers") gives the mapping onto the case that the interview relies on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..language import STATE_NAMES
from .i18n import N_

WHAT_HAPPENED: dict[str, str] = {
    "refund_taken": N_("My tax refund was taken to pay my spouse\u2019s debt"),
    "tax_missing": N_("The IRS says tax is missing from our joint return"),
    "unpaid_tax": N_("We owed tax on our joint return and it was not paid"),
    "irs_collecting": N_("The IRS is collecting a joint tax debt from me"),
    "state_bill": N_("A state sent me a bill for a joint return"),
    "not_sure": N_("I am not sure"),
}
WHAT_HAPPENED_HINTS: dict[str, str] = {
    "refund_taken": N_("For example, for child support, a student loan or state tax your spouse owed."),
    "tax_missing": N_("For example, an audit letter or a CP2000 notice about income that was not reported."),
    "unpaid_tax": N_("The return showed tax to pay, and it was not paid in full."),
    "irs_collecting": N_("For example, a levy on your wages or bank account, a lien, or letters demanding payment."),
    "state_bill": N_("For example, a bill from the Illinois Department of Revenue."),
}

STATES = STATE_NAMES  # USPS code -> the state's name (spouse_relief.language)
UNSURE = "unsure"
YEARS_SHOWN = 10  # tax years offered as boxes, counting back from last year
FIRST_YEAR = 1990

MESSAGES = {
    "what_happened": N_("Choose what happened, or choose \u201cI am not sure\u201d"),
    "state": N_("Choose the state you lived in, or choose \u201cI am not sure\u201d"),
    "state_unknown": N_("Choose a state from the list"),
    "tax_years": N_("Choose at least one tax year, or choose \u201cI am not sure which year\u201d"),
    "other_year": N_("Enter a year as 4 digits, like 2021, between 1990 and last year"),
    "case_name": N_("Use at most 100 characters for the name of the case"),
}
CASE_NAME_LENGTH = 100

_YEAR = re.compile(r"^\d{4}$")


def offered_years(today: date) -> list[int]:
    """The tax years shown as boxes: last year and the nine before it, newest first."""
    return [today.year - 1 - offset for offset in range(YEARS_SHOWN)]


def parse(form: Any, today: date) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The posted form -> (answers, errors by field, values to show again). Errors are message ids
    (translate them for the page); every field is checked, so all errors show at once."""
    errors: dict[str, str] = {}
    chosen = [key for key in form.getlist("what_happened") if key in WHAT_HAPPENED]
    if len(chosen) > 1 and "not_sure" in chosen:
        chosen = [key for key in chosen if key != "not_sure"]
    if not chosen:
        errors["what_happened"] = MESSAGES["what_happened"]

    states: list[str] = []
    for name in ("state", "state_2"):
        raw = str(form.get(name, "")).strip()
        if raw and raw != UNSURE and raw not in STATES:
            errors[name] = MESSAGES["state_unknown"]
        elif raw and raw not in states:
            states.append(raw)
    if not str(form.get("state", "")).strip() and "state" not in errors:
        errors["state"] = MESSAGES["state"]
    if UNSURE in states:
        states = [UNSURE] if states == [UNSURE] else [code for code in states if code != UNSURE]

    last_year = today.year - 1
    years = {int(raw) for raw in form.getlist("tax_years") if _YEAR.match(str(raw)) and FIRST_YEAR <= int(raw) <= last_year}
    other = str(form.get("other_year", "")).strip()
    if other:
        if _YEAR.match(other) and FIRST_YEAR <= int(other) <= last_year:
            years.add(int(other))
        else:
            errors["other_year"] = MESSAGES["other_year"]
    unsure = bool(form.get("tax_years_unsure")) and not years
    if not years and not unsure and "other_year" not in errors:
        errors["tax_years"] = MESSAGES["tax_years"]

    case_name = " ".join(str(form.get("case_name", "") or "").split())
    if len(case_name) > CASE_NAME_LENGTH:
        errors["case_name"] = MESSAGES["case_name"]

    answers = {"what_happened": chosen, "states": states, "tax_years": sorted(years), "tax_years_unsure": unsure}
    if case_name:
        answers["case_name"] = case_name
    values = {
        "what_happened": chosen,
        "state": str(form.get("state", "")).strip(),
        "state_2": str(form.get("state_2", "")).strip(),
        "tax_years": sorted(years),
        "other_year": other,
        "tax_years_unsure": bool(form.get("tax_years_unsure")),
        "case_name": case_name,
    }
    return answers, errors, values


def case_title(answers: dict[str, Any], default: str) -> str:
    """The saved case's title: the name given for it (or ``default``, "My case" in the person's
    language), then the tax years: "Maria Lopez, 2023, 2024"."""
    years = list(answers.get("tax_years") or [])
    name = str(answers.get("case_name") or "").strip()[:CASE_NAME_LENGTH] or default
    return name + (", " + ", ".join(str(year) for year in years) if years else "")


def values_from(answers: dict[str, Any] | None, today: date) -> dict[str, Any]:
    """Saved answers -> the values the page shows (for "Change")."""
    if not answers:
        return {"what_happened": [], "state": "", "state_2": "", "tax_years": [], "other_year": "", "tax_years_unsure": False, "case_name": ""}
    states = list(answers.get("states") or [])
    years = list(answers.get("tax_years") or [])
    offered = set(offered_years(today))
    others = [year for year in years if year not in offered]
    return {
        "what_happened": list(answers.get("what_happened") or []),
        "state": states[0] if states else "",
        "state_2": states[1] if len(states) > 1 else "",
        "tax_years": years,
        "other_year": str(others[0]) if others else "",
        "tax_years_unsure": bool(answers.get("tax_years_unsure")),
        "case_name": str(answers.get("case_name") or ""),
    }
