"""Django settings for the EMS.

Everything that differs between machines comes from the environment:
DATABASE_URL (default: SQLite under var/), SECRET_KEY, DEBUG, ALLOWED_HOSTS.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("EMS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, or a random key kept in var/secret_key.

    No key is ever committed. The file is made on first use and readable by its owner only,
    so sessions and encrypted staff bank details survive a restart.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# No Django admin: every change goes through the EMS's own pages, with their roles and audit.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "ems.core",
    "ems.gazetteer",
    "ems.register",
    "ems.applications",
    "ems.absent_voting",
    "ems.elections",
    "ems.polling",
    "ems.staffing",
    "ems.count",
    "ems.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the whole body: refuses an upload before that.
    "ems.core.uploads.UploadGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ems.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    # Two-factor sign-in: request.user.is_verified(), then Managers and Finance (and anyone who
    # has set it up) must enter a code before any page (ems.core.signin).
    "django_otp.middleware.OTPMiddleware",
    "ems.core.signin.TwoFactorMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "ems.urls"
WSGI_APPLICATION = "ems.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the official GOV.UK Frontend macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        # An undefined value prints nothing, whatever DEBUG says (see ems.core.jinja).
        "OPTIONS": {"environment": "ems.core.jinja.environment", "undefined": "jinja2.Undefined"},
    },
    {
        # Only for templates that installed packages bring; our pages are all Jinja2.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ems.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background job writes. SQLite has one writer at a
    # time: "timeout" is its busy timeout (a writer waits up to 30 s for the lock), and
    # IMMEDIATE transactions take the lock when they begin. A deferred transaction that reads
    # and then writes fails at once with "database is locked" if another connection wrote
    # meanwhile, without waiting.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        }
    )
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins: lock the username + address pair after 5 failures for 30 minutes. Never the
# username alone, which would let anyone lock the manager out. Behind the council's reverse
# proxy every request comes from the proxy's address: set EMS_TRUSTED_PROXIES to the number of
# proxies in front of the EMS and the client's address is read from X-Forwarded-For
# (ems.core.signin.client_ip); left at 0, X-Forwarded-For is ignored as anyone can forge it.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "ems.core.signin.client_ip"
EMS_TRUSTED_PROXIES = int(os.environ.get("EMS_TRUSTED_PROXIES", "0"))
# The name authenticator apps show beside the username.
OTP_TOTP_ISSUER = "Electoral Management System"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"

# HTTPS in production (README, "Production security settings"): all off by default so that
# runserver works over plain HTTP.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    # Behind a proxy that ends HTTPS: the header it sets, e.g. HTTP_X_FORWARDED_PROTO. Only
    # when the proxy always sets (or strips) it, or anyone could claim to be on HTTPS.
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"].strip(), "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only.
# GOV.UK's one inline line (the js-enabled class) carries the nonce; there are no inline
# styles, no frames and no forms posting elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# GOV.UK Frontend and htmx are installed by npm (package.json) and served from here.
STATICFILES_DIRS = [
    d
    for d in [
        BASE_DIR / "node_modules" / "govuk-frontend" / "dist",
        BASE_DIR / "node_modules" / "htmx.org" / "dist",
    ]
    if d.exists()
]
MEDIA_ROOT = VAR_DIR / "media"

# Uploads through the web: anything larger is refused before it is read.
EMS_MAX_UPLOAD_BYTES = int(os.environ.get("EMS_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded files hold personal data: readable by the service's own user only, temporary
# copies of large uploads included.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(mode=0o700, exist_ok=True)

# Background jobs (imports, publication): Django's tasks framework, database backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("EMS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A running job's worker touches its heartbeat this often; a job whose heartbeat is older than
# EMS_JOB_STALE_SECONDS is shown as interrupted (its worker stopped or the server restarted).
# Longer than the longest single write a job makes, which holds up the heartbeat on SQLite.
EMS_JOB_HEARTBEAT_SECONDS = float(os.environ.get("EMS_JOB_HEARTBEAT_SECONDS", "30"))
EMS_JOB_STALE_SECONDS = float(os.environ.get("EMS_JOB_STALE_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Email (staff offers and reminders): the console in development; set EMAIL_BACKEND and
# EMAIL_HOST etc. in production. Tests use Django's in-memory backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "electoral.services@example.gov.uk")
# Staff bank details are encrypted with a key from EMS_FIELD_KEY (or SECRET_KEY when unset).
EMS_FIELD_KEY = os.environ.get("EMS_FIELD_KEY", "")
EMS_STAFF_RETENTION_YEARS = int(os.environ.get("EMS_STAFF_RETENTION_YEARS", "6"))

# Cache: the public staff interest form's rate limit (and anything else using Django's cache)
# keeps its counts here. LocMemCache is per process, which is right for development and tests;
# production with more than one worker process or server needs a shared cache (Redis,
# Memcached or django.core.cache.backends.db.DatabaseCache) for limits to hold across them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ems-default",
    }
}
