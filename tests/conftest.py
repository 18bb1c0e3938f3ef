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
