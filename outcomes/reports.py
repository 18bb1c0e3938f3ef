"""
What the clinician reads: a case's follow-ups and each measure over time (its page), and the
outcomes by pathway and time point (the admin's outcomes view and its CSV).

The outcomes view is one query however many cases there are: counts, medians and categories
are worked out by the database, grouped by pathway and time point, from the change each
follow-up keeps from its intake.
"""

import csv
import datetime
import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Count, Q
from django.db.models.functions import Collate
from django.utils import timezone

from intake import clinical, vocabulary
from intake.exports import safe_cell
from intake.models import Pathway, Pattern, TriageLevel, WorkStatus
from outcomes import charts
from outcomes.aggregates import Median
from outcomes.measures import MEASURES, time_point_label
from outcomes.models import CarePlan, ChangeCategory, FollowUp, GlobalChange, Status

CATEGORIES = tuple(ChangeCategory.values)
CATEGORY_LABELS = dict(ChangeCategory.choices)
NO_PATHWAY = "No pathway recorded"
RED_FLAG_NAMES = vocabulary.clinician_labels(vocabulary.RED_FLAGS)


# A case's page


@dataclass
class TimePoint:
    label: str
    when: object  # a date
    months: int  # after the start of care, for the chart
    values: dict = field(default_factory=dict)  # measure key -> value
    categories: dict = field(default_factory=dict)  # measure key -> category key
    cells: list = field(default_factory=list)  # (value, category key, label) per measure shown
    global_change: str = ""
    work: str = ""
    flags: list = field(default_factory=list)
    triage: str = ""


def case_follow_ups(case, today=None):
    """A case's care plan, its follow-ups as they stand, and each measure over time."""
    today = today or timezone.localdate()
    plan = CarePlan.objects.select_related("set_by", "opted_out_by").filter(case=case).first()
    follow_ups = list(FollowUp.objects.filter(case=case).order_by("due_date", "pk"))
    intake_day = timezone.localtime(case.submitted_at).date()
    points = [
        TimePoint(
            label="Intake",
            when=intake_day,
            months=0,
            values={m.key: getattr(case, m.column) for m in MEASURES},
            work=case.get_work_status_display(),
        )
    ]
    for follow_up in follow_ups:
        if follow_up.status != Status.ANSWERED:
            continue
        answered = timezone.localtime(follow_up.answered_at).date()
        months = follow_up.months
        if months is None:
            months = clinical.months_between(plan.start_of_care, answered) if plan else 0
        points.append(
            TimePoint(
                label=follow_up.time_point,
                when=answered,
                months=months,
                values={m.key: getattr(follow_up, m.column) for m in MEASURES},
                categories={m.key: getattr(follow_up, m.category_column) for m in MEASURES},
                global_change=follow_up.get_global_change_display(),
                work=follow_up.get_work_status_display(),
                flags=[RED_FLAG_NAMES.get(flag, flag) for flag in follow_up.red_flags],
                triage=follow_up.get_triage_level_display(),
            )
        )
    measures = [m for m in MEASURES if any(p.values.get(m.key) is not None for p in points)]
    for point in points:
        point.cells = [
            (
                point.values.get(m.key),
                point.categories.get(m.key, ""),
                CATEGORY_LABELS.get(point.categories.get(m.key, ""), ""),
            )
            for m in measures
        ]
    return {
        "plan": plan,
        "follow_ups": [(fu, fu.is_overdue(today)) for fu in follow_ups],
        "points": points,
        "measures": measures,
        "charts": [
            charts.line_chart(
                key=measure.key,
                title=measure.label,
                top=measure.top,
                points=[(p.months, p.values.get(measure.key), p.label) for p in points],
            )
            for measure in measures
        ]
        if len(points) > 1
        else [],
        "today": today,
    }


# The outcomes view


def filtered(follow_ups, *, pattern=None, start_from=None, start_to=None):
    if pattern:
        follow_ups = follow_ups.filter(case__pattern=pattern)
    if start_from:
        follow_ups = follow_ups.filter(case__care_plan__start_of_care__gte=start_from)
    if start_to:
        follow_ups = follow_ups.filter(case__care_plan__start_of_care__lte=start_to)
    return follow_ups


