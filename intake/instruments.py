"""
Checking a licensed questionnaire's wording before a clinic loads it.

Only the structure is known to the product: how many sections, how many options each, scored
in order; the words come from the clinic's licence. Plain Python, no Django.
"""

from intake.clinical import (
    DN4_ITEMS,
    ODI_SECTION_MAX,
    ODI_SECTIONS,
    START_BACK_BOTHER_SCORES,
    START_BACK_ITEMS,
)

# Each supported questionnaire: its sections' number of options, in order, and the intake page
# that asks it once loaded. The ODI and STarT Back on the everyday-tasks page; the DN4
# interview on the pain page, in place of the clinic's own nerve-pain words.
SUPPORTED = {
    "odi": (ODI_SECTION_MAX + 1,) * ODI_SECTIONS,
    "start_back": (2,) * (START_BACK_ITEMS - 1) + (len(START_BACK_BOTHER_SCORES),),
    "dn4": (2,) * DN4_ITEMS,
}


class InstrumentError(ValueError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def _text(value):
    return isinstance(value, str) and value.strip() != ""


def validate_instrument(data):
    """The instrument's fields, ready to store; InstrumentError lists every problem found."""
    if not isinstance(data, dict):
        raise InstrumentError(["The file must hold one JSON object."])
    problems = []
    key = data.get("key")
    if key not in SUPPORTED:
        problems.append(f"'key' must be one of {sorted(SUPPORTED)}, got {key!r}.")
    if not _text(data.get("name")):
        problems.append("'name' must be a non-empty text.")
    for optional in ("version", "licence"):
        if optional in data and not isinstance(data[optional], str):
            problems.append(f"'{optional}' must be text.")
    sections = data.get("sections")
    if not isinstance(sections, list):
        problems.append("'sections' must be a list.")
    elif key in SUPPORTED:
        problems += _section_problems(sections, SUPPORTED[key])
    if problems:
        raise InstrumentError(problems)
    return {
        "key": key,
        "name": data["name"].strip(),
        "version": data.get("version", "").strip(),
        "licence": data.get("licence", "").strip(),
        "sections": [
            {
                "title": section["title"].strip(),
                "options": [option.strip() for option in section["options"]],
                "optional": bool(section.get("optional", False)),
            }
            for section in sections
        ],
    }


def _section_problems(sections, options_by_section):
    problems = []
    count = len(options_by_section)
    if len(sections) != count:
        problems.append(f"'sections' must have {count} entries, got {len(sections)}.")
    for number, (section, options_per_section) in enumerate(
        zip(sections, options_by_section, strict=False), start=1
    ):
        where = f"Section {number}"
        if not isinstance(section, dict):
            problems.append(f"{where} must be an object with 'title' and 'options'.")
            continue
        if not _text(section.get("title")):
            problems.append(f"{where}: 'title' must be a non-empty text.")
        options = section.get("options")
        if not isinstance(options, list) or len(options) != options_per_section:
            problems.append(
                f"{where}: 'options' must be a list of {options_per_section} statements, "
                f"scored 0 to {options_per_section - 1} in order."
            )
        elif not all(_text(option) for option in options):
            problems.append(f"{where}: every option must be a non-empty text.")
        if "optional" in section and not isinstance(section["optional"], bool):
            problems.append(f"{where}: 'optional' must be true or false.")
    return problems
