"""The batch tests share a random-case generator (batch_cases.py) beside them."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # the test run uses --import-mode=importlib, which does not add test folders
    sys.path.insert(0, HERE)
