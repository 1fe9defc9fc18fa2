"""The relevance suite: what a knowledgeable person expects the real catalog to suggest.

Each case is a worker's description (free text, ticked assets, a place) and where the platforms
that obviously fit it must rank among the first ten results. Ranks are 1-based positions, never
scores: the assertions hold as long as the order a person would expect holds. When a case
fails, fix the data first (data/vocabulary.yaml concepts and terms, the `skills:` and `tags:`
of entries in data/platforms.yaml), not the expectation.
"""

import math
from dataclasses import dataclass, field

import pytest

from peers.discovery.catalog import read_catalog
from peers.discovery.matcher import MatchResults, WorkerProfile, match_platforms
from peers.discovery.places import resolve_place
from tests.sites import CATALOGS

pytestmark = pytest.mark.relevance

LIMIT = 10

# Groups of platforms used by several cases.
DELIVERY = {"uber-eats", "doordash", "grubhub", "deliveroo", "wolt", "glovo", "instacart", "shipt",
            "amazon-flex", "bolt", "grab", "gojek"}
SELLING = {"etsy", "ebay", "poshmark", "depop", "vinted", "mercari"}
SPACE = {"neighbor", "spothero", "justpark", "swimply", "peerspace"}
GEAR = {"fat-llama", "kitsplit", "sharegrid"}
NOT_IN_UK = {"doordash", "grubhub", "instacart", "shipt", "lyft", "wolt"}


@dataclass(frozen=True)
class Case:
    text: str = ""
    assets: tuple[str, ...] = ()
    place: str | None = None
    # slug -> the lowest rank it may have (1 = first result)
    ranks: dict[str, int] = field(default_factory=dict)
    # slugs that must not be among the results at all (they do not operate there)
    absent: frozenset[str] = frozenset()
    # (n, slugs): every one of the first n results is one of these slugs
    top: tuple[int, frozenset[str]] | None = None
    # (from, to): a merged platform named in the text leads to its successor
    redirect: tuple[str, str] | None = None
    # the "did you mean" the worker is offered (None: the text is left alone)
    suggestion: str | None = None


def case(case_id: str, text: str = "", *, assets=(), place=None, ranks=None, absent=(),
         top=None, redirect=None, suggestion=None):
    body = Case(text, tuple(assets), place, dict(ranks or {}), frozenset(absent),
                (top[0], frozenset(top[1])) if top else None, redirect, suggestion)
    return pytest.param(body, id=case_id)


