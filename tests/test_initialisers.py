"""Initialisers: shape (n_out, n_in), reproducible through rng, and the
variance each promises, checked by sampling.

Tolerance: a sample variance of N = 400 * 600 = 240,000 independent draws has
relative standard error sqrt(2 / N) ~ 0.3 % (normal) or less (uniform), so a
5 % relative tolerance is over 15 standard errors wide: it cannot fail by
chance, yet catches any wrong formula (the nearest wrong candidates, e.g.
1/n_in for He or 2/n_out, are off by a factor of 1.5 or more at these sizes).
"""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import initialisers
from nnlib.initialisers import ALIASES, INITIALISERS, expected_variance, get_initialiser

N_OUT, N_IN = 400, 600
REL_TOL = 0.05

RANDOM = ["normal", "uniform", "lecun_normal", "lecun_uniform", "xavier_normal", "xavier_uniform",
          "he_normal", "he_uniform"]

# The promised variances written out here, independently of expected_variance.
PROMISED = {
    "normal": 0.01 ** 2,
    "uniform": 0.05 ** 2 / 3,
    "lecun_normal": 1 / N_IN,
    "lecun_uniform": 1 / N_IN,
    "xavier_normal": 2 / (N_IN + N_OUT),
    "xavier_uniform": 2 / (N_IN + N_OUT),
    "he_normal": 2 / N_IN,
    "he_uniform": 2 / N_IN,
}
UNIFORM_LIMITS = {
    "uniform": 0.05,
    "lecun_uniform": np.sqrt(3 / N_IN),
    "xavier_uniform": np.sqrt(6 / (N_IN + N_OUT)),
    "he_uniform": np.sqrt(6 / N_IN),
}


@pytest.mark.parametrize("name", sorted(INITIALISERS))
def test_shape_dtype_and_reproducibility(name):
    init = get_initialiser(name)
    W = init(3, 5, rng=np.random.default_rng(0))
    assert W.shape == (3, 5)
    assert W.dtype == np.float64
    np.testing.assert_array_equal(W, init(3, 5, rng=np.random.default_rng(0)))
    np.testing.assert_array_equal(W, init(3, 5, rng=0))  # an int seed means the same Generator
    assert init(3, 5, rng=0, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize("name", RANDOM)
def test_different_seeds_give_different_weights(name):
    init = get_initialiser(name)
    assert not np.array_equal(init(3, 5, rng=0), init(3, 5, rng=1))
    rng = np.random.default_rng(0)
    assert not np.array_equal(init(3, 5, rng=rng), init(3, 5, rng=rng))  # the Generator advances


@pytest.mark.parametrize("name", RANDOM)
def test_sampled_variance_matches_promise(name):
    W = get_initialiser(name)(N_OUT, N_IN, rng=np.random.default_rng(42))
    assert W.shape == (N_OUT, N_IN)
    assert abs(W.mean()) < 5 * np.sqrt(PROMISED[name] / W.size)  # zero mean
    assert W.var() == pytest.approx(PROMISED[name], rel=REL_TOL)
    assert expected_variance(name, N_IN, N_OUT) == pytest.approx(PROMISED[name], rel=1e-12)


def test_he_variance_is_two_over_fan_in():
    """He: Var(w) = 2 / n_in, fan-in; not 2 / n_out (the source's slip) and not 1 / n_in."""
    n_out, n_in = 200, 800  # fan-in and fan-out far apart so the candidates differ by 4x
    for name in ("he_normal", "he_uniform"):
        W = get_initialiser(name)(n_out, n_in, rng=np.random.default_rng(7))
        assert W.var() == pytest.approx(2 / n_in, rel=REL_TOL)
        assert W.var() != pytest.approx(2 / n_out, rel=0.5)
        assert W.var() != pytest.approx(1 / n_in, rel=0.3)
    assert expected_variance("he_normal", n_in=n_in, n_out=n_out) == 2 / n_in
    W = initialisers.he_normal(n_out, n_in, rng=np.random.default_rng(7))
    assert W.std() == pytest.approx(np.sqrt(2 / n_in), rel=REL_TOL / 2)


@pytest.mark.parametrize("name", sorted(UNIFORM_LIMITS))
def test_uniform_initialisers_stay_within_limits(name):
    W = get_initialiser(name)(N_OUT, N_IN, rng=np.random.default_rng(1))
    limit = UNIFORM_LIMITS[name]
    assert np.all(np.abs(W) <= limit)
    assert np.abs(W).max() > 0.99 * limit  # and fill the interval
    # A flat histogram: each tenth of the interval holds about a tenth of the weights.
    counts, _ = np.histogram(W, bins=10, range=(-limit, limit))
    assert np.all(np.abs(counts / W.size - 0.1) < 0.005)


def test_zeros_and_constant():
    np.testing.assert_array_equal(initialisers.zeros(2, 3), np.zeros((2, 3)))
    np.testing.assert_array_equal(initialisers.constant(2, 3, value=0.5), np.full((2, 3), 0.5))
    np.testing.assert_array_equal(get_initialiser("constant", value=-2.0)(4, 1), np.full((4, 1), -2.0))
    assert expected_variance("zeros", 3, 2) == 0.0


def test_get_initialiser_binds_parameters():
    W = get_initialiser("normal", std=0.5)(N_OUT, N_IN, rng=np.random.default_rng(3))
    assert W.var() == pytest.approx(0.25, rel=REL_TOL)
    W = get_initialiser("uniform", limit=2.0)(N_OUT, N_IN, rng=np.random.default_rng(3))
    assert np.abs(W).max() <= 2.0
    assert W.var() == pytest.approx(4 / 3, rel=REL_TOL)
    assert expected_variance("uniform", N_IN, N_OUT, limit=2.0) == pytest.approx(4 / 3)


def test_get_initialiser_rejects_unknown_parameters():
    with pytest.raises(TypeError, match=r"he_normal.*unexpected \['std'\]"):
        get_initialiser("he_normal", std=0.1)


@pytest.mark.parametrize("alias,name", sorted(ALIASES.items()))
def test_aliases(alias, name):
    a = get_initialiser(alias)(5, 4, rng=0)
    b = get_initialiser(name)(5, 4, rng=0)
    np.testing.assert_array_equal(a, b)
    assert expected_variance(alias, 4, 5) == expected_variance(name, 4, 5)


def test_callable_passes_through():
    def mine(n_out, n_in, rng=None, dtype=np.float64):
        return np.ones((n_out, n_in), dtype)

    assert get_initialiser(mine) is mine


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError) as info:
        get_initialiser("hee_normal")
    msg = str(info.value)
    assert "'hee_normal'" in msg
    for name in INITIALISERS:
        assert name in msg
    with pytest.raises(TypeError, match="initialiser must be a string"):
        get_initialiser(3)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_sizes(bad):
    with pytest.raises((ValueError, TypeError), match="n_out"):
        initialisers.he_normal(bad, 3)
