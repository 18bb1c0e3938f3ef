"""
Every URL of the site, for every kind of visitor, gives exactly the answer it should.

The URLs come from the URL configuration itself: a new URL without a rule here fails the
test, so no page can be added without deciding who may open it.
"""

import re
import secrets

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fbss.twofactor.models import EventKind
from fbss.twofactor.services import event_record
from intake.alerts import alert_raise
from intake.models import AccessKind, Case, CaseAccess, CaseExport, Draft, Instrument
from outcomes.models import OutcomesRead
from tests.conftest import Patient, sign_in
from tests.factories import CaseFactory, GuidePageFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "patient", "editor", "clinician")
LOGIN = "login"  # a redirect to the admin login page
SECOND_FACTOR = "second factor"  # a redirect to give a code, or to set up the app that gives it

ALL = dict.fromkeys(ROLES, 200)
STAFF_ONLY = {"anonymous": LOGIN, "patient": LOGIN, "editor": 200, "clinician": 200}
NOBODY = {"anonymous": LOGIN, "patient": LOGIN, "editor": 403, "clinician": 403}
CLINICIANS = {"anonymous": LOGIN, "patient": LOGIN, "editor": 403, "clinician": 200}
EDITORS = {"anonymous": LOGIN, "patient": LOGIN, "editor": 200, "clinician": 403}
STAFF_POST_ONLY = {"anonymous": LOGIN, "patient": LOGIN, "editor": 405, "clinician": 405}

# (URL name pattern, expected answer for each role). The first matching rule applies.
RULES = [
    (r"home|healthz|sitemap|intake:(start|privacy|instruction)", ALL),
    (r"fhir-(follow-up-)?questionnaire", ALL),
    (r"education:(index|search|page)", ALL),
    (r"favicon", dict.fromkeys(ROLES, 301)),
    (r"education:preview", {**EDITORS, "clinician": 403}),
    (r"intake:resume", {"anonymous": 404, "patient": 302, "editor": 404, "clinician": 404}),
    (r"intake:(step|later)", {"anonymous": 302, "patient": 200, "editor": 302, "clinician": 302}),
    (r"intake:submitted", dict.fromkeys(ROLES, 302)),
    (r"twofactor:verify", {**STAFF_ONLY, "editor": 302, "clinician": 302}),
    (r"twofactor:enrol", STAFF_ONLY),
    (r"admin:login", {"anonymous": 200, "patient": 200, "editor": 302, "clinician": 302}),
    (r"admin:logout", {**STAFF_POST_ONLY, "anonymous": 302, "patient": 302}),
    (r"admin:(index|password_change|password_change_done|jsi18n)", STAFF_ONLY),
    (r"admin:autocomplete", {**NOBODY}),
    (r"admin:view_on_site", {**STAFF_ONLY, "editor": 404, "clinician": 302}),
    (r"admin:app_list\[intake\]", {**CLINICIANS, "editor": 404}),
    (r"admin:app_list\[education\]", {**EDITORS, "clinician": 404}),
    (r"admin:app_list\[(auth|axes|twofactor)\]", {**NOBODY, "editor": 404, "clinician": 404}),
    (r"admin:auth_.*|admin:axes_.*|admin:twofactor_.*", NOBODY),
    (r"admin:intake_case_(changelist|change|history|simple_history|print)", CLINICIANS),
    (r"admin:intake_case_(fhir|fhir_export)", CLINICIANS),
    (r"admin:intake_case_(add|delete)", NOBODY),
    (r"admin:intake_(case|unsentintake)_acknowledge", {**CLINICIANS, "clinician": 405}),
    (r"admin:intake_unsentintake_(changelist|change)", CLINICIANS),
    (r"admin:intake_unsentintake_(add|delete|history)", NOBODY),
    (r"admin:intake_(caseaccess|caseexport|instrument)_.*", NOBODY),
    (r"admin:django_tasks_database_.*", NOBODY),
    (r"outcomes:instruction", ALL),
    # A follow-up's link, its pages and its opt-out: the same page for every wrong link.
    (r"outcomes:(open|opt_out|page|done)", dict.fromkeys(ROLES, 404)),
    (r"admin:app_list\[outcomes\]", {**CLINICIANS, "editor": 404}),
    (r"admin:outcomes_outcomereport_(changelist|csv)", CLINICIANS),
    (r"admin:outcomes_careplan_(start|send_now|opt_out)", {**CLINICIANS, "clinician": 405}),
    (r"admin:outcomes_outcomesread_.*", NOBODY),
    (r"admin:education_guidepage_(publish|unpublish)", STAFF_POST_ONLY),
    (r"admin:education_guidepage_.*", EDITORS),
]


