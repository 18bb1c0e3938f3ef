"""
How the pain map is drawn: each region of ``vocabulary.PAIN_REGIONS`` as a cell of a grid laid
over a body outline, one grid for the back and one for the front.

The patient's map and the clinician's read the same table, so a region is always in the same
place on both. The back is seen from behind (the patient's left on the left); the front from
the front (the patient's left on the right), as on the outlines clinics use.

Plain Python with no Django imports, like ``intake.clinical``.
"""

from dataclasses import dataclass

from intake import vocabulary

COLUMNS = 6
ROWS = 7


@dataclass(frozen=True)
class Cell:
    """A region's place on its outline's grid (1-based), and its caption on the drawing."""

    row: int
    column: int
    span: int
    caption: str


CELLS = {
    # The back, seen from behind.
    "neck": Cell(1, 3, 2, "Neck"),
    "upper_back": Cell(2, 1, 6, "Upper back"),
    "middle_back": Cell(3, 1, 6, "Middle back"),
    "lower_back_left": Cell(4, 1, 2, "Low back left"),
    "lower_back_centre": Cell(4, 3, 2, "Low back middle"),
    "lower_back_right": Cell(4, 5, 2, "Low back right"),
    "buttock_left": Cell(5, 1, 3, "Left buttock"),
    "buttock_right": Cell(5, 4, 3, "Right buttock"),
    "thigh_back_left": Cell(6, 1, 3, "Left thigh"),
    "thigh_back_right": Cell(6, 4, 3, "Right thigh"),
    "calf_left": Cell(7, 1, 3, "Left calf"),
    "calf_right": Cell(7, 4, 3, "Right calf"),
    # The front, seen from the front.
    "arm_right": Cell(1, 1, 3, "Right arm"),
    "arm_left": Cell(1, 4, 3, "Left arm"),
    "hand_right": Cell(2, 1, 3, "Right hand"),
    "hand_left": Cell(2, 4, 3, "Left hand"),
    "groin_right": Cell(3, 1, 3, "Right groin"),
    "groin_left": Cell(3, 4, 3, "Left groin"),
    "thigh_front_right": Cell(4, 1, 3, "Right thigh"),
    "thigh_front_left": Cell(4, 4, 3, "Left thigh"),
    "knee_right": Cell(5, 1, 3, "Right knee"),
    "knee_left": Cell(5, 4, 3, "Left knee"),
    "shin_right": Cell(6, 1, 3, "Right shin"),
    "shin_left": Cell(6, 4, 3, "Left shin"),
    "foot_right": Cell(7, 1, 3, "Right foot"),
    "foot_left": Cell(7, 4, 3, "Left foot"),
}

OUTLINE_CAPTIONS = {vocabulary.OUTLINE_BACK: "Back", vocabulary.OUTLINE_FRONT: "Front"}


def regions_on(outline: str) -> list[vocabulary.Region]:
    """The regions drawn on one outline, in the vocabulary's order."""
    return [region for region in vocabulary.PAIN_REGIONS if region.outline == outline]


@dataclass(frozen=True)
class Box:
    """A region's rectangle on a drawing ``COLUMNS * cell`` wide and ``ROWS * cell`` high."""

    key: str
    x: float
    y: float
    width: float
    height: float
    caption: str


def boxes(outline: str, *, cell: float, gap: float = 2) -> list[Box]:
    """The rectangles of an outline's regions, for a drawing with square cells of ``cell``."""
    found = []
    for region in regions_on(outline):
        place = CELLS[region.key]
        found.append(
            Box(
                key=region.key,
                x=(place.column - 1) * cell + gap / 2,
                y=(place.row - 1) * cell + gap / 2,
                width=place.span * cell - gap,
                height=cell - gap,
                caption=place.caption,
            )
        )
    return found
