"""Moved: the Form 1040 income tax is :mod:`spouse_relief.worksheets.f1040_tax` (one definition,
two evaluators). This name stays for imports that have not moved yet; it holds no rule."""

from .worksheets.f1040_tax import (  # noqa: F401
    CAPITAL_GAIN_RATES,
    CAPITAL_GAIN_THRESHOLDS,
    FILING_STATUSES,
    RATE_SCHEDULE,
    TAX_TABLE,
    TaxComputation,
    capital_gain_worksheet,
    income_tax,
    rate_schedule_tax,
    regular_tax,
    schedule_amount,
    tax_table_row,
    tax_table_tax,
)
