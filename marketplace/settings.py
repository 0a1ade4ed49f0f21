"""Nomi settings: one file, every deployment difference read from the environment.

Every variable is documented in `.env.example` and the README.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Public, so only good for local development: whoever knows the key can sign
# email-change links and take over any account. The site refuses to serve
# requests with it when DEBUG is off (marketplace/wsgi.py); management commands
# (migrations, checks) still run, since they verify no signature.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-key-change-me"
SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts",
    "notifications",
    "listings",
    "conversations",
    "discovery",
    "orders",
    "moderation",
    "storefront",
    "demo",
    "marketplace",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
]

MIDDLEWARE = [
    # First: refuses an oversized body before anything reads it (REQUEST_MAX_BYTES).
    "marketplace.middleware.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML and JSON on the way out (marketplace.middleware). Below
    # WhiteNoise, which answers static files itself, already compressed at
    # collectstatic; above everything that still writes the body or headers.
    # BREACH: a compressed page that reflects a request's input next to a
    # secret leaks the secret over many requests. The secret on our pages is
    # the CSRF token, which Django masks with a new random value on every
    # response, so it never repeats for an attacker to guess against.
    "marketplace.middleware.CompressTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After AuthenticationMiddleware: the member's time zone for the page.
    "accounts.middleware.MemberTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A member's write makes their next pages skip shared fragments.
    "marketplace.shared.FreshAfterWriteMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.middleware.SecurityHeadersMiddleware",
    # A transaction that lost a lock for good (a deadlock, a Galera conflict)
    # answers 503 "send it again" rather than 500.
    "marketplace.middleware.LostLockMiddleware",
    # After AuthenticationMiddleware: it needs request.user.
    "marketplace.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

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
            ],
            "builtins": [
                "marketplace.templatetags.money",
                "marketplace.templatetags.dates",
                "listings.templatetags.listing_tags",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite by default so a fresh clone runs anywhere; DATABASE_URL=mysql://... for
# MySQL/MariaDB in production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'",
            "isolation_level": "read committed",
        }
    )
    DATABASES["default"]["TEST"] = {
        "CHARSET": "utf8mb4",
        "COLLATION": "utf8mb4_unicode_ci",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, with one Redis client per pool (marketplace/cache.py).
    CACHES["default"]["BACKEND"] = "marketplace.cache.RedisCache"
    # Sessions are read on every member's request: from Redis, written
    # through to the database so a restart or an eviction logs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# How long an email verification link stays valid.
EMAIL_VERIFICATION_MAX_AGE = timedelta(
    hours=env.int("EMAIL_VERIFICATION_MAX_AGE_HOURS", default=72)
)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded media served by Django itself: for development and local
# production-like runs; a real deployment serves MEDIA_URL from a web server or CDN.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
# Cache-Control of the files served from MEDIA_URL (marketplace/media.py).
# Listing photos get a new random name at every upload, so a URL's content
# never changes: cached for a year, immutable. Other media (avatars, named
# after their member) can be replaced under the same name: an hour.
MEDIA_IMMUTABLE_PREFIXES = ("listings/",)
MEDIA_IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
MEDIA_CACHE_CONTROL = env("MEDIA_CACHE_CONTROL", default="public, max-age=3600")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads larger than this are streamed to a temporary file, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Whole-request ceiling; the per-photo limit below is checked on each file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email --------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Nomi <no-reply@nomi.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where members write to appeal a suspension (shown on the suspended-login page
# and in the suspension email).
SUPPORT_EMAIL = env("SUPPORT_EMAIL", default="support@nomi.local")

# --- Security -----------------------------------------------------------------
# Production mode is DEBUG off: cookies only over HTTPS, HSTS, and a redirect to
# HTTPS unless a TLS proxy in front already does that.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sent on every HTML response by marketplace.middleware.SecurityHeadersMiddleware.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
# With DEBUG on, Django's own error pages (the technical 404 and 500 pages)
# carry inline styles and scripts: error responses get this policy instead so
# they are readable. Never used with DEBUG off.
DEBUG_ERROR_PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

# --- Logging: everything to stdout for the process manager ----------------------
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Product numbers (docs/product-rules.md) --------------------------------------
# The database enforces these four (check constraints built from them in
# listings/models.py), so they are not read from the environment: changing one
# is a code change with its migration (makemigrations listings).
LISTING_TITLE_MAX_LENGTH = 80
LISTING_DESCRIPTION_MAX_LENGTH = 1000
LISTING_MIN_PRICE_DOLLARS = 1
LISTING_MAX_PRICE_DOLLARS = 2000
# The rest are overridable from the environment.
LISTING_MAX_PHOTOS = env.int("LISTING_MAX_PHOTOS", default=12)
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=20 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
PHOTO_DISPLAY_MAX_SIDE = env.int("PHOTO_DISPLAY_MAX_SIDE", default=1600)
AVATAR_SIDE = env.int("AVATAR_SIDE", default=256)
ACTIVE_LISTING_LIMIT_BASE = env.int("ACTIVE_LISTING_LIMIT_BASE", default=100)
ACTIVE_LISTING_LIMIT_PER_SALE = env.int("ACTIVE_LISTING_LIMIT_PER_SALE", default=100)
PRICE_DROP_NOTIFY_PERCENT = env.int("PRICE_DROP_NOTIFY_PERCENT", default=5)
VACATION_MAX_DAYS = env.int("VACATION_MAX_DAYS", default=30)
SEARCH_PAGE_SIZE = env.int("SEARCH_PAGE_SIZE", default=48)
SELLING_FEE_PERCENT = env.int("SELLING_FEE_PERCENT", default=10)
BUYER_FEE_PERCENT = env.int("BUYER_FEE_PERCENT", default=0)
OFFER_MIN_PERCENT = env.int("OFFER_MIN_PERCENT", default=50)
OFFER_EXPIRY_HOURS = env.int("OFFER_EXPIRY_HOURS", default=24)
SHIP_DEADLINE_DAYS = env.int("SHIP_DEADLINE_DAYS", default=3)
AUTO_CANCEL_DAYS = env.int("AUTO_CANCEL_DAYS", default=5)
AUTO_COMPLETE_DAYS = env.int("AUTO_COMPLETE_DAYS", default=7)
RATING_WINDOW_DAYS = env.int("RATING_WINDOW_DAYS", default=14)
RATING_COMMENT_MAX_LENGTH = env.int("RATING_COMMENT_MAX_LENGTH", default=500)
MESSAGE_MAX_LENGTH = env.int("MESSAGE_MAX_LENGTH", default=1000)
MIN_WITHDRAWAL_CENTS = env.int("MIN_WITHDRAWAL_CENTS", default=100)
DISPUTE_MAX_PHOTOS = env.int("DISPUTE_MAX_PHOTOS", default=4)

# Absolute base of links in emails (no trailing slash).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Shared page fragments (marketplace/shared.py): what every viewer sees alike
# (results grids, filters and counts, galleries, seller cards) is rendered once
# and served to everyone for up to SHARED_MAX_SECONDS; after
# SHARED_FRESH_SECONDS the next request renders it again while the others still
# get the old copy. Other members' changes reach lists within
# SHARED_MAX_SECONDS; a member's own show at once (FreshAfterWriteMiddleware).
# Keep it to a few seconds. 0 turns fragments off.
SHARED_FRESH_SECONDS = env.float("SHARED_FRESH_SECONDS", default=4)
SHARED_MAX_SECONDS = env.int("SHARED_MAX_SECONDS", default=5)

# Whole-page cache for anonymous visitors without a session
# (marketplace/pagecache.py): a page is served for up to this many seconds,
# with the same bound on staleness as the fragments; keep it to a few seconds.
# Works with any cache; with a shared one (CACHE_URL=redis://...) the workers
# share their pages. 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)

# --- Payments -----------------------------------------------------------------
# Dotted path of the PaymentGateway class; the sandbox never charges a real card.
PAYMENT_GATEWAY = env(
    "PAYMENT_GATEWAY", default="orders.payments.sandbox.SandboxGateway"
)
# Attempts at a purchase's or acceptance's short transaction when the database
# picks it as a deadlock victim (1213) or a lock wait times out (1205).
ORDER_TRANSACTION_ATTEMPTS = env.int("ORDER_TRANSACTION_ATTEMPTS", default=3)
# Minutes a card authorization may stay neither captured nor voided (a checkout
# captures at once; an open offer's lives until the offer expires, plus this):
# process_deadlines voids orphans after it, reconcile_ledger reports them.
AUTHORIZATION_GRACE_MINUTES = env.int("AUTHORIZATION_GRACE_MINUTES", default=15)
# Minutes a card token from the sandbox's card form stays usable (single use).
CARD_TOKEN_MINUTES = env.int("CARD_TOKEN_MINUTES", default=30)

# --- Uploads and per-member caps (hardening) ------------------------------------
# Whole-request body ceiling, checked from Content-Length before the body is read
# (marketplace.middleware.RequestLimitsMiddleware answers 413): 12 photos at a
# typical phone size (~5 MB each as JPEG) plus the form. One 20 MB photo fits.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=64 * 1024 * 1024)
# Pixels one request may spend on its images: each image is charged the pixels
# it decodes (read from its header, before decoding; a JPEG decodes at half or
# a quarter size when that still covers the display size) plus the pixels it
# encodes (display image). Measured on the 2-core server at 30-65 ms of CPU per
# megapixel charged, so 16 MP keeps the worst accepted request near 1 s: one
# 12 MP photo in a format decoded whole (PNG, WebP, HEIC), or three 12 MP JPEGs.
# Photos over it are refused with a message, the others kept, and can be sent
# again in the next save (marketplace/images.py, bench/upload_abuse.py).
PHOTO_REQUEST_PIXEL_BUDGET = env.int("PHOTO_REQUEST_PIXEL_BUDGET", default=16_000_000)
# Photos uploaded with a sell form but not yet on a listing, per member.
STAGED_PHOTOS_MAX = env.int("STAGED_PHOTOS_MAX", default=24)
# Saved shipping addresses per member.
ADDRESSES_MAX = env.int("ADDRESSES_MAX", default=20)

# --- Conversations, notifications, trust (PRODUCT.md section 6) ------------------
COMMENT_MAX_LENGTH = env.int("COMMENT_MAX_LENGTH", default=500)
# Distinct members whose open reports hide a listing until staff review it.
REPORTS_TO_HIDE_LISTING = env.int("REPORTS_TO_HIDE_LISTING", default=3)
REPORT_NOTE_MAX_LENGTH = env.int("REPORT_NOTE_MAX_LENGTH", default=1000)
# Seller badges (published on the help page /help/badges/).
BADGE_SHIPS_FAST_ORDERS = env.int("BADGE_SHIPS_FAST_ORDERS", default=20)
BADGE_SHIPS_FAST_MAX_BUSINESS_DAYS = env.int(
    "BADGE_SHIPS_FAST_MAX_BUSINESS_DAYS", default=1
)
BADGE_RELIABLE_ORDERS = env.int("BADGE_RELIABLE_ORDERS", default=30)
BADGE_RESPONSIVE_MAX_HOURS = env.int("BADGE_RESPONSIVE_MAX_HOURS", default=12)
# Trust: a seller needs this many orders in a badge's window before "Ships fast"
# or "Reliable" can be earned (no badge for a seller with no history).
BADGE_MIN_ORDERS = env.int("BADGE_MIN_ORDERS", default=5)

# --- Rate limits (hardening) ------------------------------------------------------
# Counters live in the default cache: production must set CACHE_URL=redis://...
# so every worker counts together (local memory counts per process). Each limit
# is "count/period" (period s, m, h or d, optionally with a number: "15m" is a
# window of 15 minutes), overridable from the environment, e.g.
# RATE_LIMIT_LOGIN_ACCOUNT=5/15m. marketplace/ratelimit.py says what each counts.


def _rate(name: str, default: str) -> str:
    """The rate in the environment variable `name`; refuse to start if malformed."""
    import re

    rate = env(name, default=default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", rate):
        raise environ.ImproperlyConfigured(
            f"{name}={rate!r} is not a rate like 10/15m (count/period, s m h d)."
        )
    return rate


RATE_LIMITS = {
    # Failed or not, login POSTs naming one account (username or email), from
    # anywhere: stops guessing one password from many addresses.
    "login-account": _rate("RATE_LIMIT_LOGIN_ACCOUNT", "10/15m"),
    # Login POSTs from one client address, whatever account they name.
    "login-ip": _rate("RATE_LIMIT_LOGIN_IP", "50/15m"),
    "signup-ip": _rate("RATE_LIMIT_SIGNUP_IP", "10/h"),
    "password-reset-ip": _rate("RATE_LIMIT_PASSWORD_RESET_IP", "10/h"),
    # Reset emails to one address typed (existing account or not).
    "password-reset-email": _rate("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/h"),
    "verification-resend": _rate("RATE_LIMIT_VERIFICATION_RESEND", "5/h"),
    # New offers and accepted counters (each authorizes a card) per member.
    "offer-member": _rate("RATE_LIMIT_OFFER_MEMBER", "20/h"),
    # Requests carrying photos (sell and edit forms, the photo staging endpoint,
    # avatar, problem reports).
    # With JavaScript each photo is its own request: 240/h is 20 listings of
    # 12 photos an hour, and at most ~4 min of CPU an hour for one member.
    "upload-member": _rate("RATE_LIMIT_UPLOAD_MEMBER", "240/h"),
    # Withdraw POSTs, so wrong passwords too, per member.
    "withdraw-member": _rate("RATE_LIMIT_WITHDRAW_MEMBER", "20/h"),
    # Cards sent to the card form (each a token), per member: stops testing
    # stolen card numbers against the checker.
    "card-member": _rate("RATE_LIMIT_CARD_MEMBER", "30/h"),
    # Item comments (questions and answers) per member and per client address.
    "comment-member": _rate("RATE_LIMIT_COMMENT_MEMBER", "30/h"),
    "comment-ip": _rate("RATE_LIMIT_COMMENT_IP", "120/h"),
    # Private messages per member and per client address.
    "message-member": _rate("RATE_LIMIT_MESSAGE_MEMBER", "60/h"),
    "message-ip": _rate("RATE_LIMIT_MESSAGE_IP", "240/h"),
    # Reports of listings, members, comments and messages.
    "report-member": _rate("RATE_LIMIT_REPORT_MEMBER", "10/h"),
    "report-ip": _rate("RATE_LIMIT_REPORT_IP", "40/h"),
    # Trust: account data downloads (each reads every app's records) per member.
    "export-member": _rate("RATE_LIMIT_EXPORT_MEMBER", "5/h"),
    # Account deletion POSTs (so wrong passwords too) per member.
    "delete-member": _rate("RATE_LIMIT_DELETE_MEMBER", "10/h"),
}
# Client address for per-IP limits: REMOTE_ADDR when 0. Behind N reverse
# proxies of our own that each append to X-Forwarded-For, set N: the N-th entry
# from the right is the client (the left part is the client's own claim).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
INSTALLED_APPS += ["django_ratelimit"]  # for its system checks of the cache
RATELIMIT_IP_META_KEY = "marketplace.ratelimit.client_ip"
# A cache outage lets requests through unthrottled (logged) instead of 429s.
RATELIMIT_FAIL_OPEN = True
_ratelimit_backend = CACHES["default"]["BACKEND"]
if _ratelimit_backend == "django.core.cache.backends.locmem.LocMemCache":
    # Local memory (the no-setup default: development, tests, one process)
    # counts per worker, so N workers allow N times each limit: the README
    # requires CACHE_URL=redis://... in production. Dummy, file and database
    # caches still fail the check (no counting, or no atomic increment).
    SILENCED_SYSTEM_CHECKS = [
        *vars().get("SILENCED_SYSTEM_CHECKS", []),
        "django_ratelimit.E003",
        "django_ratelimit.W001",
    ]
elif _ratelimit_backend == "marketplace.cache.RedisCache":
    # Django's own Redis backend increments atomically (INCR, SET NX) but is
    # not on django-ratelimit's list of tested backends (it predates it).
    SILENCED_SYSTEM_CHECKS = [
        *vars().get("SILENCED_SYSTEM_CHECKS", []),
        "django_ratelimit.W001",
    ]

# --- Outbox (hardening) -----------------------------------------------------------
# Every email is an OutboxEmail row written in its transaction, sent right after
# commit and retried by `manage.py send_outbox` (marketplace/emails.py).
# Seconds before the first retry; each further retry waits twice as long...
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
# ...but never longer than this (1 h).
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=60 * 60)
# Tries (the first included) before an email is given up; staff can retry it.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
# A claimed email is due again after this many seconds if its sender died.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# Emails one worker claims at a time.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=50)
# Seconds the send_outbox loop sleeps when nothing is due.
OUTBOX_POLL_SECONDS = env.int("OUTBOX_POLL_SECONDS", default=5)
# Seconds before a silent mail server counts as failed (Django waits forever).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Private media (hardening) ----------------------------------------------------
# Files only some members may see (dispute photos) live here, outside MEDIA_ROOT
# so no web server or CDN serving MEDIA_URL can reach them; views that check who
# asks stream them (orders:dispute-photo). Back it up with MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES["private"] = {"BACKEND": "marketplace.storages.PrivateStorage"}
# Photos a member uploaded with a problem report that had errors, kept for the
# next submit: at most this many per member (the oldest go first), and
# process_deadlines deletes those unused after DISPUTE_STAGED_PHOTO_HOURS hours.
DISPUTE_MAX_STAGED_PHOTOS = env.int("DISPUTE_MAX_STAGED_PHOTOS", default=8)
DISPUTE_STAGED_PHOTO_HOURS = env.int("DISPUTE_STAGED_PHOTO_HOURS", default=24)

# --- Observability (docs/observability.md) ------------------------------------------
# Log lines: "plain" text (the default with DEBUG on, so `make run`) or "json",
# one object a line for a log collector (the default with DEBUG off). Every
# line carries the request id (marketplace/logs.py); gunicorn.conf.py writes
# its own and access lines in the same format.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("plain", "json"):
    raise environ.ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: plain or json.")
LOGGING["filters"] = {"request_id": {"()": "marketplace.logs.RequestIdFilter"}}
LOGGING["formatters"] = {
    "plain": {
        "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
    },
    "json": {"()": "marketplace.logs.JsonFormatter"},
}
LOGGING["handlers"]["stdout"]["formatter"] = LOG_FORMAT
LOGGING["handlers"]["stdout"]["filters"] = ["request_id"]
# First: each request gets its id (X-Request-ID) before anything logs, and
# django-prometheus times the whole request from the outermost middleware to
# the innermost (its After middleware last).
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "marketplace.middleware.RequestIdMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# /metrics (marketplace.views.prometheus_metrics) answers these addresses or
# networks (the scraper's, e.g. 10.0.0.0/8 in a cluster), or a request with
# "Authorization: Bearer <METRICS_BEARER_TOKEN>" (empty: no token accepted);
# everyone else gets a 404. Behind a proxy of our own, the address is the one
# TRUSTED_PROXY_HOPS designates; a proxied request with no hops configured is
# never allowed by address.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_BEARER_TOKEN = env("METRICS_BEARER_TOKEN", default="")
# Probes and scrapers inside the cluster speak plain HTTP to the pod.
SECURE_REDIRECT_EXEMPT = [*SECURE_REDIRECT_EXEMPT, r"^readyz$", r"^metrics$"]

# --- Object storage (docs/object-storage.md) -----------------------------------
# With MEDIA_S3_BUCKET set, media live on S3-compatible object storage instead
# of MEDIA_ROOT and PRIVATE_MEDIA_ROOT (marketplace/s3.py): listing photos,
# thumbnails and avatars in that bucket, which anyone may read, linked by their
# plain URL; dispute photos in MEDIA_S3_PRIVATE_BUCKET, which no one reads
# without a presigned URL, handed out (a redirect) by the view that checks who
# asks and valid for PRIVATE_MEDIA_URL_SECONDS. The keys are boto3's usual
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment (or an
# instance role): they never appear here.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
MEDIA_S3_PRIVATE_BUCKET = env("MEDIA_S3_PRIVATE_BUCKET", default="")
PRIVATE_MEDIA_URL_SECONDS = env.int("PRIVATE_MEDIA_URL_SECONDS", default=300)
if not 1 <= PRIVATE_MEDIA_URL_SECONDS <= 7 * 24 * 3600:  # SigV4's longest
    raise environ.ImproperlyConfigured(
        "PRIVATE_MEDIA_URL_SECONDS must be between 1 and 604800 (7 days)."
    )
if MEDIA_S3_BUCKET:
    import re as _re
    from urllib.parse import urlsplit as _urlsplit

    if MEDIA_S3_PRIVATE_BUCKET in ("", MEDIA_S3_BUCKET):
        raise environ.ImproperlyConfigured(
            "MEDIA_S3_BUCKET needs MEDIA_S3_PRIVATE_BUCKET, a second bucket that "
            "is not public, for dispute photos."
        )
    # Empty: AWS itself. Any S3-compatible server otherwise (MinIO, Ceph, R2...).
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="") or None
    # "path" (https://endpoint/bucket/key: the default with an endpoint, as
    # most S3-compatible servers want) or "virtual" (https://bucket.host/key:
    # the default on AWS).
    AWS_S3_ADDRESSING_STYLE = (
        env("AWS_S3_ADDRESSING_STYLE", default="path" if AWS_S3_ENDPOINT_URL else "")
        or None
    )

    def _bucket_url(bucket: str) -> str:
        """Where the bucket's objects are read, as S3 addresses them."""
        if AWS_S3_ENDPOINT_URL:
            endpoint = _urlsplit(AWS_S3_ENDPOINT_URL)
            if AWS_S3_ADDRESSING_STYLE == "virtual":
                return f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"
            return f"{AWS_S3_ENDPOINT_URL.rstrip('/')}/{bucket}"
        host = (
            f"s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            if AWS_S3_REGION_NAME
            else "s3.amazonaws.com"
        )
        if AWS_S3_ADDRESSING_STYLE == "path":
            return f"https://{host}/{bucket}"
        return f"https://{bucket}.{host}"

    def _origin(url: str) -> str:
        parts = _urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    # Public files' URLs start here: a CDN or custom domain in front of the
    # public bucket (e.g. https://media.example.com), else the bucket itself.
    MEDIA_URL = (
        env("MEDIA_S3_PUBLIC_URL", default="") or _bucket_url(MEDIA_S3_BUCKET)
    ).rstrip("/") + "/"
    _public = _urlsplit(MEDIA_URL)
    STORAGES["default"] = {
        "BACKEND": "marketplace.s3.PublicMediaStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            # URLs are built as plain strings from MEDIA_URL, no SDK call.
            "custom_domain": (_public.netloc + _public.path).rstrip("/"),
            "url_protocol": f"{_public.scheme}:",
        },
    }
    STORAGES["private"] = {
        "BACKEND": "marketplace.s3.PrivateMediaStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_PRIVATE_BUCKET,
            "querystring_expire": PRIVATE_MEDIA_URL_SECONDS,
        },
    }
    # Nothing lies under MEDIA_ROOT to serve.
    SERVE_MEDIA = False
    # Pages show images from both buckets (a dispute photo through the view's
    # redirect). On AWS, boto3 presigns on the global host whatever the region.
    _image_origins = {
        _origin(MEDIA_URL),
        _origin(_bucket_url(MEDIA_S3_PRIVATE_BUCKET)),
    }
    if not AWS_S3_ENDPOINT_URL:
        _image_origins.add(
            "https://s3.amazonaws.com"
            if AWS_S3_ADDRESSING_STYLE == "path"
            else f"https://{MEDIA_S3_PRIVATE_BUCKET}.s3.amazonaws.com"
        )
    CONTENT_SECURITY_POLICY = _re.sub(
        r"img-src ([^;]*)",
        lambda match: f"img-src {match.group(1)} {' '.join(sorted(_image_origins))}",
        CONTENT_SECURITY_POLICY,
        count=1,
    )

