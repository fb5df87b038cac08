"""Keep the gettext catalogs of the web pages in step with the code.

    python -m spouse_relief.web.catalogs extract   # templates + Python -> every messages.po (new
                                                   # messages added empty, gone ones marked obsolete)
    python -m spouse_relief.web.catalogs compile   # every messages.po -> messages.mo
    python -m spouse_relief.web.catalogs check     # fail if a .mo differs from its .po, or a message
                                                   # is untranslated or fuzzy

Translate by editing ``src/spouse_relief/web/locale/<lang>/LC_MESSAGES/messages.po``, then
``compile`` and commit both files.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .. import DISCLAIMER, __version__
from .i18n import DEFAULT, DOMAIN, LANGUAGES, locale_of

WEB = Path(__file__).resolve().parent
LOCALE = WEB / "locale"
METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
FORMS_METHODS = [("pages.py", "python"), ("packet.py", "python")]  # the cover sheets and checklists
PACKAGE_METHODS = [("language.py", "python")]  # the words every layer shares (years, rows)
PACKET_METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("calendar.py", "python"), ("pdf.py", "python"),
                  ("federal_text.py", "python")]  # the printable summary (packet/html.py, the PDF's federal rows), the calendar
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def _po(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _template() -> Catalog:
    catalog = Catalog(project="spouse-relief", domain=DOMAIN, charset="utf-8")
    for folder, methods in (("web", METHODS), ("forms", FORMS_METHODS), ("packet", PACKET_METHODS), ("", PACKAGE_METHODS)):
        for filename, lineno, message, comments, context in extract_from_dir(
            str(WEB.parent / folder), methods, OPTIONS, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
        ):
            if folder or "/" not in filename:
                catalog.add(message, None, [(f"{folder}/{filename}" if folder else filename, lineno)], auto_comments=comments, context=context)
    catalog.add(DISCLAIMER, None, [("__init__.py", 0)])  # shown on every page through a variable
    for where, message in _made_by_code():
        if message and message not in catalog:
            catalog.add(message, None, [(where, 0)])
    return catalog


def _made_by_code():
    """Text the code makes rather than a template: the questions, their "why we ask" and form lines,
    the page titles of the interview, the labels of answers and of rows, the questions only a form
    asks. Pages show it through the ``tr`` filter (``i18n.translate_text``)."""
    from ..forms import answers as form_answers
    from ..navigator.facts import QUESTIONS
    from . import interview, interview_plan as plan

    for text in QUESTIONS.values():
        yield "navigator/facts.py", text
    for text in plan.GROUPS.values():
        yield "web/interview_plan.py", text
    for guide in list(plan.GUIDES.values()) + [plan.guide("")]:
        yield "web/interview_plan.py", guide.why
        yield "web/interview_plan.py", guide.text
        yield "web/interview_plan.py", guide.line
        if "; " in guide.line:  # the parts that name a form of the case's packet (``plan.about_reference``)
            yield from (("web/interview_plan.py", part) for part in guide.line.split("; "))
    for table in (plan.PAYMENT_SOURCES, plan.COLLECTION_KINDS, plan.AGAINST, plan.ROW_KINDS, plan.ITEM_KINDS, plan.OWNERS, plan.KNEW,
                  interview.CHOICE_LABELS, interview.SUBFIELD_LABELS):
        for text in table.values():
            yield "web/interview_plan.py", text
    yield from (("web/interview.py", label) for label in _choice_labels())
    yield "web/interview.py", "No, no refund was taken"
    for columns in plan.ROW_FIELDS.values():
        for _name, label, _required in columns:
            yield "web/interview_plan.py", label
            words = label.lower().removesuffix(" (optional)")
            yield "web/interview_plan.py", f"enter {words}."
            yield "web/interview_plan.py", f"choose {words}."
    for name, none in plan.NONE_WORDS.items():  # the forms' own rows (Form 8857 line 20), their "none", a bad dollar amount
        yield "web/interview_plan.py", none
        yield "web/interview_plan.py", f"Enter at least one row, or choose \"{none}\" or \"I don't know\"."
    yield "web/interview_plan.py", "There were none"
    yield "web/interview_plan.py", "enter the amount in dollars, like 12,500.00."
    for table, (groups, _other, heading, _after) in plan.MONEY_TABLES.items():  # Form 8857 line 22
        yield "web/interview_plan.py", heading
        for title, items in groups:
            yield "web/interview_plan.py", title
            yield from (("web/interview_plan.py", label) for _key, label in items)
    yield "web/interview_plan.py", "enter the amount in dollars, like 450.00."
    yield "web/interview_plan.py", "Enter at least one amount, or choose \"I don't know\"."
    for parts in plan.PERSON_FIELDS.values():  # the paid preparer, the representative
        yield from (("web/interview_plan.py", label) for _key, label, _kind in parts)
        yield "web/interview_plan.py", "enter the name, or choose \"No, nobody\"."
    yield "web/interview_plan.py", "use at most %(v1)s characters."
    yield "web/interview_plan.py", "enter %(v1)s or more."
    yield "web/interview_plan.py", "enter at most %(v1)s."
    for _page, title, _ids in plan.FORM_PAGES:  # the forms' own questions, a part of the form a page
        yield "web/interview_plan.py", title
    yield "web/interview_plan.py", plan.BY_HAND_WORDS
    yield "web/interview.py", "No, nobody"
    # a field put in words (interview_plan.field_words) where no question asks it, and what the check of
    # a stored case says of a part it cannot read (the repair view)
    yield from (("web/interview_plan.py", words) for words in ("One of your answers", "An answer for %(v1)s", *plan._GROUP_WORDS.values()))
    for words in ("expected a group of answers, got %(v1)s", "expected a group of answers, not a single value"):  # _LIBRARY_WORDS
        yield "web/interview_plan.py", words
    yield "storage/validate.py", "cannot be read"
    for words in ("worth %(v1)s, owed %(v2)s", "worth %(v1)s", "owed %(v1)s"):  # an asset in the list of answers
        yield "web/interview.py", words
    for _pattern, words in plan._LIBRARY_WORDS:
        if words and "\\" not in words:
            yield "web/interview_plan.py", words
    yield from (("web/interview_plan.py", words) for words in plan.SHORT_LABELS.values())
    for about in plan.ABOUT:
        yield "web/interview_plan.py", about.text
        yield "web/interview_plan.py", about.why
    for words in ("Enter the full number, or leave it empty to keep the saved one.", "Enter 9 digits, as NNN-NN-NNNN.",
                  "This is not a valid SSN or ITIN (no part may be all zeros; 666 is never issued)."):
        yield "web/interview_pages.py", words
    from .pages import NOT_A_CASE

    for words in ["This file could not be read.", "This file could not be read: something in its text is out of place at line %(v1)s, column %(v2)s "
                  "(perhaps a missing quote, bracket or space). Choose the file exactly as it was saved, or download the case again.",
                  *NOT_A_CASE.split(". ", 1)]:  # a file that cannot be imported (pages.unreadable_file), sentence by sentence
        yield "web/pages.py", words if words.endswith(".") else words + "."
    for question in form_answers.QUESTIONS:
        yield "forms/answers.py", question.text
        yield "forms/answers.py", question.why
        yield "forms/answers.py", question.reference
    yield from _outcome_words()
    yield from _worksheet_words()


def _worksheet_words():
    """The worksheet pages' words the code holds: every line's label and section of the worksheets
    (IL-8857, IRC 6015(d), Form 8379 Part III for every layout), the forms' names, what to attach
    to Form IL-8857."""
    from ..case import FORM_NAMES
    from ..parameters import parameter
    from ..worksheets import f6015d_definition, il8857_definition
    from ..worksheets.f8379_definition import LABELS

    for where, worksheets in (("worksheets/il8857_definition.py", (il8857_definition.WORKSHEET,)),
                              ("worksheets/f6015d_definition.py", f6015d_definition.WORKSHEETS)):
        for worksheet in worksheets:
            for line in worksheet.lines:
                yield where, line.section
                yield where, line.label
    for entry in parameter(LABELS).values:
        for label in entry.value.values():
            yield "params/federal/f8379/part_iii_lines.yaml", label
    from ..worksheets import f8379_definition as f8379, f8379_words
    from ..worksheets.f1040_tax import _STATUS_WORDS

    steps = f8379.PART_III_START + f8379.PART_III_END + f8379.REFUND_ESTIMATE + sum(f8379.LAYOUTS.values(), ())
    for step in steps:  # the Form 8379 trace's steps and notes, the names of its amounts and its formulas' words
        yield "worksheets/f8379_definition.py", step.label
        yield from (("worksheets/f8379_definition.py", note.text) for note in step.notes)
    for text in (*f8379_words.AMOUNTS, *f8379_words.WHOLE_NAMES.values(), *f8379_words.WHOSE.values(), *f8379_words.JOINING, *_STATUS_WORDS.values()):
        yield "worksheets/f8379_words.py", text
    for name in FORM_NAMES.values():
        yield "case.py", name
    from ..worksheets.f6015d import _COLUMN_PHRASE
    from ..worksheets.il8857 import EXEMPTION_FOR

    yield from (("worksheets/f6015d.py", f"%(v1)s {phrase}") for phrase in _COLUMN_PHRASE.values())  # "line 43 (the whole)"

    yield from (("worksheets/il8857.py", text) for text in EXEMPTION_FOR.values())
    # the words the IL-8857 evaluator puts in its notes' slots: who knew of an item, an exemption's parts
    for text in ("you", "you and your spouse", "unclear", "basic %(v1)s", "blind %(v1)s", "plus the amounts placed in each column"):
        yield "worksheets/il8857.py", text
    for entry in parameter("il/il8857_filing").values:  # what to attach, on the IL-8857 page
        for text in entry.value["attachments"]:
            yield "params/il/il8857_filing.yaml", text


def _choice_labels():
    """The answers offered for every choice question of the facts (``interview._spec_of``)."""
    import typing

    from pydantic import BaseModel

    from ..navigator.facts import Facts
    from . import interview

    seen: set = set()

    def walk(annotation):
        annotation = interview._unwrap(annotation)
        origin = typing.get_origin(annotation)
        if origin is typing.Literal:
            yield from (label for _value, label in interview._spec_of(annotation).options)
        elif origin is list:
            for inner in typing.get_args(annotation):
                yield from walk(inner)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
            seen.add(annotation)
            for info in annotation.model_fields.values():
                yield from walk(info.annotation)

    yield from walk(Facts)


# The engine's sentences a person reads (reasons, what to do, the plan), by module (and function):
# an f-string becomes a message with placeholders %(v1)s, %(v2)s... that ``i18n.translate_text``
# matches against the sentence as made. Add a module here to translate its sentences.
SENTENCES = (
    ("navigator/screening/form8379.py", ()),
    ("navigator/screening/alternatives.py", ()),
    ("navigator/plan.py", ()),
    ("worksheets/f8379.py", ("headline",)),
    # the Form 8379 trace: an item's note, the Tax Table's note, a note of the definition
    ("worksheets/f8379.py", ("read_case", "_how", "_premarital_note")),
    ("worksheets/f1040_tax.py", ("_table_or_schedule",)),
    ("navigator/screening/irc6015b.py", ()),
    ("navigator/screening/irc6015c.py", ()),
    ("navigator/screening/irc6015f.py", ()),
    ("navigator/screening/irc66c.py", ()),
    ("navigator/screening/il8857.py", ()),
    ("navigator/screening/bars.py", ()),
    ("navigator/screening/common.py", ()),
    ("navigator/deadlines.py", ()),
    ("worksheets/il8857_checks.py", ("line14_category", "extended_due_date", "refund_request_window", "_years")),
    ("dates.py", ("_why_not_business",)),
    ("packet/view.py", ("plan_view",)),
    ("worksheets/il8857.py", ("headline",)),
    ("worksheets/il8857_checks.py", ()),
    ("pipeline.py", ()),
    # the worksheet pages' "How was this computed?": a line's formula, its inputs and notes
    ("worksheets/lines.py", ("describe", "_line_list", "_compute", "_allocate", "case", "on_column")),
    ("worksheets/il8857.py", ("_place_items", "_place_typed", "_place_exemption", "_place_allowance", "_place_prorated_exemption", "compute_il8857")),
    ("forms/packet.py", ("_instance_parts",)),
    # what the check of a stored case says is wrong (the repair view), and the parsers' words
    ("case.py", ("_ssn", "_one_entry_per_year", "parse_facts", "parse_case", "_case_error", "_tax_year", "_facts_year", "lift_il8857", "put",
                 "_lift_federal", "upgrade_v1", "file_kind", "import_document", "_validated", "merge_masked")),
    ("io.py", ()),  # the parts of an envelope: the IL-8857 facsimile, a continuation
    ("money.py", ("parse_amount", "_parse_text")),  # an amount typed that is not one (the IL-8857 line entry)
    ("worksheets/f6015d.py", ("headline", "portions", "tax_benefit", "deduction_pieces", "separate_items", "closing_notes", "note_unverified",
                              "item_parts", "run", "allocate_items", "child_items", "carve_outs", "totals", "partial_relief", "partial_tax",
                              "proportion", "fixed_items", "class_deficiencies")),
)
# Modules whose words a person reads even when they are not a whole sentence: the conditions'
# and factors' labels, a deadline's steps ("Tax assessed ... + 10 years = ..."), the words an
# engine sentence puts in its slots ("a notice of intent to levy (IRC 6330)").
PHRASES = {entry for entry in SENTENCES if entry not in {  # the others: whole sentences only
    ("worksheets/f8379.py", ("headline",)), ("worksheets/il8857.py", ("headline",)), ("worksheets/il8857_checks.py", ()), ("pipeline.py", ())}}


# Texts of the listed modules that are no words to translate: a citation, a trace's own key, or a
# pattern so loose ("the %(v1)s is %(v2)s") that it would match sentences it was not written for.
NOT_WORDS = {"items[%(v1)s]", "line 43", "line 44", "line 45", "IRC 6015(d)(3); %(v1)s(d)(2)", "IRC 6015(d)(2); %(v1)s(d)(4)(ii)",
             "IRC 6015(d)(5); %(v1)s(d)(4)(iii)", "%(v1)s(d)(1); %(v2)s(d)(5) Example 2", ", (d)(5) Examples 5-6", "the %(v1)s is %(v2)s",
             "CBaseLoader", "Null", "NULL", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "Value error, ", "FORM ",
             "Imported facts", "%(v1)s payments and credits injured"}


def _sentences(path: Path, functions=(), phrases: bool = False) -> list[str]:
    """The sentences (three words or more, ending in a full stop) written in a module, docstrings
    left out; an f-string whose slot holds words of its own (``{'was' if ... else 'is'}``) is left
    out too, since its words could not be translated. With ``phrases``, every text of words is
    taken, a sentence or not (a label, a deadline's step, the words put in a sentence's slot)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name in functions] if functions else [tree]
    found: list[str] = []
    inside: set[int] = set()
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body and isinstance(node.body[0], ast.Expr):
                inside.update(id(child) for child in ast.walk(node.body[0]))  # a docstring
            for annotation in (getattr(node, "annotation", None), getattr(node, "returns", None)):
                if annotation is not None:  # a type written as a string ("Deadline | None")
                    inside.update(id(child) for child in ast.walk(annotation))
            if not isinstance(node, ast.JoinedStr):
                continue
            parts, slots, plain = [], 0, True
            for value in node.values:
                inside.update(id(child) for child in ast.walk(value))
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value).replace("%", "%%"))
                else:
                    plain = plain and not _own_words(value.value)
                    slots += 1
                    parts.append(f"%(v{slots})s")
            found.append("".join(parts) if plain else "")
        for node in ast.walk(root):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside and "%" not in node.value:
                found.append(node.value)
    if phrases:
        return [text for text in dict.fromkeys(found) if _words(text)]
    return [text for text in dict.fromkeys(found) if text.endswith(".") and len(text.split()) >= 3 and text[:1].isupper() or text.startswith("%(v") and _words(text)]


