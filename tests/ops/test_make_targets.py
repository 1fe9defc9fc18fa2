"""What `make run` and `make test` install on a fresh clone (read from make's dry run)."""

import configparser
import subprocess

from peers.config import PROJECT_ROOT


def dry_run(target: str, tmp_path) -> str:
    """The commands `make TARGET` would run for a new virtual environment, without running them."""
    result = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=60,
    )
    return result.stdout


def pip_installs(commands: str) -> list[str]:
    return [line for line in commands.splitlines() if "pip install" in line and "-e" in line]


def test_make_run_installs_the_site_without_the_test_tools(tmp_path):
    installs = pip_installs(dry_run("run", tmp_path))
    assert installs, "make run must install the package"
    assert all("[test]" not in line for line in installs), installs


def test_make_test_installs_the_test_tools(tmp_path):
    assert any("'.[test]'" in line for line in pip_installs(dry_run("test", tmp_path)))


def test_the_site_does_not_depend_on_test_tools():
    setup = configparser.ConfigParser()
    setup.read(PROJECT_ROOT / "setup.cfg")
    required = setup["options"]["install_requires"].lower()
    extras = setup["options.extras_require"]["test"].lower()
    for tool in ("pytest", "playwright", "ruff", "bandit", "hypothesis"):
        assert tool in extras
        assert tool not in required, f"{tool} would be installed by make run"
