"""
A side-by-side comparison of a page's live copy and its working copy.

Rows are plain data and the template escapes every piece of text, so nothing an editor typed
can turn into markup on the comparison page. Changed lines are compared word by word, because
a Markdown paragraph is one long line and a one-word edit should not light up all of it.
Settings (address, topic, order, review dates) are compared as whole values, and links (intake
findings, related pages) as sets, every member listed and those added or removed marked.
"""

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

UNCHANGED_CONTEXT = 2
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class Row:
    """One line of the comparison. ``kind`` is equal, changed, added, removed or skipped."""

    kind: str
    live: tuple[Segment, ...] = ()
    working: tuple[Segment, ...] = ()
    skipped: int = 0


@dataclass(frozen=True)
class Change:
    """A setting or set of links publishing would change; no segments means "not set"."""

    label: str
    live: tuple[Segment, ...]
    working: tuple[Segment, ...]


def compare_values(label: str, live: str, working: str) -> Change | None:
    """The change from one value to another, or None when they are the same."""
    if live == working:
        return None
    return Change(label, _whole(live), _whole(working))


def _whole(value):
    return (Segment(value, True),) if value else ()


def compare_sets(
    label: str, live: Iterable[tuple[Hashable, str]], working: Iterable[tuple[Hashable, str]]
) -> Change | None:
    """
    The change between two sets of ``(key, text)`` members, or None when they hold the same
    keys. Members keep the order given; those only on one side are marked.
    """
    live, working = list(live), list(working)
    live_keys, working_keys = {key for key, _ in live}, {key for key, _ in working}
    if live_keys == working_keys:
        return None
    return Change(
        label,
        tuple(Segment(text, key not in working_keys) for key, text in live),
        tuple(Segment(text, key not in live_keys) for key, text in working),
    )


def compare_texts(live: str, working: str) -> list[Row]:
    """Rows comparing two texts line by line, long unchanged runs folded away."""
    live_lines, working_lines = live.splitlines(), working.splitlines()
    matcher = SequenceMatcher(None, live_lines, working_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    rows = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows.extend(
                _fold_unchanged(live_lines[i1:i2], first=not rows, last=index == len(opcodes) - 1)
            )
            continue
        for old, new in zip_longest(live_lines[i1:i2], working_lines[j1:j2]):
            if new is None:
                rows.append(Row("removed", live=(Segment(old, True),)))
            elif old is None:
                rows.append(Row("added", working=(Segment(new, True),)))
            else:
                rows.append(Row("changed", *_compare_words(old, new)))
    return rows


def _fold_unchanged(lines, *, first, last):
    keep_before = 0 if first else UNCHANGED_CONTEXT
    keep_after = 0 if last else UNCHANGED_CONTEXT
    if len(lines) <= keep_before + keep_after + 1:
        return [_unchanged(line) for line in lines]
    rows = [_unchanged(line) for line in lines[:keep_before]]
    rows.append(Row("skipped", skipped=len(lines) - keep_before - keep_after))
    rows.extend(_unchanged(line) for line in lines[len(lines) - keep_after :])
    return rows


def _unchanged(line):
    segment = (Segment(line, False),)
    return Row("equal", live=segment, working=segment)


def _compare_words(old, new):
    old_words, new_words = _TOKENS.findall(old), _TOKENS.findall(new)
    live, working = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words).get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            live.append(Segment("".join(old_words[i1:i2]), changed))
        if j2 > j1:
            working.append(Segment("".join(new_words[j1:j2]), changed))
    return _tidy(live), _tidy(working)


def _tidy(segments):
    """Join changed words split only by a space, so "every day" reads as one change."""
    for index in range(1, len(segments) - 1):
        if (
            not segments[index].changed
            and not segments[index].text.strip()
            and segments[index - 1].changed
            and segments[index + 1].changed
        ):
            segments[index] = Segment(segments[index].text, True)
    tidy = []
    for segment in segments:
        if tidy and tidy[-1].changed == segment.changed:
            tidy[-1] = Segment(tidy[-1].text + segment.text, segment.changed)
        else:
            tidy.append(segment)
    return tuple(tidy)
