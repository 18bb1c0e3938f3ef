"""The triage list: what it shows, its order, filters and search, and its fixed query count."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.admin import paginator
from intake.models import Case, Draft
from intake.services import case_alert_raise
from tests.conftest import Patient, sign_in
from tests.factories import CaseFactory, operation_data

pytestmark = pytest.mark.django_db

URL = "/admin/intake/case/"


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [case.reference for case in response.context["cl"].result_list]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_queue_puts_emergencies_first_then_urgent_then_routine_each_oldest_first(
    clinician_client,
):
    routine_old = CaseFactory(submitted_at=days_ago(30))
    routine_new = CaseFactory(submitted_at=days_ago(1))
    urgent_new = CaseFactory(submitted_at=days_ago(2), red_flags=["weight_loss"])
    urgent_old = CaseFactory(submitted_at=days_ago(9), red_flags=["fever_or_unwell"])
    emergency = CaseFactory(submitted_at=days_ago(0), red_flags=["saddle_numbness"])

    assert listed(clinician_client) == [
        emergency.reference,
        urgent_old.reference,
        urgent_new.reference,
        routine_old.reference,
        routine_new.reference,
    ]


def test_cases_written_in_bulk_or_changed_in_place_keep_the_triage_order(clinician_client):
    routine, emergency = Case.objects.bulk_create(
        [
            CaseFactory.build(submitted_at=days_ago(5)),
            CaseFactory.build(submitted_at=days_ago(1), red_flags=["saddle_numbness"]),
        ]
    )
    waiting_longest = CaseFactory(submitted_at=days_ago(9))
    assert listed(clinician_client) == [
        emergency.reference,
        waiting_longest.reference,
        routine.reference,
    ]

    Case.objects.filter(pk=routine.pk).update(triage_level="urgent")

    assert listed(clinician_client) == [
        emergency.reference,
        routine.reference,
        waiting_longest.reference,
    ]
    assert list(Case.objects.triage_queue().values_list("reference", flat=True)) == listed(
        clinician_client
    )


def test_unsubmitted_drafts_never_appear_in_the_list(clinician_client):
    patient = Patient(Client())
    patient.start()
    patient.post("about", {"full_name": "Half Way", "date_of_birth": "01/01/1970"})
    assert Draft.objects.filter(submitted_at__isnull=True).exists()

    assert listed(clinician_client) == []
    assert "Half Way" not in clinician_client.get(URL).content.decode()


def test_a_submitted_intake_appears_once_as_a_case(clinician_client):
    Patient(Client()).complete()

    assert listed(clinician_client) == [Case.objects.get().reference]


def test_each_row_shows_urgency_in_words_age_scores_and_time_since_surgery(clinician_client):
    today = timezone.localdate()
    CaseFactory(
        full_name="Morgan Ellis",
        date_of_birth=today.replace(year=today.year - 50) - timedelta(days=1),
        red_flags=["bladder_change", "saddle_numbness"],
        back_pain_average=7,
        leg_pain_average=3,
        odi_answers=[3] * 10,
        operations=[
            operation_data(year=today.year - 2, month=today.month, relief="none", relief_lasted="")
        ],
    )

    html = clinician_client.get(URL).content.decode()

    assert "Emergency: 2 red flags" in html
    assert 'class="urgency urgency-emergency"' in html
    assert ">50<" in html  # age from the date of birth
    assert "7/10" in html and "3/10" in html
    assert "ODI 60% (severe)" in html
    assert "2 years" in html
    assert "Never relieved" in html
    assert "admin/css/clinic.css" in html
    assert "Triage queue: most urgent first" in html


def test_status_filter(clinician_client):
    new = CaseFactory()
    CaseFactory(status="in_review")

    assert listed(clinician_client, status__exact="new") == [new.reference]


def test_urgency_filter(clinician_client):
    CaseFactory()
    urgent = CaseFactory(red_flags=["cancer_history"])

    assert listed(clinician_client, triage_level__exact="urgent") == [urgent.reference]


def test_pattern_filter(clinician_client):
    CaseFactory(pain_site="same")
    new_site = CaseFactory(pain_site="different")

    assert listed(clinician_client, pattern__exact="new_site") == [new_site.reference]


def test_function_band_filter(clinician_client):
    severe = CaseFactory(odi_answers=[3] * 10)
    CaseFactory(odi_answers=[1] * 10)
    CaseFactory(odi_answers=None)

    assert listed(clinician_client, odi_band__exact="severe") == [severe.reference]


def test_procedure_filter_lists_a_case_with_two_such_operations_once(clinician_client):
    two_fusions = CaseFactory(
        operations=[
            operation_data(year=2015, procedure="fusion"),
            operation_data(year=2019, procedure="fusion"),
        ]
    )
    CaseFactory(operations=[operation_data(procedure="discectomy")])

    assert listed(clinician_client, procedure="fusion") == [two_fusions.reference]
    response = clinician_client.get(URL, {"procedure": "fusion"})
    assert response.context["cl"].result_count == 1


def test_assigned_filter_mine_unassigned_and_others(clinician_client, clinician, superuser):
    mine = CaseFactory(assigned_to=clinician)
    unassigned = CaseFactory()
    theirs = CaseFactory(assigned_to=superuser)

    assert listed(clinician_client, assigned="me") == [mine.reference]
    assert listed(clinician_client, assigned="none") == [unassigned.reference]
    assert listed(clinician_client, assigned="others") == [theirs.reference]


def test_date_hierarchy_narrows_to_the_year_submitted(clinician_client):
    now = timezone.localtime()
    this_year = CaseFactory(submitted_at=now)
    CaseFactory(submitted_at=now - timedelta(days=800))

    assert listed(clinician_client, submitted_at__year=now.year) == [this_year.reference]


@pytest.mark.parametrize(
    "term",
    ["Ellis", "morgan ell", "morgan@example", "27/03/1968", "1968-03-27", "Ellis 27/03/1968"],
)
def test_search_finds_by_name_email_and_date_of_birth(clinician_client, term):
    from datetime import date

    wanted = CaseFactory(
        full_name="Morgan Ellis", email="morgan@example.com", date_of_birth=date(1968, 3, 27)
    )
    CaseFactory(full_name="Sam Turner", email="sam@example.com", date_of_birth=date(1968, 3, 28))

    assert listed(clinician_client, q=term) == [wanted.reference]


@pytest.mark.parametrize("typed", ["K7P-4QX", "k7p-4qx", "k7p4qx", "K7P"])
def test_search_finds_by_reference_whole_or_in_part(clinician_client, typed):
    CaseFactory(reference="K7P-4QX")
    CaseFactory(reference="ABC-DEF")

    assert listed(clinician_client, q=typed) == ["K7P-4QX"]


def test_a_six_letter_name_is_searched_as_a_name_not_a_reference(clinician_client):
    wanted = CaseFactory(full_name="Sam Turner")
    CaseFactory(full_name="Sam Price")

    assert listed(clinician_client, q="turner") == [wanted.reference]


def test_date_hierarchy_offers_each_year_from_the_first_case_to_the_last(clinician_client):
    now = timezone.localtime()
    CaseFactory(submitted_at=now)
    CaseFactory(submitted_at=now.replace(year=now.year - 2))

    html = clinician_client.get(URL).content.decode()

    for year in (now.year - 2, now.year - 1, now.year):
        assert f"?submitted_at__year={year}" in html
    assert f"?submitted_at__year={now.year - 3}" not in html


def test_date_hierarchy_reads_the_first_and_last_dates_once_a_minute_per_list(clinician_client):
    now = timezone.localtime()
    CaseFactory(submitted_at=now.replace(year=now.year - 1))

    def span_queries(**params):
        with CaptureQueriesContext(connection) as queries:
            clinician_client.get(URL, params)
        return [q for q in queries if 'MAX("intake_case"."submitted_at")' in q["sql"]]

    assert len(span_queries()) == 1
    assert span_queries() == []
    assert len(span_queries(status__exact="new")) == 1


def test_date_hierarchy_offers_days_when_every_case_is_in_one_month(clinician_client):
    first = timezone.localtime().replace(day=3, hour=12)
    CaseFactory(submitted_at=first)
    CaseFactory(submitted_at=first + timedelta(days=2))

    html = clinician_client.get(URL).content.decode()

    for day in (3, 4, 5):
        assert f"submitted_at__day={day}" in html
    assert "submitted_at__day=6" not in html


def test_search_by_date_of_birth_keeps_the_other_filters(clinician_client):
    from datetime import date

    CaseFactory(date_of_birth=date(1968, 3, 27), status="closed", pathway="conservative")
    open_case = CaseFactory(date_of_birth=date(1968, 3, 27))

    assert listed(clinician_client, q="27/03/1968", status__exact="new") == [open_case.reference]


def test_list_does_not_count_the_whole_table_on_every_filter(clinician_client):
    CaseFactory()
    response = clinician_client.get(URL, {"status__exact": "new"})
    assert response.context["cl"].show_full_result_count is False


def _queries_for_the_list(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(queries)


def _cases(count):
    for number in range(count):
        CaseFactory(
            red_flags=["weight_loss"] if number % 3 == 0 else [],
            odi_answers=[number % 6] * 10 if number % 2 else None,
            operations=[
                operation_data(year=2012, procedure="fusion"),
                operation_data(year=2018, procedure="decompression"),
            ],
            submitted_at=days_ago(number % 40),
        )


@pytest.mark.parametrize(
    "params",
    [{}, {"status__exact": "new", "procedure": "fusion", "assigned": "me"}, {"q": "Patient"}],
)
def test_list_makes_the_same_few_queries_for_5_or_200_cases(
    clinician_client, clinician, django_assert_max_num_queries, params
):
    _cases(5)
    Case.objects.filter(pk__in=Case.objects.values("pk")[:2]).update(assigned_to=clinician)
    # 10 for the list, 2 at most for the waiting alerts above it (the first 20, and their
    # count when there may be more), 1 for the record of who saw the list, 1 for the session's
    # second factor, and on PostgreSQL 1 asking the planner for its estimate before counting a
    # small list exactly.
    limit = 15 if connection.vendor == "postgresql" else 14
    with django_assert_max_num_queries(limit):
        few = _queries_for_the_list(clinician_client, params)

    _cases(195)
    Case.objects.update(assigned_to=clinician)
    cache.clear()  # the planner's estimate kept from the first view is not what is measured
    with django_assert_max_num_queries(limit):
        many = _queries_for_the_list(clinician_client, params)

    assert many == few


def test_a_large_list_shows_the_planners_estimate_instead_of_counting(
    clinician_client, monkeypatch
):
    from intake.admin import paginator

    _cases(3)
    monkeypatch.setattr(paginator, "EXACT_UP_TO", 0)
    monkeypatch.setattr(paginator, "planner_estimate", lambda queryset: 98_765)
    html = clinician_client.get("/admin/intake/case/").content.decode()
    assert "about 98765 cases" in html


def test_the_planner_estimate_is_read_from_postgresql_once_a_minute_per_list():
    from intake.admin.paginator import planner_estimate

    def asked(queryset):
        with CaptureQueriesContext(connection) as queries:
            estimate = planner_estimate(queryset)
        return estimate, len(queries)

    estimate, queries = asked(Case.objects.filter(triage_level="emergency"))
    if connection.vendor == "postgresql":
        assert isinstance(estimate, int) and estimate >= 0 and queries == 1
        assert asked(Case.objects.filter(triage_level="emergency")) == (estimate, 0)
        assert asked(Case.objects.filter(triage_level="urgent"))[1] == 1
    else:
        assert (estimate, queries) == (None, 0)


def test_each_row_is_selectable_and_links_to_its_case_keeping_the_filters(clinician_client):
    case = CaseFactory(status="new")

    html = clinician_client.get(URL + "?status__exact=new").content.decode()

    assert (
        f'<input type="checkbox" name="_selected_action" value="{case.pk}" class="action-select" '
        f'aria-label="Select this object for an action - {case}">' in html
    )
    link = f"/admin/intake/case/{case.pk}/change/?_changelist_filters=status__exact%3Dnew"
    assert f'<th class="field-reference"><a href="{link}">{case.reference}</a></th>' in html
    assert f'<td class="field-full_name"><a href="{link}">{case.full_name}</a></td>' in html
    assert '<td class="field-status">New</td>' in html


def test_each_row_shows_its_columns_in_words(clinician_client, clinician):
    clinician.first_name, clinician.last_name = "Alex", "Rowe"
    clinician.save()
    CaseFactory(red_flags=["weight_loss"], assigned_to=clinician)

    html = clinician_client.get(URL).content.decode()

    assert '<td class="field-assigned">Alex Rowe</td>' in html
    assert ": 1 red flag</span></td>" in html and '<td class="field-back_pain">' in html


def test_a_name_is_escaped_in_the_row(clinician_client):
    CaseFactory(full_name="<script>alert(1)</script> Smith")
    html = clinician_client.get(URL).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Smith" in html and "<script>alert(1)" not in html


def test_the_list_reads_only_the_columns_it_shows(clinician_client):
    """The rows and the waiting alerts above them never load a case's whole answers."""
    case_alert_raise(case=CaseFactory(red_flags=["weight_loss"], odi_answers=[2] * 10))
    with CaptureQueriesContext(connection) as queries:
        response = clinician_client.get(URL)
    assert "ODI" in response.content.decode() and "Alerts nobody has acknowledged" in (
        response.content.decode()
    )
    case_reads = [
        query["sql"]
        for query in queries
        if '"intake_case"."reference"' in query["sql"] and not query["sql"].startswith("EXPLAIN")
    ]
    assert case_reads
    assert not [sql for sql in case_reads if '"intake_case"."odi_answers"' in sql]


