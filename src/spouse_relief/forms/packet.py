"""The packet a person mails: one bundle per destination (``data/destinations.yaml``), each a
cover sheet, the filled forms in the instructions' order, our attachments (continuation pages,
the explanation statement, the IL-8857 facsimile) and the checklist of documents to add; a PDF
per bundle and one combined PDF.

    inputs = load_inputs(document)            # or inputs_from_view(view) / from Case + Outcome
    packet = build_packet(inputs)
    write_packet(packet, "out/")              # one PDF per bundle + packet-all.pdf
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..navigator.plan import to_send
from ..parameters import ParameterError, parameter
from .fill import FilledForm, Unfilled, fill
from .pages import N_, Cover, checklist_page, cover_page, il8857_facsimile, split_line17, statement_pages, translator
from .source import CaseInputs, FormInstance, applicable_forms, form_mapping


@lru_cache(maxsize=None)
def _data(name: str) -> Any:
    return yaml.safe_load(resources.files("spouse_relief.forms").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


@dataclass
class Part:
    label: str
    pdf: bytes
    kind: str  # "cover" | "form" | "attachment" | "checklist"
    _reader: Any = None
    filled: FilledForm | None = None  # an official form: filled straight into the bundle's file
    root_name: str | None = None

    def filled_blank_pages(self) -> bytes:
        """The blank this part fills (to count its pages)."""
        from .blanks import blank_bytes

        return blank_bytes(self.filled.form)

    @property
    def reader(self):
        """Parsed once, shared by the bundle file and the combined file."""
        if self._reader is None:
            from pypdf import PdfReader

            self._reader = PdfReader(io.BytesIO(self.pdf))
        return self._reader


# Merging reads the parts' parsed PDFs (one stream each, not safe to read from two threads at once)
# and a built packet may be shared (the web keeps the last few): one merge at a time per process.
_MERGING = threading.RLock()
COMBINED_FILENAME = "packet-all.pdf"


@dataclass
class Bundle:
    """One envelope. ``pdf`` is merged on first use (the web lists a packet before anyone downloads it)."""

    id: str
    title: str
    parts: list[Part]
    cover: Cover
    forms: list[FilledForm] = field(default_factory=list)
    unfilled: list[dict[str, Any]] = field(default_factory=list)  # {form, tax_year, line, label, kind}
    _pdf: bytes | None = field(default=None, repr=False)

    @property
    def filename(self) -> str:
        return f"{self.id}.pdf"

    @property
    def pdf(self) -> bytes:
        with _MERGING:
            if self._pdf is None:
                self._pdf = merge(self.parts)
        return self._pdf

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "file": self.filename,
            "contents": [part.label for part in self.parts],
            "sign": list(self.cover.to_sign),
            "add": list(self.cover.to_add),
            "mail_to": list(self.cover.mail_to),
            "mail_source": self.cover.mail_source,
            "deadline": self.cover.deadline,
            "notes": list(self.cover.notes),
            "certified_mail": self.cover.certified_mail,
            "left_to_fill": list(self.cover.left_to_fill),
            "unfilled": [dict(item) for item in self.unfilled],
        }


@dataclass
class Packet:
    bundles: list[Bundle]
    _combined: bytes | None = field(default=None, repr=False)

    @property
    def combined(self) -> bytes:
        """Every bundle in one file (``packet-all.pdf``), merged on first use; empty without bundles."""
        with _MERGING:
            if self._combined is None:
                self._combined = merge([part for bundle in self.bundles for part in bundle.parts]) if self.bundles else b""
        return self._combined

    def file(self, name: str) -> bytes | None:
        """A bundle's PDF or the combined file by its file name; None for a name not in this packet."""
        if name == COMBINED_FILENAME and self.bundles:
            return self.combined
        return next((bundle.pdf for bundle in self.bundles if bundle.filename == name), None)

    def as_dict(self) -> dict[str, Any]:
        return {"bundles": [bundle.as_dict() for bundle in self.bundles], "combined": COMBINED_FILENAME if self.bundles else None}


