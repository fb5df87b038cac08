"""The official forms and publications every page links to."""

from __future__ import annotations

from functools import cache


@cache
def official_links() -> list[dict[str, str]]:
    links = [
        {"title": "IRS Form 8857, Request for Innocent Spouse Relief", "url": "https://www.irs.gov/forms-pubs/about-form-8857", "jurisdiction": "federal"},
        {"title": "IRS Publication 971, Innocent Spouse Relief", "url": "https://www.irs.gov/publications/p971", "jurisdiction": "federal"},
        {"title": "IRS Form 8379, Injured Spouse Allocation", "url": "https://www.irs.gov/forms-pubs/about-form-8379", "jurisdiction": "federal"},
    ]
    try:
        from ..parameters import parameter

        filing = parameter("il/il8857_filing")
        url = filing.values[-1].value["form_url"]
    except Exception:  # the law data is optional here; the link is a courtesy  # noqa: BLE001
        url = "https://tax.illinois.gov/forms/incometax/individual/innocent-spouse.html"
    links.append({"title": "Illinois Form IL-8857, Request for Innocent Spouse Relief", "url": url, "jurisdiction": "IL"})
    return links
