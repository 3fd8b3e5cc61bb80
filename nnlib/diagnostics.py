"""Per-layer statistics of a network's signals (chapters 7 and 8).

A healthy initialisation keeps the forward signal (the activations ``A[l]``)
and the backward signal (the gradients ``delta[l] = dL/dZ[l]``) at roughly
the same size in every layer. Two functions measure both, with one record
type (``LayerStatistics``):

- ``layer_statistics(model, X, y)``: one batch through an ``nnlib.MLP``;
- ``deep_signal_statistics(scale, depth, width, n_samples, activation)``: the
  init-scale explorer's network, a deep square MLP with weights
  ``N(0, (scale / sqrt(width))^2)``, drawn from the portable random stream of
  ``nnlib.portable``, so the explorer's JavaScript computes the same numbers.

``mean_field_variance`` predicts the per-layer pre-activation variance of
that network from the activation alone (the mean-field recursion), and
``critical_scale`` gives the scale at which signals neither die out nor blow up.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from . import activations as _act
from ._validation import check_choice, check_int, check_positive
from .models.mlp import MLP
from .portable import MAX_UINT32, portable_sigmoid, portable_tanh, standard_normal

__all__ = ["LayerStatistics", "layer_statistics", "deep_signal_statistics", "mean_field_variance",
           "critical_scale", "gauss_hermite_normal", "MEAN_FIELD_POINTS", "DEEP_ACTIVATIONS", "WEIGHT_STREAM", "INPUT_STREAM", "GRADIENT_STREAM"]


class LayerStatistics(NamedTuple):
    """Statistics per layer l = 1..L (index 0 is the book's layer 1).

    Every field is an array of shape ``(L,)``:

    - ``preact_mean``, ``preact_var``: mean and variance of ``Z[l]`` over all
      examples and units;
    - ``act_mean``, ``act_var``, ``act_second_moment``: mean, variance and
      ``E[a^2]`` of ``A[l] = g(Z[l])``;
    - ``grad_var``: variance of ``delta[l] = dL/dZ[l]``, the backpropagated signal;
    - ``grad_norm``: Frobenius norm of ``dL/dW[l]``.

    ``act_std`` and ``grad_std`` are the square roots of ``act_var`` and
    ``grad_var``. ``activations`` and ``gradients`` keep the raw ``A[l]`` and
    ``delta[l]`` (one ``(n_samples, n_l)`` array per layer: a list from
    ``layer_statistics``, one ``(L, n_samples, width)`` array from
    ``deep_signal_statistics``) for histograms.
    """

    preact_mean: np.ndarray
    preact_var: np.ndarray
    act_mean: np.ndarray
    act_var: np.ndarray
    act_second_moment: np.ndarray
    grad_var: np.ndarray
    grad_norm: np.ndarray
    activations: list
    gradients: list

    @property
    def act_std(self) -> np.ndarray:
        """Standard deviation of ``A[l]`` per layer."""
        return np.sqrt(self.act_var)

    @property
    def grad_std(self) -> np.ndarray:
        """Standard deviation of ``delta[l] = dL/dZ[l]`` per layer."""
        return np.sqrt(self.grad_var)


def layer_statistics(model, X, y) -> LayerStatistics:
    """Run one forward and one backward pass of ``model`` on ``(X, y)`` and
    summarise every layer (see ``LayerStatistics``).

    Parameters
    ----------
    model : an ``nnlib.MLP``.
    X : (n_samples, n_in) inputs; y : targets in the form ``model`` expects.

    The output layer is included as the last entry; its ``A`` is the output
    activation (a probability for cross-entropy losses).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an nnlib.MLP, got {type(model).__name__}. "
                        "Build one with nnlib.MLP(layer_sizes, activation=..., init=...).")
    cache = model.forward(X)
    grads = model.backward(cache, y)

    def per_layer(arrays, fn):
        return np.array([fn(np.asarray(a, dtype=np.float64)) for a in arrays])

    A = cache.A[1:]
    return LayerStatistics(
        preact_mean=per_layer(cache.Z, np.mean),
        preact_var=per_layer(cache.Z, np.var),
        act_mean=per_layer(A, np.mean),
        act_var=per_layer(A, np.var),
        act_second_moment=per_layer(A, lambda a: np.mean(a * a)),
        grad_var=per_layer(grads.delta, np.var),
        grad_norm=per_layer(grads.dW, np.linalg.norm),
        activations=list(A),
        gradients=list(grads.delta),
    )


