"""The app layers contract (pyproject.toml, [tool.importlinter]) holds."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_only_the_apps_below_them():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps form layers KEPT" in result.stdout


def test_the_readme_shows_the_contract_that_is_enforced():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    shown = tomllib.loads(block)["tool"]["importlinter"]["contracts"]
    enforced = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert shown == enforced["tool"]["importlinter"]["contracts"]
