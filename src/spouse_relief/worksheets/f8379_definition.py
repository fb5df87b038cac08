"""Form 8379 Part III and the IRM 25.18.5 refund estimate, written once in the worksheet vocabulary.

The case evaluator (``worksheets.f8379``, Decimal with a trace) and the column evaluator
(``batch.f8379``, integer cents over many couples) both read these steps. What the case told us
arrives as named amounts (:data:`INPUTS`, each spouse's ``injured`` / ``other`` part of the items
on a line, already divided item by item by :data:`ITEM_RULE`); every other amount is computed here,
with its printed line number and citation.

The IRS computation (IRM 25.18.5):

1. each spouse's separate tax on the items allocated to that spouse, at married-filing-separately
   rates (Tax Table under its limit, as a return would);
2. the injured spouse's share of the joint tax = joint tax x own separate tax / both separate taxes;
3. the injured spouse's payments (withholding, estimated and extension payments) plus share of the
   refundable credits (the earned income credit by earned income) minus that share is the injured
   spouse's refund, not below zero and not above the joint overpayment;
4. the rest of the overpayment is what the offset can take.

Part III's lines 16 and 17 changed in 2018 (exemptions then credits); the two layouts are two
definitions (:data:`LAYOUTS`), chosen by the law data (``federal/f8379/part_iii_layout``).
"""

from __future__ import annotations

from .f1040_tax import IncomeTax
from .lines import (
    Add, All, Amount, AtLeastZero, ByItemChoice, CountAsAmount, Given, Law, LawSays, Not, Note, Positive, ShareOf,
    Smaller, Step, Sub, TimesCount, TimesRate, When, Zero,
)

V = Amount
SPOUSES = ("injured", "other")
COLUMNS = ("joint", "injured", "other")  # the form's columns (a), (b), (c)
MFS, MFJ = "married_filing_separately", "married_filing_jointly"
INSTRUCTIONS = "Instructions for Form 8379"
IRM = "IRM 25.18.5"

LAYOUT = "federal/f8379/part_iii_layout"
LABELS = "federal/f8379/part_iii_lines"
JOINT_SHARE = "federal/f8379/joint_item_default_share"
COMMUNITY_SHARE = "federal/f8379/community_share"
BASIC_SHARE = "federal/f8379/basic_standard_deduction_share"
EIC_BASIS = "federal/f8379/eic_allocation_basis"
OFFSET_RULE = "federal/f8379/community_property_offset"
RULINGS = "federal/f8379/community_property_rulings"
STANDARD = "federal/income_tax/standard_deduction"
ADDITIONAL = "federal/income_tax/additional_standard_deduction"
EXEMPTION = "federal/income_tax/personal_exemption"

ITEM_RULE = ByItemChoice(default_share=JOINT_SHARE, community_share=COMMUNITY_SHARE)

# Where each list of items goes: (the case input's list, the amounts' name, citation of its rule).
ITEM_GROUPS = (
    ("13a", "line 13a", f"{INSTRUCTIONS}, line 13a (W-2 income to the spouse who earned it)"),
    ("13b", "line 13b", f"{INSTRUCTIONS}, line 13b (all other income; joint income as you determine)"),
    ("adjustments", "line 14", f"{INSTRUCTIONS}, line 14 (to the spouse who would claim it on a separate return)"),
    ("itemized", "itemized deductions", f"{INSTRUCTIONS}, line 15 (itemized: business deductions to the spouse concerned, others as you determine)"),
    ("nonrefundable_credits", "nonrefundable credits", f"{INSTRUCTIONS}, line 16 (child-related credits to the spouse who claims the child; business credits by interest in the business; others as you determine)"),
    ("refundable_credits", "refundable credits", f"{INSTRUCTIONS}, line 17 (refundable credits; never the earned income credit)"),
    ("other_taxes", "line 18", f"{INSTRUCTIONS}, line 18 (self-employment tax to the spouse who earned the income)"),
    ("withholding", "line 19", f"{INSTRUCTIONS}, line 19 (by whose income it was withheld from)"),
    ("payments", "payments as allocated", f"{INSTRUCTIONS}, line 20 (separate payments to the spouse who made them; joint payments as agreed)"),
)
# The injured spouse's payments and credits, kept by property character for the community-property rule.
COMMUNITY_TRACKED = ("refundable_credits", "withholding", "payments")