# --- Read replica (docs/replica.md) -------------------------------------------------
# DATABASE_REPLICA_URL=mysql://... adds an asynchronous replica of the default
# database: the item, search, browse and profile pages read from it
# (marketplace/db_router.py), everything else and every write uses the primary.
# Empty (the default): no replica, every query on the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
# After a write, the writer's requests read from the primary for this many
# seconds (the fresh cookie of marketplace/shared.py), so they see their own
# changes while the replica catches up. Keep it above the replica's usual lag.
REPLICA_FRESH_SECONDS = env.int("REPLICA_FRESH_SECONDS", default=5)
# A replica that refused a connection is left alone this many seconds: its
# pages read from the primary meanwhile.
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        # Tests read and write one database: the replica is the default's mirror.
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.mysql":
        # The primary's session settings (charset, sql_mode, isolation), unless
        # the URL says otherwise; a replica that does not answer is skipped,
        # not waited for.
        DATABASES["replica"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "connect_timeout": env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2),
            **DATABASES["replica"].get("OPTIONS", {}),
        }
    DATABASE_ROUTERS = ["marketplace.db_router.PrimaryReplicaRouter"]

# --- Background work (docs/background-work.md) -------------------------------------
# Celery with a Redis broker, e.g. redis://127.0.0.1:6379/6. Empty (the
# default): no broker, every task runs in-process after its commit, as before
# workers, and the periodic jobs stay management commands run by cron.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Tasks write their results to the database; Celery keeps none.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# At-least-once: a task is acknowledged when it ends, so a worker killed
# mid-task (or a lost child process) has it delivered again; every task is
# idempotent. One task reserved at a time per process, so none waits behind a
# long one while another worker is idle.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker connection lost mid-task: cancel the task (it is delivered again)
# rather than finish it and have the new delivery run it a second time.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis has no acknowledgements of its own: a task delivered but not
# acknowledged within this many seconds (its worker died) is delivered again.
# It must exceed the longest task (the nightly reconcile_ledger): a task still
# running past it would be run a second time alongside.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Without a broker a stray `.delay()` runs at once instead of failing to
# connect; `marketplace.background.dispatch` is the way to queue work.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A worker's Prometheus metrics (task failures, the last reconcile's
# differences) on this port when set (docs/observability.md).
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
CELERY_METRICS_ADDRESS = env("CELERY_METRICS_ADDRESS", default="127.0.0.1")
# With a broker, uploads this large (bytes) have their thumbnails made by a
# worker; the display image stands in for them until then.
PHOTO_BACKGROUND_THUMBNAILS_BYTES = env.int(
    "PHOTO_BACKGROUND_THUMBNAILS_BYTES", default=2 * 1024 * 1024
)
# Who is mailed when the nightly reconcile_ledger finds a difference
# (comma-separated addresses).
ADMINS = [(address, address) for address in env.list("ADMINS", default=[])]

# --- Galera cluster (docs/galera.md) ---
# DATABASE_GALERA=true when DATABASE_URL is a node of a MariaDB Galera cluster
# (scripts/topology/galera.sh). Each connection then waits, before every read,
# until its node has applied what the cluster committed before it
# (wsrep_sync_wait=1): a page read on one node right after a write on another
# sees that write. Conflicting writes on two nodes lose at COMMIT with 1213,
# which the services retry (marketplace/retry.py, ORDER_TRANSACTION_ATTEMPTS).
DATABASE_GALERA = env.bool("DATABASE_GALERA", default=False)
if DATABASE_GALERA and DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # One SET statement: the connection runs init_command as it is.
    DATABASES["default"]["OPTIONS"]["init_command"] += ", wsrep_sync_wait = 1"
