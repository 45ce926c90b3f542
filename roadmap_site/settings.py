"""One settings module for every environment, driven by environment variables.

Local defaults are safe for a developer's machine (SQLite under var/, DEBUG off unless asked);
DJANGO_HTTPS=1 turns on the production transport hardening checked by `manage.py check --deploy`.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

# GENERAL

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret_key() -> str:
    """A per-checkout key kept under var/, so sessions survive restarts without a committed secret."""
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_flag("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# APPS

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    # Background tasks (Django 6's Tasks API, backported) and their database backend (app label
    # "django_tasks_database": task results in the admin)
    "django_tasks",
    "django_tasks_db",
    "roadmap_site",
    "roadmap",
    "cases",
    "trainings",
    "datasets",
    "library",
    "meetings",
    "offline",
    # after django.contrib.auth and otp_totp: its admin replaces their User and device admins
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # outside everything that makes a page, so error pages (400, 403, 404, 500, 503) carry it too
    "roadmap_site.middleware.ContentSecurityPolicyMiddleware",
    "roadmap_site.middleware.DatabaseUnavailableMiddleware",
    "roadmap_site.middleware.QueryFieldsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # records the signed-in user as the author of every content change (the audit trail)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # staff idle too long are signed out first; then a login waiting for its second factor goes no further
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roadmap_site.urls"
WSGI_APPLICATION = "roadmap_site.wsgi.application"

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
                "django.template.context_processors.i18n",
                "roadmap.context_processors.edition",
            ],
        },
    },
]

# DATABASE

DATA_DIR.mkdir(parents=True, exist_ok=True)
if os.environ.get("DATABASE_URL"):
    # Persistent connections: with CONN_MAX_AGE=0 PostgreSQL throughput halves (TECH-NOTES §7.4).
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            # WAL: readers never wait for a writer; IMMEDIATE: a write transaction takes the write lock
            # when it begins, so two concurrent publishes or edits queue (up to `timeout` s) instead of
            # one failing with "database is locked" when it upgrades a read lock.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "roadmap",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Whole reader pages per (edition, language, URL); bounded so a worker stays small.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 400},
    },
    # Counts of login failures and certificate name checks (django-ratelimit): a database table, so every
    # worker process sees the same counts without another service (the table is made by a migration of
    # accounts). Its increment is not atomic, so two simultaneous attempts may count once: a limit of 20
    # lets a few more through under a burst, never fewer. TIMEOUT outlives the longest counting window
    # (an increment re-sets the entry with the cache's timeout).
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "throttle_cache",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
# Several web instances share one Redis ("redis://127.0.0.1:6379/0"): a page or flowchart rendered by one
# is served by all. Every key holds the edition it was made from, so nothing has to be invalidated when
# another instance publishes; entries of older editions simply expire. Sessions stay in the database.
# Every alias moves to Redis (the throttle's counts too, where increments are atomic), keeping its timeout.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
            "TIMEOUT": cache.get("TIMEOUT", 60 * 60 * 24),
        }
        for alias, cache in CACHES.items()
    }

# BACKGROUND TASKS

# Where tasks run: "database" (default: queued in the database, run by `manage.py db_worker`, which
# script/server starts beside the web server), "immediate" (inside the request that enqueues them, no
# worker), "dummy" (never run), or a backend's dotted path.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "database").strip() or "database"
# "custom-pdfs": PDFs of a child's case or with people's names, asked for now (roadmap_site/pdf_jobs.py);
# script/server runs a worker for that queue alone, so a long edition rendering never holds them up.
TASK_QUEUES = ["default", "custom-pdfs"]
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend), "QUEUES": TASK_QUEUES}}

# AUTH

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Behind a reverse proxy every request comes from the proxy's address: with DJANGO_TRUSTED_PROXY_COUNT=N
# the client is the Nth address from the right of X-Forwarded-For (roadmap_site/client_address.py), for
# the login lockout and every throttle. 0 (the default) trusts no header: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
# Login lockout (SPEC §8, django-axes): 5 failures for one username from one address lock that pair for
# the cool-off, so one attacker cannot lock a coordinator out everywhere; `manage.py unlock_user` lifts it.
LOGIN_COOLOFF_MINUTES = int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30"))
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "roadmap_site.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Throttles (django-ratelimit, "N/period" with s, m, h, d): failed logins from one address whatever the
# username (password spraying), and the certificate check's name form per address and per certificate.
RATELIMIT_USE_CACHE = "throttle"
RATELIMIT_IP_META_KEY = "roadmap_site.client_address.client_address"
LOGIN_FAILURES_PER_ADDRESS = os.environ.get("DJANGO_LOGIN_FAILURES_PER_ADDRESS", "20/15m")
CERTIFICATE_NAME_CHECKS_PER_ADDRESS = os.environ.get("DJANGO_CERTIFICATE_CHECKS_PER_ADDRESS", "30/h")
CERTIFICATE_NAME_CHECKS_PER_CODE = os.environ.get("DJANGO_CERTIFICATE_CHECKS_PER_CODE", "10/h")
# A second factor (TOTP, django-otp): required for administrators, offered to coordinators and trainers.
OTP_TOTP_ISSUER = "Пътна карта НМНЛ"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Staff (coordinators, trainers, administrators) are signed out after this long without a request.
SESSION_IDLE_MINUTES = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "60"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "roadmap:home"
LOGOUT_REDIRECT_URL = "roadmap:home"

# The published roadmap is public unless the deployment says otherwise (SPEC §8).
ROADMAP_REQUIRE_LOGIN = env_flag("ROADMAP_REQUIRE_LOGIN")

# I18N

LANGUAGE_CODE = "bg"
LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our additions to Django's number and date formats per language (roadmap_site/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["roadmap_site.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Sofia"
MODELTRANSLATION_DEFAULT_LANGUAGE = "bg"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("bg",)

# STATIC

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from npm (package.json + lock) and are served, never copied into git.
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# The document library (library/): the largest file accepted, in bytes (default 20 MB).
LIBRARY_MAX_UPLOAD_BYTES = int(os.environ.get("LIBRARY_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Uploaded minutes of consultative meetings (meetings/): the largest file accepted, in bytes (20 MB).
MEETINGS_MAX_UPLOAD_BYTES = int(os.environ.get("MEETINGS_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))

# The site's address as PDFs' QR codes print it ("https://roadmap.example.bg/"). A background worker has
# no request to read it from, so the edition's PDFs are rendered ahead only when it is set; empty: taken
# from each request, and PDFs are rendered at their first download.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip()
if SITE_URL and not SITE_URL.endswith("/"):
    SITE_URL += "/"

# PDFs (roadmap_site/pdf.py): renders at a time across all web workers (default: one less than gunicorn's
# workers, so one is always free for readers), the folder of their lock files, and how long a request
# looks for a free slot before it gets the "being prepared, try again" page (never queue behind a render).
# Rendered files are kept under MEDIA_ROOT/pdf-cache/.
PDF_RENDER_SLOTS = int(
    os.environ.get("PDF_RENDER_SLOTS") or max(1, int(os.environ.get("WEB_CONCURRENCY", "2")) - 1)
)
PDF_RENDER_SLOTS_DIR = DATA_DIR / "pdf-slots"
# 0: try each slot once. Any wait holds the worker that readers need: with 0.1 s, 20 PDF requests arriving
# at once kept a reader waiting 2 s (benchmarks/pdf_burst.py, benchmarks/README.md).
PDF_RENDER_WAIT_SECONDS = float(os.environ.get("PDF_RENDER_WAIT_SECONDS", "0"))
# Custom PDFs (a guide path with answers, certificates, sign-in sheets) are rendered by the worker: a
# request waits this long for one and then sends the browser to a "being prepared" page instead; the
# encrypted file is deleted this many seconds after it was asked for.
CUSTOM_PDF_WAIT_SECONDS = float(os.environ.get("CUSTOM_PDF_WAIT_SECONDS", "1"))
CUSTOM_PDF_KEEP_SECONDS = int(os.environ.get("CUSTOM_PDF_KEEP_SECONDS", "600"))
# At most this many cached PDFs per edition (identification times and guide answers vary freely).
PDF_CACHE_MAX_FILES_PER_EDITION = int(os.environ.get("PDF_CACHE_MAX_FILES_PER_EDITION", "2000"))

# Trainings (SPEC §7): the programme's target of people trained, and how many days after their last
# session participants are pseudonymised by `manage.py pseudonymise_participants` (3 years).
TRAININGS_TARGET_PEOPLE = int(os.environ.get("TRAININGS_TARGET_PEOPLE", "200"))
TRAININGS_RETENTION_DAYS = int(os.environ.get("TRAININGS_RETENTION_DAYS", "1095"))
# The organisation that issues the certificates: the default of a new session's "issuer" (the programme's
# beneficiary, as the project's publicity notes name it).
TRAININGS_CERTIFICATE_ISSUER = (
    os.environ.get("TRAININGS_CERTIFICATE_ISSUER", "").strip() or "Сдружение „Български Червен кръст“"
)

# FORMS

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# SECURITY

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "roadmap_site.views.csrf_failure"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from this site; no inline
# script or style anywhere (templates load static/js/ and static/css/), no plugins, no framing, forms
# post only here. data: images are Bootstrap's own CSS icons (the menu button, checkboxes, selects).
# The admin adds the hash of one inline style (roadmap_site/middleware.py); PDFs carry no policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
if env_flag("DJANGO_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# LOGGING

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
