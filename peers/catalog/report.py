"""The catalog report: how many active platforms have each fact, which facts may be out of
date, which lack a source. `flask peers catalog-report` prints it; /api/v1/catalog/report
returns the same figures."""

from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa

from peers.catalog.facts import STALE_AFTER_YEARS, is_stale
from peers.core import utcnow
from peers.discovery.catalog_facts import FACT_FIELDS
from peers.discovery.models import WORLDWIDE, Platform, PlatformRegion
from peers.extensions import db

# The share of active platforms each fact should reach (issue #15); None: no target.
TARGETS = {"fee": 75, "advertised_pay": 35, "min_age": 70}
COVERED = ("fee", "advertised_pay", "min_age", "requirements_source", "country_list",
           "regions_source", "worker_protection", "worker_classification", "fairwork", "roles")
COUNTRY_BREADTH = 5  # a country "has" a catalog when this many active platforms name it


@dataclass
class Coverage:
    field: str
    count: int
    share: float  # percent of active platforms, one decimal
    target: int | None


@dataclass
class FactNote:
    slug: str
    fact: str
    as_of: int | None = None


@dataclass
class CatalogReport:
    year: int
    active_platforms: int
    coverage: list[Coverage]
    stale: list[FactNote] = field(default_factory=list)
    without_source: list[FactNote] = field(default_factory=list)
    countries_with_breadth: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["stale_after_years"] = STALE_AFTER_YEARS
        data["country_breadth"] = COUNTRY_BREADTH
        return data


_COLUMNS = (Platform.slug, Platform.requirements, Platform.regions_source,
            Platform.regions_as_of, Platform.fairwork, Platform.roles,
            *(getattr(Platform, name) for name in FACT_FIELDS))


def catalog_report() -> CatalogReport:
    """The report over active platforms, in two queries whatever the catalog's size."""
    year = utcnow().year
    rows = db.session.execute(sa.select(*_COLUMNS).where(Platform.status == "active")
                              .order_by(Platform.slug)).all()
    regions = _regions_of_active()
    counts = dict.fromkeys(COVERED, 0)
    report = CatalogReport(year, len(rows), [])
    for slug, requirements, regions_source, regions_as_of, fairwork, roles, *fact_values in rows:
        requirements, codes = requirements or {}, regions.get(slug, [])
        present = dict(zip(FACT_FIELDS, fact_values, strict=True))
        present.update(
            min_age=requirements.get("min_age"), requirements_source=requirements.get("source"),
            country_list=codes if codes and codes != [WORLDWIDE] else None,
            regions_source=regions_source, fairwork=fairwork or None, roles=roles or None)
        for name in COVERED:
            counts[name] += present[name] is not None
        _notes(report, slug, present, requirements, regions_as_of, codes, year)
    report.coverage = [
        Coverage(name, counts[name], round(100 * counts[name] / len(rows), 1) if rows else 0.0,
                 TARGETS.get(name)) for name in COVERED]
    report.countries_with_breadth = _broad_countries(regions)
    return report


def _notes(report: CatalogReport, slug: str, present: dict[str, Any], requirements: dict,
           regions_as_of: int | None, codes: list[str], year: int) -> None:
    """Stale facts and facts without a source, of one platform."""
    dated = {name: (present[name] or {}).get("as_of") for name in FACT_FIELDS}
    dated.update(requirements=requirements.get("as_of"), regions=regions_as_of)
    for fact, as_of in dated.items():
        if is_stale(as_of, year):
            report.stale.append(FactNote(slug, fact, as_of))
    for rating in present["fairwork"] or ():
        if is_stale(rating.get("year"), year):
            report.stale.append(FactNote(slug, "fairwork", rating.get("year")))
    if any(key not in ("source", "as_of") for key in requirements) and not requirements.get(
            "source"):
        report.without_source.append(FactNote(slug, "requirements"))
    if codes and codes != [WORLDWIDE] and not present["regions_source"]:
        report.without_source.append(FactNote(slug, "regions"))


def _regions_of_active() -> dict[str, list[str]]:
    rows = db.session.execute(
        sa.select(Platform.slug, PlatformRegion.code)
        .join(PlatformRegion, PlatformRegion.platform_id == Platform.id)
        .where(Platform.status == "active").order_by(Platform.slug, PlatformRegion.code))
    found: dict[str, list[str]] = {}
    for slug, code in rows:
        found.setdefault(slug, []).append(code)
    return found


def _broad_countries(regions: dict[str, list[str]]) -> list[str]:
    """Countries that COUNTRY_BREADTH or more active platforms name in their regions."""
    counts: dict[str, int] = {}
    for codes in regions.values():
        for code in codes:
            if code != WORLDWIDE:
                counts[code] = counts.get(code, 0) + 1
    return sorted(code for code, n in counts.items() if n >= COUNTRY_BREADTH)


def report_lines(report: CatalogReport) -> list[str]:
    """The report as lines of text for the terminal."""
    lines = [f"Active platforms: {report.active_platforms}", "", "Coverage (active platforms):"]
    for c in report.coverage:
        target = f"  (target {c.target}%{'' if c.share >= c.target else ', not reached'})" \
            if c.target is not None else ""
        lines.append(f"  {c.field:<22} {c.count:>4}  {c.share:5.1f}%{target}")
    lines += ["", f"Countries named by {COUNTRY_BREADTH}+ active platforms: "
              f"{len(report.countries_with_breadth)}"
              + (f" ({', '.join(report.countries_with_breadth)})"
                 if report.countries_with_breadth else "")]
    lines += ["", f"Facts older than {STALE_AFTER_YEARS} years (may be out of date): "
              f"{len(report.stale)}"]
    lines += [f"  {n.slug}: {n.fact} (as of {n.as_of})" for n in report.stale]
    lines += ["", f"Facts without a source: {len(report.without_source)}"]
    lines += [f"  {n.slug}: {n.fact}" for n in report.without_source]
    return lines