def column_header(html, column):
    """The ``<th>`` of ``column`` in the list's header row."""
    start = html.index(f'class="sortable column-{column}')
    return html[start : html.index("</th>", start)]


def test_the_headers_follow_each_sort_though_they_are_kept_between_views(clinician_client):
    CaseFactory()
    age = 3  # list_display: action checkbox, reference, full name, age

    plain = clinician_client.get(URL).content.decode()
    by_age = clinician_client.get(URL, {"o": str(age)}).content.decode()
    plain_again = clinician_client.get(URL).content.decode()

    assert "sorted" not in column_header(plain, "age")
    assert "sorted ascending" in column_header(by_age, "age")
    assert 'class="sortremove"' in column_header(by_age, "age")
    assert column_header(plain_again, "age") == column_header(plain, "age")


def test_the_kept_action_menu_offers_each_member_of_staff_only_their_own_actions(
    clinician_client, client, django_user_model
):
    CaseFactory()
    reviewer = django_user_model.objects.create_user("reviewer", is_staff=True)
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_case", "change_case"])
    )

    clinicians_menu = clinician_client.get(URL).content.decode()
    reviewers_menu = sign_in(client, reviewer).get(URL).content.decode()

    assert 'value="export_csv"' in clinicians_menu
    assert 'value="acknowledge_alerts"' in clinicians_menu
    assert 'value="acknowledge_alerts"' in reviewers_menu
    assert 'value="export_csv"' not in reviewers_menu


