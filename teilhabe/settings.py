"""One settings file, configured by environment variables (see docs/operations.md)."""
import datetime
import hashlib
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from teilhabe.lib.env import (
    env_bool, env_int, env_list, env_str, parse_cache_url, parse_database_url, read_or_create_secret,
)
from teilhabe.lib.storage import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("TEILHABE_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("TEILHABE_DEBUG", False)
# The lexical search index mapped from files shared by all processes of the machine
# (search/segment_file.py) instead of built in each process's own memory: less memory per
# worker, slower searches across all municipalities (docs/search.md) — so the operator's choice.
SEARCH_IN_MEMORY = not env_bool("TEILHABE_SEARCH_SHARED_INDEX", False)
# Without TEILHABE_SECRET_KEY, a random key is made once and kept in var/ (readable by the
# owner only): a single-host installation is then secure without a step to forget.
SECRET_KEY = env_str("TEILHABE_SECRET_KEY") or read_or_create_secret(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("TEILHABE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("TEILHABE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "teilhabe.municipalities",
    "teilhabe.actors",
    "teilhabe.strategy",
    "teilhabe.offers",
    "teilhabe.backoffice",
    "teilhabe.search",
    "teilhabe.jobs",
    "teilhabe.api",
    "teilhabe.portal",
    "teilhabe.participation",
    "teilhabe.network",
    "teilhabe.monitoring",
    "teilhabe.courses",
    "teilhabe.council",
    "teilhabe.sitepages",
    "teilhabe.topics",
    "teilhabe.news",
    "teilhabe.translations",
    "teilhabe.opendata",
    "teilhabe.exchange",
    "teilhabe.demo",
]

MIDDLEWARE = [
    # First: it times the whole answer (only while TEILHABE_METRICS is on).
    "teilhabe.lib.metrics.count_requests",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "teilhabe.lib.middleware.easy_language_by_choice",
    "teilhabe.lib.middleware.staff_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "teilhabe.lib.middleware.reject_nul",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "teilhabe.lib.middleware.security_headers",
    "teilhabe.lib.middleware.private_pages",
    # Last, as django-axes asks: turns a refused log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "teilhabe.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "teilhabe.wsgi.application"

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'teilhabe.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # invitation and reset links hold three days
# Log-in throttling (django-axes): failed log-ins on /login/ and /admin/login/ are counted
# per account and per client address in the default cache, which every process shares
# (the file cache, or Redis shared by all nodes: TEILHABE_CACHE_URL). The attempt after
# TEILHABE_LOGIN_FAILURE_LIMIT failures is refused, right password or not, until the
# cool-down has passed; attempts while locked out do not prolong it, a successful log-in
# resets the counts. Nothing goes to the database; logs name neither account nor address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_FAILURE_LIMIT = env_int("TEILHABE_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("TEILHABE_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "teilhabe.lib.client.client_ip"
AXES_LOCKOUT_CALLABLE = "teilhabe.backoffice.lockout.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
# axes.W001: the file cache counts with a read and a write, not atomically, so log-in
# attempts sent in parallel may be counted short. It is still the one store all processes
# share; with TEILHABE_CACHE_URL=redis://… the counting is atomic (and shared by all nodes).
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "login"

# German is the default. The public portal follows the visitor's language (browser or the
# language switch); the back office and the log-in pages speak German unless their
# people chose another language with the switch (lib.middleware.staff_language).
LANGUAGE_CODE = "de"
# Our own English date formats (day first, 24 h): see teilhabe/formats/en/formats.py.
FORMAT_MODULE_PATH = ["teilhabe.formats"]
LANGUAGES = [
    ("de", "Deutsch"),
    ("de-ls", "Leichte Sprache"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
]
# Leichte Sprache (docs/translating.md) is German in its easy register, not a language Django
# knows: it needs an entry in LANG_INFO (names, direction). Its catalog is locale/de_LS, and
# Django falls back to its own German catalog for dates. Its pages say lang="de"
# (municipalities/languages.py, html_lang), and only the language menu chooses it
# (lib/middleware.py, easy_language_by_choice).
LANG_INFO["de-ls"] = {"bidi": False, "code": "de-ls", "name": "German (Easy Language)",
                      "name_local": "Leichte Sprache"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start otherwise
# Uploaded files (statistics files, council papers): under TEILHABE_MEDIA_DIR, or in S3-compatible object
# storage with TEILHABE_S3_* (lib/storage.py). Never served by address: views stream them.
STORAGES = {
    "default": default_storage_from_env(VAR_DIR),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The cache of whole public pages (teilhabe/portal/cache.py) and its generations, and the
# log-in throttle's counts. `default` is shared by all processes: by default files under
# TEILHABE_CACHE_DIR (one machine: one rendering serves every gunicorn worker, and the
# worker's pre-rendered pages reach them); with TEILHABE_CACHE_URL=redis://… a Redis that
# all processes of all nodes share (lib/cache.py: Redis unreachable means uncached, not
# broken). `local` is each process's own memory (search result pages: what people search
# for is never written to a shared store). The key prefix names the database, so
# installations sharing a directory or a Redis never see each other's pages. Pages are
# invalidated on every change; TEILHABE_PAGE_CACHE_SECONDS only bounds writes that bypass
# the models. 0 seconds turns the page cache off.
_CACHE_PREFIX = hashlib.sha256("|".join(
    str(DATABASES["default"].get(k, "")) for k in ("ENGINE", "NAME", "HOST", "PORT")).encode()).hexdigest()[:12]
CACHES = {
    "default": parse_cache_url(env_str("TEILHABE_CACHE_URL"),
                               file_dir=env_str("TEILHABE_CACHE_DIR", str(VAR_DIR / "cache")),
                               key_prefix=_CACHE_PREFIX,
                               max_entries=env_int("TEILHABE_CACHE_MAX_ENTRIES", 20000)),
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": _CACHE_PREFIX,
              "OPTIONS": {"MAX_ENTRIES": 1000}},
}
TEILHABE_PAGE_CACHE_SECONDS = env_int("TEILHABE_PAGE_CACHE_SECONDS", 3600)
# Processes that lay out an evaluation report's PDF (monitoring/pdf.py); 0: the cores, at most 4.
TEILHABE_REPORT_PROCESSES = env_int("TEILHABE_REPORT_PROCESSES", 0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("TEILHABE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("TEILHABE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("TEILHABE_HSTS_SECONDS", 0)
# Only the operator knows whether every subdomain of the town's domain speaks HTTPS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TEILHABE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("TEILHABE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool(
    "TEILHABE_BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Without SMTP configured, e-mails are kept as files under var/mail/ (the demo reads them
# there), never printed: they carry names, addresses and private links. `check --deploy`
# refuses the console backend and warns of any that sends nothing (jobs/checks.py).
EMAIL_BACKEND = env_str("TEILHABE_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("TEILHABE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TEILHABE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("TEILHABE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("TEILHABE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("TEILHABE_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("TEILHABE_EMAIL_SSL", False)
EMAIL_TIMEOUT = env_int("TEILHABE_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("TEILHABE_FROM_EMAIL", "teilhabe@localhost")
# The licence of the data the OParl endpoint publishes (System `license`); each
# municipality may name its own on its council part (Body `license`).
OPARL_LICENSE = env_str("TEILHABE_OPARL_LICENSE")
if OPARL_LICENSE and not OPARL_LICENSE.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"TEILHABE_OPARL_LICENSE must be a URL; got {OPARL_LICENSE!r}")

# Prometheus metrics at /metrics (teilhabe/ops/, lib/metrics.py): off by default (404), on
# only with a bearer token long enough not to be guessed. Several gunicorn workers need
# PROMETHEUS_MULTIPROC_DIR (an empty directory per start; docs/operations.md).
TEILHABE_METRICS = env_bool("TEILHABE_METRICS", False)
TEILHABE_METRICS_TOKEN = env_str("TEILHABE_METRICS_TOKEN")
if TEILHABE_METRICS and len(TEILHABE_METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("TEILHABE_METRICS is on: TEILHABE_METRICS_TOKEN must be set, "
                               "at least 32 characters (e.g. openssl rand -hex 32)")

# Geocoding an offer's address on the coordinator's request (lib/geocode.py): off unless
# the operator names a Nominatim-compatible search URL (their own Nominatim, or
# https://nominatim.openstreetmap.org/search within its usage policy: a User-Agent naming
# the installation, at most one request a second, which lib/geocode.py keeps).
TEILHABE_GEOCODER_URL = env_str("TEILHABE_GEOCODER_URL")
TEILHABE_GEOCODER_USER_AGENT = env_str("TEILHABE_GEOCODER_USER_AGENT",
                                       "teilhabe/0.1 (integration portal; https://example.org/teilhabe)")
TEILHABE_GEOCODER_INTERVAL = env_int("TEILHABE_GEOCODER_INTERVAL", 1)

# Never log personal data: requests are not logged with bodies, and our own loggers
# log ids only. Private links (a path with a token grants access to a person's data) are
# masked in every line that reaches the handler (lib/logfilter.py): Django's request and
# security loggers, ours, and gunicorn's error and access logs, which are routed here too
# (standard error, as `--error-logfile -` would). A refused request is one line.
# TEILHABE_PRIVATE_PATHS: the first group is kept, the path segment after it is masked.
TEILHABE_PRIVATE_PATHS = [
    r"(/p/[rics]/)[^/\s?#'\"]+",  # participation: registration, idea, support, comment
    r"(/password/set/)[^/\s?#'\"]+/[^/\s?#'\"]+",  # password reset and invitation links
]
# TEILHABE_LOG_FORMAT=json: one JSON object per line (time, level, logger, message), for
# log collectors; the same filter masks private links first.
_LOG_FORMATS = {"text": {"format": "%(message)s"}, "json": {"()": "teilhabe.lib.logfilter.JsonLines"}}
TEILHABE_LOG_FORMAT = env_str("TEILHABE_LOG_FORMAT", "text").strip().lower() or "text"
if TEILHABE_LOG_FORMAT not in _LOG_FORMATS:
    raise ImproperlyConfigured(f"TEILHABE_LOG_FORMAT must be text or json; got {TEILHABE_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_links": {"()": "teilhabe.lib.logfilter.PrivateLinks"}},
    "formatters": {"chosen": _LOG_FORMATS[TEILHABE_LOG_FORMAT]},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["private_links"],
                             "formatter": "chosen"}},
    "root": {"handlers": ["console"], "level": env_str("TEILHABE_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own handlers (a console one in debug mode) would write lines unmasked.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
