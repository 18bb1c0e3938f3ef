"""
Clinical scoring and classification for the FBSS intake.

Plain Python with no Django imports, so each rule can be read and tested on its own. The keys
and their wording are in ``intake.vocabulary``; a rule here names the keys it decides on (the
patterns, the triage levels and which red flags call for which) and takes the others from there.
"""

import calendar
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

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
SAME_SITE, DIFFERENT_SITE, BOTH_SITES = PAIN_SITES

# How exactly a patient knows when an operation was.
DATE_PRECISIONS = vocabulary.keys(vocabulary.DATE_PRECISIONS)
MONTH_KNOWN, YEAR_KNOWN, ABOUT_A_YEAR, DATE_UNKNOWN = DATE_PRECISIONS

# Triage levels, most urgent first: the order of the triage queue.
EMERGENCY = "emergency"
URGENT = "urgent"
ROUTINE = "routine"
TRIAGE_LEVELS = (EMERGENCY, URGENT, ROUTINE)

# The safety step's questions, in the order asked; every red flag a case can carry is those and
# thoughts of self-harm, set from PHQ-9 item 9 (``phq9_item9_flag``).
SAFETY_QUESTIONS = vocabulary.keys(vocabulary.SAFETY_QUESTIONS)
RED_FLAGS = vocabulary.keys(vocabulary.RED_FLAGS)
SELF_HARM_THOUGHTS = vocabulary.SELF_HARM_THOUGHTS.key
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
    # Urgent, not an emergency: the patient is shown crisis information at once and a
    # clinician calls them the same day; it does not send them to an emergency department.
    SELF_HARM_THOUGHTS,
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


# Licensed questionnaires the clinic may load (their wording is the licence holder's): the DN4
# interview (seven yes-or-no items about the pain's character, positive from 3) and the STarT
# Back tool (eight agree-or-disagree items and how bothersome the pain is, the last five items
# its psychosocial subscale).
DN4_ITEMS = 7
DN4_POSITIVE_FROM = 3
START_BACK_ITEMS = 9
START_BACK_PSYCHOSOCIAL_FROM_ITEM = 5
START_BACK_BOTHER_SCORES = (0, 0, 0, 1, 1)  # not at all, slightly, moderately, very, extremely
START_BACK_LOW_UP_TO = 3
START_BACK_HIGH_FROM = 4
START_BACK_RISKS = ("low", "medium", "high")


def dn4_score(items: Sequence[int]) -> int:
    """The DN4 interview score, 0-7: one point for each of its seven items answered yes (1)."""
    if len(items) != DN4_ITEMS:
        raise ValueError(f"The DN4 interview has {DN4_ITEMS} items, got {len(items)}")
    for item in items:
        _check_number(item, 0, 1, "DN4 items", whole=True)
    return sum(items)


def dn4_positive(score: int) -> bool:
    """Whether a DN4 interview score suggests neuropathic pain: 3 or more of 7."""
    return _check_number(score, 0, DN4_ITEMS, "DN4 scores", whole=True) >= DN4_POSITIVE_FROM


def start_back_scores(items: Sequence[int]) -> tuple[int, int]:
    """
    The STarT Back total (0-9) and psychosocial subscale (0-5). Items 1-8 are 0 (disagree) or 1
    (agree); item 9, how bothersome the pain has been, is the option chosen, 0-4, and counts
    only as "very much" or "extremely".
    """
    if len(items) != START_BACK_ITEMS:
        raise ValueError(f"STarT Back has {START_BACK_ITEMS} items, got {len(items)}")
    for item in items[:-1]:
        _check_number(item, 0, 1, "STarT Back items 1-8", whole=True)
    bother = _check_number(items[-1], 0, len(START_BACK_BOTHER_SCORES) - 1, "Item 9", whole=True)
    scores = [*items[:-1], START_BACK_BOTHER_SCORES[bother]]
    return sum(scores), sum(scores[START_BACK_PSYCHOSOCIAL_FROM_ITEM - 1 :])