def divided_by_separate_tax(group: str, owner: str, has_split: bool) -> bool:
    """Line 20: a joint payment without the couple's own division is divided by the spouses' separate
    tax liabilities (Instructions for Form 8379, line 20) - unless it is community property."""
    return group == "payments" and owner in ("joint", "unclear") and not has_split


# Other amounts and answers of a case (each spouse's where named with a spouse).
INPUTS = tuple(f"{name} {column}" for _, name, _ in ITEM_GROUPS for column in COLUMNS) + tuple(
    f"{name} {column}" for name in ("qualified dividends", "net capital gain") for column in COLUMNS
) + tuple(
    f"{name} {spouse}" for name in ("earned income", "boxes checked", "exemptions claimed", "qualified business income",
                                    "separate payments and credits", "community payments and credits") for spouse in SPOUSES
) + (
    "itemized", "QBI entered", "QBI deduction", "joint payments to divide", "joint total tax entered", "joint total tax as shown",
    "earned income credit", "offset entered", "offset amount", "community property", "community by default", "federal tax debt",
    "premarital debt: own share protected", "premarital debt: half of community protected",
)


def _three(joint, injured, other) -> tuple:
    return (("joint", joint), ("injured", injured), ("other", other))


def _entered(line: str, name: str, citation: str, label: str) -> Step:
    return Step(line, label, citation, key=name, entered=COLUMNS, how=ITEM_RULE)


def _rest(key: str) -> Sub:
    """Column (c): the joint amount less column (b), so the columns add up."""
    return Sub(V(f"{key} joint"), V(f"{key} injured"))


def _standard(spouse: str) -> Add:
    basic = Law(STANDARD, (MFJ,))
    injured_basic = TimesRate(basic, BASIC_SHARE)
    basic_part = injured_basic if spouse == "injured" else Sub(basic, injured_basic)
    return Add((basic_part, TimesCount(f"boxes checked {spouse}", Law(ADDITIONAL, ("married",)))))


_CITE = {name: citation for _, name, citation in ITEM_GROUPS}

PART_III_START: tuple[Step, ...] = (
    _entered("13a", "line 13a", _CITE["line 13a"], "Income reported on Form W-2"),
    _entered("13b", "line 13b", _CITE["line 13b"], "All other income"),
    _entered("14", "line 14", _CITE["line 14"], "Adjustments to income"),
    Step(
        "15", "Standard deduction or itemized deductions",
        f"{INSTRUCTIONS}, line 15 and its additional standard deduction worksheet (standard: the basic amount divided "
        "equally, plus each spouse's own boxes); itemized: business deductions to the spouse concerned, others as you determine",
        key="line 15",
        columns=(
            ("injured", When(Given("itemized"), V("itemized deductions injured"), _standard("injured"))),
            ("other", When(Given("itemized"), V("itemized deductions other"), _standard("other"))),
            ("joint", Add((V("line 15 injured"), V("line 15 other")))),
        ),
    ),
    Step(
        "QBI", "Qualified business income deduction",
        f"{INSTRUCTIONS}, Reminders (QBI deduction allocated by each spouse's share of QBI)",
        key="QBI",
        columns=(
            ("joint", V("QBI deduction")),
            ("injured", ShareOf(V("QBI deduction"), V("qualified business income injured"), V("qualified business income other"))),
            ("other", _rest("QBI")),
        ),
        shown_when=Given("QBI entered"),
    ),
    Step(
        "exemptions", "Personal exemptions in dollars", f"{INSTRUCTIONS}, line 16; IRC 151",
        key="exemption amount",
        columns=tuple((spouse, TimesCount(f"exemptions claimed {spouse}", Law(EXEMPTION))) for spouse in SPOUSES),
        shown_when=Positive(Law(EXEMPTION)),
    ),
)

