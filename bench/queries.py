"""The fixed query set: what workers type, tick and say where they live."""

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class BenchQuery:
    text: str
    assets: tuple[str, ...] = ()
    location: str | None = None

    def url(self) -> str:
        """The /discover URL a browser would send for this query."""
        params: list[tuple[str, str]] = [("q", self.text)]
        params += [("assets", a) for a in self.assets]
        if self.location:
            params.append(("location", self.location))
        return "/discover?" + urlencode(params)


# About a third carry assets, a third a place; a few have typos (the "did you mean" path).
QUERIES: tuple[BenchQuery, ...] = (
    BenchQuery("dog walking"),
    BenchQuery("I love dogs and have a big garden", ("dog-friendly-home", "yard-or-pool")),
    BenchQuery("rent out my spare room to travellers", ("spare-room",), "Lyon, France"),
    BenchQuery("drive people around in the evenings", ("car",), "Austin, TX"),
    BenchQuery("deliver food on my bike", ("bike",), "London"),
    BenchQuery("cooking dinner parties for strangers", ("kitchen",)),
    BenchQuery("graphic design and logos"),
    BenchQuery("teach english online", ("computer",)),
    BenchQuery("tutoring maths for high school students", (), "Toronto"),
    BenchQuery("babysitting after school", (), "US"),
    BenchQuery("handyman, furniture assembly, mount tv"),
    BenchQuery("my car sits unused most of the week", ("car",), "Berlin, Germany"),
    BenchQuery("sell vintage clothes and shoes", ("things-to-sell",)),
    BenchQuery("photography, I have a good camera and lenses", ("camera-gear",)),
    BenchQuery("rent my driveway near the stadium", ("parking-space",), "Manchester"),
    BenchQuery("empty garage for storage", ("storage-space",)),
    BenchQuery("backyard pool in summer", ("yard-or-pool",), "Los Angeles"),
    BenchQuery("python programming and web development", ("computer",)),
    BenchQuery("translation french to english, proofreading"),
    BenchQuery("online surveys from home", ("computer", "smartphone")),
    BenchQuery("carpool on my commute to the city", ("car",), "Madrid, Spain"),
    BenchQuery("help people move with my pickup truck", ("van",)),
    BenchQuery("house cleaning"),
    BenchQuery("show tourists around my city, local guide", (), "Rome"),
    BenchQuery("elderly care and companionship"),
    BenchQuery("dog walkng and pet sittng"),  # typos: exercises the suggestion step
    BenchQuery("delivry driver with a scooter", ("bike",)),
    BenchQuery("handmade jewellery and crafts"),
    BenchQuery("power tools and a drill I could lend", ("tools",)),
    BenchQuery("sailing trips on my boat", ("boat",), "Barcelona"),
    BenchQuery("music lessons, piano and guitar"),
    BenchQuery("grocery shopping and errands for neighbours", (), "Sydney, Australia"),
)