def _own_words(slot) -> bool:
    """Whether an f-string's slot holds words written in it (``{'was' if taken else 'is'}``), which
    a translation could not reach; a key (``years['after_payment']``), an argument
    (``period_words(2, 'year')``) or a separator (``', '.join(...)``) is not such words."""
    import ast

    hidden = set()
    for node in ast.walk(slot):
        if isinstance(node, ast.Subscript):
            hidden.update(id(child) for child in ast.walk(node.slice))
        elif isinstance(node, ast.Call):
            for argument in list(node.args) + [keyword.value for keyword in node.keywords]:
                hidden.update(id(child) for child in ast.walk(argument))
    return any(isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search("[A-Za-z]", node.value) and id(node) not in hidden
               for node in ast.walk(slot))


def _words(text: str) -> bool:
    """Whether a text of the code is words a person reads: not a name of the code (a field path,
    a parameter, an id) nor only a placeholder and punctuation."""
    bare = re.sub(r"%\(v\d+\)s", "", text)
    if bare != text and (re.fullmatch(r"[^A-Za-z]*", bare) or re.fullmatch(r"\s*[A-Za-z]+\s*", bare)):  # "%(v1)s on %(v2)s" would match any sentence
        return False
    if re.fullmatch(r"\s*[a-z]+\s*", text):  # " or ": a piece of a sentence joined in code
        return False
    return bool(re.search(r"[A-Za-z]{2}", bare)) and not re.fullmatch(r"[a-z0-9./:*{}%()-]*|[A-Z]{1,3}", text) and not re.search(r"\w_\w|/\w", text)


