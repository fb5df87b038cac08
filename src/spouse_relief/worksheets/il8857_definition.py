"""Form IL-8857 Allocation of Liability Worksheet, revision R-12/22: every line as printed.

The numbering, the arithmetic and the division rules come from the IL-8857 Instructions
(R-12/22). The printed labels of the item lines (which income item sits on each of lines 1-15,
which deduction on 17-30, and so on) are reconstructed from IDOR's IL-1040 Allocation Worksheet
and the IL-1040 step order, because the worksheet page itself was not available; those lines
carry ``label_reconstructed=True`` and the output says so. The arithmetic does not depend on them.
"""

from __future__ import annotations

from .lines import ByBasis, CompareLine80, Copy, Difference, Equal, FloorAtZero, Line, Sum, TimesRate, Worksheet

RATE = "il/income_tax_rate"
INSTRUCTIONS = "Form IL-8857 Instructions (R-12/22)"


def _cite(text: str) -> str:
    return f"{INSTRUCTIONS}, {text}"


def _numbers(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(number) for number in range(first, last + 1))


EQUAL = Equal()
BY_LIABILITY = ByBasis(("67",))  # payments 68-74 and refunds 76 whose owner is unclear
BY_TAX_AND_CORRECTIONS = ByBasis(("58", "64"))  # penalties 65a-65d whose owner is unclear
# A subtraction whose owner is unclear follows the income it takes back out (docs/notes.md):
BY_RETIREMENT_INCOME = ByBasis(("9", "10", "14"))  # line 36: IRA, pension and social security income
BY_STATE_REFUND = ByBasis(("4",))  # line 37: the Illinois refund included on line 4
# A nonresident's joint line 41 with no Schedule NR split: in proportion to each spouse's base income (warned).
BY_BASE_INCOME = ByBasis(("40",))
SUBTRACTION_FOLLOWS_INCOME = "Lines 36 through 38 (an unclear subtraction divided like the income it subtracts) [U]"

_INCOME = "Allocate income items"
_DEDUCTIONS = "Allocate deduction items"
_ADDITIONS = "Allocate Illinois additions, subtractions, and income"
_TAX = "Allocate Illinois exemptions and tax"
_CREDITS = "Allocate Illinois nonrefundable credits and other taxes"
_ERRONEOUS = "Correction of erroneous items"
_PENALTIES = "Penalties"
_PAYMENTS = "Payments and refundable credit"
_RESULT = "Net overpayment or underpayment"


def _income(number: int, label: str, reconstructed: bool = True) -> Line:
    return Line(str(number), label, _cite("Lines 1 through 15"), _INCOME, division=EQUAL, label_reconstructed=reconstructed)


def _deduction(number: int, label: str) -> Line:
    return Line(str(number), label, _cite("Lines 17 through 30"), _DEDUCTIONS, division=EQUAL, label_reconstructed=True)


def _payment(number: int, label: str, citation: str = "Lines 69 through 74") -> Line:
    return Line(str(number), label, _cite(citation), _PAYMENTS, division=BY_LIABILITY, label_reconstructed=True)


def _penalty(letter: str, label: str) -> Line:
    return Line(f"65{letter}", label, _cite("Lines 65 a through d"), _PENALTIES, division=BY_TAX_AND_CORRECTIONS, label_reconstructed=True)