_ONE_EACH = (
    "Each spouse should be allocated at least one exemption (whole numbers only); a secondary source says the IRS "
    "rejects the form otherwise [V2]."
)
LAYOUTS: dict[str, tuple[Step, ...]] = {
    "exemptions": (
        Step(
            "16", "Number of exemptions", f"{INSTRUCTIONS}, line 16 (the exemptions each spouse would claim on a separate return, whole numbers)",
            key="line 16",
            columns=_three(
                Add((CountAsAmount("exemptions claimed injured"), CountAsAmount("exemptions claimed other"))),
                CountAsAmount("exemptions claimed injured"), CountAsAmount("exemptions claimed other"),
            ),
            notes=(Note(Not(All((Positive(CountAsAmount("exemptions claimed injured")), Positive(CountAsAmount("exemptions claimed other"))))), _ONE_EACH),),
        ),
        Step(
            "17", "Credits (do not include any earned income credit)",
            f"{INSTRUCTIONS}, line 17 (child-related credits to the spouse who claims the child; business credits by interest "
            "in the business; others as you determine; never the earned income credit)",
            key="line 17",
            columns=tuple((column, Add((V(f"nonrefundable credits {column}"), V(f"refundable credits {column}")))) for column in COLUMNS),
        ),
    ),
    "credits": (
        Step("16", "Nonrefundable credits", _CITE["nonrefundable credits"], key="line 16",
             columns=tuple((column, V(f"nonrefundable credits {column}")) for column in COLUMNS)),
        Step("17", "Refundable credits (do not include any earned income credit)", _CITE["refundable credits"], key="line 17",
             columns=tuple((column, V(f"refundable credits {column}")) for column in COLUMNS)),
    ),
}


def _separate_tax(spouse: str) -> tuple[Step, ...]:
    who = "Injured" if spouse == "injured" else "Other"
    income = Add((V(f"line 13a {spouse}"), V(f"line 13b {spouse}")))
    deductions = Add((V(f"line 14 {spouse}"), V(f"line 15 {spouse}"), V(f"QBI {spouse}"), V(f"exemption amount {spouse}")))
    return (
        Step(f"{spouse}: taxable income", f"{who} spouse's separate taxable income", f"{IRM} (separate tax on the allocated items)",
             key=f"{spouse} taxable income", shown_as=spouse, formula=AtLeastZero(Sub(income, deductions))),
        Step(f"{spouse}: income tax", f"{who} spouse's tax at married-filing-separately rates",
             "Form 1040 instructions, Tax Table, Tax Computation Worksheet, Qualified Dividends and Capital Gain Tax Worksheet",
             key=f"{spouse} income tax", shown_as=spouse,
             formula=IncomeTax(V(f"{spouse} taxable income"), V(f"qualified dividends {spouse}"), V(f"net capital gain {spouse}"),
                               status=MFS, trace_prefix=f"{spouse}: ")),
        Step(f"{spouse}: separate tax", f"{who} spouse's separate tax liability",
             f"{IRM}, Injured Spouse's Share of Tax Liability (ISST / OSST)", key=f"{spouse} separate tax", shown_as=spouse,
             formula=Add((AtLeastZero(Sub(V(f"{spouse} income tax"), V(f"nonrefundable credits {spouse}"))), V(f"line 18 {spouse}")))),
    )


_JOINT_INCOME = Add((V("line 13a joint"), V("line 13b joint")))
_JOINT_DEDUCTIONS = Add((V("line 14 joint"), V("line 15 joint"), V("QBI joint"), V("exemption amount injured"), V("exemption amount other")))
_SEPARATE_BASES = (V("injured separate tax"), V("other separate tax"))
_PAID = {spouse: Add((V(f"line 19 {spouse}"), V(f"line 20 {spouse}"), V(f"refundable credits {spouse}"), V(f"earned income credit {spouse}")))
         for spouse in SPOUSES}
