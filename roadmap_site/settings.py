"""One settings module for every environment, driven by environment variables.

Local defaults are safe for a developer's machine (SQLite under var/, DEBUG off unless asked);
DJANGO_HTTPS=1 turns on the production transport hardening checked by `manage.py check --deploy`.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
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
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "roadmap_site",
    "roadmap",
    "cases",
    "trainings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "roadmap_site.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # records the signed-in user as the author of every content change (the audit trail)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
}

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
# Login throttling (SPEC §8): 5 failures for a username from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
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
# At most this many cached PDFs per edition (identification times and guide answers vary freely).
PDF_CACHE_MAX_FILES_PER_EDITION = int(os.environ.get("PDF_CACHE_MAX_FILES_PER_EDITION", "2000"))

# Trainings (SPEC §7): the programme's target of people trained, and how many days after their last
# session participants are pseudonymised by `manage.py pseudonymise_participants` (3 years).
TRAININGS_TARGET_PEOPLE = int(os.environ.get("TRAININGS_TARGET_PEOPLE", "200"))
TRAININGS_RETENTION_DAYS = int(os.environ.get("TRAININGS_RETENTION_DAYS", "1095"))

# FORMS

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# SECURITY

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
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
