import os
import shutil
import time
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install -y chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM:
        terminalreporter.write_line(
            "Browser tests were SKIPPED: Chromium is not installed (apt-get install -y chromium).",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with no network beyond localhost."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


SCREENSHOT_SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.fixture
def screenshot():
    """
    Save full-page screenshots of the current screen at phone and desktop widths under
    artifacts/screenshots/, for people to look at; the page keeps its own size afterwards.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(page, name):
        original = page.viewport_size
        for label, size in SCREENSHOT_SIZES.items():
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(original)

    return shoot


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """
    Settings every test shares, set before any server starts (middleware reads some of them
    once): plain static storage, plain HTTP, fast hashing.
    """
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate-limit and lockout counters start afresh in every test."""
    cache.clear()


@contextmanager
def database_unavailable_context():
    """
    Make the database unreachable inside the block, then bring it back.

    On PostgreSQL the connection is pointed at a closed port, a real refused connection.
    SQLite's test database lives in memory and would be lost if closed, so there every
    query fails the way an unreadable database file does.
    """
    if connection.vendor == "postgresql":
        original_port = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = "1"
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["PORT"] = original_port
    else:

        def refuse(execute, sql, params, many, context):
            raise OperationalError("unable to open database file")

        with connection.execute_wrapper(refuse):
            yield


@pytest.fixture
def database_unavailable(transactional_db):
    with database_unavailable_context():
        yield


def staff_member(user_model, username, first_name, last_name, role):
    """A staff user in one of the roles, with the password "x"."""
    from django.contrib.auth.models import Group

    user = user_model.objects.create_user(
        username,
        f"{username}@clinic.invalid",
        "x",
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def clinician(db, django_user_model):
    from fbss.roles import CLINICIANS

    return staff_member(django_user_model, "dr.jones", "Rhian", "Jones", CLINICIANS)


@pytest.fixture
def content_editor(db, django_user_model):
    from fbss.roles import CONTENT_EDITORS

    return staff_member(django_user_model, "editor.sam", "Sam", "Hughes", CONTENT_EDITORS)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@clinic.invalid", "x")


def authenticator(user):
    """The staff member's authenticator app, set up and confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app"}
    )
    return device


def current_code(device):
    """The code the authenticator app shows now, computed from the device's secret."""
    from django_otp.oath import totp

    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def sign_in(client, user):
    """
    Sign a staff member in as a password and a code from their app would: a session whose
    second factor is verified (django-otp's session key) and just saved, for tests about what
    comes after.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from fbss.sessions import REFRESHED_AT

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session[REFRESHED_AT] = int(time.time())
    session.save()
    return client


@pytest.fixture
def clinician_client(client, clinician):
    return sign_in(client, clinician)


@pytest.fixture
def editor_client(client, content_editor):
    return sign_in(client, content_editor)


def valid_steps(**overrides):
    """
    A complete, valid intake as the browser would post it, step by step. ``overrides`` maps a
    step name to the fields to change in it (use None to drop a field). The everyday-tasks
    page ("daily") is there only when overridden: the ODI it asks must be loaded first.
    """
    steps = {
        "about": {
            "full_name": "Morgan Ellis",
            "date_of_birth": "27/03/1968",
            "email": "morgan@example.com",
            "phone": "07700 900123",
            "preferred_contact": "email",
            "consent_to_contact": "on",
        },
        "safety": dict.fromkeys(_red_flags(), "no"),
        "operations": {
            "TOTAL_FORMS": "2",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "1",
            "MAX_NUM_FORMS": "10",
            "0-date_precision": "month",
            "0-month": "6",
            "0-year": "2016",
            "0-procedure": "discectomy",
            "0-levels": ["L4-L5"],
            "0-relief": "complete",
            "0-relief_lasted": "1_to_2_years",
            "1-date_precision": "month",
            "1-month": "3",
            "1-year": "2021",
            "1-procedure": "fusion",
            "1-levels": ["L4-L5", "L5-S1"],
            "1-hospital_or_surgeon": "St Elsewhere",
            "1-relief": "partial",
            "1-relief_lasted": "3_to_12_months",
        },
        "where": {
            "pain_regions_before": ["lower_back_centre", "buttock_left", "thigh_back_left"],
            "first_operation_reason": "leg_pain",
            "dominant_pain_before": "leg",
            "pain_regions_now": ["lower_back_centre", "buttock_left", "thigh_back_left"],
        },
        "pain": {
            "back_pain_average": "5",
            "leg_pain_average": "6",
            "nerve_pain_features": ["numbness", "pins_and_needles"],
            "weakness": "no",
            "peg_enjoyment": "7",
            "peg_activity": "5",
            "sleep_effect": "some_nights",
            "work_status": "working_less",
        },
        "medicines": {
            "medicines": ["tramadol", "pregabalin"],
            "tramadol_dose": "50",
            "tramadol_frequency": "four_times_a_day",
            "pregabalin_dose": "75",
            "pregabalin_frequency": "twice_a_day",
            "blood_thinners": "no",
        },
        "mood": {"phq9_1": "1", "phq9_2": "1", "phq9_9": "0", "gad7_1": "1", "gad7_2": "0"},
        "health": {
            "smoking": "never",
            "diabetes": "no",
            "height_cm": "172",
            "weight_kg": "84",
            "scan_type": "mri",
            "scan_year": "2023",
        },
        "treatments": {
            "treatments_tried": ["physical_therapy", "opioids"],
            "physical_therapy_response": "did_not_help",
            "opioids_response": "helped",
            "discuss_options": ["spinal_cord_stimulation", "not_sure"],
            "goal": "Walk the dog for half an hour.",
        },
        "review": {"privacy_consent": "on", "signature_name": "Morgan Ellis"},
    }
    if "daily" in overrides:
        names = list(steps)
        names.insert(names.index("pain") + 1, "daily")
        steps = {name: steps.get(name, {}) for name in names}
    for step, changes in overrides.items():
        for field, value in changes.items():
            if value is None:
                steps[step].pop(field, None)
            else:
                steps[step][field] = value
    return steps


def _red_flags():
    from intake.clinical import SAFETY_QUESTIONS

    return SAFETY_QUESTIONS


class Patient:
    """A patient filling in the intake through the Django test client."""

    management = "intake_wizard-current_step"

    def __init__(self, client):
        self.client = client

    def start(self):
        response = self.client.post("/intake/")
        assert response.status_code == 302, response
        return response

    def post(self, step, fields, **extra):
        data = {f"{step}-{name}": value for name, value in fields.items()}
        data[self.management] = step
        data.update(extra)
        return self.client.post(f"/intake/{step}/", data)

    def complete(self, steps=None):
        """Start and post every step; return the last response."""
        self.start()
        response = None
        for step, fields in (steps or valid_steps()).items():
            response = self.post(step, fields)
        return response

    def reach(self, step, steps=None):
        """Start an intake and send every page before ``step`` with valid answers."""
        self.start()
        for name, fields in (steps or valid_steps()).items():
            if name == step:
                return
            assert self.post(name, fields).status_code == 302, name

    def page(self, step):
        """A step's page as the patient reads it (entities unescaped)."""
        return unescape(self.client.get(f"/intake/{step}/").content.decode())

    @property
    def token(self):
        return self.client.session.get("intake_token")


@pytest.fixture
def patient(client, db):
    return Patient(client)


@pytest.fixture
def run_worker(monkeypatch):
    """
    Run the background worker (``manage.py db_worker --batch``) until nothing in the queue is
    due, then fail the test if a task failed. The worker closes stale database connections
    between tasks; inside a test's transaction that would close the test's own connection, so
    here it leaves it open.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        failed = DBTaskResult.objects.failed()
        assert not failed.exists(), [task.traceback for task in failed]

    return run
