"""The demo account and case that ``spouse-relief serve --demo`` seeds (made-up people)."""

from __future__ import annotations

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-password"
DEMO_TITLE = "Demo: Pat's request for 2022"


def demo_case() -> dict:
    return {
        "format": "spouse-relief-case",
        "version": 2,
        "title": DEMO_TITLE,
        "people": {
            "requesting_spouse": {"name": "Pat Example", "ssn": "123-45-6789", "address": "100 Main St\nSpringfield IL 62701"},
            "other_spouse": {"name": "Sam Example", "ssn": "987-65-4321", "address": ""},
        },
        "facts": {
            "you": {"state": "IL"},
            "marriage": {"status": "divorced", "divorced_on": "2024-05-01"},
            "tax_years": [
                {
                    "year": 2022,
                    "joint_return": True,
                    "return_filed_on": "2023-04-12",
                    "residence_state": "IL",
                    "liabilities": {"understatement": True, "underpayment": False},
                    "items": [{"description": "Sam's consulting income left off the return", "owner": "spouse", "kind": "unreported_income", "amount": "4000"}],
                    "letters": [{"kind": "cp2000", "on": "2024-09-16"}],
                    "illinois": {"joint_il_return": True, "il_liability": True, "original_return_filed_on": "2023-04-12",
                                 "federal_return_filed_before_assessment": True, "il_return_filed_before_assessment": True,
                                 "filed_federal_form_8857": True, "transferred_assets_without_full_value": False},
                    "return_items": [
                        {"kind": "wages", "amount": "30425.00", "owner": "you", "description": "W-2 wages, Lakeside Clinic"},
                        {"kind": "wages", "amount": "20425.00", "owner": "spouse", "description": "W-2 wages, Prairie Freight"},
                        {"kind": "taxable_interest", "amount": "500.00", "owner": "joint", "description": "Interest, joint savings"},
                        {"kind": "business_income", "amount": "30000.00", "owner": "spouse", "description": "Schedule C, Sam's landscaping"},
                        {"kind": "exemption", "person": "you"},
                        {"kind": "exemption", "person": "spouse"},
                        {"kind": "illinois_withholding", "amount": "1400.00", "owner": "you", "description": "IL withholding on Pat's W-2"},
                        {"kind": "illinois_withholding", "amount": "900.00", "owner": "spouse", "description": "IL withholding on Sam's W-2"},
                        {"kind": "illinois_estimated_payment", "amount": "1200.00", "owner": "unclear", "on": "2023-01-17", "description": "Estimated payment, joint checking"},
                    ],
                }
            ],
        },
        "unknown": [],
        "explanations": {"form8857": "", "il8857_line17": ""},
    }


def seed_demo(store) -> tuple[str, str]:
    """Create the demo user (if absent) and a fresh demo case. Returns (username, password)."""
    from ..case import parse_case

    account = store.find_user(DEMO_USERNAME)
    if account is None:
        account = store.create_user(DEMO_USERNAME, DEMO_PASSWORD)
    if not any(parse_case(saved.document).title == DEMO_TITLE for saved in store.list_cases(account)):
        store.create_case(account, parse_case(demo_case()).as_document())
    return DEMO_USERNAME, DEMO_PASSWORD
