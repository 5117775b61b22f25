"""environment.yml and pyproject.toml list the same packages with the same pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def normalise(requirement: str) -> str:
    name, _, version = requirement.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name.strip().lower())}=={version.strip()}"


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return {normalise(r) for r in requirements}


def environment_requirements() -> set[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    return {normalise(r) for r in pip if not r.startswith("-e")}


def test_every_requirement_is_pinned():
    assert all("==" in r for r in pyproject_requirements())


def test_environment_mirrors_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_environment_python_matches_requires_python():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in environment["dependencies"]
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11"


def test_seeds_are_a_byte_identical_copy_of_the_shared_seeds():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        import pytest

        pytest.skip("../shared/seeds is not beside this checkout")
    ours = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert ours == sorted(p.name for p in shared.iterdir())
    for name in ours:
        assert (ROOT / "seeds" / name).read_bytes() == (shared / name).read_bytes()
