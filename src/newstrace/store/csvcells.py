"""CSV cells that a spreadsheet will not run: OWASP's rule against formula (CSV) injection.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3+cmd|' /C calc'!A0``); article
text and quotes come from the web, so exports would carry an attacker's formulas. :func:`cell` puts a single
quote before such a value, which spreadsheets show as text and do not evaluate. Numbers (``int``, ``float``)
are left alone: ``-3`` is a number, not a formula. ``newstrace export --raw-csv`` keeps the values as they are.
"""

from __future__ import annotations

import json
from typing import Any

#: The characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any, *, raw: bool = False) -> Any:
    """``value`` ready for a CSV writer: lists and dicts as JSON text; text that would start a formula
    prefixed with ``'`` (unless ``raw``)."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if not raw and isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