CASES = [
    # -- home sharing --------------------------------------------------------------------------
    case("spare-bedroom", "I have a spare bedroom", ranks={"airbnb": 3, "vrbo": 5}),
    case("spare-room-asset", assets=["spare-room"], ranks={"airbnb": 3}),
    case("spare-room-asset-paris", assets=["spare-room"], place="Paris", ranks={"airbnb": 1}),
    case("holiday-cabin", "I own a holiday cabin in the mountains",
         ranks={"vrbo": 2, "airbnb": 3}),
    case("whole-home-asset", assets=["home"], ranks={"vrbo": 2, "airbnb": 2}),
    case("homeaway-leads-to-vrbo", "homeaway", ranks={"vrbo": 1},
         redirect=("homeaway", "vrbo")),
    # -- pets ----------------------------------------------------------------------------------
    case("love-dogs", "I love dogs", ranks={"rover": 2, "wag": 5}),
    case("pup-sitting", "pup sitting", ranks={"rover": 2, "wag": 5}),
    case("cat-sitting", "cat sitting", ranks={"rover": 2}),
    case("pet-boarding-at-home", "pet boarding in my home", assets=["dog-friendly-home"],
         ranks={"rover": 2, "wag": 3}),
    case("dog-walking-berlin", "dog walking", place="Berlin", ranks={"rover": 1},
         absent={"wag", "dogvacay"}),
    case("dogvacay-leads-to-rover", "dogvacay", ranks={"rover": 1},
         redirect=("dogvacay", "rover")),
    # -- tasks and home services ---------------------------------------------------------------
    case("handyman-furniture", "handyman, I can assemble furniture",
         ranks={"taskrabbit": 2, "handy": 5, "thumbtack": 5}),
    case("tv-mounting-ikea", "mount tv, ikea assembly", ranks={"taskrabbit": 1, "handy": 3}),
    case("house-cleaning", "house cleaning",
         ranks={"handy": 2, "thumbtack": 5, "taskrabbit": 5}),
    case("lawn-and-garden", "lawn mowing, gardening", ranks={"thumbtack": 2, "taskrabbit": 3}),
    case("tools-asset", assets=["tools"], ranks={"fat-llama": 3, "taskrabbit": 5}),
    # -- ridesharing and carpooling ------------------------------------------------------------
    case("carpool-to-work", "carpool to work", ranks={"blablacar": 3, "scoop": 3}),
    case("carpool-lyon", "carpool", place="Lyon", ranks={"blablacar": 1},
         absent={"scoop", "waze-carpool", "lyft"}),
    # Waze Carpool closed in 2022: where it ran, it is still listed, but after every active fit.
    case("carpool-mexico-city", "carpool to work", place="Mexico City",
         ranks={"blablacar": 1, "waze-carpool": LIMIT}, absent={"scoop"}),
    case("carpool-commute-austin", "carpool commute", place="Austin, TX",
         ranks={"scoop": 1, "waze-carpool": LIMIT}, absent={"blablacar"}),
    case("drive-people-paris", "drive people around", place="Paris",
         ranks={"uber": 3, "bolt": 3, "freenow": 3}, absent={"lyft", "grab", "didi"}),
    case("taxi-driver-dublin", "taxi driver", place="Dublin",
         ranks={"freenow": 3, "uber": 3, "bolt": 3}, absent={"lyft"}),
    case("motorbike-taxi-jakarta", "motorbike taxi", place="Jakarta",
         ranks={"gojek": 2, "grab": 2}),
    case("motorbike-bangkok", "I own a motorbike", place="Bangkok", ranks={"grab": 1}),
    case("car-and-phone-assets", assets=["car", "smartphone"], ranks={"uber": 3, "lyft": 3}),
    # -- car sharing ---------------------------------------------------------------------------
    case("car-sits-unused", "my car sits unused all week", ranks={"turo": 2, "getaround": 5}),
    case("rent-my-car-asset", "rent my car", assets=["car"], ranks={"turo": 2, "getaround": 5}),
    # Turo runs in France since OuiCar's hosts moved onto it (November 2023).
    case("rent-car-paris", "rent out my car", place="Paris", ranks={"getaround": 2, "turo": 2},
         absent={"zipcar"}),
    case("rent-car-manchester", "rent my car", place="Manchester, UK", ranks={"turo": 1},
         absent={"getaround"}),
    # -- delivery ------------------------------------------------------------------------------
    case("bike-food-delivery", "deliver food on my bike",
         ranks={"deliveroo": 5, "uber-eats": 5, "doordash": 5}),
    case("bike-food-delivery-london", "deliver food on my bike", place="London",
         ranks={"deliveroo": 3, "uber-eats": 3}, absent=NOT_IN_UK),
    case("groceries-austin", "groceries", place="Austin, TX",
         ranks={"instacart": 3, "shipt": 3}, absent={"deliveroo"}),
    case("food-delivery-helsinki", "food delivery", place="Helsinki", ranks={"wolt": 1},
         absent={"deliveroo", "doordash", "glovo"}),
    case("packages-by-car", "deliver packages with my car", ranks={"amazon-flex": 2}),
    case("bike-asset", assets=["bike"], ranks={"deliveroo": 3}, top=(5, DELIVERY)),
    case("postmates-leads-to-uber-eats", "postmates", ranks={"uber-eats": 1},
         redirect=("postmates", "uber-eats")),
    case("dasher", "dasher", ranks={"doordash": 1}),
    # -- food experiences ----------------------------------------------------------------------
    case("dinner-parties", "I cook for friends, dinner parties", ranks={"eatwith": 3}),
    case("cooking-class", "cooking class", ranks={"eatwith": 2, "airbnb-experiences": 3}),
    case("kitchen-asset", assets=["kitchen"], ranks={"eatwith": 1}),
    # -- freelance online ----------------------------------------------------------------------
    case("graphic-design-logos", "graphic design logos",
         ranks={"99designs": 3, "fiverr": 3, "upwork": 3}),
    case("python-developer", "python developer",
         ranks={"upwork": 3, "topcoder": 3, "fiverr": 3}),
    case("writer-translator", "freelance writer, translation", ranks={"upwork": 3, "fiverr": 3}),
    case("proofreading", "proofreading", ranks={"upwork": 3, "fiverr": 3}),
    case("virtual-assistant", "virtual assistant", ranks={"upwork": 1}),
    case("voice-over", "voice over", ranks={"fiverr": 1}),
    case("coding-challenges", "coding challenges", ranks={"topcoder": 1}),
    case("illustration", "illustration", ranks={"99designs": 2, "fiverr": 3}),
    # -- selling goods -------------------------------------------------------------------------
    case("sell-old-clothes", "sell my old clothes",
         ranks={"poshmark": 4, "depop": 4, "vinted": 4, "ebay": 4}, top=(4, SELLING)),
    case("handmade-jewellery", "handmade jewellery", ranks={"etsy": 2}),
    case("vintage-streetwear", "vintage streetwear", ranks={"depop": 1}),
    case("sell-clothes-berlin", "sell clothes", place="Berlin", ranks={"vinted": 1},
         absent={"poshmark", "depop", "mercari"}),
    case("garage-sale-flipping", "flip items from garage sales",
         ranks={"ebay": 2, "mercari": 4}, top=(3, SELLING)),
    case("collectibles", "collectibles", ranks={"ebay": 1}),
    case("things-to-sell-asset", assets=["things-to-sell"], top=(6, SELLING)),
    # -- space rental --------------------------------------------------------------------------
    case("driveway-stadium", "driveway near the stadium",
         ranks={"spothero": 3, "justpark": 3, "neighbor": 3}),
    case("parking-asset", assets=["parking-space"],
         ranks={"spothero": 3, "justpark": 3, "neighbor": 3}),
    case("parking-london", "parking", place="London", ranks={"justpark": 1},
         absent={"spothero", "neighbor"}),
    case("garage-storage", "empty garage for storage", ranks={"neighbor": 2}, top=(3, SPACE)),
    case("storage-asset", assets=["storage-space"], ranks={"neighbor": 1}),
    case("backyard-pool", "backyard pool", ranks={"swimply": 1}),
    case("pool-asset", assets=["yard-or-pool"], ranks={"swimply": 1}),
    case("photo-studio-loft", "photo studio loft for shoots", ranks={"peerspace": 2}),
    case("event-space-asset", assets=["event-space"], ranks={"peerspace": 1}),
    # -- equipment rental ----------------------------------------------------------------------
    case("camera-lenses", "rent out my camera lenses",
         ranks={"kitsplit": 3, "sharegrid": 3, "fat-llama": 3}),
    case("camera-gear-asset", assets=["camera-gear"], top=(3, GEAR)),
    case("drone", "I have a drone", ranks={"fat-llama": 2}),
    case("power-tools", "rent out my power tools", ranks={"fat-llama": 1}),
    # -- tutoring and teaching -----------------------------------------------------------------
    case("maths-for-kids", "teach maths to kids online",
         ranks={"outschool": 3, "wyzant": 3, "varsity-tutors": 3}),
    case("teach-english", "teach english", ranks={"cambly": 3, "preply": 3, "italki": 3}),
    case("speak-spanish", "I speak Spanish and English", ranks={"preply": 3, "italki": 3}),
    # -- care ----------------------------------------------------------------------------------
    case("babysitting", "babysitting", ranks={"care-com": 2, "sittercity": 2}),
    case("nanny", "nanny", ranks={"care-com": 2, "sittercity": 2}),
    case("elder-care", "senior care, elderly companion", ranks={"care-com": 1}),
    # -- tours and experiences -----------------------------------------------------------------
    case("show-tourists", "show tourists my city",
         ranks={"withlocals": 3, "toursbylocals": 3, "airbnb-experiences": 3}),
    case("food-tour", "food tour", ranks={"withlocals": 3, "eatwith": 3}),
    # -- microtasks ----------------------------------------------------------------------------
    case("online-surveys", "online surveys from home",
         ranks={"prolific": 3, "mechanical-turk": 3, "clickworker": 5}),
    case("surveys-germany", "surveys", place="Germany", ranks={"prolific": 1},
         absent={"mechanical-turk"}),
    case("data-entry", "data entry from home", ranks={"clickworker": 3, "mechanical-turk": 3}),
    case("test-websites", "test websites and apps", ranks={"usertesting": 1}),
    # -- moving and hauling --------------------------------------------------------------------
    case("pickup-truck-moving", "pickup truck, help people move", ranks={"lugg": 3, "dolly": 3}),
    case("van-asset", assets=["van"], ranks={"lugg": 2, "dolly": 2}),
    case("junk-removal", "junk removal", ranks={"dolly": 1}),
    # -- misspellings --------------------------------------------------------------------------
    case("dog-walking-typo", "dog wlaking", ranks={"rover": 2, "wag": 3},
         suggestion="dog walking"),
    case("babysitting-typo", "babysiting", suggestion="babysitting"),
    case("tutoring-typo", "tutorng", suggestion="tutoring"),
    case("handyman-typo", "handymn", suggestion="handyman"),
    case("pet-sitting-typo", "pet sittng", ranks={"rover": 2, "wag": 2},
         suggestion="pet sitting"),
]


