"""sanshen settings: one flat module, read from the environment through helpers that fail loudly."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in ("true", "1", "yes")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


DEBUG = envbool("SANSHEN_DEBUG", "false")
VAR_DIR = Path(os.environ.get("SANSHEN_VAR_DIR", BASE_DIR / "var"))
SECRET_KEY = os.environ.get("SANSHEN_SECRET_KEY", "")
if not SECRET_KEY:
    # A local install keeps a generated key next to its database, so restarts keep sessions.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = os.environ.get("SANSHEN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SANSHEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "huey.contrib.djhuey",
    "sanshen.audit",
    "sanshen.accounts",
    "sanshen.registers",
    "sanshen.review",
    "sanshen.public",
    "sanshen.api",
    "sanshen.ops",
    "sanshen.accountability",
    "sanshen.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sanshen.api.errors.JsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sanshen.accounts.middleware.SessionLifetimeMiddleware",
    "sanshen.accounts.middleware.LoginStepsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sanshen.accounts.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sanshen.urls"
WSGI_APPLICATION = "sanshen.wsgi.application"

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
                "sanshen.accounts.context_processors.office",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sanshen.sqlite3'}"),
        conn_max_age=envint("SANSHEN_DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the huey consumer share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "sanshen.accounts.length_validator.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "sanshen.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "sanshen.accounts.passwords.NoUsernameValidator"},
    {"NAME": "sanshen.accounts.passwords.HistoryValidator", "OPTIONS": {"keep": 5}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "sanshen.accounts.passwords.DemoPasswordValidator"},
]
PASSWORD_MAX_AGE_DAYS = envint("SANSHEN_PASSWORD_MAX_AGE_DAYS", "90")
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "review-inbox"
LOGOUT_REDIRECT_URL = "accounts-login"

# 身份鉴别: 5 failures for one account from one address lock that account from that address for 30 minutes (a
# stranger elsewhere cannot lock its owner out); 20 failures from one address, whatever the accounts, lock the
# address (guessing stays slow). One message for unknown user and wrong password. See accounts/logins.py.
AXES_FAILURE_LIMIT = envint("SANSHEN_LOGIN_FAILURE_LIMIT", "5")
SANSHEN_LOGIN_ADDRESS_FAILURE_LIMIT = envint("SANSHEN_LOGIN_ADDRESS_FAILURE_LIMIT", "20")
AXES_COOLOFF_TIME = envint("SANSHEN_LOGIN_COOLOFF_MINUTES", "30") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "sanshen.accounts.logins.LoginLimitsHandler"
AXES_CLIENT_IP_CALLABLE = "sanshen.accounts.logins.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sanshen.accounts.views.locked_out"
AXES_VERBOSE = False
# Failed logins from one address are written to the audit log as one entry per window (first failure at once).
SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES = envint("SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES", "15")

# 双因素认证 (等保三级): the administrators and the county's review roles must enter a TOTP code after the password,
# others where their unit asks for it. On by default; SANSHEN_REQUIRE_2FA=false for a level-2 deployment.
SANSHEN_REQUIRE_2FA = envbool("SANSHEN_REQUIRE_2FA", "true")


def _otp_issuer(device) -> str:
    # What an authenticator app shows above the code; read when a QR code is drawn, so local_settings may change it.
    return f"{SANSHEN_COUNTY_NAME}三审三校"


OTP_TOTP_ISSUER = _otp_issuer

# Idle logout after 30 minutes; absolute lifetime 8 hours (enforced by SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = envint("SANSHEN_IDLE_TIMEOUT_MINUTES", "30") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIFETIME = envint("SANSHEN_SESSION_LIFETIME_HOURS", "8") * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = envbool("SANSHEN_HTTPS", "false")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SANSHEN_SSL_REDIRECT", "true")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "sanshen" / "static"]
# WhiteNoise serves what `collectstatic` wrote: hashed names (cached for a year), gzip and brotli copies.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SANSHEN_MEDIA_ROOT", VAR_DIR / "media"))
# 数据备份: `sanshen backup` and the nightly job write archives here and keep the newest SANSHEN_BACKUP_KEEP.
SANSHEN_BACKUP_DIR = Path(os.environ.get("SANSHEN_BACKUP_DIR", VAR_DIR / "backups"))
SANSHEN_BACKUP_KEEP = envint("SANSHEN_BACKUP_KEEP", "14")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
SANSHEN_MAX_UPLOAD_BYTES = envint("SANSHEN_MAX_UPLOAD_MB", "20") * 1024 * 1024
# 附件机审 in the background (review/checking.py), a slice at a time, turn by turn between units. A slice stops
# after the page that passes SLICE_SECONDS (OCR takes 1-3 s a page), so another unit's picture waits one page at
# most. TIME_LIMIT is a file's worker time in all (100 OCR pages at 3 s is 300 s: twice that on a loaded
# machine); OCR_PAGE_BUDGET caps the pages and pictures read by OCR in one file (blank ones do not count).
SANSHEN_FILE_CHECK_SLICE_SECONDS = envint("SANSHEN_FILE_CHECK_SLICE_SECONDS", "2")
SANSHEN_FILE_CHECK_TIME_LIMIT = envint("SANSHEN_FILE_CHECK_TIME_LIMIT", "600")
SANSHEN_OCR_PAGE_BUDGET = envint("SANSHEN_OCR_PAGE_BUDGET", "100")

# Background jobs: SqliteHuey needs no extra service; set SANSHEN_REDIS_URL at scale.
REDIS_URL = os.environ.get("SANSHEN_REDIS_URL", "")
HUEY_IMMEDIATE = envbool("SANSHEN_HUEY_IMMEDIATE", "false")
if REDIS_URL:
    # Plain RedisHuey refuses task priorities (file checks of pictures go first): the priority queue needs Redis 5.
    HUEY = {"huey_class": "huey.PriorityRedisHuey", "name": "sanshen", "url": REDIS_URL, "immediate": HUEY_IMMEDIATE}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "sanshen",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }

# The county this deployment serves; shown on the public site and the form.
SANSHEN_COUNTY_NAME = os.environ.get("SANSHEN_COUNTY_NAME", "锦屏县")
SANSHEN_ADMIN_PATH = os.environ.get("SANSHEN_ADMIN_PATH", "manage/")
# Days an item may wait at one stage before it is flagged overdue, unless its unit sets its own.
SANSHEN_DEFAULT_STAGE_LIMIT_WORKING_DAYS = envint("SANSHEN_STAGE_LIMIT_DAYS", "1")
AUDIT_RETENTION_DAYS = envint("SANSHEN_AUDIT_RETENTION_DAYS", "365")
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("SANSHEN_AUDIT_RETENTION_DAYS must be at least 180 (网络安全法第二十一条)")
# 审计链: its key and its checkpoints live outside VAR_DIR, MEDIA_ROOT and the database, so whoever can rewrite
# the database and var/ can neither re-sign the chain nor the checkpoints (`sanshen check --deploy` insists).
# A development install keeps both under ~/.local/state/sanshen/<install>/, one folder per VAR_DIR and database.
_AUDIT_INSTALL = hashlib.sha256(
    f"{VAR_DIR.resolve()}|{DATABASES['default'].get('HOST', '')}|{DATABASES['default'].get('NAME', '')}".encode()
).hexdigest()[:12]
_AUDIT_STATE_DIR = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "sanshen" / _AUDIT_INSTALL
SANSHEN_AUDIT_KEY = os.environ.get("SANSHEN_AUDIT_KEY", "")
SANSHEN_AUDIT_KEY_FILE = Path(os.environ.get("SANSHEN_AUDIT_KEY_FILE", _AUDIT_STATE_DIR / "audit.key"))
SANSHEN_AUDIT_CHECKPOINT_DIR = Path(os.environ.get("SANSHEN_AUDIT_CHECKPOINT_DIR", _AUDIT_STATE_DIR / "checkpoints"))

# 机审 configuration: checkers to switch off, options per checker, rule severities (see docs/checks).
SANSHEN_CHECKS = {
    "disabled_checkers": [c for c in os.environ.get("SANSHEN_DISABLED_CHECKERS", "").split(",") if c],
    "checkers": {},
    "rules": {},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


try:
    from .local_settings import *  # noqa: F401,F403
except ImportError:
    pass
