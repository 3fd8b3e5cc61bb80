"""nnlib.portable: the counter-based normal stream and the portable activations."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnlib
from nnlib.portable import (mix32, portable_cos_2pi, portable_exp, portable_log, portable_sigmoid, portable_tanh,
                            standard_normal, stream_uint32)


def test_mix32_known_values():
    # lowbias32 by hand with Python integers (independent of numpy's uint32 arithmetic).
    def ref(x):
        x ^= x >> 16
        x = (x * 0x7FEB352D) & 0xFFFFFFFF
        x ^= x >> 15
        x = (x * 0x846CA68B) & 0xFFFFFFFF
        return x ^ (x >> 16)
    xs = [0, 1, 2, 12345, 2 ** 31, 2 ** 32 - 1]
    assert mix32(np.array(xs, dtype=np.uint32)).tolist() == [ref(x) for x in xs]


def test_stream_moments_and_normality():
    z = standard_normal(seed=3, stream=0, count=400_000)
    n = z.size
    assert abs(z.mean()) < 5 / np.sqrt(n)                      # 5 standard errors
    assert abs(z.var() - 1) < 5 * np.sqrt(2 / n)
    assert abs(np.mean(z ** 3)) < 5 * np.sqrt(15 / n)          # skewness 0
    assert abs(np.mean(z ** 4) - 3) < 5 * np.sqrt(96 / n)      # kurtosis 3
    # The empirical CDF against the normal one (Kolmogorov-Smirnov: 1.95/sqrt(n) is the 0.1% level).
    from math import erf, sqrt
    grid = np.linspace(-3, 3, 61)
    cdf = np.array([0.5 * (1 + erf(x / sqrt(2))) for x in grid])
    ecdf = np.searchsorted(np.sort(z), grid) / n
    assert np.max(np.abs(ecdf - cdf)) < 1.95 / np.sqrt(n)


def test_streams_and_seeds_are_independent():
    n = 200_000
    a, b = standard_normal(0, 0, n), standard_normal(0, 1, n)
    c = standard_normal(1, 0, n)
    for x, y in ((a, b), (a, c), (a[1:], a[:-1])):          # other stream, other seed, neighbouring index
        assert abs(np.corrcoef(x, y)[0, 1]) < 5 / np.sqrt(n)
    # squares too (a dependence in the magnitude would show here)
    assert abs(np.corrcoef(a ** 2, b ** 2)[0, 1]) < 5 / np.sqrt(n)
    w0, w1 = stream_uint32(0, 0, 0, n)
    assert abs(np.corrcoef(w0.astype(float), w1.astype(float))[0, 1]) < 5 / np.sqrt(n)


def test_counter_based_any_slice():
    full = standard_normal(5, 2, 1000)
    np.testing.assert_array_equal(standard_normal(5, 2, 100, start=450), full[450:550])


@pytest.mark.parametrize("kwargs, error", [
    ({"seed": -1}, ValueError), ({"seed": 2 ** 32}, ValueError), ({"seed": 1.0}, TypeError),
    ({"stream": True}, TypeError), ({"start": 2 ** 32 - 5, "count": 10}, ValueError),
])
def test_bad_stream_arguments(kwargs, error):
    args = {"seed": 0, "stream": 0, "count": 3, **kwargs}
    with pytest.raises(error, match=r"2\*\*32"):
        standard_normal(**args)


@given(st.floats(2.0 ** -1022, 1e300))
def test_log_close_to_numpy(x):
    assert portable_log(np.array([x]))[0] == pytest.approx(np.log(x), rel=4e-16, abs=1e-300)


@given(st.floats(0, 1))
def test_cos_close_to_numpy(t):
    assert abs(portable_cos_2pi(np.array([t]))[0] - np.cos(2 * np.pi * t)) < 1e-15


@given(st.floats(-800, 0))
def test_exp_close_to_numpy(x):
    e = np.exp(x)
    assert portable_exp(np.array([x]))[0] == pytest.approx(e, rel=4e-16, abs=1e-320)


@given(st.floats(-1e4, 1e4) | st.floats(-1e-250, 1e-250))
def test_tanh_and_sigmoid_close_to_numpy(z):
    assert portable_tanh(np.array([z]))[0] == pytest.approx(np.tanh(z), rel=6e-16, abs=0)
    assert portable_sigmoid(np.array([z]))[0] == pytest.approx(float(nnlib.sigmoid(z)), rel=6e-16, abs=1e-320)


def test_exp_refuses_positive_arguments():
    with pytest.raises(ValueError, match="x <= 0"):
        portable_exp(np.array([0.5]))
