"""The IRC 6015(d) split of a deficiency, written once as data in the worksheet vocabulary.

There is no printed IRS worksheet for the whole method (Publication 971's Worksheet A covers only
the proportion), so the lines are numbered here, in the regulation's order, and each carries its
citation. Columns: A the whole, B the spouse asking for relief ("you"), C the other spouse.

Small worksheets, evaluated in this order by the case evaluator (``lines.evaluate_case``,
Decimal with a trace) or the column evaluator (``batch.columns.evaluate_columns``, integer cents):

* :data:`CARVE_OUTS` (lines 1-5): what is left out of the proportion (Reg. 1.6015-3(d)(4));
* :data:`TAX_BENEFIT` (lines 6-18): disallowed deductions, first against their owner's income, the
  excess to the other spouse as far as it offset that spouse's income (6015(d)(3)(B));
* :data:`PROPORTION` (lines 19-25), once for each group of items taxed at one rate (Reg.
  1.6015-3(d)(6)): the proportion and the portion from items a spouse actually knew of; before
  it, :data:`ITEM_DEFICIENCY` (lines 20a-20f) once for each item whose own deficiency is entered;
* :data:`TOTALS` (lines 26-45): each spouse's share of the underpayment (Estate of Capehart,
  125 T.C. 211 (2005)), a penalty from both spouses' items apportioned by it (Reg.
  1.6015-3(d)(4)(iv)(B)), the add-backs, the cap and the relief;
* :data:`PARTIAL_RELIEF` (lines 46-48): 6015(b)(2) relief for the part of an item not known of.

What is not arithmetic stays with the case (``f6015d.py``): which items are whose, which rate group
an item is in, what a spouse knew, and spreading a total over the items it came from.
"""

from __future__ import annotations

from .lines import (
    Difference,
    FloorAtZero,
    Line,
    OtherSpouses,
    PartOfWhole,
    ShareByBasis,
    SmallerLine,
    Sum,
    Worksheet,
)

REG = "Reg. 1.6015-3"
CAPEHART = "Estate of Capehart v. Commissioner, 125 T.C. 211 (2005)"

_CARVE = "Items left out of the proportion"
_BENEFIT = "Tax-benefit rule for disallowed deductions"
_PROPORTION = "Proportionate allocation"
_UNDERPAYMENT = "Each spouse's share of the underpayment"
_TOTAL = "Each spouse's portion and the relief"

CARVE_OUTS = Worksheet(
    form="6015(d)",
    revision="Reg. 1.6015-3 (2002)",
    title="Items left out of the proportion",
    lines=(
        Line("1", "The deficiency being divided", "IRC 6015(c)(1), (d)(1)", _CARVE),
        Line("2", "Disallowed credits and taxes other than the income tax (separate treatment)", f"IRC 6015(d)(2); {REG}(d)(4)(ii)", _CARVE),
        Line("3", "A child's liability included on the joint return", f"IRC 6015(d)(5); {REG}(d)(4)(iii)", _CARVE),
        Line("4", "Alternative minimum tax (allocated appropriately; no method given)", f"{REG}(d)(4)(iv)(A)", _CARVE),
        Line("4a", "Left out of the proportion", f"{REG}(d)(4)(i)(B)", _CARVE, formula=Sum(("2", "3", "4"))),
        Line("5", "Deficiency run through the proportion", f"{REG}(d)(4)(i)(A)", _CARVE, formula=Difference("1", "4a")),
    ),
)