def merge(parts: list[Part]) -> bytes:
    from pypdf import PdfWriter

    from .blanks import checked_map
    from .fill import render_into

    writer = PdfWriter()
    for part in parts:
        if part.filled is not None:
            render_into(writer, checked_map(part.filled.form), part.filled.values, part.root_name)
        else:
            writer.append(part.reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _address(spec: dict[str, Any], inputs: CaseInputs, tax_year: int | None) -> tuple[list[str], str]:
    param = parameter(spec["parameter"])
    try:
        used = param.at(inputs.today)
    except ParameterError:
        used = param.values[-1]
    key = spec["key"]
    if spec.get("with_return_key") and tax_year is not None and inputs.facts is not None:
        year = next((entry for entry in inputs.facts.tax_years if entry.year == tax_year), None)
        if year is not None and year.refund_offset.joint_return_filed_yet is False:
            key = spec["with_return_key"]
    value = used.value.get(key)
    lines = [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)] if value else []
    tag = f" [{used.verified}: check the current instructions before mailing]" if used.verified != "V" else ""
    return lines, f"{used.citation()}{tag}"


def _deadline(inputs: CaseInputs, paths: list[str], tax_year: int | None, language: str = "en") -> str | None:
    if inputs.screening is None:
        return None
    dated = [
        finding.deadline for finding in to_send(inputs.screening.findings, *paths) if finding.deadline is not None
        and finding.deadline.date is not None and (tax_year is None or finding.tax_year == tax_year)
    ]
    if not dated:
        return None
    first = min(dated, key=lambda deadline: deadline.date)
    from babel.dates import format_date

    from ..language import locale_of, translate_text

    return f"{format_date(first.date, format='long', locale=locale_of(language))} ({translate_text(language, first.title)})"


def _safety(inputs: CaseInputs) -> list[str]:
    """The plan's safety notes (the IRS must contact the other spouse; a safe address) on the Form 8857 cover."""
    return list(inputs.screening.plan.safety) if inputs.screening is not None else []


def _conditions(inputs: CaseInputs, instance: FormInstance, data: dict[str, Any]) -> dict[str, Any]:
    facts = inputs.facts
    found: dict[str, Any] = {"always": True, "year": instance.tax_year}
    if facts is None:
        return found
    years = [year for year in facts.tax_years if year.year in instance.years]
    f8857 = data.get("f8857", {})
    found.update({
        "divorced": f8857.get("marital") == "divorced",
        "separated": f8857.get("marital") == "separated",
        "widowed": f8857.get("marital") == "widowed",
        "health": bool(facts.you.poor_health),
        "agreement": any(year.legal_obligation in ("spouse_must_pay", "you_must_pay") for year in years),
        "own_payments": any(payment.by == "you" for year in years for payment in (year.payments or [])),
    })
    if facts.abuse.documentation and (facts.abuse.abused or facts.abuse.financial_control):
        found["abuse_documents"] = True
        found["documents"] = ", ".join(facts.abuse.documentation)
    letters = sorted({letter.kind.replace("_", " ") for year in years for letter in (year.letters or [])})
    if letters:
        found["notices"] = True
        found["letters"] = letters
    if instance.form == "8379":
        year = years[0] if years else None
        found["filed_by_itself"] = year is not None and year.refund_offset.joint_return_filed_yet is not False
    if instance.form == "IL-8857":
        result = inputs.il8857.get(instance.tax_year)
        answers = getattr(getattr(result, "case", None), "form_answers", None)
        found["filed_federal_8857"] = bool(facts.form8857.filed_on) or bool(getattr(answers, "filed_federal_form_8857", False))
        found["federal_8857_first"] = federal_8857_first(inputs, instance.tax_year)
        found["il_transfers"] = bool(getattr(answers, "transferred_assets_without_full_value", False))
        found["nonresident"] = getattr(getattr(result, "case", None), "residency", "resident") != "resident"
    return found