WORKSHEET = Worksheet(
    form="IL-8857",
    revision="R-12/22",
    title="Allocation of Liability Worksheet",
    lines=(
        _income(1, "Wages, salaries, tips, etc."),
        _income(2, "Taxable interest"),
        _income(3, "Ordinary dividends"),
        _income(4, "Taxable refunds, credits, or offsets of state and local income taxes"),
        _income(5, "Alimony received"),
        _income(6, "Business income or (loss)"),
        _income(7, "Capital gain or (loss)"),
        _income(8, "Other gains or (losses)"),
        _income(9, "Taxable IRA distributions"),
        _income(10, "Taxable pensions and annuities"),
        _income(11, "Rental real estate, royalties, partnerships, S corporations, trusts, etc."),
        _income(12, "Farm income or (loss)"),
        _income(13, "Unemployment compensation"),
        _income(14, "Taxable social security benefits"),
        _income(15, "Other income"),
        Line("16", "Total income. Add Lines 1 through 15.", _cite("Line 16"), _INCOME, formula=Sum(_numbers(1, 15))),
        _deduction(17, "Educator expenses"),
        _deduction(18, "Certain business expenses of reservists, performing artists, and fee-basis government officials"),
        _deduction(19, "Health savings account deduction"),
        _deduction(20, "Moving expenses for members of the Armed Forces"),
        _deduction(21, "Deductible part of self-employment tax"),
        _deduction(22, "Self-employed SEP, SIMPLE, and qualified plans"),
        _deduction(23, "Self-employed health insurance deduction"),
        _deduction(24, "Penalty on early withdrawal of savings"),
        _deduction(25, "Alimony paid"),
        _deduction(26, "IRA deduction"),
        _deduction(27, "Student loan interest deduction"),
        _deduction(28, "Tuition and fees"),
        _deduction(29, "Archer MSA deduction"),
        _deduction(30, "Other adjustments"),
        Line("31", "Total adjustments. Add Lines 17 through 30.", _cite("Line 31"), _DEDUCTIONS, formula=Sum(_numbers(17, 30))),
        Line("32", "Federal adjusted gross income. Subtract Line 31 from Line 16.", _cite("Line 32"), _DEDUCTIONS,
             formula=Difference("16", "31")),
        Line("33", "Federally tax-exempt interest and dividend income", _cite("Lines 33 and 34"), _ADDITIONS,
             division=EQUAL, label_reconstructed=True),
        Line("34", "Other additions", _cite("Lines 33 and 34"), _ADDITIONS, division=EQUAL, label_reconstructed=True),
        Line("35", "Total income. Add Lines 32, 33, and 34.", _cite("Line 35"), _ADDITIONS, formula=Sum(("32", "33", "34"))),
        Line("36", "Social security benefits and certain retirement plan income included in Line 32",
             _cite(SUBTRACTION_FOLLOWS_INCOME), _ADDITIONS, division=BY_RETIREMENT_INCOME, label_reconstructed=True),
        Line("37", "Illinois income tax overpayment included in federal income", _cite(SUBTRACTION_FOLLOWS_INCOME), _ADDITIONS,
             division=BY_STATE_REFUND, label_reconstructed=True),
        Line("38", "Other subtractions", _cite("Lines 36 through 38"), _ADDITIONS, division=EQUAL, label_reconstructed=True),
        Line("39", "Total subtractions. Add Lines 36 through 38.", _cite("Line 39"), _ADDITIONS, formula=Sum(_numbers(36, 38))),
        Line("40", "Illinois base income. Subtract Line 39 from Line 35.", _cite("Line 40"), _ADDITIONS,
             formula=Difference("35", "39")),
        Line("41", "Base income allocated to Illinois (residents: the amount from Line 40)", _cite("Line 41"), _ADDITIONS,
             formula=Copy("40"), division=BY_BASE_INCOME, input_when="nonresident or part-year resident (Schedule NR)"),
        Line("42", "Enter the amounts from Line 41.", _cite("Line 42"), _ADDITIONS, formula=Copy("41")),
        Line("43", "Illinois exemption allowance", _cite("Line 43"), _TAX, division=EQUAL),
        Line("44", "Illinois net income. Subtract Line 43 from Line 42 (not less than zero).", _cite("Line 44"), _TAX,
             formula=FloorAtZero(Difference("42", "43"))),
        Line("45", "Tax. Multiply Line 44 by the tax rate for the tax year.", _cite("Line 45"), _TAX,
             formula=TimesRate("44", RATE)),
        Line("46", "Recapture of investment tax credits", _cite("Line 46"), _TAX, division=EQUAL),
        Line("47", "Total tax. Add Line 45 and Line 46.", _cite("Line 47"), _TAX, formula=Sum(("45", "46"))),
        Line("48", "Credit for tax paid to other states (Schedule CR)", _cite("Lines 48 through 50"), _CREDITS,
             division=EQUAL, label_reconstructed=True),
        Line("49", "Property tax and K-12 education expense credit (Schedule ICR)", _cite("Lines 48 through 50"), _CREDITS,
             division=EQUAL, label_reconstructed=True),
        Line("50", "Credits from Schedule 1299-C", _cite("Lines 48 through 50"), _CREDITS, division=EQUAL,
             label_reconstructed=True),
        Line("51", "Total credits. Add Lines 48 through 50.", _cite("Line 51"), _CREDITS, formula=Sum(_numbers(48, 50))),
        Line("52", "Tax after nonrefundable credits. Subtract Line 51 from Line 47 (not less than zero).", _cite("Line 52"),
             _CREDITS, formula=FloorAtZero(Difference("47", "51"))),
        Line("53", "Household employment tax", _cite("Lines 53, 54, and 55"), _CREDITS, division=EQUAL),
        Line("54", "Use tax on internet, mail order, or other out-of-state purchases", _cite("Lines 53, 54, and 55"), _CREDITS,
             division=EQUAL),
        Line("55", "Compassionate Use of Medical Cannabis Program Act and sale of assets by gaming licensee surcharges",
             _cite("Lines 53, 54, and 55"), _CREDITS, division=EQUAL),
        Line("56", "Total tax after nonrefundable credits, household employment tax, and use tax. Add Lines 52, 53, 54, and 55.",
             _cite("Line 56"), _CREDITS, formula=Sum(("52", "53", "54", "55"))),
        Line("57", "Voluntary charitable donations (Schedule G)", _cite("Line 57"), _CREDITS, division=EQUAL),
        Line("58", "Total liability. Add Line 56 and Line 57.", _cite("Line 58"), _CREDITS, formula=Sum(("56", "57"))),
        Line("59", "Correction of erroneous items of income or deduction (decreases negative)", _cite("Line 59"), _ERRONEOUS,
             division=EQUAL),
        Line("60", "Correction of exemption allowance claimed in error (decreases negative)", _cite("Line 60"), _ERRONEOUS,
             division=EQUAL),
        Line("61", "Corrected income. Line 59 combined with Line 60 (a decrease in exemption allowance adds to income).",
             _cite("Line 61"), _ERRONEOUS, formula=Difference("59", "60")),
        Line("62", "Tax on corrections. Multiply Line 61 by the tax rate for the tax year.", _cite("Line 62"), _ERRONEOUS,
             formula=TimesRate("61", RATE)),
        Line("63", "Correction of credits claimed in error (decreases negative; increases allowed positive)", _cite("Line 63"),
             _ERRONEOUS, division=EQUAL),
        Line("64", "Total corrections to your tax. Line 62 combined with Line 63 (a decrease in credits adds to tax).",
             _cite("Line 64"), _ERRONEOUS, formula=Difference("62", "63")),
        _penalty("a", "Late-filing penalty"),
        _penalty("b", "Late-payment penalty for unpaid tax"),
        _penalty("c", "Late-payment penalty for underpayment of estimated tax"),
        _penalty("d", "Other penalties (such as bad check, negligence, or fraud)"),
        Line("66", "Total penalties. Add Lines 65a through 65d.", _cite("Line 66"), _PENALTIES,
             formula=Sum(("65a", "65b", "65c", "65d"))),
        Line("67", "Net liability. Add Lines 58, 64, and 66.", _cite("Line 67"), _PENALTIES, formula=Sum(("58", "64", "66"))),
        Line("68", "Illinois income tax withheld", _cite("Line 68"), _PAYMENTS, division=BY_LIABILITY),
        _payment(69, "Estimated payments, including overpayments from other years credited to this year"),
        _payment(70, "Pass-through withholding payments"),
        _payment(71, "Illinois earned income credit (refundable)"),
        _payment(72, "Payments made with the original return"),
        _payment(73, "Payments made after the return was filed, including amounts collected by levy or foreclosure"),
        _payment(74, "Federal income tax refunds offset and other amounts treated as payments"),
        Line("75", "Total payments. Add Lines 68 through 74.", _cite("Line 75"), _PAYMENTS, formula=Sum(_numbers(68, 74))),
        Line("76", "Refunds received from the original return, including overpayments applied to another year",
             _cite("Line 76"), _PAYMENTS, division=BY_LIABILITY),
        Line("77", "Net payments. Subtract Line 76 from Line 75.", _cite("Line 77"), _PAYMENTS, formula=Difference("75", "76")),
        Line("78", "Net overpayment or (underpayment). Subtract Line 77 from Line 67; an overpayment is shown in brackets.",
             _cite("Line 78"), _RESULT, formula=Difference("67", "77")),
        Line("79", "Net overpayment or (underpayment) from erroneous items. Add Lines 64 and 66.", _cite("Line 79"), _RESULT,
             formula=Sum(("64", "66"))),
        Line("80", "Compare Lines 78 and 79: the amount you are liable for, or (refund).", _cite("Line 80"), _RESULT,
             formula=CompareLine80("78", "79")),
    ),
)

PRINTED_LINES: tuple[str, ...] = WORKSHEET.numbers
INPUT_LINES: frozenset[str] = frozenset(line.number for line in WORKSHEET.lines if not line.computed)
TYPABLE_WHEN_NONRESIDENT: frozenset[str] = frozenset(
    line.number for line in WORKSHEET.lines if line.computed and line.input_when
)
