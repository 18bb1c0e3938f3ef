"""
Clinical scoring and classification for the FBSS intake.

Plain Python with no Django imports, so each rule can be read and tested on its own. The keys
and their wording are in ``intake.vocabulary``; a rule here names the keys it decides on (the
patterns, the triage levels and which red flags call for which) and takes the others from there.
"""

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from intake import vocabulary

ODI_SECTIONS = 10
ODI_MAX_SKIPPED = 2
ODI_SECTION_MAX = 5

# Recurrence patterns: an intake category, never a diagnosis.
NEVER_RELIEVED = "never_relieved"
RECURRED = "recurred"
NEW_SITE = "new_site"
MIXED = "mixed"
PATTERNS = (NEVER_RELIEVED, RECURRED, NEW_SITE, MIXED)

RELIEF_VALUES = vocabulary.keys(vocabulary.RELIEF)
# Relief with nothing to time: the pain never went, so it cannot have come back.
RELIEF_WITHOUT_DURATION = ("none", "worse")
PAIN_SITES = vocabulary.keys(vocabulary.PAIN_SITES)

# How exactly a patient knows when an operation was.
DATE_PRECISIONS = vocabulary.keys(vocabulary.DATE_PRECISIONS)
MONTH_KNOWN, YEAR_KNOWN, ABOUT_A_YEAR, DATE_UNKNOWN = DATE_PRECISIONS

# Triage levels, most urgent first: the order of the triage queue.
EMERGENCY = "emergency"
URGENT = "urgent"
ROUTINE = "routine"
TRIAGE_LEVELS = (EMERGENCY, URGENT, ROUTINE)

RED_FLAGS = vocabulary.keys(vocabulary.RED_FLAGS)
# Possible cauda equina syndrome or spinal cord compression: same-day assessment.
EMERGENCY_FLAGS = frozenset(
    {
        "saddle_numbness",
        "bladder_change",
        "bowel_change",
        "sexual_dysfunction",
        "bilateral_leg_symptoms",
        "progressive_weakness",
        "hand_clumsiness",
        "unsteady_walking",
    }
)
# Possible infection: same-day soon after surgery or with a risk factor, otherwise within days.
INFECTION_FLAGS = frozenset({"fever_or_unwell", "wound_problem"})
INFECTION_RISK_FLAGS = frozenset({"injects_drugs", "immunosuppressed"})
# Possible malignancy, fracture, failed hardware or infection risk: review within days.
URGENT_FLAGS = INFECTION_RISK_FLAGS | {
    "cancer_history",
    "weight_loss",
    "significant_injury",
    "osteoporosis_or_steroids",
    "night_pain",
    "hardware_symptoms",
    "thoracic_pain",
}
# An operation less than this many months ago belongs with the team that did it.
RECENT_OPERATION_MONTHS = 3

ODI_BANDS = ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippled"))
ODI_BAND_ABOVE = "bed-bound"

# Conventional bands for a 0-10 numeric rating scale of pain intensity (NRS). Only for scales
# that define them: the PEG, a mean of three items, has none.
PAIN_BANDS = ((0, "none"), (3, "mild"), (6, "moderate"), (10, "severe"))


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from one date to a later one; never negative."""
    return max(0, (later.year - earlier.year) * 12 + later.month - earlier.month)


def months_since(months_then: int, then: date, today: date) -> int:
    """A count of whole months taken on ``then``, carried on to ``today``."""
    return months_then + months_between(then, today)


def age_on(born: date, today: date) -> int:
    """Whole years of age on ``today``; born on 29 February, a year older on 1 March."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def odi_percent(section_scores: Sequence[int | None]) -> float | None:
    """
    Oswestry Disability Index as a percentage of the maximum for the sections answered.

    Patients may skip a section (often the one on sex life); the score stays valid with up to
    two skipped, beyond that it is not reported.
    """
    if len(section_scores) != ODI_SECTIONS:
        raise ValueError(f"ODI needs {ODI_SECTIONS} section scores, got {len(section_scores)}")
    answered = [score for score in section_scores if score is not None]
    for score in answered:
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 5:
            raise ValueError(f"ODI section scores are whole numbers 0-5, got {score!r}")
    if ODI_SECTIONS - len(answered) > ODI_MAX_SKIPPED:
        return None
    return round(sum(answered) / (ODI_SECTION_MAX * len(answered)) * 100, 1)