def federal_8857_first(inputs: CaseInputs, tax_year: int | None) -> bool:
    """Form 8857 for this year is among the case's forms and not filed yet. IL-8857 line 12 asks
    whether Form 8857 was filed with the IRS for the year *before* the Illinois request (and if so,
    a copy goes with it): the person mails Form 8857 first, then answers Yes. The line is never
    filled with a Yes for a form not yet mailed."""
    from .source import applicable_forms

    facts = inputs.facts
    if facts is None or tax_year is None or facts.form8857.filed_on:
        return False
    result = inputs.il8857.get(tax_year)
    if getattr(getattr(getattr(result, "case", None), "form_answers", None), "filed_federal_form_8857", None):
        return False
    year = next((entry for entry in facts.tax_years if entry.year == tax_year), None)
    if year is not None and year.illinois is not None and year.illinois.filed_federal_form_8857:
        return False
    return any(instance.form == "8857" and tax_year in instance.years for instance in applicable_forms(inputs))


def documents(inputs: CaseInputs, instance: FormInstance, data: dict[str, Any], language: str = "en") -> list[str]:
    """The documents the person must add for this form, only those the case calls for, in the
    person's language."""
    t = translator(language)
    conditions = _conditions(inputs, instance, data)
    # the letters by the names the questions give them ("Notice of deficiency"), in a sentence's slot
    notices = ", ".join(label[:1].lower() + label[1:] for label in (t(kind.capitalize()) for kind in conditions.get("letters", [])))
    out = []
    for entry in _data("documents.yaml").get(instance.form, []):
        if conditions.get(entry["when"]):
            out.append(t(entry["text"]).format(year=instance.tax_year or "", documents=conditions.get("documents", ""), notices=notices))
    return out


def _printed(t, label: str, language: str) -> str:
    """A line's label as the person reads it: in their language when the catalog has it, else
    quoted whole as the official form prints it, in English (never half translated)."""
    translated = t(label)
    if translated != label or language == "en":
        return translated
    return t(N_('"%(label)s" (in English, as printed on the form)')) % {"label": label}


def _where(line: str) -> str:
    """', line 5' for a printed line, ', Worksheet' for a part named in words, '' for the form as a whole."""
    return "" if not line else f", line {line}" if line[0].isdigit() else f", {line}"


def _root_name(instance: FormInstance) -> str:
    return "form" + re.sub(r"\W", "", instance.form) + (f"_{instance.tax_year}" if instance.tax_year else "")


IL8857_LINES = (
    ("2", N_("Your street address"), "street"), ("3", N_("Your city, state, ZIP"), "city_state_zip"), ("4", N_("Your Social Security number"), "ssn"),
    ("5", N_("Your daytime telephone number"), "phone"), ("8", N_("Street address of the person to whom you were married"), "spouse_street"),
    ("9", N_("That person's city, state, ZIP"), "spouse_city_state_zip"), ("10", N_("That person's Social Security number"), "spouse_ssn"),
    ("11", N_("That person's place of employment and address"), "spouse_employer"), ("12", N_("Did you file federal Form 8857 before this request?"), "line12"),
    ("13", N_("Were assets transferred without full value?"), "line13"), ("14b", N_("Was the entire liability paid before August 13, 1999?"), "line14b"),
    ("17", N_("Why you should not be held liable"), "line17"),
)


LINE12_AFTER_8857 = N_("Did you file federal Form 8857 before this request? Mail the Form 8857 in this packet to the IRS first, then check Yes")


def _il8857_data(inputs: CaseInputs, data: dict[str, Any], tax_year: int) -> dict[str, Any]:
    facts = inputs.facts
    result = inputs.il8857.get(tax_year)
    answers = getattr(getattr(result, "case", None), "form_answers", None)
    year = next((entry for entry in (facts.tax_years if facts else []) if entry.year == tax_year), None)
    illinois = getattr(year, "illinois", None)
    filed_8857 = getattr(answers, "filed_federal_form_8857", None)
    if filed_8857 is None and illinois is not None:
        filed_8857 = illinois.filed_federal_form_8857
    if not filed_8857 and facts is not None and facts.form8857.filed_on:
        filed_8857 = True
    if filed_8857 is False and federal_8857_first(inputs, tax_year):
        filed_8857 = None  # "No" today, the packet's Form 8857 mailed first: the person checks Yes then
    before = tax_year < 1999
    paid_before = getattr(answers, "paid_in_full_before_august_13_1999", None)
    if paid_before is None and illinois is not None:
        paid_before = illinois.paid_before_boundary
    return {
        "name": data["you"]["name"], "street": data["contact"]["street_and_apt"], "city_state_zip": data["contact"]["city_state_zip"],
        "ssn": data["you"]["ssn"], "phone": data["contact"]["phone"], "year": tax_year,
        "spouse_name": data["spouse"]["name"], "spouse_street": data["spouse"]["address"]["street_and_apt"],
        "spouse_city_state_zip": data["spouse"]["address"]["city_state_zip"], "spouse_ssn": data["spouse"]["ssn"],
        "spouse_employer": inputs.answers.il8857.spouse_employer,
        "line12": filed_8857,
        "line13": getattr(answers, "transferred_assets_without_full_value", None),
        "line14a": before,
        "line14b": paid_before if before else None,
        "line17": inputs.explanations.get("il8857_line17", ""),
    }