def start_back_risk(total: int, psychosocial: int) -> str:
    """Low risk with a total of 3 or less; otherwise high with a psychosocial score of 4 or
    more, medium below."""
    _check_number(total, 0, START_BACK_ITEMS, "STarT Back totals", whole=True)
    _check_number(psychosocial, 0, 5, "STarT Back psychosocial scores", whole=True)
    low, medium, high = START_BACK_RISKS
    if total <= START_BACK_LOW_UP_TO:
        return low
    return high if psychosocial >= START_BACK_HIGH_FROM else medium


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
    if pain_site == BOTH_SITES:
        return MIXED
    if pain_site == DIFFERENT_SITE:
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
CRISIS_SUPPORT = "crisis_support"
OPERATING_TEAM = "operating_team"
WITHIN_DAYS = "within_days"
INSTRUCTIONS = (CALL_EMERGENCY_SERVICES, CHECKED_TODAY, CRISIS_SUPPORT, WITHIN_DAYS, OPERATING_TEAM)


def patient_instruction(
    flags: Collection[str], *, months_since_last_operation: int | None = None
) -> str | None:
    """
    The one instruction a patient with these answers is given, the strongest that applies, or
    ``None`` for a routine intake: possible cauda equina or cord compression goes to emergency
    services now; a possible infection that is an emergency is checked today by the operating
    team (or the urgent-advice line); thoughts of self-harm are met with crisis information (the
    crisis line and the urgent-advice line, to call now); other urgent answers are seen within
    days; a recent operation with nothing else goes back to the team that did it.

    Thoughts of self-harm rank below the two emergencies, as their triage level does: both of
    those already send the patient to a person today (emergency services, or the urgent-advice
    line that also takes mental-health crises), and the mood page shows the crisis information
    the moment item 9 is answered, whatever else was.
    """
    level = triage_level(flags, months_since_last_operation=months_since_last_operation)
    if level == EMERGENCY:
        return CALL_EMERGENCY_SERVICES if set(flags) & EMERGENCY_FLAGS else CHECKED_TODAY
    if level == URGENT:
        if SELF_HARM_THOUGHTS in flags:
            return CRISIS_SUPPORT
        return WITHIN_DAYS if flags else OPERATING_TEAM
    return None


def _check_number(value, low, high, what: str, *, whole: bool = False):
    """``value`` if it is a number (a whole one if ``whole``) from ``low`` to ``high``."""
    kinds = int if whole else int | float
    if (
        isinstance(value, bool)
        or not isinstance(value, kinds)
        or not low <= value <= high  # also refuses NaN
    ):
        kind = "whole numbers" if whole else "numbers"
        span = f"{low} or more" if high == float("inf") else f"{low}-{high}"
        raise ValueError(f"{what} are {kind} {span}, got {value!r}")
    return value


def _exact(value: int | float) -> Fraction:
    """
    A score as the number it was written as: 6.7 is 67/10, not the binary float just above it,
    so a boundary such as "at least 30% of 6.7" is met exactly when it is met on paper.
    """
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


# Mood: the PHQ-9 and GAD-7, and their first two items as short screens (PHQ-2, GAD-2).

PHQ9_ITEM_COUNT = len(vocabulary.PHQ9_ITEMS)
GAD7_ITEM_COUNT = len(vocabulary.GAD7_ITEMS)
MOOD_ITEM_MAX = len(vocabulary.MOOD_ANSWERS) - 1
SHORT_SCREEN_ITEMS = 2
# A PHQ-2 or GAD-2 of 3 or more is a positive screen: the rest of the questionnaire is asked.
SHORT_SCREEN_POSITIVE = 3
# The upper end of each band, paired with the band keys the vocabulary words.
PHQ9_BANDS = tuple(zip((4, 9, 14, 19, 27), vocabulary.keys(vocabulary.PHQ9_BANDS), strict=True))
GAD7_BANDS = tuple(zip((4, 9, 14, 21), vocabulary.keys(vocabulary.GAD7_BANDS), strict=True))


def _mood_items(items: Sequence[int], lengths: Collection[int], name: str) -> Sequence[int]:
    if len(items) not in lengths:
        raise ValueError(f"{name} needs {' or '.join(map(str, lengths))} items, got {len(items)}")
    for item in items:
        _check_number(item, 0, MOOD_ITEM_MAX, f"{name} items", whole=True)
    return items


def _mood_band(score: int, bands: tuple[tuple[int, str], ...], name: str) -> str:
    _check_number(score, 0, bands[-1][0], f"{name} scores", whole=True)
    return next(band for upper, band in bands if score <= upper)


