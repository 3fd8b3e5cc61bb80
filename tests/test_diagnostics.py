"""nnlib.diagnostics.deep_signal_statistics, mean_field_variance and critical_scale
(chapters 7-8), checked against independent numpy computations."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnlib
from nnlib.diagnostics import (GRADIENT_STREAM, INPUT_STREAM, WEIGHT_STREAM, LayerStatistics, critical_scale,
                               deep_signal_statistics, mean_field_variance)
from nnlib.gradcheck import numerical_gradient
from nnlib.portable import standard_normal

G_PLAIN = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "sigmoid": nnlib.sigmoid, "identity": lambda z: z}


def plain_network(scale, depth, width, n, seed):
    """The explorer's draws, rebuilt from the public stream (documented indexing)."""
    W = standard_normal(seed, WEIGHT_STREAM, depth * width * width).reshape(depth, width, width)
    X = standard_normal(seed, INPUT_STREAM, n * width).reshape(n, width)
    G = standard_normal(seed, GRADIENT_STREAM, n * width).reshape(n, width)
    return [w * scale / np.sqrt(width) for w in W], X, G


def plain_statistics(scale, depth, width, n, activation, seed):
    """Forward and backward with numpy's matmul, np.tanh and autograd-free chain rule."""
    Ws, X, G = plain_network(scale, depth, width, n, seed)
    g = G_PLAIN[activation]
    Z, A, a = [], [], X
    for W in Ws:
        Z.append(a @ W.T)
        a = g(Z[-1])
        A.append(a)
    gprime = {"tanh": lambda z: 1 - np.tanh(z) ** 2, "relu": lambda z: (z > 0) * 1.0,
              "sigmoid": lambda z: nnlib.sigmoid(z) * (1 - nnlib.sigmoid(z)), "identity": np.ones_like}[activation]
    delta, dW, dA = [None] * depth, [None] * depth, G
    for l in range(depth - 1, -1, -1):
        delta[l] = dA * gprime(Z[l])
        dW[l] = delta[l].T @ (A[l - 1] if l > 0 else X)
        dA = delta[l] @ Ws[l]
    return Z, A, delta, dW