def _instance_parts(inputs: CaseInputs, instance: FormInstance, language: str = "en") -> tuple[list[Part], list[Part], list[FilledForm], list[Unfilled], list[str]]:
    """(form parts, attachment parts, filled forms, lines left, documents to add) for one form."""
    data = form_mapping(inputs, instance.form if instance.form != "IL-8857" else "il8857", instance.tax_year, instance.years)
    name, ssn = data["you"]["name"], data["you"]["ssn"]
    to_add = documents(inputs, instance, data, language)
    if instance.form == "IL-8857":
        from ..worksheets.il8857_definition import WORKSHEET

        revision = WORKSHEET.revision
        il_data = _il8857_data(inputs, data, instance.tax_year)
        facsimile = il8857_facsimile(il_data, WORKSHEET, inputs.il8857.get(instance.tax_year), revision)
        label = f"Form IL-8857 and Allocation of Liability Worksheet, {instance.tax_year} (facsimile to copy onto or attach to the official form)"
        _, rest = split_line17(il_data["line17"])
        extra = [Part(f"Continuation statement for Form IL-8857, {instance.tax_year}", statement_pages(
            "Form IL-8857", il_data["name"], il_data["ssn"], [(f"Form IL-8857 ({instance.tax_year}), line 17, continued", rest)]), "attachment")] if rest else []
        first = federal_8857_first(inputs, instance.tax_year)
        left = [Unfilled(line, LINE12_AFTER_8857 if key == "line12" and first else label) for line, label, key in IL8857_LINES
                if il_data.get(key) in (None, "") and not (key == "line14b" and il_data.get("line14a") is False)]
        if instance.tax_year not in inputs.il8857:
            left.append(Unfilled("Worksheet", "The Allocation of Liability Worksheet amounts (no IL-8857 figures in the case yet)"))
        left.append(Unfilled("18", N_("Your signature and the date on the official Form IL-8857"), "sign"))
        return [Part(label, facsimile, "form")], extra, [], left, to_add
    filled = fill(instance.form, data, instance.tax_year, pdf=False)
    label = f"{filled.title} ({filled.revision})" + (f", tax year {instance.tax_year}" if instance.tax_year else "")
    attachments: list[Part] = []
    if filled.continuations:
        sections = [(f"{filled.statement_title}, line {item.line}, continued", item.text) for item in filled.continuations]
        attachments.append(Part(f"Continuation statement for {filled.statement_title}", statement_pages(filled.statement_title, name, ssn, sections), "attachment"))
    if instance.form == "8857" and inputs.explanations.get("form8857"):
        attachments.append(Part("Statement: why you should not be held liable (Form 8857, line 24)", statement_pages(
            "Form 8857", name, ssn, [("Form 8857, line 24: statement", inputs.explanations["form8857"])],
            heading=f"Statement attached to Form 8857 (tax years {', '.join(str(year) for year in instance.years)})"), "attachment"))
    return [Part(label, b"", "form", filled=filled, root_name=_root_name(instance))], attachments, [filled], filled.unfilled, to_add