_TITLE = re.compile(r'(?:TITLE = |title=|form=)f?"(?:\{[a-z_.]+\}: )?([^"{}]+)"')


def _outcome_words():
    """The outcome's fixed words a person reads on the results and forms pages and on the cover
    sheets: the findings' titles and status, the deadlines' titles (without the year they begin
    with), the forms' names, the envelopes' titles, notes and documents."""
    import yaml

    from ..navigator.deadlines import period_words
    from ..packet.view import PLAN_HEADS, STILL_NEEDED, WEIGHS, WORKSHEET_TITLES
    from ..case import FORM_NAMES
    from ..pipeline import EVIDENCE, STATUS_LABELS, WAITING, WAITING_PART

    package = WEB.parent
    for path in sorted((package / "navigator").rglob("*.py")):
        for text in _TITLE.findall(path.read_text(encoding="utf-8")):
            if " " in text:  # an internal name (a scratch deadline) is never shown
                yield f"navigator/{path.name}", text
    for path in sorted((package / "params").rglob("*.yaml")):
        for text in re.findall(r'^\s*title: "([^"]+)"', path.read_text(encoding="utf-8"), re.M):
            yield "params", text
    yield from (("pipeline.py", text) for text in STATUS_LABELS.values())
    yield from (("dates.py", name) for name in _holiday_names())
    yield "pipeline.py", EVIDENCE
    yield from (("pipeline.py", message) for _name, message in [*WAITING.values(), *WAITING_PART.values()])  # what a worksheet waits for
    yield from (("case.py", name) for name in FORM_NAMES.values())
    yield from (("packet/view.py", text) for text in WEIGHS.values())
    yield "packet/view.py", STILL_NEEDED
    from ..navigator.screening import irc66c, irc6015b, irc6015c, irc6015f

    for title in (irc6015b.TITLE, irc6015c.TITLE, irc6015f.TITLE, irc66c.TITLE, irc66c.EQUITABLE_TITLE):
        yield "navigator/plan.py", title.split(" (")[0].lower()  # "Ask for 2022: innocent spouse relief, ..."
    for count in range(1, 7):  # a period read from a parameter, in a sentence's slot: 'two years', 'two-year'
        for unit in ("year", "month", "day"):
            yield "navigator/deadlines.py", period_words(count, unit)
            yield "navigator/deadlines.py", period_words(count, unit, adjective=True)
    yield from (("packet/view.py", text) for text in WORKSHEET_TITLES.values())
    yield from (("packet/view.py", text) for text in PLAN_HEADS)
    destinations = yaml.safe_load((package / "forms" / "data" / "destinations.yaml").read_text(encoding="utf-8"))
    for bundle in destinations["bundles"]:
        yield "forms/data/destinations.yaml", bundle["title"]
        yield "forms/data/destinations.yaml", bundle.get("note", "")
    for where, functions in SENTENCES:
        for text in _sentences(package / where, functions, (where, functions) in PHRASES):
            if text not in NOT_WORDS:
                yield where, text
    for path in sorted((package / "navigator" / "screening").glob("*.py")):  # a finding's title written where it is made
        for text in re.findall(r'Finding\((?:"[a-z_]+"|ID), "([^"]+)"', path.read_text(encoding="utf-8")):
            yield f"navigator/screening/{path.name}", text
    from ..navigator.deadlines import _ASSUMED_WORDS

    yield from (("navigator/deadlines.py", text) for text in _ASSUMED_WORDS.values())  # "It is assumed that the suit of ..."
    yield "navigator/screening/irc6015c.py", "transfer %(v1)s"  # a transfer without a description of its own
    for value in yaml.safe_load((package / "params" / "il" / "il8857_filing.yaml").read_text(encoding="utf-8"))["values"]:
        for text in value["value"].get("attachments", []):  # the checklist of Form IL-8857
            yield "params/il/il8857_filing.yaml", text
    for value in yaml.safe_load((package / "params" / "federal" / "relief" / "offer_in_compromise_terms.yaml").read_text(encoding="utf-8"))["values"]:
        yield "params/federal/relief/offer_in_compromise_terms.yaml", value["value"]["lump_sum_payment_rate"]  # in a sentence's slot
    yield "forms/data/destinations.yaml", destinations["mailing_advice"]["text"]
    yield "forms/data/destinations.yaml", destinations["mailing_advice"]["citation"]
    for path in sorted((package / "forms" / "maps").glob("*.yaml")):  # what to sign, on each form
        for sign in yaml.safe_load(path.read_text(encoding="utf-8")).get("sign") or []:
            yield f"forms/maps/{path.name}", sign["text"] if isinstance(sign, dict) else sign
    for name in ("form8379_filing", "form8857_filing", "form12153_filing", "form911_filing", "form9465_filing", "form656_filing", "form2848_filing"):
        path = package / "params" / "federal" / "relief" / f"{name}.yaml"
        if path.exists():  # where to mail: an address stays as printed, a sentence is translated
            for text in re.findall(r'^\s*(?:mail_to|send_to|send_by_itself|send_with_return): "([^"]+\s[^"]+\.)"', path.read_text(encoding="utf-8"), re.M):
                yield f"params/federal/relief/{name}.yaml", text
    documents = yaml.safe_load((package / "forms" / "data" / "documents.yaml").read_text(encoding="utf-8"))
    for entries in documents.values():
        for entry in entries:
            yield "forms/data/documents.yaml", entry["text"]