def test_record_is_the_layer_statistics_record():
    s = deep_signal_statistics(1.0, depth=7, width=16, n_samples=10, activation="tanh", rng=3)
    assert isinstance(s, LayerStatistics)
    assert s.activations.shape == s.gradients.shape == (7, 10, 16)
    for field in (s.preact_mean, s.preact_var, s.act_mean, s.act_var, s.act_std, s.act_second_moment,
                  s.grad_var, s.grad_std, s.grad_norm):
        assert field.shape == (7,)
    np.testing.assert_array_equal(s.act_std, np.sqrt(s.act_var))
    np.testing.assert_array_equal(s.grad_std, np.sqrt(s.grad_var))


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
def test_statistics_equal_an_independent_numpy_network(activation):
    depth, width, n, scale, seed = 8, 24, 10, 1.7, 4
    s = deep_signal_statistics(scale, depth, width, n, activation, rng=seed)
    Z, A, delta, dW = plain_statistics(scale, depth, width, n, activation, seed)
    flat = lambda arrays: [np.ravel(x) for x in arrays]  # noqa: E731
    np.testing.assert_allclose(s.preact_mean, [z.mean() for z in flat(Z)], rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(s.preact_var, [z.var() for z in flat(Z)], rtol=1e-10)
    np.testing.assert_allclose(s.act_mean, [a.mean() for a in flat(A)], rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(s.act_var, [a.var() for a in flat(A)], rtol=1e-10)
    np.testing.assert_allclose(s.act_second_moment, [np.mean(a * a) for a in flat(A)], rtol=1e-10)
    np.testing.assert_allclose(s.grad_var, [d.var() for d in flat(delta)], rtol=1e-9)
    np.testing.assert_allclose(s.grad_norm, [np.linalg.norm(d) for d in dW], rtol=1e-9)
    # entrywise: rounding differs (BLAS vs the ordered sum), cancellation makes it ~1e-12 of the O(1) values
    np.testing.assert_allclose(s.activations, np.stack(A), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(s.gradients, np.stack(delta), rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
def test_first_layer_gradient_against_finite_differences(activation):
    # grad_norm[0] is ||dL/dW[1]|| for L = sum(G * A[L]); rebuild L from the public stream.
    depth, width, n, scale, seed = 3, 5, 4, 1.3, 11
    s = deep_signal_statistics(scale, depth, width, n, activation, rng=seed)
    Ws, X, G = plain_network(scale, depth, width, n, seed)
    g = G_PLAIN[activation]

    def loss(W1):
        a = X
        for W in [W1] + Ws[1:]:
            a = g(a @ W.T)
        return float(np.sum(G * a))

    numeric = numerical_gradient(loss, Ws[0])
    assert abs(np.linalg.norm(numeric) / s.grad_norm[0] - 1) < 1e-7
    np.testing.assert_allclose(s.gradients[0].T @ X, numeric, rtol=1e-7, atol=1e-9)


def test_identity_network_is_homogeneous_in_the_scale():
    base = deep_signal_statistics(1.0, depth=10, width=32, n_samples=8, activation="identity", rng=0)
    for s in (0.5, 1.5):
        scaled = deep_signal_statistics(s, depth=10, width=32, n_samples=8, activation="identity", rng=0)
        np.testing.assert_allclose(scaled.act_std, s ** np.arange(1, 11) * base.act_std, rtol=1e-12)


def test_blas_products_agree_with_ordered_ones():
    for activation in ("tanh", "relu", "sigmoid", "identity"):
        a = deep_signal_statistics(1.2, 12, 32, 8, activation, rng=5)
        b = deep_signal_statistics(1.2, 12, 32, 8, activation, rng=5, ordered=False)
        for name in ("preact_var", "act_var", "grad_var", "grad_norm"):
            np.testing.assert_allclose(getattr(b, name), getattr(a, name), rtol=1e-10, err_msg=activation)
    with pytest.raises(TypeError, match="True or False"):
        deep_signal_statistics(1.0, 2, 4, 2, "tanh", ordered="yes")


def test_a_deeper_network_keeps_the_layers_below():
    shallow = deep_signal_statistics(1.3, depth=10, width=32, n_samples=8, activation="tanh", rng=2)
    deep = deep_signal_statistics(1.3, depth=20, width=32, n_samples=8, activation="tanh", rng=2)
    np.testing.assert_array_equal(deep.activations[:10], shallow.activations)
    np.testing.assert_array_equal(deep.preact_var[:10], shallow.preact_var)
    other_seed = deep_signal_statistics(1.3, depth=10, width=32, n_samples=8, activation="tanh", rng=3)
    assert not np.array_equal(other_seed.activations, shallow.activations)


def test_extremes_stay_finite_and_report_vanishing_and_explosion():
    # Over the slider's whole range (scale 0.05..20, depth up to 100) nothing overflows or vanishes to 0.
    big = deep_signal_statistics(20.0, depth=100, width=16, n_samples=8, activation="identity", rng=0)
    small = deep_signal_statistics(0.05, depth=100, width=16, n_samples=8, activation="identity", rng=0)
    for s in (big, small):
        assert np.all(np.isfinite(s.act_std)) and np.all(s.act_std > 0)
        assert np.all(np.isfinite(s.grad_norm)) and np.all(s.grad_norm > 0)
    assert big.act_std[-1] > 1e100 and small.act_std[-1] < 1e-100


def test_rng_forms():
    a = deep_signal_statistics(1.0, 4, 8, 4, "tanh", rng=7)
    b = deep_signal_statistics(1.0, 4, 8, 4, "tanh", rng=np.int64(7))
    np.testing.assert_array_equal(a.activations, b.activations)
    # A Generator gives a seed drawn from it: the same Generator state, the same network.
    c = deep_signal_statistics(1.0, 4, 8, 4, "tanh", rng=np.random.default_rng(1))
    d = deep_signal_statistics(1.0, 4, 8, 4, "tanh", rng=np.random.default_rng(1))
    np.testing.assert_array_equal(c.activations, d.activations)
    seed = int(np.random.default_rng(1).integers(2 ** 32))
    e = deep_signal_statistics(1.0, 4, 8, 4, "tanh", rng=seed)
    np.testing.assert_array_equal(c.activations, e.activations)
    assert deep_signal_statistics(1.0, 4, 8, 4, "tanh", rng=None).activations.shape == (4, 4, 8)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"activation": "linear"}, ValueError, "identity"),
    ({"activation": 3}, TypeError, "string"),
    ({"scale": -1.0}, ValueError, "positive"),
    ({"scale": float("nan")}, ValueError, "finite"),
    ({"scale": "1"}, TypeError, "real number"),
    ({"depth": 0}, ValueError, ">= 1"),
    ({"depth": 2.5}, TypeError, "integer"),
    ({"width": 70000}, ValueError, "2**32"),
    ({"rng": -1}, ValueError, "2**32"),
    ({"rng": 2 ** 32}, ValueError, "2**32"),
    ({"rng": 1.5}, TypeError, "Generator"),
    ({"rng": True}, TypeError, "Generator"),
])
def test_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words.replace("*", r"\*")):
        deep_signal_statistics(**{"depth": 3, "width": 4, "n_samples": 2, **kwargs})