def phq9_score(items: Sequence[int]) -> int:
    """The PHQ-9 total, 0-27: the sum of its nine items, each 0-3."""
    return sum(_mood_items(items, (PHQ9_ITEM_COUNT,), "PHQ-9"))


def phq9_band(score: int) -> str:
    """The PHQ-9 severity band: minimal 0-4, mild 5-9, moderate 10-14, moderately severe 15-19,
    severe 20-27."""
    return _mood_band(score, PHQ9_BANDS, "PHQ-9")


def gad7_score(items: Sequence[int]) -> int:
    """The GAD-7 total, 0-21: the sum of its seven items, each 0-3."""
    return sum(_mood_items(items, (GAD7_ITEM_COUNT,), "GAD-7"))


def gad7_band(score: int) -> str:
    """The GAD-7 severity band: minimal 0-4, mild 5-9, moderate 10-14, severe 15-21."""
    return _mood_band(score, GAD7_BANDS, "GAD-7")


def phq2_score(items: Sequence[int]) -> int:
    """
    The PHQ-2, 0-6: the first two PHQ-9 items. Takes those two, or all nine (when the full
    questionnaire was asked, its first two items are the short screen).
    """
    return sum(_mood_items(items, (SHORT_SCREEN_ITEMS, PHQ9_ITEM_COUNT), "PHQ-2")[:2])


def gad2_score(items: Sequence[int]) -> int:
    """The GAD-2, 0-6: the first two GAD-7 items; takes those two, or all seven."""
    return sum(_mood_items(items, (SHORT_SCREEN_ITEMS, GAD7_ITEM_COUNT), "GAD-2")[:2])


def mood_needs_full_items(phq2: int | None, gad2: int | None) -> bool:
    """
    Whether the rest of the PHQ-9 and GAD-7 is asked: when either short screen is positive (3
    or more). Asking both in full only then keeps the intake short for most patients; a short
    screen left unanswered (``None``) is not positive. PHQ-9 item 9 is asked whatever this says:
    thoughts of self-harm are never left to a screen.
    """
    scores = [score for score in (phq2, gad2) if score is not None]
    for score in scores:
        _check_number(score, 0, SHORT_SCREEN_ITEMS * MOOD_ITEM_MAX, "Short screens", whole=True)
    return any(score >= SHORT_SCREEN_POSITIVE for score in scores)


def phq9_item9_flag(item9: int | None) -> bool:
    """
    Whether PHQ-9 item 9 sets the red flag ``self_harm_thoughts``: any answer above "Not at all",
    since even "Several days" of such thoughts needs a clinician the same day. An item left
    unanswered (``None``) sets no flag; the clinician sees that it was not answered.
    """
    if item9 is None:
        return False
    return _check_number(item9, 0, MOOD_ITEM_MAX, "PHQ-9 item 9 answers", whole=True) > 0


# Medicines: the daily oral morphine equivalent (MME) and the combinations flagged.

# CDC Clinical Practice Guideline for Prescribing Opioids for Pain (2022): milligrams of oral
# morphine a day for one unit of each opioid a day; fentanyl patches per microgram an hour.
# Methadone's single factor is a simplification (its equivalence rises with the dose).
# Buprenorphine has none: it is not converted.
MME_CONVERSION_FACTORS = {
    "morphine": 1,
    "codeine": 0.15,
    "dihydrocodeine": 0.25,
    "tramadol": 0.2,
    "tapentadol": 0.4,
    "oxycodone": 1.5,
    "hydrocodone": 1,
    "hydromorphone": 5,
    "oxymorphone": 3,
    "methadone": 4.7,
    "fentanyl_patch": 2.4,
}
MEDICINES = vocabulary.by_key(vocabulary.PAIN_MEDICINES)
MME_KEY_BY_MEDICINE = {key: term.mme_key for key, term in MEDICINES.items() if term.mme_key}
OPIOIDS = frozenset(key for key, term in MEDICINES.items() if term.kind == vocabulary.OPIOID)
BENZODIAZEPINES = frozenset(
    key for key, term in MEDICINES.items() if term.kind == vocabulary.BENZODIAZEPINE
)
GABAPENTINOIDS = frozenset(
    key for key, term in MEDICINES.items() if term.kind == vocabulary.GABAPENTINOID
)
OPIOID_WITH_BENZODIAZEPINE, OPIOID_WITH_GABAPENTINOID = vocabulary.keys(
    vocabulary.CO_PRESCRIPTION_FLAGS
)

