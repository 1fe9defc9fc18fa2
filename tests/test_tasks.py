"""The task queue: mail goes through the worker when MAIL_QUEUED, and a failed send is retried
by the worker rather than lost."""

from datetime import timedelta
from pathlib import Path

import pytest

from peers import create_app
from peers.accounts import mail
from peers.tasks import backend_of, huey
from tests.helpers import mails


@pytest.fixture
def queued_app(make_app, tmp_path, monkeypatch):
    """A site whose mail waits in a SQLite queue file for a worker, as under `make run`."""
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app("empty", TASKS_BACKEND="sqlite",
                   TASKS_SQLITE_PATH=str(tmp_path / "tasks.db"))
    yield app
    huey.storage.flush_all()


def run_one(app, timestamp=None):
    """What the worker does for one task: take it off the queue (or the schedule) and run it."""
    task = huey.dequeue()
    if task is None:
        due = huey.read_schedule(timestamp)
        assert len(due) == 1, "nothing waiting on the queue or the schedule"
        task = due[0]
    with app.app_context():  # the worker runs tasks in its app (`flask peers worker`)
        huey.execute(task, timestamp)
    return task


def test_queued_mail_is_sent_by_the_worker_not_by_the_caller(queued_app):
    assert queued_app.config["MAIL_QUEUED"] is True
    with queued_app.app_context():
        mail.send_mail("ana@example.org", "Hello", "From the queue.")
    assert mails(queued_app) == []  # the request only queued it
    assert len(huey) == 1
    run_one(queued_app)
    [message] = mails(queued_app)
    assert message["Subject"] == "Hello" and message["To"] == "ana@example.org"


def test_a_failed_send_is_retried_later_and_not_lost(queued_app, monkeypatch):
    written = mail._write_file
    attempts = []

    def mail_server_down_once(message, folder=None):
        attempts.append(message["Subject"])
        if len(attempts) == 1:
            raise OSError("connection refused")
        return written(message, folder)

    monkeypatch.setattr(mail, "_write_file", mail_server_down_once)
    with queued_app.app_context():
        mail.send_mail("ben@example.org", "Your digest", "News.",
                       headers={"List-Unsubscribe": "<https://peers.example/u/x>"})
    first = run_one(queued_app)
    assert mails(queued_app) == []
    assert len(huey) == 0 and huey.scheduled_count() == 1  # kept, to be tried again later
    retry = run_one(queued_app, timestamp=huey._get_timestamp() + timedelta(hours=1))
    assert retry.id == first.id and retry.retries == mail.MAIL_RETRIES - 1
    assert attempts == ["Your digest", "Your digest"]
    [message] = mails(queued_app)
    assert message["List-Unsubscribe"] == "<https://peers.example/u/x>"
    assert huey.scheduled_count() == 0


def test_a_send_failing_every_time_is_kept_for_the_operator(queued_app, monkeypatch):
    written = mail._write_file

    def outbox_down(message, folder=None):
        if folder is None:  # the outbox; the folder of failed messages still works
            raise OSError("connection refused")
        return written(message, folder)

    monkeypatch.setattr(mail, "_write_file", outbox_down)
    with queued_app.app_context():
        mail.send_mail("cy@example.org", "Kept", "Body.")
    later = huey._get_timestamp()
    for _ in range(mail.MAIL_RETRIES + 1):
        run_one(queued_app, timestamp=later)
        later += timedelta(days=2)
    assert len(huey) == 0 and huey.scheduled_count() == 0
    assert len(list((Path(queued_app.instance_path) / "mail-failed").glob("*.eml"))) == 1


def test_tests_run_tasks_at_once_and_production_refuses_mail_inside_requests(small_app):
    assert small_app.config["TASKS_BACKEND"] == "immediate"
    assert small_app.config["MAIL_QUEUED"] is False
    assert backend_of({"REDIS_URL": "redis://cache:6379/0"}) == "redis"
    assert backend_of({}) == "sqlite"
    with pytest.raises(RuntimeError, match="TASKS_BACKEND is 'rq'"):
        backend_of({"TASKS_BACKEND": "rq"})
    with pytest.raises(RuntimeError, match="mail is sent by the task worker"):
        create_app({**small_app.config, "ENV": "production", "TESTING": False,
                    "TASKS_BACKEND": "immediate", "MAIL_QUEUED": None,
                    "SECRET_KEY": "Zq8vN2rT5wX1yB4cD7fG0hJ3kL6mP9sU", "SITE_URL":
                    "https://peers.example", "TRUSTED_HOSTS": ["peers.example"]})