def odi_band(percent: float) -> str:
    """The conventional disability band for an ODI percentage."""
    if not 0 <= percent <= 100:
        raise ValueError(f"ODI percent is 0-100, got {percent!r}")
    for upper, name in ODI_BANDS:
        if percent <= upper:
            return name
    return ODI_BAND_ABOVE


def pain_band(score: int) -> str:
    """The band of a 0-10 pain intensity score: none, mild (1-3), moderate (4-6), severe (7-10)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
        raise ValueError(f"Pain intensity scores are whole numbers 0-10, got {score!r}")
    return next(name for upper, name in PAIN_BANDS if score <= upper)


def peg_pain_item(back_pain_average: int, leg_pain_average: int) -> int:
    """
    The PEG's pain item, "average pain in the past week", from the back and leg pain averages
    over the last week the patient has already given, so they are not asked it a third time.

    The PEG asks for one overall pain; after back surgery the pain is in the back, the leg or
    both. The higher of the two averages is taken: it is the pain the patient lives with, and
    a mean would halve a pain felt in one place only (back 8, leg 0 is not "4 on average"),
    understating the score the PEG is used to follow.
    """
    for score in (back_pain_average, leg_pain_average):
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise ValueError(f"Pain averages are whole numbers 0-10, got {score!r}")
    return max(back_pain_average, leg_pain_average)


def peg_score(pain: int, enjoyment: int, activity: int) -> float:
    """The PEG score: mean of pain, interference with enjoyment and with general activity."""
    items = (pain, enjoyment, activity)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int | float) or not 0 <= item <= 10:
            raise ValueError(f"PEG items are 0-10, got {item!r}")
    return round(sum(items) / 3, 1)


def relief_has_duration(relief: str) -> bool:
    """Whether "how long until the pain came back" applies: only after some relief."""
    return relief not in RELIEF_WITHOUT_DURATION


def recurrence_pattern(relief: str, pain_site: str) -> str:
    """
    Classify how the pain came back from the relief after the most recent operation and where
    the pain is now compared with before that same operation. Pain that got worse after the
    operation was never relieved by it.
    """
    if relief not in RELIEF_VALUES:
        raise ValueError(f"relief must be one of {RELIEF_VALUES}, got {relief!r}")
    if pain_site not in PAIN_SITES:
        raise ValueError(f"pain_site must be one of {PAIN_SITES}, got {pain_site!r}")
    if pain_site == "both":
        return MIXED
    if pain_site == "different":
        return NEW_SITE
    return RECURRED if relief_has_duration(relief) else NEVER_RELIEVED


def latest_possible_month(
    year: int | None, month: int | None, precision: str, today: date
) -> tuple[int, int] | None:
    """
    The latest (year, month) an operation can have been in, given how exactly the patient
    knows its date, or ``None`` when they do not know it.

    The recency rules ask whether the last operation was less than 3 months ago: a wrong "no"
    keeps a patient with a possible infection soon after surgery from the operating team, a
    wrong "yes" only makes the clinic look sooner. So a date known only roughly counts from the
    latest it can have been: a year alone from its December, "about" a year from the December
    of the year after (a guess may be a year out), never later than this month. A patient who
    does not know the date gives the rules nothing to count from: "not known".
    """
    if precision not in DATE_PRECISIONS:
        raise ValueError(f"precision must be one of {DATE_PRECISIONS}, got {precision!r}")
    if precision == DATE_UNKNOWN:
        return None
    if precision == ABOUT_A_YEAR:
        year += 1
    latest = (year, month) if precision == MONTH_KNOWN else (year, 12)
    return min(latest, (today.year, today.month))


def months_since_last_operation(
    dates: Iterable[tuple[int | None, int | None, str]], today: date
) -> int | None:
    """
    Whole months since the latest an operation can have been, over every operation whose date
    is known at least roughly; ``None`` when no date is known. ``dates`` are (year, month,
    precision) triples.
    """
    latest = [latest_possible_month(*when, today) for when in dates]
    known = [when for when in latest if when is not None]
    if not known:
        return None
    year, month = max(known)
    return months_between(date(year, month, 1), today)


def chronological_order(dates: Sequence[tuple[int | None, int | None, str]]) -> list[int]:
    """
    The indexes of operations, oldest first. Operations are ordered by the date given (a year
    alone before the months of that year); of two at the same time, the one listed later is
    later. An operation with no date stays where the patient listed it (we ask for the first
    operation first), just after the one listed before it.
    """
    keys = []
    running = (0, 0)
    for year, month, precision in dates:
        if precision != DATE_UNKNOWN:
            running = (year, month or 0)
        keys.append(running)
    return sorted(range(len(dates)), key=lambda index: (keys[index], index))


def triage_level(flags: Collection[str], *, months_since_last_operation: int | None = None) -> str:
    """
    The most urgent level the red flags present call for, given how long ago the last
    operation was (``None`` when no date is known: the recency rules then do not apply).

    Fever or a wound problem is an emergency within 3 months of surgery or with a risk factor
    for infection (spinal infection is often without fever, so either sign is enough), and an
    operation less than 3 months ago is urgent on its own: it belongs with the operating team.
    """
    flags = set(flags)
    unknown = flags - set(RED_FLAGS)
    if unknown:
        raise ValueError(f"Unknown red flags: {sorted(unknown)}")
    recent = is_recent_operation(months_since_last_operation)
    if flags & EMERGENCY_FLAGS:
        return EMERGENCY
    if flags & INFECTION_FLAGS and (recent or flags & INFECTION_RISK_FLAGS):
        return EMERGENCY
    if flags & (INFECTION_FLAGS | URGENT_FLAGS) or recent:
        return URGENT
    return ROUTINE


def is_recent_operation(months_since_last_operation: int | None) -> bool:
    """Whether the last operation was less than 3 months ago; ``None`` means not known."""
    if months_since_last_operation is None:
        return False
    months = months_since_last_operation
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise ValueError(f"Months since the last operation are 0 or more, got {months!r}")
    return months < RECENT_OPERATION_MONTHS


# What the patient is told to do, most urgent first.
CALL_EMERGENCY_SERVICES = "call_emergency_services"
CHECKED_TODAY = "checked_today"
OPERATING_TEAM = "operating_team"
WITHIN_DAYS = "within_days"
INSTRUCTIONS = (CALL_EMERGENCY_SERVICES, CHECKED_TODAY, WITHIN_DAYS, OPERATING_TEAM)


def patient_instruction(
    flags: Collection[str], *, months_since_last_operation: int | None = None
) -> str | None:
    """
    The one instruction a patient with these answers is given, the strongest that applies, or
    ``None`` for a routine intake: possible cauda equina or cord compression goes to emergency
    services now; a possible infection that is an emergency is checked today by the operating
    team (or the urgent-advice line); other urgent answers are seen within days; a recent
    operation with nothing else goes back to the team that did it.
    """
    level = triage_level(flags, months_since_last_operation=months_since_last_operation)
    if level == EMERGENCY:
        return CALL_EMERGENCY_SERVICES if set(flags) & EMERGENCY_FLAGS else CHECKED_TODAY
    if level == URGENT:
        return WITHIN_DAYS if flags else OPERATING_TEAM
    return None
