"""The Nu HTML Checker (vnu.jar, pinned in tests/e2e/vnu/package.json) over many pages at once.

One Java start checks every page: the pages are written to files and named on one command line.
Install it with `npm ci --ignore-scripts --prefix tests/e2e/vnu`; Java comes from the system
(Debian: default-jre-headless). PEERS_VNU_JAR points at another copy of vnu.jar.
"""

import json
import os
import shutil
import subprocess  # nosec B404: runs the pinned checker, with arguments built here
from pathlib import Path
from urllib.parse import urlsplit

from tests.sites import TESTS, require

VNU_JAR = Path(os.environ.get("PEERS_VNU_JAR")
               or TESTS / "e2e" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")


def require_checker() -> None:
    """Skip (in CI: fail) with one line when Java or vnu.jar is missing."""
    require(shutil.which("java") is not None,
            "the HTML checker needs java (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(),
            f"the HTML checker needs {VNU_JAR} (npm ci --ignore-scripts --prefix tests/e2e/vnu)")


def html_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Every error the checker reports, as "page, line N: message [extract]"."""
    if not pages:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for number, (page, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = page
    result = subprocess.run(  # nosec B603: a fixed command; the files are ours
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
         "--exit-zero-always", *(str(folder / name) for name in names)],
        capture_output=True, text=True, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"the HTML checker did not run: {result.stderr.strip()}")
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        page = names.get(Path(urlsplit(message.get("url", "")).path).name, "?")
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{page}, line {message.get('lastLine', '?')}: {message['message']}"
                      + (f" [{extract}]" if extract else ""))
    return errors
