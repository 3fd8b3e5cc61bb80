"""Shared set-up for nnlib's unit tests.

Matplotlib draws off-screen (Agg) so the plotting tests need no display, and
Hypothesis runs a small, derandomised number of examples so the suite stays
fast and every run tests the same cases.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("nnlib", max_examples=50, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("nnlib")


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
