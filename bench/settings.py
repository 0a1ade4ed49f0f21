"""Settings for the benchmark server: the project's own, plus /bench/bare.

Only bench/load.py uses this (DJANGO_SETTINGS_MODULE=bench.settings).
"""

from marketplace.settings import *  # noqa: F403
from marketplace.settings import LOGGING, env

ROOT_URLCONF = "bench.benchurls"

# BENCH_SQL_LOG=true logs every query (django.db.backends at DEBUG). Django
# only logs queries when DEBUG is on or a debug cursor is forced (as
# bench/load.py's --explain step does); never use it while measuring.
if env.bool("BENCH_SQL_LOG", default=False):
    LOGGING["loggers"]["django.db.backends"] = {"level": "DEBUG"}