TAX_BENEFIT = Worksheet(
    form="6015(d)",
    revision="Reg. 1.6015-3 (2002)",
    title="Tax-benefit rule for disallowed deductions",
    lines=(
        Line("6", "Income on the joint return, as if separate returns were filed", f"IRC 6015(d)(3)(B); {REG}(d)(2)(i); {CAPEHART}", _BENEFIT),
        Line("7", "Deductions allowed that already used that income", f"{REG}(d)(5) Example 6", _BENEFIT),
        Line("8", "Income left for the disallowed deductions", f"{REG}(d)(5) Examples 5-6", _BENEFIT, formula=FloorAtZero(Difference("6", "7"))),
        Line("9", "Disallowed deductions of each spouse (an item of both: each spouse's part)", f"IRC 6015(d)(3)(A); {REG}(d)(2)(iv); {CAPEHART}", _BENEFIT),
        Line("10", "Used against the spouse's own income", f"IRC 6015(d)(3)(B); {REG}(d)(5) Example 5; {CAPEHART}", _BENEFIT, formula=SmallerLine("9", "8")),
        Line("11", "More than the spouse's own income", f"{REG}(d)(5) Example 5", _BENEFIT, formula=Difference("9", "10")),
        Line("12", "Income still left after the spouse's own deductions", f"{REG}(d)(5) Example 5", _BENEFIT, formula=Difference("8", "10")),
        Line("13", "The other spouse's deductions beyond that spouse's own income", "IRC 6015(d)(3)(B)", _BENEFIT, formula=OtherSpouses("11")),
        Line("14", "Taken from the other spouse: the other's excess that offset this spouse's income", f"IRC 6015(d)(3)(B); {REG}(d)(2)(i); {CAPEHART}", _BENEFIT, formula=SmallerLine("13", "12")),
        Line("15", "Given to the other spouse (line 14 of the other spouse)", "IRC 6015(d)(3)(B)", _BENEFIT, formula=OtherSpouses("14")),
        Line("16", "Beyond both spouses' income: kept by the spouse [U - no source read says where it goes]", "IRC 6015(d)(3)(A) [U]", _BENEFIT, formula=Difference("11", "15")),
        Line("17", "Disallowed deductions allocated to each spouse", f"IRC 6015(d)(3); {REG}(d)(2)", _BENEFIT, formula=Sum(("10", "14", "16"))),
        Line("18", "Income on the return not offset by the deductions allocated", f"{CAPEHART} (tax shown on the return follows it)", _BENEFIT, formula=FloorAtZero(Difference("8", "17"))),
    ),
)

PROPORTION = Worksheet(
    form="6015(d)",
    revision="Reg. 1.6015-3 (2002)",
    title="Proportionate allocation, one group of items taxed at one rate",
    lines=(
        Line("19", "Deficiency of this rate group", f"{REG}(d)(4)(i)(A), (d)(6)", _PROPORTION),
        Line("20", "Deficiencies entered for particular items of the group", f"{REG}(d)(4)(i)(B)", _PROPORTION),
        Line("21", "Deficiency run through the proportion", f"{REG}(d)(4)(i)(A)", _PROPORTION, formula=Difference("19", "20")),
        Line("22", "Net erroneous items allocated to each spouse", f"IRC 6015(d)(1), (d)(3); {REG}(d)(4)(i)(A)", _PROPORTION),
        Line("23", "Proportionate share", f"IRC 6015(d)(1); {REG}(d)(4)(i)(A); Publication 971 Worksheet A", _PROPORTION, formula=ShareByBasis("21", ("22",))),
        Line("24", "The other spouse's items this spouse actually knew of", f"IRC 6015(c)(3)(C); {REG}(c)(2)", _PROPORTION),
        Line("25", "Portion from the items actually known of (stays with this spouse)", f"IRC 6015(c)(3)(C); {REG}(c)(2)(ii), (d)(4)(i)(B)", _PROPORTION, formula=PartOfWhole("21", "24", "22")),
    ),
)

ITEM_DEFICIENCY = Worksheet(
    form="6015(d)",
    revision="Reg. 1.6015-3 (2002)",
    title="An item whose own deficiency is entered",
    lines=(
        Line("20a", "Deficiency entered for the item", f"{REG}(d)(4)(i)(B)", _PROPORTION),
        Line("20b", "The item as allocated to each spouse", f"IRC 6015(d)(3); {REG}(d)(2)", _PROPORTION),
        Line("20c", "Each spouse's part of the item's deficiency", f"IRC 6015(d)(1); {REG}(d)(4)(i)(B)", _PROPORTION, formula=ShareByBasis("20a", ("20b",))),
        Line("20d", "The other spouse's part of the item this spouse actually knew of", f"IRC 6015(c)(3)(C); {REG}(c)(2)", _PROPORTION),
        Line("20e", "Portion from the part known of (stays with this spouse)", f"IRC 6015(c)(3)(C); {REG}(c)(2)(ii)", _PROPORTION, formula=PartOfWhole("20a", "20d", "20b")),
        Line("20f", "The item's deficiency this spouse is liable for", f"{REG}(d)(4)(i)(B), (c)(2)", _PROPORTION, formula=Sum(("20c", "20e"))),
    ),
)

