"""The packet: a case rendered for printing and mailing (PDF, HTML), with the checklist,
the explanation draft, the deadlines and the notice that the tool is educational.

``casefile`` is the whole-case JSON file (export and import, and ``spouse-relief packet``);
``assemble`` runs the pipeline over a case into one :class:`~spouse_relief.packet.assemble.CaseView`;
``pdf`` and ``html`` render it. fpdf2 is imported only when a PDF is made.
"""
