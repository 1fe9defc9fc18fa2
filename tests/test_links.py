"""page_url: the links every page carries, as url_for gives them, under any script root."""

import re

from flask import url_for


def header_links(response) -> list[str]:
    page = response.get_data(as_text=True)
    header = page[page.index('<header'):page.index('</header>')]
    return re.findall(r'href="([^"]+)"', header)


def test_page_links_follow_the_script_root_of_each_request(small_app):
    client = small_app.test_client()
    plain = header_links(client.get("/"))
    mounted = header_links(client.get("/", base_url="http://localhost/peers/"))
    again = header_links(client.get("/"))
    assert plain == again and "/platforms" in plain and "/login" in " ".join(plain)
    assert mounted == ["/peers" + link for link in plain]
    page = client.get("/", base_url="http://localhost/peers/").get_data(as_text=True)
    assert 'href="/peers/static/css/site.css"' in page


def test_page_url_answers_what_url_for_answers(small_app):
    page_url = small_app.jinja_env.globals["page_url"]
    for script_root in ("", "/peers"):
        with small_app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
            for endpoint, values in (("discovery.platforms", {}), ("accounts.privacy", {}),
                                     ("static", {"filename": "favicon.svg"})):
                assert page_url(endpoint, **values) == url_for(endpoint, **values)
                assert page_url(endpoint, **values) == url_for(endpoint, **values)  # kept