# Bands of the daily total (CDC 2022): caution from 50 mg/day, avoid increasing to 90 or more.
MME_NONE, MME_LOW, MME_MODERATE, MME_HIGH = vocabulary.keys(vocabulary.MME_BANDS)
MME_CAUTION_FROM = 50
MME_HIGH_FROM = 90

# How many doses a day each frequency means; "when needed" and "not sure" give no daily dose.
DOSE_FREQUENCIES = vocabulary.keys(vocabulary.DOSE_FREQUENCIES)
DOSES_A_DAY = dict(zip(DOSE_FREQUENCIES[:4], (1, 2, 3, 4), strict=True))


def _dose(value, what: str):
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ValueError(f"{what} is a number of 0 or more, got {value!r}")
    if value == float("inf"):
        raise ValueError(f"{what} must be finite")
    return value


def oral_morphine_equivalent(medicine: str, daily_dose: float | None) -> float | None:
    """
    The daily oral morphine equivalent in mg/day, to one decimal, of ``daily_dose`` of a
    medicine a day (mg; micrograms an hour for a fentanyl patch). ``medicine`` is a key of
    ``vocabulary.PAIN_MEDICINES`` (co-codamol counts as its codeine) or a row of
    ``MME_CONVERSION_FACTORS``. ``None`` when it is not converted: buprenorphine, a medicine
    with no factor, or a dose not known; the clinician then reads "not converted" rather than
    a total that leaves it out silently.
    """
    if daily_dose is not None:
        _dose(daily_dose, "A daily dose")
    factor = MME_CONVERSION_FACTORS.get(MME_KEY_BY_MEDICINE.get(medicine, medicine))
    if factor is None or daily_dose is None:
        return None
    return float(round(Decimal(repr(daily_dose)) * Decimal(repr(factor)), 1))


def daily_dose(medicine: str, dose: float | None, frequency: str | None) -> float | None:
    """
    A day's dose from one dose and how often it is taken. A patch's dose is already a rate
    (micrograms an hour), so it is its own daily figure. A medicine taken only when needed, or
    a dose or frequency the patient is not sure of, gives ``None``: not a guess.
    """
    if medicine not in MEDICINES:
        raise ValueError(f"Unknown medicine {medicine!r}")
    if frequency is not None and frequency not in DOSE_FREQUENCIES:
        raise ValueError(f"frequency must be one of {DOSE_FREQUENCIES}, got {frequency!r}")
    if dose is None:
        return None
    _dose(dose, "A dose")
    if MEDICINES[medicine].dose_unit == vocabulary.MICROGRAMS_AN_HOUR:
        return dose
    if frequency not in DOSES_A_DAY:
        return None
    return dose * DOSES_A_DAY[frequency]


@dataclass(frozen=True)
class MmeTotal:
    """The daily morphine equivalent of the opioids converted, and the opioids that were not."""

    total: float
    not_converted: tuple[str, ...]


def total_mme(items: Iterable[tuple[str, float | None]]) -> MmeTotal:
    """
    The daily morphine equivalent of (medicine, daily dose) pairs: the sum of the opioids
    converted, and, in the order given, the opioids (and unknown medicines) that could not be,
    so that a total never looks complete when it is not. Medicines that are not opioids count
    for nothing.
    """
    total = Decimal(0)
    not_converted = []
    for medicine, dose in items:
        known_other = medicine in MEDICINES and medicine not in OPIOIDS
        if known_other:
            continue
        mme = oral_morphine_equivalent(medicine, dose)
        if mme is None:
            not_converted.append(medicine)
        else:
            total += Decimal(repr(mme))
    return MmeTotal(float(total), tuple(not_converted))


def mme_band(total: float) -> str:
    """The band of a daily morphine equivalent: none (0), low (below 50), moderate (50 to
    below 90), high (90 or more)."""
    _dose(total, "A daily morphine equivalent")
    if total == 0:
        return MME_NONE
    if total < MME_CAUTION_FROM:
        return MME_LOW
    return MME_MODERATE if total < MME_HIGH_FROM else MME_HIGH


