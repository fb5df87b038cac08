"""The official forms, filled from the case: Form 8857, Form 8379, Forms 911, 12153, 9465, 2848 and the
Form 656-B booklet's Form 656 (vendored blanks in ``pdf/``, field maps as data in ``maps/``), the Form
IL-8857 facsimile, and the packet a person mails (``packet.build_packet``). See docs/forms.md.

    from spouse_relief.forms import load_inputs, build_packet, write_packet
    inputs = load_inputs(case_document)          # today: CaseFile + facts + a "forms" section
    write_packet(build_packet(inputs), "out/")   # one PDF per destination + packet-all.pdf
"""

from .answers import QUESTIONS, FormAnswers, parse_answers, questions_for
from .fill import FilledForm
from .fill import fill as fill_form
from .packet import Bundle, Packet, build_packet, write_case_packet, write_packet
from .source import CaseInputs, FormInstance, applicable_forms, form_mapping, inputs_from_view, load_inputs, open_questions

__all__ = [
    "QUESTIONS", "Bundle", "CaseInputs", "FilledForm", "FormAnswers", "FormInstance", "Packet", "applicable_forms",
    "build_packet", "fill_form", "form_mapping", "inputs_from_view", "load_inputs", "open_questions", "parse_answers",
    "questions_for", "write_case_packet", "write_packet",
]
