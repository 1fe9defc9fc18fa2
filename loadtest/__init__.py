"""`make loadtest`: the production server on PostgreSQL under load, then the checks.

See docs/loadtest.md.
"""