_FEDERAL_TAX_DEBT_RULE = All((Given("community property"), Given("federal tax debt"),
                              LawSays(OFFSET_RULE, ("federal_tax",), "separate_property_only")))

# A premarital federal tax debt of the other spouse: each state's rule is data (PREMARITAL_RULE, by state),
# read into the two yes/no inputs below for the case's state; [U] - see the parameter's note.
PREMARITAL_RULE = "federal/f8379/community_property_premarital_debt"
PREMARITAL_CITATION = "Rev. Ruls. 2004-71 to 2004-74 (premarital debts; state law as read there) [U]"
_HALF_COMMUNITY = TimesRate(V("community part"), COMMUNITY_SHARE)

PART_III_END: tuple[Step, ...] = (
    _entered("18", "line 18", _CITE["line 18"], "Other taxes"),
    _entered("19", "line 19", _CITE["line 19"], "Federal income tax withheld"),
)

REFUND_ESTIMATE: tuple[Step, ...] = (
    *_separate_tax("injured"),
    *_separate_tax("other"),
    Step("joint: taxable income", "Joint taxable income", f"{IRM} (joint tax as shown or corrected)", key="joint taxable income", shown_as="joint",
         formula=AtLeastZero(Sub(_JOINT_INCOME, _JOINT_DEDUCTIONS))),
    Step("joint: income tax", "Tax at married-filing-jointly rates", "Form 1040 instructions, Tax Table, Tax Computation Worksheet, "
         "Qualified Dividends and Capital Gain Tax Worksheet", key="joint income tax", shown_as="joint",
         formula=IncomeTax(V("joint taxable income"), V("qualified dividends joint"), V("net capital gain joint"), status=MFJ,
                           trace_prefix="joint: ")),
    Step("joint: computed tax", "Joint tax from the items entered", f"{IRM} (joint tax as shown or corrected)", key="joint computed tax", shown_as="joint",
         formula=Add((AtLeastZero(Sub(V("joint income tax"), V("nonrefundable credits joint"))), V("line 18 joint")))),
    Step("joint tax", "Joint tax liability", f"{IRM} (joint tax as shown or corrected)", key="joint tax", shown_as="joint",
         formula=When(Given("joint total tax entered"), V("joint total tax as shown"), V("joint computed tax"))),
    Step(
        "share of tax", "Each spouse's share of the joint tax", f"{IRM} (2023: 25.18.5.4), Injured Spouse's Share of Tax Liability",
        key="share of tax",
        columns=(("injured", ShareOf(V("joint tax"), *_SEPARATE_BASES)), ("other", Sub(V("joint tax"), V("share of tax injured")))),
        notes=(Note(Not(Positive(Add(_SEPARATE_BASES))), "Neither spouse has a separate tax: the joint tax is divided equally."),),
    ),
    Step(
        "20", "Payments", f"{INSTRUCTIONS}, line 20 (joint estimated payments without agreement: by separate tax liability)",
        key="line 20",
        columns=_three(
            V("payments as allocated joint"),
            Add((V("payments as allocated injured"), ShareOf(V("joint payments to divide"), *_SEPARATE_BASES))),
            _rest("line 20"),
        ),
    ),
    Step(
        "EIC", "Each spouse's share of the earned income credit",
        f"{IRM}, Spouse's Contribution to Earned Income Credit; Rev. Rul. 87-52", key="earned income credit",
        columns=(
            ("injured", ShareOf(V("earned income credit"), V("earned income injured"), V("earned income other"))),
            ("other", Sub(V("earned income credit"), V("earned income credit injured"))),
        ),
        notes=(Note(All((Positive(V("earned income credit")), Not(Positive(Add((AtLeastZero(V("earned income injured")), AtLeastZero(V("earned income other")))))))),
                    "No earned income was entered (or none above zero), so the earned income credit was divided equally; mark earned items."),),
    ),
    Step(
        "payments and credits", "Each spouse's payments and refundable credits", f"{IRM} (injured spouse's payments and credits)",
        key="payments and credits",
        columns=(
            ("injured", _PAID["injured"]), ("other", _PAID["other"]),
            ("joint", Add((V("line 19 joint"), V("line 20 joint"), V("refundable credits joint"), V("earned income credit")))),
        ),
    ),
    Step(
        "overpayment", "Joint overpayment", "Form 1040, overpayment line", key="joint overpayment", shown_as="joint",
        formula=AtLeastZero(Sub(V("payments and credits joint"), V("joint tax"))),
        notes=(Note(Not(Positive(Sub(V("payments and credits joint"), V("joint tax")))),
                    "The joint return shows no overpayment: nothing is refundable and nothing can be offset."),),
    ),
    Step(
        "injured spouse refund", "Injured spouse's share of the overpayment",
        f"{IRM}; Rev. Rul. 80-7 (the cap at the joint overpayment is unverified)", key="refund before the community rule", shown_as="injured",
        formula=Smaller(AtLeastZero(Sub(V("payments and credits injured"), V("share of tax injured"))), V("joint overpayment")),
    ),
    Step(
        "community property: separate part", "Injured spouse's payments and credits that are separate property",
        f"{IRM} (2017); Form 8379 line 5", key="separate part", shown_as="injured",
        formula=Add((V("separate payments and credits injured"), Sub(V("line 20 injured"), V("payments as allocated injured")),
                     When(Given("community by default"), Zero(), V("earned income credit injured")))),
        shown_when=Given("community property"),
    ),
    Step(
        "community property: community part", "Injured spouse's payments and credits that are community property",
        f"{IRM} (2017); Form 8379 line 5", key="community part", shown_as="injured",
        formula=Add((V("community payments and credits injured"),
                     When(Given("community by default"), V("earned income credit injured"), Zero()))),
        shown_when=Given("community property"),
    ),
    Step(
        "community property: separate-property reading", "Injured spouse's refund if only separate property is protected",
        f"{IRM} (2017): tax liabilities are community debts", key="separate-property reading", shown_as="injured",
        formula=When(_FEDERAL_TAX_DEBT_RULE, ShareOf(V("refund before the community rule"), V("separate part"), V("community part")),
                     V("refund before the community rule")),
        shown_when=Given("community property"),
    ),
    Step(
        "community property", "Injured spouse's refund under the community-property rules",
        f"{IRM} (2017); {PREMARITAL_CITATION}; Form 8379 line 5", key="injured spouse refund", shown_as="injured",
        formula=When(
            All((_FEDERAL_TAX_DEBT_RULE, Given("premarital debt: own share protected"))), V("refund before the community rule"),
            When(All((_FEDERAL_TAX_DEBT_RULE, Given("premarital debt: half of community protected"))),
                 ShareOf(V("refund before the community rule"), Add((V("separate part"), _HALF_COMMUNITY)),
                         Sub(V("community part"), _HALF_COMMUNITY)),
                 V("separate-property reading")),
        ),
        shown_when=Given("community property"),
    ),
    Step("available for offset", "Overpayment the offset can take (the other spouse's share)", f"{IRM}; IRC 6402",
         key="available for offset", shown_as="other", formula=Sub(V("joint overpayment"), V("injured spouse refund"))),
    Step(
        "offset", "Debt paid from the other spouse's share", "IRC 6402; Form 8379 line 3", key="offset",
        columns=(
            ("applied to debt", Smaller(V("offset amount"), V("available for offset"))),
            ("refund to other spouse", Sub(V("available for offset"), V("offset applied to debt"))),
            ("debt left unpaid", Sub(V("offset amount"), V("offset applied to debt"))),
        ),
        shown_when=Given("offset entered"),
    ),
)
