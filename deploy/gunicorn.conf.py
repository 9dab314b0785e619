"""The production web server's settings (`make serve` reads them): gunicorn in front of the app,
several processes with a few threads each, requests that take too long ended, and an access log
on standard output. Each setting may be changed through the environment variable named beside it.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Processes and threads: a request waits on the database or the engine jail more than it computes.
workers = int(os.environ.get("WEB_WORKERS", "4"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A request that takes longer than this is ended and its process replaced; an engine step has its
# own, shorter limit (ENGINE_STEP_SECONDS), so this only catches what nothing else did.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Request line and headers: generous for the app, small enough to refuse abuse early.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Behind a reverse proxy, trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