def _holiday_names() -> list[str]:
    """The legal holidays a deadline's step may name ("2029-04-16 is a legal holiday (Emancipation Day)")."""
    from datetime import date

    from ..dates import _calendar_settings, _holidays

    names: dict[str, None] = {}
    for year in range(2000, 2061):
        country, subdivision, _use = _calendar_settings(date(year, 1, 1))
        for name in _holidays(country, subdivision, None, year).values():
            names.update(dict.fromkeys(name.split("; ")))
    return sorted(names)


def extract() -> None:
    template = _template()
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        path = _po(language)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale_of(language), domain=DOMAIN)
            catalog.update(template, update_header_comment=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale_of(language), domain=DOMAIN, project="spouse-relief", charset="utf-8")
            catalog.update(template)
        catalog.project, catalog.version = "spouse-relief", __version__
        catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = "spouse-relief contributors"
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
        print(f"{path.relative_to(WEB.parent.parent.parent)}: {len(catalog)} messages")


def _compiled(language: str) -> tuple[bytes, Catalog]:
    with _po(language).open("rb") as handle:
        catalog = read_po(handle, locale=locale_of(language), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue(), catalog


def compile_all() -> None:
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        data, _catalog = _compiled(language)
        _po(language).with_suffix(".mo").write_bytes(data)
        print(f"compiled {language}")


def problems() -> list[str]:
    """What is out of step: a stale .mo, an untranslated or fuzzy message, a message the code no
    longer has or a new one the catalog lacks."""
    found = []
    wanted = {message.id for message in _template() if message.id}
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        data, catalog = _compiled(language)
        mo = _po(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != data:
            found.append(f"{mo.name} ({language}) is not compiled from its .po: run 'python -m spouse_relief.web.catalogs compile'")
        have = {message.id for message in catalog if message.id}
        for missing in sorted(wanted - have, key=str):
            found.append(f"{language}: not in the catalog (run extract): {missing!r}")
        for message in catalog:
            if message.id and message.id in wanted and (not message.string or message.fuzzy):
                found.append(f"{language}: not translated: {message.id!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
