"""gunicorn settings for script/server and production (`gunicorn -c gunicorn.conf.py roadmap_site.wsgi`).

Sync workers: no keep-alive, so load spreads evenly over the workers; on 2 cores they were also the
fastest measured (TECH-NOTES §3, §7.5). Every value can be overridden from the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django reads WEB_CONCURRENCY too: PDF renders take at most workers - 1 of them at a time, site-wide
# (PDF_RENDER_SLOTS), so a burst of PDFs always leaves a worker to readers. Pass the count this way, not
# with --workers, or the PDF limit does not follow.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# The largest PDF (the whole handbook) takes ~5 s under load; leave room before a worker is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Recycle workers now and then so a slow leak (e.g. WeasyPrint/fontconfig caches) cannot grow without
# bound; the jitter keeps both workers from restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # off by default: per-request logging costs CPU
# When it is on, it records the path without the query string: the guide's answers and event times travel
# in query strings and describe a child's case, which is never stored. The logger class strips them from
# every atom (%(r)s, %(q)s, the referer), also when the application fails before Django answers.
logger_class = "roadmap_site.access_log.QuerylessLogger"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'

errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in RAM, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No runtime control socket: nothing uses it, and a second server (e.g. a benchmark) would share its path.
control_socket_disable = True
