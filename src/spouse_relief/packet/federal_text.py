"""The federal worksheets' results (Form 8379, IRC 6015(d)) in plain lines for the PDF summary, in
the summary's language: each row says what the amounts are ("Your portion: total $2,860.74, ..."),
never the engine's keys. The web page's table says its parts with the same words (:data:`PORTION_WORDS`)."""

from __future__ import annotations

from ..language import DEFAULT, N_, form_words, translate_text, translations
from ..money import format_usd

# The engine's keys of the columns and portions, as a person reads them (the web page and the summary).
PORTION_WORDS = {"requesting": N_("requesting"), "other": N_("other"), "joint": N_("joint"), "injured": N_("injured"), "whole": N_("whole"),
                 "proportionate": N_("proportionate"), "known_items": N_("known items"), "separate_treatment": N_("separate treatment"),
                 "child_liability": N_("child liability"), "alternative_minimum_tax": N_("alternative minimum tax"), "penalties": N_("penalties"),
                 "disqualified_assets": N_("disqualified assets"), "underpayment": N_("underpayment"), "total": N_("total"),
                 "not_electing": N_("not electing"), "applied to debt": N_("applied to debt"), "refund to other spouse": N_("refund to other spouse"),
                 "debt left unpaid": N_("debt left unpaid")}
_WHOSE = {"requesting": N_("Your portion: %(parts)s"), "other": N_("Your spouse's portion: %(parts)s")}


def federal_lines(computed, language: str = DEFAULT) -> list[str]:
    """The lines of a computed Form 8379 or 6015(d) worksheet, in the language."""
    t = translations(language).gettext

    def tr(text) -> str:  # a sentence or label the engine made, a form's name
        return form_words(language, translate_text(language, text))

    result = computed.result
    lines = [tr(computed.headline)] if computed.headline else []
    if computed.key == "f8379":
        lines.append(t(N_("Form 8379 Part III, each line for the joint return, the injured spouse and the other spouse:")))
        from ..worksheets.f8379 import steps_for

        steps = {step.line: step.label for step in steps_for(result.tax_year)}  # a row the form does not print (QBI) by its step's label
        for line, columns in result.allocation.items():
            amounts = " / ".join(format_usd(value) for value in columns.values())
            label = tr(result.line_labels.get(line) or steps.get(line, ""))
            lines.append(t(N_("Line %(line)s, %(label)s: %(amounts)s")) % {"line": line, "label": label, "amounts": amounts} if line[:1].isdigit()
                         else f"{label}: {amounts}")
        separate = result.separate_tax
        lines.append(t(N_("Separate tax of each spouse: the injured spouse %(injured)s, the other spouse %(other)s."))
                     % {"injured": format_usd(separate["injured"]), "other": format_usd(separate["other"])})
        lines.append(t(N_("Joint tax: %(tax)s. Joint overpayment: %(overpayment)s.")) % {"tax": format_usd(result.joint_tax),
                                                                                       "overpayment": format_usd(result.joint_overpayment)})
    else:
        for whose, portion in result.portions.items():
            parts = ", ".join(f"{t(PORTION_WORDS.get(name, name.replace('_', ' ')))} {format_usd(value)}" for name, value in portion.items())
            lines.append(t(_WHOSE.get(whose, _WHOSE["other"])) % {"parts": parts})
    lines.extend(t(N_("Note: %(what)s")) % {"what": tr(note)} for note in list(computed.notes) + list(result.notes))
    lines.extend(t(N_("Not yet checked against an official source: %(what)s")) % {"what": tr(item)} for item in result.unverified)
    return lines