def test_a_search_term_is_never_kept_in_the_shared_cache(clinician_client):
    """The kept headers and filters carry the list's address; a search may be a name."""
    CaseFactory(full_name="Olwen Pritchard")

    html = clinician_client.get(URL, {"q": "Pritchard", "o": "3"}).content.decode()

    assert "Olwen Pritchard" in html and "q=Pritchard" in html
    kept = b"".join(value for value in cache._cache.values() if isinstance(value, bytes))
    assert kept  # the action menu and the planner's figures are kept
    assert b"Pritchard" not in kept


@pytest.fixture
def two_cases_a_page_two_pages_listed(monkeypatch):
    monkeypatch.setattr(paginator, "PAGES_LISTED", 2)
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", 2)


@pytest.mark.usefixtures("two_cases_a_page_two_pages_listed")
def test_only_the_first_pages_are_listed_and_a_deeper_one_is_not_served(clinician_client):
    for _ in range(5):  # three pages' worth
        CaseFactory()

    html = clinician_client.get(URL).content.decode()
    deeper = clinician_client.get(URL, {"p": "3"})

    assert "Only the first 2 pages are listed: filter or search" in html
    assert 'href="?p=2"' in html and "?p=3" not in html
    assert len(listed(clinician_client, p="2")) == 2
    assert deeper.status_code == 302 and deeper["Location"] == URL + "?e=1"


@pytest.mark.usefixtures("two_cases_a_page_two_pages_listed")
def test_every_page_is_listed_when_the_cases_fill_no_more(clinician_client):
    for _ in range(4):
        CaseFactory()

    html = clinician_client.get(URL).content.decode()

    assert "pages are listed" not in html
    assert len(listed(clinician_client, p="2")) == 2
