"""What the strict Content-Security-Policy and autoescaping rely on, checked in the source:
no inline script, style or event handler in any template, and no way around escaping."""

import re
from pathlib import Path

import pytest

from peers.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
PACKAGE = PROJECT_ROOT / "peers"

# Places allowed to mark text safe, as "path: reason". Empty: nothing user-written, or
# anything else, bypasses escaping today. An entry needs a reason a reviewer can check.
SAFE_ALLOWED: dict[str, str] = {}

INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    'style="" attribute': re.compile(r"(?<![\w-])style\s*=", re.I),
    "event handler attribute": re.compile(r"(?<![\w-])on[a-z]+\s*=\s*[\"'{]", re.I),
    "javascript: URL": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}
ESCAPE_BYPASS = {
    "|safe": re.compile(r"\|\s*safe\b"),
    "Markup(": re.compile(r"\bMarkup\s*\("),
    "autoescape false": re.compile(r"autoescape\s+false", re.I),
}


def files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file())


def findings(paths: list[Path], patterns: dict[str, re.Pattern]) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(PROJECT_ROOT))
        for label, pattern in patterns.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {label}")
    return found


def test_there_are_templates_to_check():
    assert len(files(TEMPLATES, "*.html")) > 20


def test_no_template_has_inline_script_style_or_handlers():
    assert findings(files(TEMPLATES, "*.html"), INLINE) == []


def test_nothing_bypasses_escaping_in_templates_or_code():
    found = findings(files(TEMPLATES, "*"), ESCAPE_BYPASS)
    found += findings(files(PACKAGE, "*.py"), ESCAPE_BYPASS)
    unexpected = [f for f in found if f.split(":")[0] not in SAFE_ALLOWED]
    assert unexpected == []


@pytest.mark.parametrize(("sample", "label"), [
    ("<script>alert(1)</script>", "inline <script>"),
    ('<p style="color: red">', 'style="" attribute'),
    ("<style>p {}</style>", "<style> element"),
    ('<a onclick="go()">', "event handler attribute"),
    ('<a href="javascript:go()">', "javascript: URL"),
])
def test_the_scanner_sees_each_kind(sample, label):
    matches = [label_ for label_, pattern in INLINE.items() if pattern.search(sample)]
    assert matches == [label]


@pytest.mark.parametrize("sample", ['<script src="/static/app.js"></script>',
                                    '<form action="/x">', '<input data-on="x">',
                                    "<p>Click on the button.</p>",
                                    "{# Works without JavaScript: forms post #}"])
def test_the_scanner_lets_harmless_markup_pass(sample):
    assert [label for label, pattern in INLINE.items() if pattern.search(sample)] == []


@pytest.mark.parametrize("sample", ["{{ review.pros|safe }}", "{{ x | safe }}",
                                    "Markup(text)", "{% autoescape false %}"])
def test_the_scanner_sees_escape_bypasses(sample):
    assert any(pattern.search(sample) for pattern in ESCAPE_BYPASS.values())