def run(app, body: Case) -> MatchResults:
    with app.app_context():
        place = resolve_place(body.place) if body.place else None
        return match_platforms(WorkerProfile(body.text, body.assets, place), limit=LIMIT)


def rank(results: MatchResults, slug: str) -> float:
    """1-based position of the platform in the results, or infinity when it is not there."""
    order = [m.slug for m in results.matches]
    return order.index(slug) + 1 if slug in order else math.inf


def describe(results: MatchResults) -> str:
    return ", ".join(f"{i}. {m.slug}" + ("" if m.status == "active" else f" ({m.status})")
                     for i, m in enumerate(results.matches, 1)) or "(no results)"


@pytest.mark.parametrize("body", CASES)
def test_relevance(app, body: Case):
    results = run(app, body)
    shown = describe(results)
    for slug, worst in body.ranks.items():
        assert rank(results, slug) <= worst, f"{slug} should be in the top {worst}: {shown}"
    for slug in body.absent:
        assert rank(results, slug) == math.inf, f"{slug} does not operate there: {shown}"
    if body.top:
        n, allowed = body.top
        stray = [m.slug for m in results.matches[:n] if m.slug not in allowed]
        assert not stray, f"{stray} should not be in the top {n}: {shown}"
    if body.redirect:
        assert body.redirect in {(r.from_slug, r.to_slug) for r in results.redirects}, shown
    # Whatever the case: closed and merged platforms never outrank an active one, and every
    # result says why it matched.
    statuses = [m.status for m in results.matches]
    first_inactive = next((i for i, s in enumerate(statuses) if s != "active"), len(statuses))
    assert all(s != "active" for s in statuses[first_inactive:]), shown
    assert all(m.reasons for m in results.matches), shown


