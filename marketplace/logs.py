"""Log lines: plain text or one JSON object a line, each with the request id.

LOG_FORMAT picks the formatter (settings.LOGGING); gunicorn.conf.py uses the
same JSON shape for gunicorn's own and access logs (`GunicornLogger`), so a
log collector reads one format whatever wrote the line. Nothing here reads
Django's settings: gunicorn imports it before Django is set up.
"""

import logging

from gunicorn import glogging
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

from marketplace import request_id

# What a line says when no request or task is being served.
NO_REQUEST = "-"


class RequestIdFilter(logging.Filter):
    """Give every record the current request id (`request_id`), or "-".

    A record that already carries one (gunicorn's access line, written after
    the request's context is gone, passes the id from the response header)
    keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or NO_REQUEST
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id, extras.

    `time` is ISO 8601 in UTC. An exception's traceback is in `exc_info`.
    Extra fields given with `extra=` are kept, except Django's `request`
    object (its repr would carry the query string; the request id leads to
    the access line instead).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        super().__init__(
            "{levelname}{name}{message}{request_id}", *args, style="{", **kwargs
        )


class GunicornLogger(glogging.Logger):
    """gunicorn's logger writing JSON lines: its own messages and the access log.

    An access line has the request id from the response's X-Request-ID
    header (set by marketplace.middleware.RequestIdMiddleware), so it joins
    the application's lines of the same request.
    """

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False):
                    handler.setFormatter(JsonFormatter())
                    handler.addFilter(RequestIdFilter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        method, path = atoms["m"] or "-", atoms["U"] or "-"
        self.access_log.info(
            "%s %s %s",
            method,
            path,
            atoms["s"],
            extra={
                "request_id": atoms.get("{x-request-id}o") or NO_REQUEST,
                "remote_addr": atoms["h"],
                "method": method,
                "path": path,
                "query": atoms["q"] or "",
                "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else 0,
                "bytes": atoms["B"] or 0,
                "duration_ms": round(atoms["D"] / 1000, 1),
                "referer": atoms["f"],
                "user_agent": atoms["a"],
                "forwarded_for": atoms.get("{x-forwarded-for}i", ""),
            },
        )
