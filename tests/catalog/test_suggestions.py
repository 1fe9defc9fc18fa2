"""Workers suggest corrections and platforms; moderators accept or reject them; an accepted
correction changes the fact, shows in its history, survives reloading the catalog file and
is written back by export-catalog."""

import re

import pytest
import sqlalchemy as sa
import yaml

from peers.catalog.models import CatalogSuggestion, FactChange
from peers.discovery.models import Platform
from peers.extensions import db
from tests.helpers import login, post_form, text_of
from tests.sites import CATALOGS

SOURCE = "https://www.airbnb.com/help/article/1857"
PAGE = "/catalog/suggest?platform=airbnb&fact=fee"


def suggest(client, **fields):
    data = {"platform": "airbnb", "fact": "fee", "text": "Hosts pay 15.5% of each booking",
            "number": "15.5", "source": SOURCE, **fields}
    return post_form(client, PAGE, "/catalog/suggest", data)


def suggestions(app) -> list[CatalogSuggestion]:
    with app.app_context():
        return list(db.session.scalars(sa.select(CatalogSuggestion)))


def fee_of(app, slug="airbnb"):
    with app.app_context():
        return db.session.scalar(sa.select(Platform.fee).where(Platform.slug == slug))


@pytest.fixture
def worker_client(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    return client


@pytest.fixture
def moderator_client(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app, role="moderator"))
    return client


def decide(client, suggestion_id: int, action: str, reason="Checked against the source."):
    return post_form(client, "/moderation", f"/moderation/suggestions/{suggestion_id}/decision",
                     {"action": action, "reason": reason})


def test_every_platform_page_links_a_correction_per_fact(small_client):
    page = small_client.get("/platforms/airbnb").get_data(as_text=True)
    for fact in ("fee", "advertised_pay", "regions", "min_age", "worker_protection",
                 "worker_classification"):
        assert f"/catalog/suggest?platform=airbnb&amp;fact={fact}" in page
    assert "/catalog/suggest-platform" in small_client.get("/platforms").get_data(as_text=True)


def test_an_accepted_correction_changes_the_fact_with_a_dated_history(
        small_app, worker_client, moderator_client):
    response = suggest(worker_client)
    assert response.status_code == 302
    [waiting] = suggestions(small_app)
    assert waiting.status == "waiting" and fee_of(small_app)["percent"] == 3
    queue = text_of(moderator_client.get("/moderation"))
    assert "Hosts pay 15.5% of each booking" in queue and "Suggested catalog changes" in queue
    assert decide(moderator_client, waiting.id, "accept").status_code == 302
    fee = fee_of(small_app)
    assert fee["percent"] == 15.5 and fee["source"] == SOURCE
    page = text_of(worker_client.get("/platforms/airbnb"))
    assert re.search(r"Fee changed from 3% to 15\.5% on \d{4}-\d\d-\d\d, source", page)
    queue = text_of(moderator_client.get("/moderation"))
    assert "No suggested catalog changes are waiting" in queue


def test_a_rejected_correction_changes_nothing(small_app, worker_client, moderator_client):
    suggest(worker_client)
    [waiting] = suggestions(small_app)
    decide(moderator_client, waiting.id, "reject", "The page says 3%.")
    assert fee_of(small_app)["percent"] == 3
    assert suggestions(small_app)[0].status == "rejected"
    with small_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(FactChange.id))) == 0


@pytest.mark.parametrize("fields, field_id, message", [
    ({"source": "not a link"}, "source", "full address"),
    ({"source": ""}, "source", "Give the public page"),
    ({"platform": "no-such-platform"}, "platform", "no such platform"),
    ({"number": "150"}, "number", "percentage from 0 to 100"),
    ({"fact": "regions", "text": "FR, XX"}, "text", "unknown: XX"),
])
def test_bad_suggestions_get_a_field_error_and_store_nothing(
        small_app, worker_client, fields, field_id, message):
    response = suggest(worker_client, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field_id}-error" role="alert">([^<]*)</p>', page)
    assert error and message in error.group(1)
    assert suggestions(small_app) == []


def test_only_confirmed_workers_may_suggest(small_app, make_user):
    client = small_app.test_client()
    assert client.get(PAGE).status_code == 302  # to the login page
    login(client, make_user(small_app, confirmed=False))
    assert suggest(client).status_code == 403
    assert suggestions(small_app) == []


