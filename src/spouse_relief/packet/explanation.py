"""The explanation drafts: Form 8857 (why relief should be granted) and Form IL-8857 line 17,
assembled from the person's answers and numbers. The person edits them before printing."""

from __future__ import annotations

from ..money import format_usd


def drafts(view) -> dict[str, str]:
    case = view.case
    years = [year.tax_year for year in view.years]
    year_text = _join([str(year) for year in years]) or "the tax year(s) in question"
    requester = case.people.requesting_spouse.name or "I"
    other = case.people.other_spouse.name or "my spouse (or former spouse)"
    paragraphs = [
        f"I am asking for relief from the joint liability for {year_text}. "
        f"The joint return was filed with {other}."
    ]
    paragraphs.extend(_screening_sentences(view))
    il_sentences = []
    for year in view.years:
        computed = year.worksheets.get("il8857")
        if computed and computed.ok:
            result = computed.result
            il_sentences.append(f"For {year.tax_year}, the Allocation of Liability Worksheet shows: {result.result_sentence}")
    first = [f"{requester if requester != 'I' else 'I'} request(s) relief under the Illinois innocent spouse rules."]
    return {
        "form8857": "\n\n".join(paragraphs),
        "il8857_line17": "\n\n".join(first[:0] + paragraphs + il_sentences),
    }


def _screening_sentences(view) -> list[str]:
    sentences = getattr(view.screening, "explanation_sentences", None)
    if callable(sentences):
        return list(sentences())
    return []


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


__all__ = ["drafts", "format_usd"]
