"""Write a catalog back as YAML in the layout of data/platforms.yaml: the header comment, the
categories, then the platforms grouped by category under `# --- <Category name>` lines, each
entry's keys in the documented order, descriptions folded. `write_catalog(data)` takes the
parsed file (a dict), so a script can patch the catalog and write it again; `merged_catalog`
lays the database's accepted corrections and history over the file's entries."""

from typing import Any

import yaml

from peers.discovery.catalog import ENTRY_KEYS
from peers.discovery.catalog_facts import (
    CHANGE_KEYS,
    FACT_KEYS,
    FAIRWORK_KEYS,
    REQUIREMENT_KEYS,
    ROLE_KEYS,
)

HEADER = """\
# Peers: seed catalog of platforms where gig and sharing-economy workers can earn.
#
# Format: docs/catalog.md. Load with `flask peers load-platforms` (the whole file is
# validated first; nothing is loaded if any entry is wrong).
#
# - status / status_year / merged_into describe each platform as best known in early 2026.
# - Facts (fee, advertised_pay, requirements, regions, worker_protection,
#   worker_classification, fairwork) are filled in only where a figure could be tied to a
#   source URL (the platform's own help, pricing or press pages, or a court or reputable
#   publication) and an as_of year. Anything not known from a source stays null: never
#   guessed. Fees change often; check as_of before relying on one.
# - regions: ISO 3166-1 alpha-2 codes (GB, not UK), or [worldwide] only for online work
#   open everywhere that names no country list.
# - assets: keys of `assets:` in data/vocabulary.yaml only.
# - changes: the dated history of facts changed by accepted corrections (flask peers
#   export-catalog writes it back from the database).
"""
WIDTH = 96  # folded descriptions wrap before this column
# The order of each nested mapping's keys.
NESTED_KEYS = {**FACT_KEYS, "requirements": REQUIREMENT_KEYS}
ITEM_KEYS = {"roles": ROLE_KEYS, "fairwork": FAIRWORK_KEYS, "changes": CHANGE_KEYS}
BLOCK_LISTS = ("other",)  # lists of sentences, one per line


def scalar(value: Any, quoted: bool = False) -> str:
    """One YAML scalar, plain where YAML allows it, else (or when asked) in double quotes."""
    def dump(style: str | None) -> str:
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                              width=10_000, default_style=style)
        return text.removesuffix("\n").removesuffix("\n...").strip()

    plain = dump(None)
    if isinstance(value, str) and (quoted or plain.startswith("'")):
        return dump('"')
    return plain


def flow(values: list[Any]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def _value(value: Any) -> str:
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return flow(value)
    return scalar(value)


def _folded(text: str, indent: str) -> list[str] | None:
    """A description as a folded block, or None when folding would change it."""
    paragraphs = text.strip().split("\n")
    if any(not p or " ".join(p.split()) != p for p in paragraphs):
        return None
    lines = [">"]
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        line = ""
        for word in paragraph.split(" "):
            if line and len(indent) + len(line) + 1 + len(word) > WIDTH:
                lines.append(indent + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(indent + line)
    return lines


def _mapping(body: dict[str, Any], order: tuple[str, ...], indent: str) -> list[str]:
    """The lines of a nested mapping, its known keys first in their order."""
    lines = []
    for key in [*order, *(k for k in body if k not in order)]:
        if key not in body:
            continue
        value = body[key]
        if key in BLOCK_LISTS and isinstance(value, list) and value:
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}  - {scalar(v)}" for v in value]
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines += _mapping(value, (), indent + "  ")
        elif key == "text" and isinstance(value, str):
            lines.append(f"{indent}{key}: {scalar(value, quoted=True)}")
        else:
            lines.append(f"{indent}{key}: {_value(value)}")
    return lines


def _entry(platform: dict[str, Any]) -> list[str]:
    lines = []
    keys = [*ENTRY_KEYS, *(k for k in platform if k not in ENTRY_KEYS)]
    for key in (k for k in keys if k in platform):
        value = platform[key]
        prefix = "  - " if not lines else "    "
        if key == "description" and isinstance(value, str):
            folded = _folded(value, "      ")
            if folded is not None:
                lines.append(f"{prefix}{key}: {folded[0]}")
                lines += folded[1:]
                continue
        if isinstance(value, dict) and value:
            lines.append(f"{prefix}{key}:")
            lines += _mapping(value, NESTED_KEYS.get(key, ()), "      ")
        elif key in ITEM_KEYS and isinstance(value, list) and value:
            lines.append(f"{prefix}{key}:")
            for item in value:
                item_lines = _mapping(item, ITEM_KEYS[key], "        ")
                lines += ["      - " + item_lines[0].lstrip(), *item_lines[1:]]
        else:
            lines.append(f"{prefix}{key}: {_value(value)}")
    return lines


def write_catalog(data: dict[str, Any], header: str = HEADER) -> str:
    """The catalog (a dict as parsed from the file) as YAML text in the file's layout."""
    categories = data.get("categories") or {}
    lines = [header.rstrip("\n"), "", "categories:"]
    for slug, body in categories.items():
        lines.append(f"  {slug}:")
        lines += _mapping(body, ("name", "description"), "    ")
    lines += ["", "platforms:"]
    platforms = list(data.get("platforms") or [])
    order = {slug: n for n, slug in enumerate(categories)}
    for slug in sorted({p.get("category") for p in platforms}, key=lambda s: order.get(s, 1e9)):
        name = (categories.get(slug) or {}).get("name", slug)
        lines += ["", f"  # --- {name}"]
        for platform in (p for p in platforms if p.get("category") == slug):
            lines += _entry(platform)
    return "\n".join(lines) + "\n"
