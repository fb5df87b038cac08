"""Cases from the review of the web as new users, shared by the engine's tests and the web's."""

# An Illinois levy case: tax missing, a levy notice, no federal refund taken; Illinois questions unanswered.
LEVY_ILLINOIS = {
    "as_of": "2026-11-23",
    "you": {"name": "Dana", "state": "IL"},
    "marriage": {"status": "divorced"},
    "tax_years": [{
        "year": 2022, "joint_return": True, "residence_state": "IL", "liabilities": {"understatement": True},
        "items": [{"description": "Freelance income", "owner": "spouse", "kind": "unreported_income", "amount": "30000", "you_knew": "no"}],
        "collection": [{"kind": "levy_notice", "on": "2025-01-06", "against": "you"}],
        "refund_offset": {"status": "none"},
    }],
}