# -- the init-scale explorer's network ------------------------------------------------------------------

# Each activation g and its derivative written in terms of a = g(z), so the
# backward pass needs only A. tanh and sigmoid go through nnlib.portable (the
# same bits in JavaScript); relu and identity are exact anyway.
DEEP_ACTIVATIONS = {
    "tanh": (portable_tanh, lambda a: 1.0 - a * a),
    "relu": (_act.relu, lambda a: (a > 0).astype(np.float64)),
    "sigmoid": (portable_sigmoid, lambda a: a * (1.0 - a)),
    "identity": (_act.identity, lambda a: np.ones_like(a)),
}

# The three random streams of nnlib.portable the network draws from. Weight
# W[l][j, k] (layer l = 0..L-1, row j, column k) is number l*width*width + j*width + k
# of WEIGHT_STREAM, so a deeper network keeps every layer of a shallower one;
# input X[i, k] and output gradient G[i, k] are number i*width + k of theirs.
WEIGHT_STREAM, INPUT_STREAM, GRADIENT_STREAM = 0, 1, 2


def _seed_from(rng) -> int:
    """The portable stream's seed: an int in [0, 2**32), or one drawn from a Generator (or fresh for None)."""
    if rng is None:
        return int(np.random.default_rng().integers(MAX_UINT32 + 1))
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(MAX_UINT32 + 1))
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"rng must be None, an int seed in [0, 2**32) or a numpy.random.Generator, got "
                        f"{type(rng).__name__} ({rng!r}). Use rng=0 or rng=np.random.default_rng(0).")
    if not 0 <= rng <= MAX_UINT32:
        raise ValueError(f"rng must be an int seed in [0, 2**32) (the portable stream's seed is 32 bits), "
                         f"got {rng}. Use rng % 2**32.")
    return int(rng)


@functools.lru_cache(maxsize=8)
def _draws(seed, depth, width, n_samples):
    W0 = standard_normal(seed, WEIGHT_STREAM, depth * width * width).reshape(depth, width, width)
    X = standard_normal(seed, INPUT_STREAM, n_samples * width).reshape(n_samples, width)
    G = standard_normal(seed, GRADIENT_STREAM, n_samples * width).reshape(n_samples, width)
    for array in (W0, X, G):
        array.setflags(write=False)
    return W0, X, G


def _ordered_product(a, B):
    """``a @ B`` summed in a fixed order: out[i, j] = sum over k = 0, 1, ... of a[i, k] B[k, j],
    one product and one addition at a time (the order of the JavaScript loop, so the bits agree)."""
    out = np.zeros((a.shape[0], B.shape[1]))
    term = np.empty_like(out)
    for k in range(a.shape[1]):
        np.multiply(a[:, k:k + 1], B[k], out=term)
        out += term
    return out


def _mean_var(x):
    """Mean and variance (two passes: mean of (x - mean)^2, no cancellation)."""
    mean = float(np.mean(x))
    return mean, float(np.mean((x - mean) ** 2))


def _frobenius(M):
    """sqrt(sum M^2), scaled by max|M| so that no square under- or overflows."""
    top = float(np.max(np.abs(M)))
    if top == 0 or not np.isfinite(top):
        return top
    return top * float(np.sqrt(np.sum((M / top) ** 2)))


