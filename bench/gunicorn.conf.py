"""gunicorn settings for the HTTP benchmark: production's access log, none of its deploy hooks.

The project's gunicorn.conf.py reindexes the site named by the PEERS_* settings before
starting; the benchmark serves a site of its own (bench.wsgi), built and indexed beforehand.
"""

accesslog = "-"  # as in production: every request pays for its log line, the floor too
control_socket_disable = True  # as in production (see gunicorn.conf.py)
