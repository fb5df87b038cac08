"""spouse-relief: relief from a joint tax return, computed line by line with citations.

Educational, not legal advice. See README.md and docs/.
"""

__version__ = "0.1.0"

DISCLAIMER = (
    "spouse-relief is an educational tool, not legal or tax advice. Check every number against "
    "the official forms and instructions before you file, and consider help from a Low Income "
    "Taxpayer Clinic, the Taxpayer Advocate Service or a tax professional."
)