def url_patterns(patterns=None, prefix="", namespace=None):
    """Every (name, route) the site answers to; unnamed catch-alls are left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route


@pytest.fixture
def world(clinician, content_editor):
    """One of everything a URL can point at."""
    case = CaseFactory()
    history_id = case.history.first().history_id
    CaseAccess.objects.create(case=case, user=clinician, kind=AccessKind.CASE_PAGE)
    export = CaseExport.objects.create(user=clinician, case_count=1)
    instrument = Instrument.objects.create(key="odi", name="Test", sections=[])
    public_page = GuidePageFactory(published=True)
    unpublished_page = GuidePageFactory()
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", failures_since_start=1
    )
    unsent = Draft.start()[0]
    alert_raise(draft=unsent, level="emergency")
    ids = {
        "auth_group": Group.objects.first().pk,
        "auth_user": clinician.pk,
        "axes_accessattempt": attempt.pk,
        "axes_accesslog": AccessLog.objects.create(username="x", ip_address="10.0.0.1").pk,
        "axes_accessfailurelog": AccessFailureLog.objects.create(
            username="x", ip_address="10.0.0.1", locked_out=False
        ).pk,
        "twofactor_secondfactorevent": event_record(kind=EventKind.RESET, user=clinician).pk,
        "intake_case": case.pk,
        "intake_unsentintake": unsent.pk,
        "intake_caseaccess": CaseAccess.objects.get().pk,
        "intake_caseexport": export.pk,
        "intake_instrument": instrument.pk,
        "education_guidepage": unpublished_page.pk,
        "outcomes_careplan": case.pk,
        "outcomes_outcomesread": OutcomesRead.objects.create(
            user=clinician, username=clinician.username, kind="report"
        ).pk,
        "django_tasks_database_dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="fbss.views.home",
            backend_name="default",
            run_after=timezone.now(),
        ).pk,
    }
    histories = {
        "intake_case": history_id,
        "education_guidepage": unpublished_page.history.first().history_id,
    }
    return {
        "case": case,
        "public_page": public_page,
        "unpublished_page": unpublished_page,
        "ids": ids,
        "histories": histories,
    }


def concrete_urls(world):
    """Each URL pattern made concrete, as (label, path) pairs; app_list once per app."""
    for name, route in url_patterns():
        model_key = next((key for key in world["ids"] if name.startswith(f"admin:{key}_")), None)
        if name == "admin:app_list":
            for app in ("auth", "axes", "intake", "outcomes", "education", "twofactor"):
                yield f"{name}[{app}]", f"/admin/{app}/"
            continue
        path = "/" + route
        if "simple_history" in name:
            path = re.sub(
                r"\^\(\[\^/\]\+\)/history/\(\[\^/\]\+\)/\$",
                f"{world['ids'][model_key]}/history/{world['histories'][model_key]}/",
                path,
            )
        path = path.replace(
            "<path:content_type_id>/<path:object_id>",
            f"{ContentType.objects.get_for_model(Case).pk}/{world['case'].pk}",
        )
        path = path.replace("<path:object_id>", str(world["ids"].get(model_key, "")))
        path = path.replace("<id>", str(world["ids"].get(model_key, "")))
        path = path.replace("<slug:slug>", world["public_page"].slug)
        path = path.replace("<int:pk>", str(world["unpublished_page"].pk))
        path = path.replace("<slug:step>", "about")
        yield name, path


def expected_for(label):
    for pattern, expected in RULES:
        if re.fullmatch(pattern, label):
            return expected
    return None


def outcome(response):
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and "/admin/two-factor/" in response["Location"]:
        return SECOND_FACTOR
    return response.status_code


@pytest.fixture
def visitors(clinician, content_editor):
    patient_client = Client()
    patient = Patient(patient_client)
    patient.start()
    editor_client, clinician_client = Client(), Client()
    sign_in(editor_client, content_editor)
    sign_in(clinician_client, clinician)
    return {
        "anonymous": (Client(), None),
        "patient": (patient_client, patient.token),
        "editor": (editor_client, None),
        "clinician": (clinician_client, None),
    }


def test_every_url_has_an_access_rule(world):
    missing = [label for label, _ in concrete_urls(world) if expected_for(label) is None]
    assert not missing, f"URLs without an access rule in {__file__}: {missing}"


def test_each_role_gets_exactly_the_pages_it_should(world, visitors):
    wrong = []
    for label, path in concrete_urls(world):
        expected = expected_for(label)
        for role, (client, token) in visitors.items():
            url = path.replace("<str:token>", token or secrets.token_urlsafe(32))
            got = outcome(client.get(url))
            if got != expected[role]:
                wrong.append(f"{role} GET {url} ({label}): expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_clinician_with_only_a_password_reaches_nothing_but_the_second_step(world, clinician):
    open_before_code = {
        "healthz": 200,
        "admin:login": 302,
        "admin:logout": 405,
        "twofactor:enrol": 200,
    }
    client = Client()
    client.force_login(clinician)
    wrong = []
    for label, path in concrete_urls(world):
        url = path.replace("<str:token>", secrets.token_urlsafe(32))
        got = outcome(client.get(url))
        expected = open_before_code.get(label, SECOND_FACTOR)
        if got != expected:
            wrong.append(f"GET {url} ({label}): expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
    assert not CaseAccess.objects.exclude(pk=world["ids"]["intake_caseaccess"]).exists()


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_only_editors_may_publish_or_unpublish(world, visitors, action):
    page = world["unpublished_page"]
    url = f"/admin/education/guidepage/{page.pk}/{action}/"
    clinician_client, _ = visitors["clinician"]
    editor_client, _ = visitors["editor"]
    assert clinician_client.post(url).status_code == 403
    assert editor_client.post(url).status_code == 302
