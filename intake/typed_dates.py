"""
Reading a date of birth as a patient types it.

The intake asks for the date of birth in one box that opens the numeric keypad, and accepts
every common way of typing it, rather than three boxes for day, month and year. A phone's
numeric keypad has digits and often a space but no "/", so ``14061961``, ``140661`` and
``14 06 1961`` must be enough, and people who type ``14/6/61``, ``14-06-1961``,
``14.6.1961``, ``14 June 1961`` or the browser's own ``1961-06-14`` are not turned away either.
One box is one tap and one answer where three boxes are three, and the phone's autofill of a
birthday fills one box whole. The review page reads the date back in words ("14 June 1961"),
so a misread date is caught before it is sent.

Dates are day first, as written in the UK; a two-digit year is the latest year that puts the
birthday in the past. Plain Python with no Django imports, like ``intake.clinical``.
"""

import re
from datetime import date

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_SEPARATED = re.compile(r"^(\d{1,4})[\s/.\-,]+(\d{1,2}|[a-z]{3,9})[\s/.\-,]+(\d{2}|\d{4})$")
_RUN_OF_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")


def _month(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    matches = [number for number, name in enumerate(MONTH_NAMES, 1) if name.startswith(text)]
    return matches[0] if len(matches) == 1 else None


def _full_year(year: str, day: int, month: int, today: date) -> int:
    if len(year) == 4:
        return int(year)
    century = today.year // 100 * 100
    candidate = century + int(year)
    if (candidate, month, day) > (today.year, today.month, today.day):
        candidate -= 100
    return candidate


def parse_date_of_birth(text: str, today: date) -> date | None:
    """The date a patient typed, or ``None`` if it is not a date in any form we accept."""
    typed = " ".join(text.strip().lower().split())
    if match := _RUN_OF_DIGITS.match(typed):
        day, month, year = match.groups()
    elif match := _SEPARATED.match(typed):
        day, month, year = match.groups()
        if len(day) == 4 and month.isdigit() and len(year) == 2:
            day, year = year, day
        elif len(day) > 2:
            return None
    else:
        return None
    month_number = _month(month)
    if month_number is None:
        return None
    try:
        return date(_full_year(year, int(day), month_number, today), month_number, int(day))
    except ValueError:
        return None
