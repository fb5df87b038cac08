"""The words of the Form 8379 worksheet's "How was this computed?" in the page's language.

The Form 8379 evaluator names its amounts by what they are and whose they are ("nonrefundable
credits injured", "injured separate tax") and writes its formulas from the definition's words
(``lines.py``: "the smaller of A and B", ", not below zero"). A page reads each amount's name as
the amount and the spouse ("créditos no reembolsables (cónyuge perjudicado)") and each formula with
its names and its joining words put in the language, from the catalog (``python -m
spouse_relief.web.catalogs extract`` takes :data:`AMOUNTS`, :data:`WHOSE` and :data:`JOINING`).
English is shown as the evaluator wrote it.
"""

from __future__ import annotations

import re
from functools import cache

from ..language import DEFAULT, N_, form_words, translate_text, translations

# Each amount the definition names (its own part of a name, before or after whose it is).
AMOUNTS = (
    N_("QBI"), N_("boxes checked"), N_("community part"), N_("community payments and credits"), N_("earned income credit"),
    N_("earned income"), N_("exemption amount"), N_("exemptions claimed"), N_("income tax"), N_("separate tax"), N_("taxable income"),
    N_("itemized deductions"), N_("computed tax"), N_("overpayment"), N_("payments to divide"), N_("tax"), N_("total tax as shown"),
    N_("net capital gain"), N_("nonrefundable credits"), N_("offset amount"), N_("payments and credits"),
    N_("payments as allocated"), N_("qualified dividends"), N_("refund before the community rule"), N_("refundable credits"),
    N_("separate part"), N_("separate payments and credits"), N_("separate-property reading"), N_("share of tax"),
    N_("available for offset"), N_("offset applied to debt"), N_("itemized"), N_("community by default"), N_("community property"),
    N_("federal tax debt"), N_("total tax entered"), N_("premarital debt: own share protected"),
    N_("premarital debt: half of community protected"),
)
# A name said otherwise than its parts ("injured spouse refund" is no spouse's "spouse refund").
WHOLE_NAMES = {"injured spouse refund": N_("the injured spouse's refund")}
# Whose an amount is: "<amount> injured" or "injured <amount>" (and the same for other, joint).
WHOSE = {"injured": N_("%(amount)s (injured spouse)"), "other": N_("%(amount)s (other spouse)"), "joint": N_("%(amount)s (joint return)")}
# The words that join the names in a formula, longest first where one holds another.
JOINING = (
    N_("each item to the spouse whose it is; a joint item as the couple divided it, or by the default share (a community item in a "
       "community-property state by the community share), the first spouse's part rounded to the cent (half up) and the other "
       "spouse the rest; columns (b) + (c) = (a)"),
    N_(", by the Qualified Dividends and Capital Gain Tax Worksheet; otherwise from the Tax Table or the rate schedule"),
    N_(" (a basis below zero counts as zero; both zero: equal halves)"),
    N_("the community property offset (federal tax) is separate property only"),
    N_("the standard deduction (married filing jointly)"), N_("the additional standard deduction (married)"),
    N_("the basic standard deduction share"), N_("the personal exemption"), N_("the community share"),
    N_(" (married filing separately): with "), N_(" (married filing jointly): with "),
    N_(", rounded to the cent (half up)"), N_(", not below zero"), N_("the smaller of "), N_("tax on "), N_("; otherwise if "),
    N_("; otherwise "), N_("applied to debt: "), N_("refund to other spouse: "), N_("debt left unpaid: "), N_("injured: "),
    N_("other: "), N_("joint: "), N_("if "), N_(" and "), N_(" or "), N_("zero"),
)
_SPOUSES = tuple(WHOSE)


def _words_of_amount(language: str, name: str) -> str | None:
    """An amount's name in the language, or None for a text that is no name of the definition."""
    t = translations(language).gettext
    if name in WHOLE_NAMES:
        return t(WHOLE_NAMES[name])
    if name in AMOUNTS:
        return t(name)
    if re.fullmatch(r"line \d+\w?", name):
        return form_words(language, name)
    for whose in _SPOUSES:
        for amount in (name.removesuffix(f" {whose}") if name.endswith(f" {whose}") else None,
                       name.removeprefix(f"{whose} ") if name.startswith(f"{whose} ") else None):
            if amount is not None and (amount in AMOUNTS or re.fullmatch(r"line \d+\w?", amount)):
                inner = t(amount) if amount in AMOUNTS else form_words(language, amount)
                return t(WHOSE[whose]) % {"amount": inner}
    return None


@cache
def _names() -> tuple[str, ...]:
    """Every name of an amount the definition uses, the longest first (so a longer name wins)."""
    from . import f8379_definition as definition

    found: set[str] = set(definition.INPUTS)
    steps = definition.PART_III_START + definition.PART_III_END + definition.REFUND_ESTIMATE
    for layout in definition.LAYOUTS.values():
        steps += layout
    for step in steps:
        key = step.key or step.line
        found.add(key)
        found.update(f"{key} {column}" for column, _word in step.columns)
    found.update(f"{whose} {amount}" for whose in _SPOUSES for amount in AMOUNTS)
    return tuple(sorted(found, key=len, reverse=True))


def trace_words(language: str, text: str) -> str:
    """A formula, an amount's name or a note of the Form 8379 trace in the language: the whole text
    when the catalog knows it, else each amount's name and each joining word in turn."""
    text = "" if text is None else str(text)
    if language == DEFAULT or not text:
        return text
    names = [name for name in _names() if name in text]
    whole = translate_text(language, text)
    if whole != text and not any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", whole) for name in names):
        return form_words(language, whole)  # a note or formula the catalog knows as a whole
    t = translations(language).gettext
    pieces = [text]
    long_words = [words for words in JOINING if len(words) >= 25]  # the law's words and sentences, which may hold a name
    for words in long_words:
        pieces = _cut(pieces, re.compile(re.escape(words)), t(words))
    for name in names:  # each amount's name, the longest first; a piece in the language is never cut again
        said = _words_of_amount(language, name)
        if said is not None:
            pieces = _cut(pieces, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), said)
    for words in JOINING:
        if words not in long_words:
            pieces = _cut(pieces, re.compile(re.escape(words)), t(words))
    return "".join(piece.removeprefix("\0") for piece in pieces)


def _cut(pieces: list[str], pattern: re.Pattern, said: str) -> list[str]:
    """The pieces still in English cut where ``pattern`` matches, each match replaced by ``said``
    (marked as in the language with a leading NUL)."""
    cut: list[str] = []
    for piece in pieces:
        if piece.startswith("\0"):
            cut.append(piece)
            continue
        at = 0
        for match in pattern.finditer(piece):
            cut += [piece[at:match.start()], "\0" + said]
            at = match.end()
        cut.append(piece[at:])
    return [piece for piece in cut if piece]