# -- mean field -------------------------------------------------------------------------------------------

def test_mean_field_against_independent_integration():
    # q[l+1] = scale^2 E[g(sqrt(q[l]) z)^2], here by a fine trapezoid sum with np.tanh / nnlib.sigmoid.
    z = np.linspace(-12, 12, 200001)
    w = np.exp(-z * z / 2) / np.sqrt(2 * np.pi) * (z[1] - z[0])
    for activation, scale in (("tanh", 1.0), ("tanh", 1.3), ("sigmoid", 1.0), ("relu", 1.2), ("identity", 0.9)):
        q_ref = [scale ** 2]
        for _ in range(19):
            q_ref.append(scale ** 2 * float(np.sum(w * G_PLAIN[activation](np.sqrt(q_ref[-1]) * z) ** 2)))
        np.testing.assert_allclose(mean_field_variance(scale, 20, activation), q_ref, rtol=1e-9, err_msg=activation)
    # ReLU halves, identity keeps: exact closed forms.
    np.testing.assert_allclose(mean_field_variance(2.0, 6, "relu"), 4.0 * 2.0 ** np.arange(6), rtol=1e-13)
    np.testing.assert_allclose(mean_field_variance(0.5, 6, "identity"), 0.25 ** np.arange(1, 7), rtol=1e-13)


def test_mean_field_predicts_wide_networks():
    # One network of finite width wanders around the prediction (a random walk in log Var(z));
    # the mean over 6 networks of width 256 stays within 10% of it over 8 layers.
    for activation, scale in (("tanh", 1.5), ("sigmoid", 1.0), ("relu", np.sqrt(2)), ("identity", 0.8)):
        runs = [deep_signal_statistics(scale, depth=8, width=256, n_samples=32, activation=activation, rng=seed)
                for seed in range(6)]
        mean_var = np.mean([r.preact_var for r in runs], axis=0)
        q = mean_field_variance(scale, 8, activation)
        assert np.all(np.abs(mean_var / q - 1) < 0.1), (activation, mean_var / q)


def test_critical_scales():
    assert critical_scale("tanh") == 1.0 and critical_scale("identity") == 1.0
    assert critical_scale("relu") == np.sqrt(2)
    assert 9.5 < critical_scale("sigmoid") < 11
    with pytest.raises(ValueError, match="Unknown activation"):
        critical_scale("softplus")


@given(scale=st.floats(0.05, 20), depth=st.integers(1, 30),
       activation=st.sampled_from(["tanh", "relu", "sigmoid", "identity"]))
def test_mean_field_is_positive_and_finite(scale, depth, activation):
    q = mean_field_variance(scale, depth, activation)
    assert q.shape == (depth,) and np.all(np.isfinite(q)) and np.all(q > 0)
    assert q[0] == pytest.approx(scale ** 2)


@given(scale=st.floats(0.05, 20), depth=st.integers(1, 12), seed=st.integers(0, 2 ** 32 - 1),
       activation=st.sampled_from(["tanh", "relu", "sigmoid", "identity"]))
def test_deep_statistics_are_finite_and_bounded(scale, depth, seed, activation):
    s = deep_signal_statistics(scale, depth, 8, 4, activation, rng=seed)
    for field in (s.preact_var, s.act_var, s.act_second_moment, s.grad_var, s.grad_norm):
        assert np.all(np.isfinite(field)) and np.all(field >= 0)
    if activation in ("tanh", "sigmoid"):
        assert np.all(np.abs(s.activations) <= 1)