def co_prescription_flags(medicine_keys: Collection[str]) -> set[str]:
    """
    The combinations flagged for clinicians: an opioid taken with a benzodiazepine, or with a
    gabapentinoid (gabapentin, pregabalin). Either raises the risk of respiratory depression.
    """
    medicines = set(medicine_keys)
    unknown = medicines - set(MEDICINES)
    if unknown:
        raise ValueError(f"Unknown medicines: {sorted(unknown)}")
    if not medicines & OPIOIDS:
        return set()
    flags = set()
    if medicines & BENZODIAZEPINES:
        flags.add(OPIOID_WITH_BENZODIAZEPINE)
    if medicines & GABAPENTINOIDS:
        flags.add(OPIOID_WITH_GABAPENTINOID)
    return flags


# The pain map.

PAIN_REGIONS = vocabulary.keys(vocabulary.PAIN_REGIONS)


def pain_site_from_regions(before: Collection[str], now: Collection[str]) -> str:
    """
    Where the pain is now compared with before, from the two pain maps, so the patient is not
    asked it as well: "same" when every region painful now was painful before (even if some
    have eased), "different" when none was, "both" otherwise.
    """
    before, now = set(before), set(now)
    if not before or not now:
        raise ValueError("Both pain maps need at least one region")
    unknown = (before | now) - set(PAIN_REGIONS)
    if unknown:
        raise ValueError(f"Unknown pain regions: {sorted(unknown)}")
    if now <= before:
        return SAME_SITE
    return DIFFERENT_SITE if not now & before else BOTH_SITES


# Body and pain.

# Plausible adult measurements: outside them, a typing slip (metres for centimetres, pounds
# for kilograms) is far likelier than a real patient, and a BMI from it would mislead.
HEIGHT_CM_RANGE = (100, 250)
WEIGHT_KG_RANGE = (25, 350)


def bmi(height_cm: float, weight_kg: float) -> float:
    """Body mass index, kg/m², to one decimal; ``ValueError`` outside plausible adult ranges."""
    _check_number(height_cm, *HEIGHT_CM_RANGE, "Heights in cm")
    _check_number(weight_kg, *WEIGHT_KG_RANGE, "Weights in kg")
    return round(weight_kg / (height_cm / 100) ** 2, 1)


# Which pain is worse, in the keys of the patient's answer about before the first operation.
LEG, BACK, EQUAL = vocabulary.keys(vocabulary.DOMINANT_PAIN_BEFORE)[:3]


def pain_dominance(back: float, leg: float) -> str:
    """
    Whether the pain is leg-dominant ("leg"), back-dominant ("back") or "equal", from 0-10
    back and leg pain scores on the same measure. Any difference counts: scores are whole
    points, and the clinician sees both.
    """
    _check_number(back, 0, 10, "Pain scores")
    _check_number(leg, 0, 10, "Pain scores")
    if leg > back:
        return LEG
    return BACK if back > leg else EQUAL


# The spinal cord stimulation checklist (NICE TA159), for clinicians.

(
    SCS_LEG_DOMINANT_NEUROPATHIC,
    SCS_SIX_MONTHS,
    SCS_PAIN_AT_LEAST_5,
    SCS_CONSERVATIVE_TREATMENT,
    SCS_PSYCHOLOGICAL_ASSESSMENT,
) = vocabulary.keys(vocabulary.SCS_CHECKLIST)
MET, NOT_MET, UNKNOWN = vocabulary.keys(vocabulary.SCS_STATUSES)
SCS_MONTHS_SINCE_OPERATION = 6
SCS_PAIN_FROM = 5
NERVE_PAIN_FEATURES = vocabulary.keys(vocabulary.NERVE_PAIN_FEATURES)


def _status(*conditions: bool | None) -> str:
    """Met when every condition holds, not met when any fails, otherwise unknown."""
    for condition in conditions:
        if condition is not None and not isinstance(condition, bool):
            raise ValueError(f"A checklist condition is True, False or None, got {condition!r}")
    if False in conditions:
        return NOT_MET
    return UNKNOWN if None in conditions else MET