def _aggregates(today):
    """Per group: due, answered, opted out, and per measure the median change, how many
    answered it and how many fell in each category."""
    counts = {
        "due": Count("pk", filter=Q(due_date__lte=today) & ~Q(status=Status.OPTED_OUT)),
        "answered": Count("pk", filter=Q(status=Status.ANSWERED)),
        "opted_out": Count("pk", filter=Q(status=Status.OPTED_OUT)),
    }
    for measure in MEASURES:
        counts[f"{measure.key}__median"] = Median(measure.change_column)
        for category in CATEGORIES:
            counts[f"{measure.key}__{category}"] = Count(
                "pk", filter=Q(**{measure.category_column: category})
            )
    return counts


def _share(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class MeasureCell:
    n: int
    median: float | None
    shares: dict  # category -> percent


@dataclass
class Row:
    pathway: str
    time_point: str
    months: int | None
    due: int
    answered: int
    opted_out: int
    measures: dict  # measure key -> MeasureCell

    @property
    def response_rate(self):
        return _share(self.answered, self.due)


def outcomes_by_pathway(follow_ups, today=None):
    """
    For each pathway and time point: how many follow-ups were due (their date has come; an
    opt-out is counted apart), how many were answered, and for each measure the median change
    from the intake and the share improved, no change and worse. One query.
    """
    today = today or timezone.localdate()
    pathways = dict(Pathway.choices)
    # Grouped on the pathway's bytes, not in the language's collation: the database sorts every
    # follow-up by it, and that sort is most of the work (twice as fast on PostgreSQL).
    binary = "C" if connections[follow_ups.db].vendor == "postgresql" else "BINARY"
    grouped = (
        follow_ups.order_by()
        .annotate(pathway_key=Collate("case__pathway", binary))
        .values("pathway_key", "months")
        .annotate(**_aggregates(today))
        .order_by("pathway_key", "months")
    )
    rows = []
    for group in grouped:
        cells = {}
        for measure in MEASURES:
            tally = {c: group[f"{measure.key}__{c}"] for c in CATEGORIES}
            n = sum(tally.values())
            median = group[f"{measure.key}__median"]
            cells[measure.key] = MeasureCell(
                n=n,
                median=None if median is None else round(median, 1),
                shares={c: _share(count, n) for c, count in tally.items()},
            )
        rows.append(
            Row(
                pathway=str(pathways.get(group["pathway_key"], NO_PATHWAY)),
                time_point=time_point_label(group["months"]),
                months=group["months"],
                due=group["due"],
                answered=group["answered"],
                opted_out=group["opted_out"],
                measures=cells,
            )
        )
    # Pathways in their own order, no pathway last; time points in order, by hand last.
    order = {str(label): index for index, label in enumerate(pathways.values())}
    rows.sort(key=lambda r: (order.get(r.pathway, len(order)), r.months is None, r.months or 0))
    return rows


# The outcomes view's figures are kept in the shared cache: their one query reads every
# follow-up (0.4 s at 100,000 cases). A change to what they count starts them afresh.
GENERATION_KEY = "outcomes:generation"


def outcomes_changed():
    """Start the outcomes view's figures afresh, once the change that calls this is committed."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


@dataclass
class Report:
    rows: list
    worked_out_at: datetime.datetime


def outcomes_report(filters, today=None):
    """
    ``outcomes_by_pathway`` for the follow-ups ``filters`` choose, worked out again when a
    follow-up is added, answered or opted out of, on a new day, and at least every
    ``OUTCOMES_CACHE_SECONDS`` (a change of a case's pathway or pattern is seen then).
    """
    today = today or timezone.localdate()
    generation = cache.get_or_set(GENERATION_KEY, 0, None)
    digest = hashlib.sha256(repr(sorted(filters.items())).encode()).hexdigest()[:32]
    key = f"outcomes:report:{generation}:{today:%Y%m%d}:{digest}"
    report = cache.get(key)
    if report is None:
        rows = outcomes_by_pathway(filtered(FollowUp.objects.all(), **filters), today)
        report = Report(rows=rows, worked_out_at=timezone.now())
        cache.set(key, report, settings.OUTCOMES_CACHE_SECONDS)
    return report


def measure_charts(rows):
    return [
        charts.share_chart(
            key=measure.key,
            title=measure.label,
            bars=[
                (f"{row.pathway} · {row.time_point}", row.measures[measure.key])
                for row in rows
                if row.measures[measure.key].n
            ],
            labels=CATEGORY_LABELS,
        )
        for measure in MEASURES
    ]


# The CSV: one row per case and time point, in words.

CSV_CHUNK_SIZE = 2000
CSV_FOLLOW_UP_FIELDS = (
    "case",
    "months",
    "due_date",
    "status",
    "invited_at",
    "reminders_sent",
    "answered_at",
    "work_status",
    "global_change",
    "triage_level",
    "red_flags",
)


PATHWAY_LABELS = {key: str(label) for key, label in Pathway.choices}
PATTERN_LABELS = {key: str(label) for key, label in Pattern.choices}
STATUS_LABELS = {key: str(label) for key, label in Status.choices}
WORK_LABELS = {key: str(label) for key, label in WorkStatus.choices}
GLOBAL_CHANGE_LABELS = {key: str(label) for key, label in GlobalChange.choices}
TRIAGE_LABELS = {key: str(label) for key, label in TriageLevel.choices}


def csv_header():
    header = [
        "case reference",
        "pathway",
        "recurrence pattern",
        "start of care",
        "time point",
        "due",
        "status",
        "invited",
        "reminders sent",
        "answered",
    ]
    for measure in MEASURES:
        header += [
            f"{measure.label}: intake",
            f"{measure.label}: follow-up",
            f"{measure.label}: change",
            f"{measure.label}: category",
        ]
    return header + [
        "work",
        "global impression of change",
        "triage level",
        "red flags",
    ]


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def csv_row(follow_up):
    case = follow_up.case
    plan = getattr(case, "care_plan", None)
    row = [
        case.reference,
        PATHWAY_LABELS.get(case.pathway, NO_PATHWAY),
        PATTERN_LABELS.get(case.pattern, case.pattern),
        plan.start_of_care.isoformat() if plan else "",
        follow_up.time_point,
        follow_up.due_date.isoformat(),
        STATUS_LABELS.get(follow_up.status, follow_up.status),
        _when(follow_up.invited_at),
        follow_up.reminders_sent,
        _when(follow_up.answered_at),
    ]
    for measure in MEASURES:
        row += [
            getattr(case, measure.column),
            getattr(follow_up, measure.column),
            getattr(follow_up, measure.change_column),
            CATEGORY_LABELS.get(getattr(follow_up, measure.category_column), ""),
        ]
    row += [
        WORK_LABELS.get(follow_up.work_status, ""),
        GLOBAL_CHANGE_LABELS.get(follow_up.global_change, ""),
        TRIAGE_LABELS.get(follow_up.triage_level, ""),
        "; ".join(RED_FLAG_NAMES.get(flag, flag) for flag in follow_up.red_flags),
    ]
    return [safe_cell(value) for value in row]


class _Line:
    def write(self, value):
        return value


def csv_lines(follow_ups):
    """The CSV, line by line, with a byte-order mark so spreadsheets read it as UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    yield writer.writerow(csv_header())
    columns = [m.column for m in MEASURES]
    rows = (
        follow_ups.select_related("case", "case__care_plan")
        .only(
            *CSV_FOLLOW_UP_FIELDS,
            *columns,
            *(m.change_column for m in MEASURES),
            *(m.category_column for m in MEASURES),
            *(f"case__{name}" for name in ("reference", "pathway", "pattern", *columns)),
            "case__care_plan__start_of_care",
        )
        .order_by("case_id", "due_date", "pk")
        .iterator(chunk_size=CSV_CHUNK_SIZE)
    )
    for follow_up in rows:
        yield writer.writerow(csv_row(follow_up))