def deep_signal_statistics(scale=1.0, depth=50, width=64, n_samples=64, activation="tanh",
                           rng=0, ordered=True) -> LayerStatistics:
    """One forward and one backward pass through the init-scale explorer's network.

    A square MLP of ``depth`` layers, ``width`` units each, no biases, the
    same activation g in every layer:

        Z[l] = std * (A[l-1] @ W[l].T),  A[l] = g(Z[l]),  std = scale / sqrt(width),

    with ``W[l]`` standard normal, so the weights are ``N(0, (scale/sqrt(n_in))^2)``:
    ``scale = 1`` is LeCun's variance 1/n_in (Xavier's for equal widths) and
    ``scale = sqrt(2)`` He's. The input ``A[0] = X`` is a standard-normal batch
    ``(n_samples, width)``; the backward pass starts from a standard-normal
    ``dL/dA[L] = G`` (the loss ``sum(G * A[L])``) and runs

        delta[l] = dL/dA[l] * g'(Z[l]),  dL/dA[l-1] = std * (delta[l] @ W[l]),
        dL/dW[l] = delta[l].T @ A[l-1]   (reported as its Frobenius norm),

    with g' written in terms of a = g(z) (tanh' = 1 - a^2, sigmoid' = a(1 - a),
    relu' = [a > 0]). With ``ordered=True`` the two products that feed the
    next layer are summed in a fixed order (``k = 0, 1, ...``), as the
    JavaScript loop does, so that both give the same bits even where the
    network amplifies every rounding difference (large scales); that costs
    about a nanosecond per multiply-add (1 s for 50 layers of width 512).
    ``ordered=False`` uses numpy's matrix product (BLAS) instead: many times
    faster for wide networks, the same up to rounding, which only a chaotic
    setting turns into different numbers (and the same statistics).

    Parameters
    ----------
    scale : multiplier of the LeCun standard deviation 1/sqrt(n_in) (> 0).
    depth : number of layers L (>= 1).
    width : units per layer (the input has this width too).
    n_samples : batch size.
    activation : "tanh", "relu", "sigmoid" or "identity".
    rng : the seed of the portable random stream (``nnlib.portable``): an
        int in [0, 2**32), a ``numpy.random.Generator`` (a seed is drawn from
        it) or None (a fresh seed).
    ordered : True (default) to sum the products in the JavaScript's order,
        False to use BLAS (see above).

    Returns
    -------
    ``LayerStatistics``; ``activations`` and ``gradients`` are arrays of
    shape ``(depth, n_samples, width)``. Everything is float64; values may
    overflow to inf, or vanish to 0, for extreme scales and depths: that is the
    explosion or the vanishing, reported as is (no warning). For scales in
    [0.05, 20] and depths up to 100 nothing overflows.

    The draws come from ``nnlib.portable.standard_normal`` (weight W[l][j, k]
    is number ``l*width*width + j*width + k`` of stream ``WEIGHT_STREAM``), so
    a deeper network keeps the layers of a shallower one, and the explorer's
    JavaScript reproduces every number.
    """
    scale = check_positive(scale, "scale")
    depth, width = check_int(depth, "depth"), check_int(width, "width")
    n_samples = check_int(n_samples, "n_samples")
    activation = check_choice(activation, "activation", DEEP_ACTIVATIONS)
    if depth * width * width > MAX_UINT32 + 1:
        raise ValueError(f"depth * width**2 = {depth * width * width} weights exceed the 2**32 numbers of a "
                         "portable stream. Use a smaller depth or width.")
    if n_samples * width > MAX_UINT32 + 1:
        raise ValueError(f"n_samples * width = {n_samples * width} exceeds 2**32. Use a smaller batch.")
    if not isinstance(ordered, (bool, np.bool_)):
        raise TypeError(f"ordered must be True or False, got {type(ordered).__name__} ({ordered!r}).")
    product = _ordered_product if ordered else np.matmul
    seed = _seed_from(rng)
    W0, X, G = _draws(seed, depth, width, n_samples)
    g, g_prime = DEEP_ACTIVATIONS[activation]
    std = scale / np.sqrt(width)
    A = np.empty((depth, n_samples, width))
    delta = np.empty_like(A)
    stats = {k: np.empty(depth) for k in ("preact_mean", "preact_var", "act_mean", "act_var",
                                         "act_second_moment", "grad_var", "grad_norm")}
    with np.errstate(all="ignore"):
        a = X
        for l in range(depth):
            z = product(a, W0[l].T) * std
            stats["preact_mean"][l], stats["preact_var"][l] = _mean_var(z)
            A[l] = g(z)
            a = A[l]
            stats["act_mean"][l], stats["act_var"][l] = _mean_var(a)
            stats["act_second_moment"][l] = float(np.mean(a * a))
        dA = G
        for l in range(depth - 1, -1, -1):
            delta[l] = dA * g_prime(A[l])
            _, stats["grad_var"][l] = _mean_var(delta[l])
            stats["grad_norm"][l] = _frobenius(delta[l].T @ (A[l - 1] if l > 0 else X))
            if l > 0:
                dA = product(delta[l], W0[l]) * std
    return LayerStatistics(**stats, activations=A, gradients=delta)


# -- theory: the mean-field recursion -------------------------------------------------------------------

MEAN_FIELD_POINTS = 200


def gauss_hermite_normal(n_points=MEAN_FIELD_POINTS):
    """Nodes x and weights w with E[f(z)] ~ sum(w * f(x)) for z ~ N(0, 1): numpy's
    ``hermgauss`` rescaled (x sqrt 2, w / sqrt pi). Exact for polynomials of degree < 2 n_points."""
    n_points = check_int(n_points, "n_points", minimum=1)
    x, w = np.polynomial.hermite.hermgauss(n_points)
    return np.sqrt(2.0) * x, w / np.sqrt(np.pi)


