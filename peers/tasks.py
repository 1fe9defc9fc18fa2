"""The task queue: work a request must not wait for (mail, digests) runs in a worker process.

One huey instance for the site, configured from the app by `init_app`:
- TASKS_BACKEND "sqlite" (the embedded default): a queue file in the instance folder
  (TASKS_SQLITE_PATH, default <instance>/tasks.db);
- "redis" (chosen by itself when PEERS_REDIS_URL is set; TASKS_REDIS_URL overrides it);
- "immediate": tasks run at once inside the caller (the tests' default).
MAIL_QUEUED says whether mail goes through the queue (default: unless immediate); production
refuses to start with mail sent inside requests.

The worker is `flask peers worker` (`make run` starts it beside the dev server; docs/deploy.md).
"""

import functools
import logging
from contextlib import nullcontext
from pathlib import Path

import click
from flask import Flask, current_app, has_app_context, has_request_context
from flask.cli import with_appcontext
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)
BACKENDS = ("sqlite", "redis", "immediate")

huey = Huey("peers", storage_class=MemoryStorage, immediate=True)
_worker_app: list[Flask] = []  # the app a worker process runs its tasks in


def backend_of(config) -> str:
    backend = config.get("TASKS_BACKEND")
    if backend is None:
        if config.get("TESTING"):
            backend = "immediate"
        elif config.get("TASKS_REDIS_URL") or config.get("REDIS_URL"):
            backend = "redis"
        else:
            backend = "sqlite"
    if backend not in BACKENDS:
        raise RuntimeError(f"TASKS_BACKEND is {backend!r}: use one of {', '.join(BACKENDS)}.")
    return backend


def configure(app: Flask) -> None:
    """Point the queue at this app's storage (the last app configured wins in one process)."""
    config = app.config
    backend = backend_of(config)
    config["TASKS_BACKEND"] = backend
    if config.get("MAIL_QUEUED") is None:
        config["MAIL_QUEUED"] = backend != "immediate"
    if config.get("ENV") == "production" and not config["MAIL_QUEUED"] and not app.testing:
        raise RuntimeError("In production mail is sent by the task worker: set "
                           "PEERS_TASKS_BACKEND to sqlite or redis and leave MAIL_QUEUED on.")
    if backend == "redis":
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": config.get("TASKS_REDIS_URL") or config["REDIS_URL"]}
    elif backend == "sqlite":
        path = config.get("TASKS_SQLITE_PATH") or str(Path(app.instance_path) / "tasks.db")
        config["TASKS_SQLITE_PATH"] = path
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": path}
    else:
        huey.storage_class = MemoryStorage
        huey.storage_kwargs = {}
    huey._immediate = backend == "immediate"
    huey.storage = huey.create_storage()


def _in_app(func):
    """Run func inside an app context: the caller's (immediate mode), or the worker's app."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        if has_app_context():
            return func(*args, **kwargs)
        with _worker_app[-1].app_context():
            return func(*args, **kwargs)

    return run


def site_request():
    """A request context on SITE_URL when there is none (a worker, a command), so that pages and
    links can be built the way a request builds them."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config["SITE_URL"])


def app_task(**options):
    """A huey task that runs inside an app context."""
    return lambda func: huey.task(**options)(_in_app(func))


def app_periodic_task(schedule, **options):
    """A periodic huey task, run by the worker inside its app context."""
    return lambda func: huey.periodic_task(schedule, **options)(_in_app(func))


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Threads running tasks.")
@with_appcontext
def worker(workers: int):
    """Run the task worker: sends mail and digests, retries failed sends."""
    if huey.immediate:
        raise click.ClickException("TASKS_BACKEND is immediate: there is no queue to work on.")
    _worker_app.append(current_app._get_current_object())
    logging.basicConfig(level=logging.INFO)
    click.echo(f"Task worker on the {current_app.config['TASKS_BACKEND']} queue.")
    huey.create_consumer(workers=workers, worker_type="thread").run()


def init_app(app: Flask) -> None:
    from peers.cli import add_commands

    configure(app)
    add_commands([worker])