# Known gaps: correctly spelled words that "did you mean" still rewrites because no platform
# text and no vocabulary entry has them. The fix belongs in the matcher
# (peers.discovery.matcher._suggestion), not in the data. Each entry is checked to still be a
# gap, so the fix makes it fail and says to delete the entry. (Not xfail: under CI=true an
# xfail counts as a skip, and a skip fails the run.)
SUGGESTION_NEEDS_MATCHER: dict[str, str] = {}


@pytest.mark.parametrize("body", CASES)
def test_did_you_mean(app, body: Case, request):
    """A misspelling gets a suggestion; a correctly spelled description is left alone."""
    suggestion = run(app, body).suggestion
    gap = SUGGESTION_NEEDS_MATCHER.get(request.node.callspec.id)
    if gap:
        assert suggestion != body.suggestion, (
            f"fixed ({gap}): delete this case from SUGGESTION_NEEDS_MATCHER")
        return
    assert suggestion == body.suggestion, f"did you mean {suggestion!r} for {body.text!r}"


def test_every_expected_platform_is_in_the_catalog(app):
    catalog = read_catalog(CATALOGS["real"], app.config["VOCABULARY_PATH"])
    slugs = {p.slug for p in catalog.platforms}
    named = DELIVERY | SELLING | SPACE | GEAR | NOT_IN_UK
    for param in CASES:
        body = param.values[0]
        named |= set(body.ranks) | body.absent | (body.top[1] if body.top else set())
        named |= set(body.redirect or ())
    assert sorted(named - slugs) == []


def test_every_case_is_distinct_and_there_are_enough():
    ids = [param.id for param in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 30
    assert set(SUGGESTION_NEEDS_MATCHER) <= set(ids)