def mean_field_variance(scale, depth, activation, input_second_moment=1.0, n_points=MEAN_FIELD_POINTS) -> np.ndarray:
    """The mean-field prediction of ``Var(z[l])``, l = 1..depth, for the
    network of ``deep_signal_statistics`` (shape ``(depth,)``).

    For a wide layer with weights ``N(0, scale^2 / n_in)`` the pre-activation
    z is a sum of many independent terms, hence normal with mean 0, and its
    variance follows the recursion

        q[1] = scale^2 E[x^2],   q[l+1] = scale^2 E_z[ g(sqrt(q[l]) z)^2 ],  z ~ N(0, 1),

    where each expectation is a Gauss-Hermite quadrature with ``n_points``
    nodes (numpy's ``hermgauss``; exact for ReLU and identity with an even
    number of nodes, since those integrands are polynomials on each half line).
    For tanh the default 200 nodes give q to ~1e-11 while q <= 2 and 2e-8
    at q = 4; in the saturated regime the quadrature converges slowly
    (g(sqrt(q) z)^2 is nearly a step): 1e-3 off at q = 25, about 2% at q = 400.
    """
    scale = check_positive(scale, "scale")
    depth = check_int(depth, "depth")
    activation = check_choice(activation, "activation", DEEP_ACTIVATIONS)
    input_second_moment = check_positive(input_second_moment, "input_second_moment", allow_zero=True)
    n_points = check_int(n_points, "n_points", minimum=2)
    nodes, weights = gauss_hermite_normal(n_points)
    g = DEEP_ACTIVATIONS[activation][0]
    q = np.empty(depth)
    q[0] = scale ** 2 * input_second_moment
    with np.errstate(all="ignore"):
        for l in range(1, depth):
            q[l] = scale ** 2 * float(np.sum(weights * g(np.sqrt(q[l - 1]) * nodes) ** 2))
    return q


def _chi(scale, activation, n_iterations=100):
    """scale^2 E[g'(sqrt(q*) z)^2] at the fixed point q* of the variance map.

    The expectations are trapezoid sums on a fine grid (z in [-12, 12], step 0.01):
    for the large q* near the sigmoid's critical scale, g' of sqrt(q*) z
    is a spike of width ~ 1/sqrt(q*) that Gauss-Hermite nodes would step over."""
    z = np.linspace(-12.0, 12.0, 2401)
    weights = np.exp(-z * z / 2) * (z[1] - z[0]) / np.sqrt(2 * np.pi)
    g, g_prime = DEEP_ACTIVATIONS[activation]
    q = 1.0
    for _ in range(n_iterations):
        q = scale ** 2 * float(np.sum(weights * g(np.sqrt(q) * z) ** 2))
    return scale ** 2 * float(np.sum(weights * g_prime(g(np.sqrt(q) * z)) ** 2))


@functools.lru_cache(maxsize=None)
def critical_scale(activation) -> float:
    """The weight scale at the edge between vanishing and exploding gradients.

    Mean-field theory: a small perturbation (and so a gradient) is
    multiplied per layer by chi = scale^2 E[g'(sqrt(q*) z)^2], with q* the
    fixed point of the variance recursion; the critical scale makes chi = 1.

    - identity: chi = scale^2, so 1;
    - tanh: q* = 0 for scale <= 1, where tanh'(0) = 1, so 1;
    - relu: E[relu'(z)^2] = 1/2 for every q, so sqrt 2 (He);
    - sigmoid: q* > 0 for every scale (the sigmoid's mean 1/2 feeds the next
      layer), and chi = 1 only at a much larger scale, found numerically
      (bisection on chi(scale) - 1): about 10.1. There most units are
      saturated at 0 or 1 and the signal carries little, so no scale makes a
      deep sigmoid network work the way scale 1 does for tanh.
    """
    activation = check_choice(activation, "activation", DEEP_ACTIVATIONS)
    exact = {"identity": 1.0, "tanh": 1.0, "relu": float(np.sqrt(2.0))}
    if activation in exact:
        return exact[activation]
    lo, hi = 1.0, 64.0
    for _ in range(40):
        mid = np.sqrt(lo * hi)
        if _chi(mid, activation) < 1:
            lo = mid
        else:
            hi = mid
    return float(np.sqrt(lo * hi))
