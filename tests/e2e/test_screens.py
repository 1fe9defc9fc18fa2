"""Every main page at phone and desktop widths: full-page screenshots to look at, and no
horizontal scrolling on a phone."""

from pathlib import Path
from urllib.parse import urlencode

import pytest

SCREENSHOTS = Path(__file__).parent / "screenshots"
SEARCH = "/discover?" + urlencode(
    {
        "q": "I love dogs and walking",
        "assets": "dog-friendly-home",
        "location": "Austin, TX",
        "hours": 10,
    }
)
PAGES = {
    "home": ("/", 200),
    "results": (SEARCH, 200),
    "discover-error": ("/discover?q=&location=&hours=", 400),
    "platforms": ("/platforms", 200),
    "platform-rover": ("/platforms/rover", 200),
    "platform-dogvacay": ("/platforms/dogvacay", 200),
    "category-pet-care": ("/categories/pet-care", 200),
    "not-found": ("/platforms/no-such-platform", 404),
}


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling_on_a_phone(new_page, viewports, live_server, name):
    path, status = PAGES[name]
    page = new_page("phone")
    response = page.goto(live_server + path)
    assert response.status == status
    width = page.evaluate("document.documentElement.scrollWidth")
    phone = viewports["phone"]["width"]
    assert width <= phone, f"{path} is {width}px wide on a {phone}px phone"


def test_screenshots_of_every_main_page(new_page, viewports, live_server):
    """Saves tests/e2e/screenshots/<page>-<phone|desktop>.png, full page, to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for size in viewports:
        page = new_page(size)
        for name, (path, status) in PAGES.items():
            response = page.goto(live_server + path)
            assert response.status == status, path
            target = SCREENSHOTS / f"{name}-{size}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
