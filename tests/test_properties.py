"""Property-based tests (Hypothesis): random valid shapes work, random invalid
ones raise ValueError. The profile in conftest keeps them small and
derandomised (50 examples each, no deadline)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("hypothesis", reason="the property tests need Hypothesis (the test extra)")
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib import MLP, activations, losses
from nnlib.gradcheck import rel_error
from nnlib.layers import dense_backward, dense_forward

dims = st.integers(min_value=1, max_value=6)
finite = st.floats(min_value=-10, max_value=10, allow_nan=False, allow_infinity=False, width=64)


def arrays(shape):
    return hnp.arrays(np.float64, shape, elements=finite)


@st.composite
def dense_inputs(draw):
    n, n_in, n_out = draw(dims), draw(dims), draw(dims)
    return draw(arrays((n, n_in))), draw(arrays((n_out, n_in))), draw(arrays((n_out,)))


@given(dense_inputs())
def test_dense_forward_backward_shapes(args):
    X, W, b = args
    Z, cache = dense_forward(X, W, b)
    assert Z.shape == (X.shape[0], W.shape[0])
    np.testing.assert_allclose(Z, X @ W.T + b)
    dX, dW, db = dense_backward(np.ones_like(Z), cache)
    assert (dX.shape, dW.shape, db.shape) == (X.shape, W.shape, b.shape)
    np.testing.assert_allclose(db, np.full(W.shape[0], X.shape[0]))  # d(sum Z)/db = n_samples


@given(n=dims, n_in=dims, n_in_w=dims, n_out=dims)
def test_dense_forward_mismatched_inner_dims_raise(n, n_in, n_in_w, n_out):
    assume(n_in != n_in_w)
    with pytest.raises(ValueError, match=f"X has {n_in} features.*n_in = {n_in_w}"):
        dense_forward(np.zeros((n, n_in)), np.zeros((n_out, n_in_w)), np.zeros(n_out))


@given(n=dims, n_in=dims, n_out=dims, n_b=dims)
def test_dense_forward_mismatched_bias_raises(n, n_in, n_out, n_b):
    assume(n_b != n_out)
    with pytest.raises(ValueError, match=r"b must have shape"):
        dense_forward(np.zeros((n, n_in)), np.zeros((n_out, n_in)), np.zeros(n_b))


@given(n=dims, n_in=dims, n_out=dims, n_dz=dims)
def test_dense_backward_wrong_upstream_raises(n, n_in, n_out, n_dz):
    assume(n_dz != n_out)
    _, cache = dense_forward(np.zeros((n, n_in)), np.zeros((n_out, n_in)), np.zeros(n_out))
    with pytest.raises(ValueError, match="dZ must have shape"):
        dense_backward(np.zeros((n, n_dz)), cache)


@given(layer_sizes=st.lists(dims, min_size=2, max_size=5), n=dims,
       activation=st.sampled_from(["identity", "sigmoid", "tanh", "relu", "leaky_relu"]),
       loss=st.sampled_from(["softmax_cross_entropy", "mse", "binary_cross_entropy"]), seed=st.integers(0, 2**32 - 1))
def test_mlp_forward_backward_shapes(layer_sizes, n, activation, loss, seed):
    if loss == "binary_cross_entropy":
        layer_sizes = [*layer_sizes[:-1], 1]
    rng = np.random.default_rng(seed)
    net = MLP(layer_sizes, activation=activation, loss=loss, rng=rng)
    X = rng.standard_normal((n, layer_sizes[0]))
    fp = net.forward(X)
    assert len(fp.Z) == len(layer_sizes) - 1 and len(fp.A) == len(layer_sizes)
    assert fp.A[0] is X or np.array_equal(fp.A[0], X)
    for l, (Z, A) in enumerate(zip(fp.Z, fp.A[1:])):
        assert Z.shape == A.shape == (n, layer_sizes[l + 1])
    if loss == "softmax_cross_entropy":
        y = rng.integers(0, layer_sizes[-1], n)
        np.testing.assert_allclose(fp.A[-1].sum(axis=1), 1.0)
    elif loss == "mse":
        y = rng.standard_normal((n, layer_sizes[-1]))
    else:
        y = rng.integers(0, 2, n).astype(float)
        assert np.all((fp.A[-1] >= 0) & (fp.A[-1] <= 1))
    grads = net.backward(fp, y)
    assert [g.shape for g in grads.as_list()] == [p.shape for p in net.parameters()]
    assert [d.shape for d in grads.delta] == [Z.shape for Z in fp.Z]
    assert np.isfinite(net.loss(X, y))


@given(layer_sizes=st.lists(dims, min_size=2, max_size=4), n=dims, extra=st.integers(1, 3))
def test_mlp_wrong_feature_count_raises(layer_sizes, n, extra):
    net = MLP([*layer_sizes[:-1], 1], rng=0)
    with pytest.raises(ValueError, match=f"expects n_in = {layer_sizes[0]}"):
        net.forward(np.zeros((n, layer_sizes[0] + extra)))


@given(n=dims, m=dims, n_in=dims)
def test_mlp_mismatched_lengths_raise(n, m, n_in):
    assume(n != m)
    net = MLP([n_in, 2, 1], rng=0)
    with pytest.raises(ValueError, match="same number of examples"):
        net.loss(np.zeros((n, n_in)), np.zeros(m))


@given(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), st.data())
def test_elementwise_activations_preserve_shape(shape, data):
    z = data.draw(arrays(shape))
    for name in ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]:
        act = activations.get_activation(name)
        assert act.forward(z).shape == shape
        assert act.derivative(z).shape == shape
        assert act.backward(np.ones(shape), z).shape == shape
    s = activations.sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(activations.relu(z) >= 0)


@given(hnp.array_shapes(min_dims=2, max_dims=2, max_side=6), st.data())
def test_softmax_rows_are_distributions(shape, data):
    Z = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-1e4, 1e4)))
    P = activations.softmax(Z)
    assert P.shape == shape
    assert np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)


@given(n=dims, k=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_losses_are_nonnegative_scalars(n, k, seed):
    rng = np.random.default_rng(seed)
    z = 5 * rng.standard_normal(n)
    y = rng.integers(0, 2, n).astype(float)
    value = losses.binary_cross_entropy_with_logits(z, y)
    assert isinstance(value, float) and value >= 0
    Z = 5 * rng.standard_normal((n, k))
    labels = rng.integers(0, k, n)
    ce = losses.softmax_cross_entropy(Z, labels)
    assert isinstance(ce, float) and ce >= 0
    assert ce == pytest.approx(losses.softmax_cross_entropy(Z, np.eye(k)[labels]), rel=1e-12)
    mse = losses.mean_squared_error(Z, np.zeros_like(Z))
    assert isinstance(mse, float) and mse == pytest.approx(0.5 * np.sum(Z**2) / n)
    assert losses.binary_cross_entropy_with_logits_grad(z, y).shape == z.shape
    assert losses.softmax_cross_entropy_grad(Z, labels).shape == Z.shape


@given(n=dims, m=dims, k=st.integers(1, 3))
def test_losses_reject_mismatched_shapes(n, m, k):
    assume(n != m)
    with pytest.raises(ValueError, match="same shape"):
        losses.mean_squared_error(np.zeros((n, k)), np.zeros(m))
    with pytest.raises(ValueError, match="same shape"):
        losses.binary_cross_entropy_with_logits(np.zeros(n), np.zeros(m))
    with pytest.raises(ValueError, match="same number of examples"):
        losses.softmax_cross_entropy(np.zeros((n, k + 1)), np.zeros(m))


@given(shape=hnp.array_shapes(max_dims=3, max_side=4), other=hnp.array_shapes(max_dims=3, max_side=4))
def test_rel_error_requires_equal_shapes(shape, other):
    assume(shape != other)
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.zeros(shape), np.zeros(other))
