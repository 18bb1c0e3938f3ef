"""
Settings for the FBSS clinic app, read from the environment.

Defaults are safe for local development on SQLite; production sets DEBUG off, a strong
SECRET_KEY, its HTTPS host and a PostgreSQL DATABASE_URL (see .env.example).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# An env file is read only when named, so a deployment's .env never leaks into local runs.
if env_file := env("ENV_FILE", default=""):
    environ.Env.read_env(env_file)

# Core
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "fbss.views.csrf_failure"
CLINIC_NAME = env("CLINIC_NAME", default="The Spine Clinic")
CLINIC_PHONE = env("CLINIC_PHONE", default="0100 000 0000")
# What a patient with a red-flag answer is told to call, in the clinic's country.
EMERGENCY_NUMBER = env("EMERGENCY_NUMBER", default="999")
URGENT_ADVICE_NUMBER = env("URGENT_ADVICE_NUMBER", default="111")
# A free line a patient with thoughts of self-harm can call at any hour (Samaritans in the UK).
CRISIS_LINE = env("CRISIS_LINE", default="116 123")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "formtools",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "intake.apps.IntakeConfig",
    "outcomes.apps.OutcomesConfig",
    "education.apps.EducationConfig",
    "fbss.twofactor.apps.TwoFactorConfig",
    "fbss.apps.FbssConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fbss.middleware.RefuseOversizedBodies",
    "fbss.middleware.RefuseMalformedQueries",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fbss.sessions.RefreshIdleSessions",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fbss.twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "fbss.urls"
WSGI_APPLICATION = "fbss.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "fbss.context_processors.clinic",
            ],
        },
    },
]

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections: opening one costs PostgreSQL a few milliseconds of CPU per request.
# Each gunicorn worker and task worker keeps one: keep workers x replicas under the server's
# max_connections (100 by default), or put a pooler (PgBouncer) in front beyond that.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Public guide responses are kept this long at most; publishing replaces them at once.
GUIDE_CACHE_SECONDS = env.int("GUIDE_CACHE_SECONDS", default=300)
# The outcomes view's figures are worked out again at least this often; answering a follow-up
# or opting out starts them afresh at once.
OUTCOMES_CACHE_SECONDS = env.int("OUTCOMES_CACHE_SECONDS", default=60)

# Authentication
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fbss.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Staff's second factor (fbss.twofactor): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = CLINIC_NAME
# Where signing in leads when ?next= is missing or points off the site.
LOGIN_REDIRECT_URL = "admin:index"

# Sessions: staff sessions end after 30 minutes idle and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
# A session in use is saved again (its 30 minutes restarted) at most once a minute.
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Brute-force protection for the admin login
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Off: a right password must not clear the wrong codes counted before it (fbss.twofactor.lockout
# clears failures once sign-in is complete).
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "fbss.client.client_ip"
AXES_USERNAME_CALLABLE = "fbss.client.login_username"
AXES_LOCKOUT_CALLABLE = "fbss.views.locked_out"

# Rate limits on the public intake, per client address (django-ratelimit, in the shared cache).
RATELIMIT_VIEW = "fbss.views.rate_limited"
RATELIMIT_IP_META_KEY = "fbss.client.client_ip"
INTAKE_RATE_START = env("INTAKE_RATE_START", default="30/h")
INTAKE_RATE_STEP = env("INTAKE_RATE_STEP", default="600/h")
INTAKE_RATE_RESUME = env("INTAKE_RATE_RESUME", default="60/h")
INTAKE_RATE_EMAIL = env("INTAKE_RATE_EMAIL", default="10/h")
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# Static files: Bootstrap comes from the django-bootstrap-static package, served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in development; SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(EMAIL_CONFIG.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(EMAIL_CONFIG.get("EMAIL_USE_SSL"))
EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="clinic@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: every e-mail and alert goes through a durable queue in the database, run by
# `manage.py db_worker` (as many workers as wanted; each task is claimed by one).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    },
}

# The safety net: who is told of a serious answer, and when it is escalated.
# The site's own address, for links in e-mails the background worker sends (it has no request).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
CLINIC_ALERT_EMAILS = env.list("CLINIC_ALERT_EMAILS", default=[])
CLINIC_ESCALATION_EMAILS = env.list("CLINIC_ESCALATION_EMAILS", default=[])
ALERT_ESCALATE_MINUTES = env.int("ALERT_ESCALATE_MINUTES", default=15)
UNSENT_FLAG_MINUTES = env.int("UNSENT_FLAG_MINUTES", default=60)

# FHIR: the canonical address the intake's Questionnaire is named by (and served under), and
# the base of the clinic's own code systems (answers, measures, red flags), one per question.
# Unset or empty, both are derived from the site's address.
FHIR_BASE_URL = (env("FHIR_BASE_URL", default="") or f"{SITE_URL.rstrip('/')}/fhir").rstrip("/")
FHIR_CODE_SYSTEM_BASE = (
    env("FHIR_CODE_SYSTEM_BASE", default="") or f"{FHIR_BASE_URL}/CodeSystem"
).rstrip("/")
# Follow-ups: the months after the start of care at which a questionnaire falls due.
FOLLOW_UP_MONTHS = tuple(env.list("FOLLOW_UP_MONTHS", cast=int, default=[3, 12, 24]))

# Requests: refuse oversized bodies before they reach a form, and every file (the app has no
# file fields). A body may be the form fields' limit plus room for a multipart's boundaries.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=512 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=400)
REQUEST_BODY_MAX_SIZE = env.int("REQUEST_BODY_MAX_SIZE", default=1024 * 1024)
FILE_UPLOAD_HANDLERS = ["fbss.uploads.RefuseFiles"]

# Security headers (all environments)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort")
}

# Security for production (DEBUG off): HTTPS only, behind a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# X-Forwarded-Proto says the request came over HTTPS only when a trusted proxy set it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT > 0 else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logging: requests and errors to the console, never request bodies (they hold health data),
# and never a resume link's token or an e-mail address, whichever part of the app (the web
# server or the background worker) logs them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_secrets": {"()": "fbss.logging.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {
            "handlers": ["console"],
            "filters": ["redact_secrets"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
