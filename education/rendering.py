"""
Markdown to safe HTML, and the reading figures editors see in the admin.

Markdown lets raw HTML through, so its output is cleaned by nh3 afterwards, never before: only
the handful of tags a guide page needs survive, with no attributes that can run script or
load anything, and links only to web, e-mail and phone addresses.
"""

import html
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
import textstat
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
        "blockquote", "code", "pre", "a", "abbr", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
MARKDOWN_EXTENSIONS = ["sane_lists", "tables"]

WORDS_PER_MINUTE = 200
# Plain-language target for patient health information, as a reading age in years.
READING_AGE_TARGET = 11
# The most that is acceptable for a hard medical topic.
READING_AGE_CEILING = 14
# A US school grade is read at about this many years of age plus the grade.
GRADE_TO_AGE = 5

_LEVEL_ONE_HEADING = re.compile(r"<(/?)h1>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|pre)>|<br ?/?>", re.IGNORECASE)
# What the reading-level formula counts as the end of a sentence; ":" and ";" are not.
_SENTENCE_END = (".", "!", "?")


def render_markdown(text: str) -> SafeString:
    """Markdown as HTML that is safe to put in a page."""
    dirty = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS)
    # The page title is the only level-1 heading; a "# " in the body becomes a section heading.
    dirty = _LEVEL_ONE_HEADING.sub(r"<\1h2>", dirty)
    clean = nh3.clean(
        dirty,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just removed everything not allowed


def plain_text(text: str) -> str:
    """
    The words a reader reads, one block per line. Every heading and list item ends a sentence
    for the reading-level formula, whether it ends in a full stop, a colon, a semicolon or
    nothing: a list read as one long sentence would score as a university text.
    """
    html_text = _BLOCK_END.sub("\n", render_markdown(text))
    lines = html.unescape(nh3.clean(html_text, tags=set())).splitlines()
    blocks = [line.strip() for line in lines if line.strip()]
    return "\n".join(_as_sentence(block) for block in blocks)


def _as_sentence(block: str) -> str:
    if block.endswith(_SENTENCE_END):
        return block
    return f"{block.rstrip(':;,')}."


@dataclass(frozen=True)
class ReadingStats:
    words: int
    minutes: int
    grade: float
    reading_age: float

    @property
    def above_target(self) -> bool:
        return self.reading_age > READING_AGE_TARGET

    @property
    def above_ceiling(self) -> bool:
        return self.reading_age > READING_AGE_CEILING


def reading_minutes(text: str) -> int:
    """
    Minutes to read a Markdown text, at least one. Only counts words: the grade formula loads
    a pronunciation dictionary (about 70 MB) that patients' requests never need.
    """
    return max(1, math.ceil(textstat.lexicon_count(plain_text(text)) / WORDS_PER_MINUTE))


@lru_cache(maxsize=512)
def reading_stats(text: str) -> ReadingStats:
    """Word count, reading time and Flesch-Kincaid grade of a Markdown text."""
    words_text = plain_text(text)
    words = textstat.lexicon_count(words_text)
    grade = round(textstat.flesch_kincaid_grade(words_text), 1) if words else 0.0
    return ReadingStats(
        words=words,
        minutes=reading_minutes(text),
        grade=grade,
        reading_age=round(grade + GRADE_TO_AGE, 1),
    )