def build_packet(inputs: CaseInputs, forms: list[FormInstance] | None = None, language: str = "en") -> Packet:
    """One bundle per destination for the forms that apply (or those given). ``language`` ("en",
    "es") is the language of the cover sheets and checklists; the official forms stay in English."""
    from ..language import form_words

    t = translator(language)

    def words(text: str) -> str:
        return form_words(language, t(text))

    instances = forms if forms is not None else applicable_forms(inputs)
    config = _data("destinations.yaml")
    advice = config["mailing_advice"]
    you = inputs.people.requesting_spouse.name or (inputs.facts.you.name if inputs.facts is not None else "") or ""
    bundles: list[Bundle] = []
    made: set[str] = set()
    for spec in config["bundles"]:
        chosen = [instance for instance in instances if instance.form in spec["forms"]]
        if not chosen or spec.get("only_without") in made:
            continue
        groups = [[instance] for instance in chosen] if spec.get("per_year") else [sorted(chosen, key=lambda item: spec["forms"].index(item.form))]
        for group in groups:
            if spec["id"] == "irs-form-8857" and not any(instance.form == "8857" for instance in group):
                continue  # Form 2848 alone goes in its own bundle
            tax_year = group[0].tax_year if spec.get("per_year") else None
            bundle_id = spec["id"].format(year=tax_year)
            made.add(spec["id"])
            forms_parts: list[Part] = []
            attachments: list[Part] = []
            filled: list[FilledForm] = []
            left: list[Unfilled] = []
            unfilled_rows: list[dict[str, Any]] = []
            to_add: list[str] = []
            for instance in group:
                form_parts, extra, done, unfilled, docs = _instance_parts(inputs, instance, language)
                forms_parts += form_parts
                attachments += extra
                filled += done
                prefix = "Form " + instance.form + ("" if instance.tax_year is None else f" ({instance.tax_year})")
                left += [Unfilled(item.line, f"{words(prefix + _where(item.line))}: {_printed(t, item.label, language)}", item.kind) for item in unfilled]
                unfilled_rows += [{"form": instance.form, "tax_year": instance.tax_year, **item.as_dict()} for item in unfilled]
                to_add += [doc for doc in docs if doc not in to_add]
            mail_to, citation = _address(spec["address"], inputs, tax_year)
            paths = list(spec.get("paths", []))
            cover = Cover(
                destination=t(spec["title"]).format(year=tax_year),
                forms=[words(part.label) for part in forms_parts],
                attachments=[words(part.label) for part in attachments] + ([t(N_("Checklist of documents to add (last page)"))] if to_add else []),
                to_sign=[item.label for item in left if item.kind == "sign"],
                to_add=to_add,
                mail_to=[t(line) for line in mail_to],
                mail_source=citation,
                deadline=_deadline(inputs, paths, tax_year, language),
                notes=[t(text) for text in (spec.get("note"),) if text] + ([t(text) for text in _safety(inputs)] if "irc6015b" in paths else []),
                left_to_fill=[item.label for item in left if item.kind == "answer"],
                name=you,
                certified_mail=f"{t(advice['text'])} ({t(advice['citation'])})",
                language=language,
            )
            parts = [Part(t(N_("Cover sheet")), cover_page(cover), "cover")] + forms_parts + attachments
            if to_add:
                ssn = inputs.people.requesting_spouse.ssn
                parts.append(Part(t(N_("Checklist of documents to add")), checklist_page(cover.destination, you, ssn, to_add, language), "checklist"))
            bundles.append(Bundle(bundle_id, cover.destination, parts, cover, filled, unfilled_rows))
    return Packet(bundles)


def write_packet(packet: Packet, directory: str | Path) -> list[Path]:
    """Write each bundle's PDF and ``packet-all.pdf``; returns the paths written."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for bundle in packet.bundles:
        path = out / bundle.filename
        path.write_bytes(bundle.pdf)
        written.append(path)
    if packet.bundles:
        path = out / COMBINED_FILENAME
        path.write_bytes(packet.combined)
        written.append(path)
    return written


def write_case_packet(document: dict[str, Any], directory: str | Path, today: Any = None, language: str = "en") -> list[Path]:
    """What ``spouse-relief packet FILE -o DIR`` calls: a case document in, the bundles written
    (cover sheets in ``language``)."""
    from .source import load_inputs

    return write_packet(build_packet(load_inputs(document, today), language=language), directory)