def test_suggestions_are_rate_limited(small_app, worker_client):
    small_app.config["SUGGESTION_LIMIT"] = "2 per hour"
    assert [suggest(worker_client).status_code for _ in range(3)] == [302, 302, 429]
    assert len(suggestions(small_app)) == 2


def test_a_worker_suggests_a_platform(small_app, worker_client, moderator_client):
    response = post_form(worker_client, "/catalog/suggest-platform", "/catalog/suggest-platform",
                         {"text": "Gudog", "url": "https://gudog.com",
                          "source": "https://www.irishexaminer.com/business/companies/"
                                    "arid-41622742.html"})
    assert response.status_code == 302
    assert "New platform: Gudog" in text_of(moderator_client.get("/moderation"))
    bad = post_form(worker_client, "/catalog/suggest-platform", "/catalog/suggest-platform",
                    {"text": "Nowhere", "url": "nowhere", "source": "https://example.org/x"})
    assert bad.status_code == 400 and len(suggestions(small_app)) == 1


def test_only_moderators_decide(small_app, worker_client):
    suggest(worker_client)
    [waiting] = suggestions(small_app)
    response = worker_client.post(f"/moderation/suggestions/{waiting.id}/decision",
                                  data={"action": "accept", "reason": "mine"})
    assert response.status_code in (400, 403)
    assert fee_of(small_app)["percent"] == 3


def _accept(small_app, worker_client, moderator_client, **fields):
    suggest(worker_client, **fields)
    waiting = [s for s in suggestions(small_app) if s.status == "waiting"][0]
    decide(moderator_client, waiting.id, "accept")


def test_reloading_the_file_keeps_an_accepted_correction_and_says_so(
        small_app, worker_client, moderator_client):
    _accept(small_app, worker_client, moderator_client)
    runner = small_app.test_cli_runner()
    result = runner.invoke(args=["peers", "load-platforms", str(CATALOGS["small"])])
    assert result.exit_code == 0, result.output
    assert "airbnb: fee differs: the file says '3%'" in result.output
    assert "says '15.5%'; kept the accepted value" in result.output
    assert fee_of(small_app)["percent"] == 15.5
    result = runner.invoke(args=["peers", "load-platforms", str(CATALOGS["small"]),
                                 "--prefer-file"])
    assert "kept the file value" in result.output and fee_of(small_app)["percent"] == 3


def test_export_writes_the_accepted_correction_and_its_history_back(
        small_app, worker_client, moderator_client, tmp_path):
    _accept(small_app, worker_client, moderator_client)
    _accept(small_app, worker_client, moderator_client, fact="regions", text="FR, DE", number="")
    out = tmp_path / "merged.yaml"
    result = small_app.test_cli_runner().invoke(
        args=["peers", "export-catalog", str(out), "--from", str(CATALOGS["small"])])
    assert result.exit_code == 0, result.output
    airbnb = next(p for p in yaml.safe_load(out.read_text())["platforms"] if p["slug"] == "airbnb")
    assert airbnb["fee"]["percent"] == 15.5 and airbnb["regions"] == ["DE", "FR"]
    assert [c["fact"] for c in airbnb["changes"]] == ["fee", "regions"]
    # Loading the exported file reports no difference and changes nothing.
    result = small_app.test_cli_runner().invoke(args=["peers", "load-platforms", str(out)])
    assert result.exit_code == 0 and "differs" not in result.output
    assert fee_of(small_app)["percent"] == 15.5
    with small_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(FactChange.id))) == 2


def test_a_corrected_country_list_keeps_its_source_through_a_reload(
        small_app, worker_client, moderator_client):
    _accept(small_app, worker_client, moderator_client, fact="regions", text="fr, de",
            number="", source="https://news.airbnb.com/countries")
    result = small_app.test_cli_runner().invoke(
        args=["peers", "load-platforms", str(CATALOGS["small"])])
    assert "airbnb: regions differs: the file says 'worldwide'" in result.output
    with small_app.app_context():
        airbnb = db.session.scalar(sa.select(Platform).where(Platform.slug == "airbnb"))
        assert airbnb.regions == ["DE", "FR"]
        assert airbnb.regions_source == "https://news.airbnb.com/countries"
    assert "France, Germany" in text_of(worker_client.get("/platforms/airbnb"))