def scs_checklist(
    *,
    back_pain: float | None,
    leg_pain: float | None,
    nerve_pain_features: Collection[str] | None,
    months_since_last_operation: int | None,
    conservative_treatment_tried: bool | None,
    psychological_assessment: bool | None,
    dn4_positive: bool | None = None,
) -> tuple[tuple[str, str], ...]:
    """
    The NICE TA159 criteria for spinal cord stimulation as (item, status) pairs in the
    checklist's order, each "met", "not_met" or "unknown" (``None`` means not known). For the
    clinician deciding on a referral; never shown to the patient as advice.

    ``back_pain`` and ``leg_pain`` are 0-10 scores on the same measure (the average over the
    last week is the steadiest); ``nerve_pain_features`` the features ticked (empty: none).
    """
    if nerve_pain_features is not None:
        unknown = set(nerve_pain_features) - set(NERVE_PAIN_FEATURES)
        if unknown:
            raise ValueError(f"Unknown nerve-pain features: {sorted(unknown)}")
    leg_dominant = None
    if back_pain is not None and leg_pain is not None:
        leg_dominant = pain_dominance(back_pain, leg_pain) == LEG
    elif leg_pain is not None:
        _check_number(leg_pain, 0, 10, "Pain scores")
    elif back_pain is not None:
        _check_number(back_pain, 0, 10, "Pain scores")
    neuropathic = None if nerve_pain_features is None else bool(nerve_pain_features)
    if dn4_positive is not None:  # a validated score, where the clinic asks one, decides
        neuropathic = dn4_positive
    long_enough = None
    if months_since_last_operation is not None:
        months = months_since_last_operation
        _check_number(months, 0, float("inf"), "Months since the last operation", whole=True)
        long_enough = months >= SCS_MONTHS_SINCE_OPERATION
    return (
        (SCS_LEG_DOMINANT_NEUROPATHIC, _status(leg_dominant, neuropathic)),
        (SCS_SIX_MONTHS, _status(long_enough)),
        (SCS_PAIN_AT_LEAST_5, _status(None if leg_pain is None else leg_pain >= SCS_PAIN_FROM)),
        (SCS_CONSERVATIVE_TREATMENT, _status(conservative_treatment_tried)),
        (SCS_PSYCHOLOGICAL_ASSESSMENT, _status(psychological_assessment)),
    )


# Follow-ups: when they fall due, and the change that matters.

FOLLOW_UP_MONTHS_DEFAULT = (3, 12, 24)
NRS, ODI, PEG = vocabulary.keys(vocabulary.MEASURES)
IMPROVED, NO_CHANGE, WORSE = vocabulary.keys(vocabulary.CHANGE_CATEGORIES)


@dataclass(frozen=True)
class ChangeRule:
    """A measure's range and its smallest change that matters: ``points`` either way and, for
    an improvement where ``percent`` is set, that share of the baseline as well."""

    top: int
    points: int
    percent: int | None = None


# IMMPACT for pain (2 points and 30%), about 10 points for the ODI, 1 point and 30% for the PEG.
CHANGE_RULES = {
    NRS: ChangeRule(top=10, points=2, percent=30),
    ODI: ChangeRule(top=100, points=10),
    PEG: ChangeRule(top=10, points=1, percent=30),
}


def change_category(measure: str, baseline: float | None, follow_up: float | None) -> str | None:
    """
    Whether a measure "improved", showed "no_change" or got "worse" from the start of care to
    a follow-up, by the smallest change that matters to patients; ``None`` when either value
    is missing. Lower is better on every measure. A boundary counts (a fall of exactly 30% is
    30%): the arithmetic is exact on the scores as written.
    """
    if measure not in CHANGE_RULES:
        raise ValueError(f"measure must be one of {tuple(CHANGE_RULES)}, got {measure!r}")
    if baseline is None or follow_up is None:
        return None
    rule = CHANGE_RULES[measure]
    before = _exact(_check_number(baseline, 0, rule.top, f"{measure} scores"))
    after = _exact(_check_number(follow_up, 0, rule.top, f"{measure} scores"))
    fall = before - after
    if fall >= rule.points and (rule.percent is None or fall * 100 >= before * rule.percent):
        return IMPROVED
    if -fall >= rule.points:
        return WORSE
    return NO_CHANGE


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day (31
    January + 1 month is 28 or 29 February; 29 February + 12 months is 28 February)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def follow_up_dates(
    start: date, months: Sequence[int] = FOLLOW_UP_MONTHS_DEFAULT
) -> tuple[date, ...]:
    """The dates follow-ups fall due, ``months`` after the start of care, in the order given."""
    for count in months:
        _check_number(count, 1, float("inf"), "Follow-up months", whole=True)
    return tuple(add_months(start, count) for count in months)
