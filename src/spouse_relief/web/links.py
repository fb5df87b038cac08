"""The official forms and publications the site's footer links to on pages outside a case. A
case's pages link only to the forms its outcome calls for (``Outcome.links``, passed by each page)."""

from __future__ import annotations

from functools import cache


@cache
def official_links() -> list[dict[str, str]]:
    from ..parameters import parameter

    federal = parameter("federal/relief/form8857_filing").values[-1].value
    injured = parameter("federal/relief/form8379_filing").values[-1].value
    illinois = parameter("il/il8857_filing").values[-1].value
    return [
        {"title": federal["title"], "url": federal["url"], "jurisdiction": "federal"},
        {"title": "Publication 971, Innocent Spouse Relief", "url": federal["publication_url"], "jurisdiction": "federal"},
        {"title": injured["title"], "url": injured["url"], "jurisdiction": "federal"},
        {"title": "Form IL-8857, Request for Innocent Spouse Relief (Illinois)", "url": illinois["form_url"], "jurisdiction": "IL"},
    ]
