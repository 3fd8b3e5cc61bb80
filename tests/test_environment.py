"""environment.yml (conda/Binder) and pyproject.toml describe the same environment.

The pip section of environment.yml, apart from ``-e .``, must list exactly the
union of pyproject's core dependencies and its ``plot``, ``widgets`` and
``book`` extras: the same names with the same version specifiers.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="reading environment.yml needs PyYAML (installed with the book extra)")
pytest.importorskip("packaging", reason="comparing requirements needs packaging")
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("plot", "widgets", "book")


def as_map(requirements, where):
    """{canonical name: SpecifierSet}; the same name twice must agree."""
    out = {}
    for text in requirements:
        req = Requirement(text)
        assert not req.marker and not req.url, f"{where}: {text!r} uses a marker or URL, which conda cannot mirror"
        name = canonicalize_name(req.name)
        if name in out:
            assert out[name] == req.specifier, (f"{where} lists {name} twice with different versions: "
                                                f"{out[name]} and {req.specifier}")
        out[name] = req.specifier
    return out


@pytest.fixture(scope="module")
def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def pip_section(environment):
    sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment.yml must have exactly one pip: section"
    return sections[0]


def expected_packages(pyproject):
    project = pyproject["project"]
    reqs = list(project["dependencies"])
    for extra in EXTRAS:
        reqs += project["optional-dependencies"][extra]
    return as_map(reqs, "pyproject.toml")


def test_pip_packages_match_pyproject(pyproject, environment):
    pip = pip_section(environment)
    assert "-e ." in pip, "environment.yml must install nnlib itself with '-e .'"
    listed = as_map([p for p in pip if p != "-e ."], "environment.yml")
    expected = expected_packages(pyproject)
    missing = sorted(set(expected) - set(listed))
    extra = sorted(set(listed) - set(expected))
    assert not missing, f"in pyproject.toml (core + {EXTRAS}) but not in environment.yml: {missing}"
    assert not extra, f"in environment.yml but not in pyproject.toml (core + {EXTRAS}): {extra}"
    differ = {n: (str(listed[n]), str(expected[n])) for n in expected if listed[n] != expected[n]}
    assert not differ, f"version specifiers differ (environment.yml, pyproject.toml): {differ}"


def test_conda_python_satisfies_requires_python(pyproject, environment):
    pythons = [d for d in environment["dependencies"] if isinstance(d, str) and d.split("=")[0].strip() == "python"]
    assert len(pythons) == 1, "environment.yml must pin python once"
    version = pythons[0].split("=", 1)[1].lstrip("=")
    assert Version(version) in SpecifierSet(pyproject["project"]["requires-python"])
    assert "pip" in environment["dependencies"]


def test_comparison_is_not_vacuous(pyproject):
    """The checker itself fails on a disagreement (and compares specifiers, not strings)."""
    expected = expected_packages(pyproject)
    assert {"numpy", "matplotlib", "ipywidgets", "jupyter-book"} <= set(expected)
    assert as_map(["ipywidgets<9,>=8.1"], "x") == as_map(["ipywidgets>=8.1,<9"], "y")
    assert as_map(["numpy>=1.25"], "x") != as_map(["numpy>=1.26"], "y")
    assert as_map(["Jupyter_Book>=1"], "x").keys() == {"jupyter-book"}
    with pytest.raises(AssertionError, match="twice"):
        as_map(["numpy>=1", "numpy>=2"], "x")
