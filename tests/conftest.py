"""Shared set-up for nnlib's unit tests.

Matplotlib draws off-screen (Agg) so the plotting tests need no display, and
Hypothesis runs a small, derandomised number of examples so the suite stays
fast and every run tests the same cases. Both are optional: in a numpy-only
install (``pip install nnlib pytest``) the core tests run and the modules
that need matplotlib, ipywidgets or Hypothesis skip with a reason.

The site tests (tests/site) need a built book: ``pytest`` on a fresh clone
skips them with a reason; ``make test`` builds the book and runs them with
``--site``, which turns a missing build into a failure.
"""

import numpy as np
import pytest

try:
    import matplotlib
except ImportError:  # numpy-only install: the plotting tests skip themselves
    pass
else:
    matplotlib.use("Agg")

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # numpy-only install: the property tests skip themselves
    pass
else:
    settings.register_profile("nnlib", max_examples=50, deadline=None, derandomize=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("nnlib")


def pytest_addoption(parser):
    parser.addoption("--site", action="store_true", default=False,
                     help="run the site tests (tests/site) and fail if the book is not built (make test does)")


@pytest.fixture
def rng():
    """A fresh, seeded Generator per test: results never depend on test order."""
    return np.random.default_rng(20240601)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


# The site tests import the book's toolchain (jupytext, nbclient, Playwright); a
# numpy-only install has none of it, so they are not even collected there.
import importlib.util  # noqa: E402

collect_ignore = [] if all(importlib.util.find_spec(m) for m in ("jupytext", "nbclient", "playwright")) else ["site"]
