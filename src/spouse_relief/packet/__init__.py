"""The packet: a case's outcome rendered for reading, printing and mailing (PDF, HTML, text,
iCalendar), with the checklist, the explanation drafts, the deadlines and the notice that the tool
is educational. It reads :class:`spouse_relief.pipeline.Outcome` and computes nothing of its own.

``words`` holds the one rendering of a finding and a deadline in plain words; ``explanation`` the
drafts; ``pdf``, ``html``, ``text`` and ``calendar`` the renderings. fpdf2, jinja2, rich and
icalendar are imported only inside the functions that need them.
"""