TOTALS = Worksheet(
    form="6015(d)",
    revision="Reg. 1.6015-3 (2002)",
    title="Each spouse's portion and the relief",
    lines=(
        Line("26", "Proportionate share (all rate groups)", f"IRC 6015(d)(1); {REG}(d)(4)(i)(A), (d)(6)", _UNDERPAYMENT),
        Line("27", "Credits and other taxes allocated to the spouse", f"IRC 6015(d)(2); {REG}(d)(4)(ii)", _UNDERPAYMENT),
        Line("28", "Share of the deficiency", f"IRC 6015(d)(1)-(2); {CAPEHART}", _UNDERPAYMENT, formula=Sum(("26", "27"))),
        Line("29", "Income on the return not offset by the deductions allocated (line 18)", CAPEHART, _UNDERPAYMENT),
        Line("30", "Tax shown on the joint return", f"IRC 6664(a); {CAPEHART}", _UNDERPAYMENT),
        Line("31", "Tax shown on the return, following the income it was computed on", CAPEHART, _UNDERPAYMENT, formula=ShareByBasis("30", ("29",))),
        Line("32", "Withholding from the spouse's pay", f"IRC 6664(a); S. Rept. 105-174 at 56-57 (withholding follows the pay); {CAPEHART}", _UNDERPAYMENT),
        Line(
            "33", "Withholding beyond the spouse's tax shown on the return (collected without assessment)",
            f"IRC 6664(a)(1)(B); {CAPEHART}", _UNDERPAYMENT, formula=FloorAtZero(Difference("32", "31")),
        ),
        Line("34", "Share of the underpayment", f"IRC 6664(a); {CAPEHART}", _UNDERPAYMENT, formula=FloorAtZero(Difference("28", "33"))),
        Line("35", "Penalties from both spouses' items", f"{REG}(d)(4)(iv)(B); Reg. 1.6015-1(h)(4)", _TOTAL),
        Line("36", "Penalty from both spouses' items, apportioned by the shares of the underpayment", f"{REG}(d)(4)(iv)(B); IRC 6662(a); {CAPEHART}", _TOTAL, formula=ShareByBasis("35", ("34",))),
        Line("37", "Penalties from the spouse's own items", f"{REG}(d)(4)(iv)(B)", _TOTAL),
        Line("38", "Items actually known of (all rate groups, and item deficiencies entered)", f"IRC 6015(c)(3)(C); {REG}(c)(2), (d)(4)(i)(B)", _TOTAL),
        Line("39", "A child's liability allocated to the spouse", f"IRC 6015(d)(5); {REG}(d)(4)(iii)", _TOTAL),
        Line("40", "Alternative minimum tax (left with both)", f"{REG}(d)(4)(iv)(A)", _TOTAL),
        Line("41", "Disqualified assets received", "IRC 6015(c)(4)", _TOTAL),
        Line("42", "Portion before the limit", f"IRC 6015(c)(1), (c)(4), (d); {REG}(d)(4)", _TOTAL, formula=Sum(("26", "27", "36", "37", "38", "39", "40", "41"))),
        Line("43", "The deficiency and penalties in all", "IRC 6015(c)(4)(A)", _TOTAL),
        Line("44", "Portion the electing spouse is liable for", "IRC 6015(c)(1), (c)(4)(A)", _TOTAL, formula=SmallerLine("42", "43")),
        Line("45", "Relief (no refund under 6015(c))", "IRC 6015(c), (g)(3)", _TOTAL, formula=Difference("43", "44")),
    ),
)


PARTIAL_RELIEF = Worksheet(
    form="6015(b)(2)",
    revision="IRC 6015(b)(2)",
    title="Partial relief for the part of an item not known of",
    lines=(
        Line("46", "Understatement with the whole item", "IRC 6015(b)(2); Publication 971 (gambling winnings example)", "Partial relief"),
        Line("47", "Understatement with only the part known of", "IRC 6015(b)(2); Publication 971 (gambling winnings example)", "Partial relief"),
        Line("48", "Relief for the part not known of (incremental method [U])", "IRC 6015(b)(2) [U - the publication gives no formula]", "Partial relief", formula=Difference("46", "47")),
    ),
)

WORKSHEETS = (CARVE_OUTS, TAX_BENEFIT, ITEM_DEFICIENCY, PROPORTION, TOTALS, PARTIAL_RELIEF)
