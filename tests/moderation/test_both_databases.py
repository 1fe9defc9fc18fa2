"""Votes, flags, replies, decisions and the pages that read them, on SQLite and PostgreSQL."""

from tests.factories import (
    earnings,
    many_users,
    platform_id,
    platform_review_row,
    summary_of,
    write_platform_review,
)
from tests.helpers import login, post, text_of


def test_a_review_from_vote_to_restore(any_db_app, make_user):
    app = any_db_app
    client = app.test_client()
    writers = many_users(app, 3, prefix="writer")
    ids = [write_platform_review(app, u, "rover", overall=s, issues=("late-pay",),
                                 **earnings("200", "10"))
           for u, s in zip(writers, (5, 4, 1), strict=True)]
    reader, moderator = make_user(app), make_user(app, role="moderator")
    representative = make_user(app, represents_platform_id=platform_id(app, "rover"))

    login(client, reader)
    for _ in range(2):
        post(client, f"/reviews/{ids[2]}/helpful", "/platforms/rover")
    assert platform_review_row(app, ids[2]).helpful_count == 1
    assert post(client, f"/reviews/{ids[2]}/flag", "/platforms/rover",
                reason="Not about the work.").status_code == 302
    assert post(client, f"/reviews/{ids[2]}/flag", "/platforms/rover",
                reason="Again.").status_code == 409

    login(client, representative)
    assert post(client, f"/reviews/{ids[2]}/reply", "/platforms/rover",
                body="We are sorry to read this.").status_code == 302
    assert "Reply from Rover (verified representative)" in text_of(client.get("/platforms/rover"))

    assert summary_of(app, "rover").count == 3
    login(client, moderator)
    assert "Not about the work." in text_of(client.get("/moderation"))
    assert post(client, f"/moderation/reviews/{ids[2]}/decision", "/moderation",
                action="hide", reason="Off topic.").status_code == 302
    assert summary_of(app, "rover").count == 2
    assert "Off topic." in text_of(client.get("/moderation/log"))
    assert post(client, f"/moderation/reviews/{ids[2]}/decision", "/moderation/hidden",
                action="restore", reason="On appeal.").status_code == 302
    assert summary_of(app, "rover").count == 3

    assert "Late or missing pay 3 100%" in text_of(client.get("/issues"))
    assert "20.00 USD an hour (3 reports)" in text_of(client.get("/compare?p=rover,airbnb"))
    results = text_of(client.get("/discover?q=dog+walking&sort=rating"))
    assert "3.3 out of 5 (3 reviews)" in results


def test_demo_data_fills_either_database(any_db_app):
    result = any_db_app.test_cli_runner().invoke(
        args=["peers", "demo-data", "--reviews", "30", "--seed", "4"])
    assert result.exit_code == 0, result.output
    page = text_of(any_db_app.test_client().get("/issues"))
    assert "From 30 counted reviews" in page
