"""No input, however odd, produces a 500 on the discovery page or the API."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peers.pagination import MAX_PAGE

ODD = st.one_of(
    st.text(max_size=600),
    st.sampled_from(['"', "*", "OR (", "AND", "NOT", "name:rover", "dog~2", "a" * 10_000,
                     "🐶🏠🚗", "\x00\x01\x1b[31m", "' OR 1=1 --", "<script>", "%00", "\\", "((((",
                     "Lyon, France, , ,", "🙂, 🙂", "title:(a OR b)^3"]),
)
ASSETS = st.lists(st.sampled_from(["car", "spare-room", "yacht", "", ",", "🐶", "CAR"]),
                  max_size=4)
NUMBERS = st.one_of(st.integers(-10**6, 10**6).map(str), st.sampled_from(["", "1e9", "NaN", "x"]))
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def fuzz_client(small_client):
    return small_client


@FUZZ
@given(q=ODD, location=ODD, assets=ASSETS, hours=NUMBERS)
def test_discover_page_never_500s(fuzz_client, q, location, assets, hours):
    query = urlencode({"q": q, "location": location, "hours": hours, "assets": assets},
                      doseq=True)
    response = fuzz_client.get(f"/discover?{query}")
    assert response.status_code in (200, 400)


@FUZZ
@given(q=ODD, location=ODD, assets=ASSETS, limit=NUMBERS)
def test_discover_api_never_500s(fuzz_client, q, location, assets, limit):
    query = urlencode({"q": q, "location": location, "limit": limit,
                       "assets": ",".join(assets)})
    response = fuzz_client.get(f"/api/v1/discover?{query}")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert set(response.json["error"]) == {"code", "message", "field"}


@FUZZ
@given(page=NUMBERS, per_page=NUMBERS, region=ODD, category=ODD)
def test_platform_lists_never_500(fuzz_client, page, per_page, region, category):
    query = urlencode({"page": page, "per_page": per_page, "region": region,
                       "category": category})
    nul = "\x00" in region + category  # NUL: refused site-wide
    good_page = page.isdigit() and 1 <= int(page) <= MAX_PAGE
    api_status = 200 if good_page and per_page.isdigit() and 1 <= int(per_page) <= 100 else 400
    assert fuzz_client.get(f"/api/v1/platforms?{query}").status_code == (400 if nul else
                                                                         api_status)
    page_status = 200 if (good_page or page == "") and not nul else 400  # empty: page 1
    assert fuzz_client.get(f"/platforms?{query}").status_code == page_status
