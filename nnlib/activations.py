"""Activation functions g(z) and their derivatives g'(z) (chapter 3).

Each elementwise activation is written next to its derivative, in the book's
notation. Softmax is not elementwise, so instead of a derivative it has a
vector-Jacobian product (``softmax_backward``).

All functions keep the dtype of a float input (float32 stays float32;
integers become float64) and are numerically stable: ``sigmoid`` and
``softmax`` of logits anywhere in [-1e4, 1e4] are finite and raise no
floating-point warning.

The functions in this module are the bare maths, **unchecked** (a string or
a NaN goes straight to numpy), because the network calls them on arrays it
has already validated. The same names at the top level, ``nnlib.sigmoid``,
``nnlib.tanh``, ``nnlib.relu``, ``nnlib.leaky_relu`` and ``nnlib.softmax``,
are the validated versions (``validated`` below) to call on your own data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_float_array, check_choice, check_fraction


def _float(z):
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def identity(z):
    """g(z) = z."""
    return _float(z)


def identity_prime(z):
    """g'(z) = 1."""
    return np.ones_like(_float(z))


# Underflow to 0 (exp(-1e4)) is the correctly rounded answer, not an error:
# ignoring it keeps these quiet even under np.errstate(all="raise").
@np.errstate(under="ignore")
def sigmoid(z):
    """sigma(z) = 1 / (1 + exp(-z)), computed without overflow.

    exp is only ever taken of -|z| <= 0, so it lies in (0, 1]:
    for z >= 0 we use 1 / (1 + e^-z), for z < 0 the equal e^z / (1 + e^z).
    """
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@np.errstate(under="ignore")
def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)) (derived in chapter 3)."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z) = 2 sigma(2z) - 1."""
    return np.tanh(z)


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)^2 (derived in chapter 3)."""
    t = np.tanh(z)
    return 1 - t * t


def relu(z):
    """relu(z) = max(0, z)."""
    z = _float(z)
    return np.maximum(z, 0, dtype=z.dtype)


def relu_prime(z):
    """relu'(z) = 1 for z > 0, else 0 (we take 0 at the kink z = 0)."""
    z = _float(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha: float = 0.01):
    """leaky_relu(z) = z for z > 0, alpha z otherwise (0 <= alpha < 1): never exactly flat."""
    z = _float(z)
    return np.where(z > 0, z, z.dtype.type(alpha) * z)


def leaky_relu_prime(z, alpha: float = 0.01):
    """leaky_relu'(z) = 1 for z > 0, alpha otherwise."""
    z = _float(z)
    return np.where(z > 0, 1, alpha).astype(z.dtype)


@np.errstate(under="ignore", over="ignore")
def softmax(Z):
    """Row-wise softmax: softmax(Z)[i, k] = exp(Z[i, k]) / sum_j exp(Z[i, j]).

    Shapes: ``Z`` is ``(n_samples, n_classes)``; so is the result, each row
    summing to 1. Subtracting each row's maximum first changes nothing
    mathematically (it cancels) but keeps exp from overflowing.
    """
    Z = _float(Z)
    shifted = Z - Z.max(axis=-1, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=-1, keepdims=True)


@np.errstate(under="ignore")
def softmax_backward(dA, A):
    """Vector-Jacobian product of softmax: dZ = A * (dA - sum_k dA_k A_k).

    Shapes: ``dA`` and ``A`` are ``(n_samples, n_classes)``, ``A = softmax(Z)``.
    The Jacobian of one row is diag(a) - a a^T; multiplying it by dA gives the
    formula above without ever building the ``(n_classes, n_classes)`` matrix.
    """
    return A * (dA - np.sum(dA * A, axis=-1, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative, as one object.

    ``forward(Z)`` gives A = g(Z); ``backward(dA, Z, A)`` gives dL/dZ from
    dL/dA. For elementwise g that is ``dA * g'(Z)``; softmax uses its
    vector-Jacobian product instead.
    """

    name: str
    fn: Callable
    derivative: Callable | None
    elementwise: bool = True

    def forward(self, Z):
        return self.fn(Z)

    def backward(self, dA, Z, A=None):
        if self.elementwise:
            return dA * self.derivative(Z)
        if A is None:
            A = self.fn(Z)
        return softmax_backward(dA, A)


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", identity, identity_prime),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_prime),
    "softmax": Activation("softmax", softmax, None, elementwise=False),
}


def get_activation(name) -> Activation:
    """Look up an activation by name ("identity", "sigmoid", "tanh", "relu",
    "leaky_relu", "softmax"); an ``Activation`` passes through unchanged."""
    if isinstance(name, Activation):
        return name
    check_choice(name, "activation", ACTIVATIONS)
    return ACTIVATIONS[name]


def validated(fn):
    """The checked version of an activation ``fn``: its input must be a finite
    real array (lists and ints are converted), anything else raises a clear
    ``TypeError``/``ValueError`` instead of a numpy error or a silent NaN.
    ``leaky_relu``'s slope must lie in [0, 1)."""

    @functools.wraps(fn)
    def checked(z, *args, **kwargs):
        z = as_float_array(z, "z", ndim=(1, 2) if fn is softmax else None)
        if fn is leaky_relu:
            alpha = kwargs.get("alpha", args[0] if args else 0.01)
            check_fraction(alpha, "alpha (the leaky slope)")
        return fn(z, *args, **kwargs)

    checked.__doc__ = (fn.__doc__ or "") + "\n\n    Validated: a finite real array (the bare maths is ``nnlib.activations.%s``).\n" % fn.__name__
    return checked
