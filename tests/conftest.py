import pytest
from django.db import OperationalError, connection


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Settings every test shares: plain static storage, plain HTTP, fast hashing."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def database_unavailable(transactional_db):
    """
    Make the database unreachable for the duration of a test, then bring it back.

    On PostgreSQL the connection is pointed at a closed port, a real refused connection.
    SQLite's test database lives in memory and would be lost if closed, so there every
    query fails the way an unreadable database file does.
    """
    if connection.vendor == "postgresql":
        original_port = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = "1"
        yield
        connection.close()
        connection.settings_dict["PORT"] = original_port
    else:

        def refuse(execute, sql, params, many, context):
            raise OperationalError("unable to open database file")

        with connection.execute_wrapper(refuse):
            yield


@pytest.fixture
def clinician(db, django_user_model):
    from django.contrib.auth.models import Group

    from fbss.roles import CLINICIANS

    user = django_user_model.objects.create_user(
        "dr.jones",
        "jones@clinic.invalid",
        "x",
        first_name="Rhian",
        last_name="Jones",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=CLINICIANS))
    return user


@pytest.fixture
def content_editor(db, django_user_model):
    from django.contrib.auth.models import Group

    from fbss.roles import CONTENT_EDITORS

    user = django_user_model.objects.create_user(
        "editor.sam",
        "sam@clinic.invalid",
        "x",
        first_name="Sam",
        last_name="Hughes",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@clinic.invalid", "x")


@pytest.fixture
def clinician_client(client, clinician):
    client.force_login(clinician)
    return client


@pytest.fixture
def editor_client(client, content_editor):
    client.force_login(content_editor)
    return client
