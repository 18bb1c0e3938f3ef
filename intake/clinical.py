"""
Clinical scoring and classification for the FBSS intake.

Plain Python with no Django imports, so each rule can be read and tested on its own. The keys
defined here (patterns, triage levels, red flags, treatment options) are the vocabulary the rest
of the product shares: the intake stores them, the admin filters on them and guide pages are
tagged with them.
"""

from collections.abc import Collection, Sequence
from datetime import date

ODI_SECTIONS = 10
ODI_MAX_SKIPPED = 2
ODI_SECTION_MAX = 5

# Recurrence patterns: an intake category, never a diagnosis.
NEVER_RELIEVED = "never_relieved"
RECURRED = "recurred"
NEW_SITE = "new_site"
MIXED = "mixed"
PATTERNS = (NEVER_RELIEVED, RECURRED, NEW_SITE, MIXED)

RELIEF_VALUES = ("none", "partial", "complete")
PAIN_SITES = ("same", "different", "both")

# Triage levels, most urgent first.
EMERGENCY = "emergency"
URGENT = "urgent"
ROUTINE = "routine"
TRIAGE_LEVELS = (EMERGENCY, URGENT, ROUTINE)

# Red flags: possible cauda equina syndrome or cord compromise, same-day assessment.
EMERGENCY_FLAGS = (
    "saddle_numbness",
    "bladder_change",
    "bowel_change",
    "sexual_dysfunction",
    "bilateral_leg_symptoms",
    "progressive_weakness",
)
# Red flags: possible infection, malignancy or fracture, review within days.
URGENT_FLAGS = (
    "fever_or_unwell",
    "wound_problem",
    "cancer_history",
    "weight_loss",
    "significant_injury",
    "osteoporosis_or_steroids",
)
RED_FLAGS = EMERGENCY_FLAGS + URGENT_FLAGS

# Options a patient can ask to discuss. Guide pages are tagged with the same keys.
DISCUSS_OPTIONS = (
    "physical_therapy",
    "pain_psychology",
    "pain_programme",
    "medication_review",
    "injections",
    "spinal_cord_stimulation",
    "revision_surgery",
    "specialist_assessment",
    "not_sure",
)

ODI_BANDS = ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippled"))
ODI_BAND_ABOVE = "bed-bound"


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from one date to a later one; never negative."""
    return max(0, (later.year - earlier.year) * 12 + later.month - earlier.month)


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


def peg_score(pain: int, enjoyment: int, activity: int) -> float:
    """The PEG score: mean of pain, interference with enjoyment and with general activity."""
    items = (pain, enjoyment, activity)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int | float) or not 0 <= item <= 10:
            raise ValueError(f"PEG items are 0-10, got {item!r}")
    return round(sum(items) / 3, 1)


def recurrence_pattern(relief: str, pain_site: str) -> str:
    """
    Classify how the pain came back from the relief after the latest operation and where the
    pain is now compared with before the first operation.
    """
    if relief not in RELIEF_VALUES:
        raise ValueError(f"relief must be one of {RELIEF_VALUES}, got {relief!r}")
    if pain_site not in PAIN_SITES:
        raise ValueError(f"pain_site must be one of {PAIN_SITES}, got {pain_site!r}")
    if pain_site == "both":
        return MIXED
    if pain_site == "different":
        return NEW_SITE
    return NEVER_RELIEVED if relief == "none" else RECURRED


def triage_level(flags: Collection[str]) -> str:
    """The most urgent level any of the red flags present calls for."""
    unknown = set(flags) - set(RED_FLAGS)
    if unknown:
        raise ValueError(f"Unknown red flags: {sorted(unknown)}")
    if any(flag in EMERGENCY_FLAGS for flag in flags):
        return EMERGENCY
    if any(flag in URGENT_FLAGS for flag in flags):
        return URGENT
    return ROUTINE
