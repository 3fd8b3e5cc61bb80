"""Loss functions and their gradients (chapters 2 and 5).

Every loss is the *mean* over the ``n_samples`` examples, and every gradient
is the gradient of that mean with respect to the loss's first argument. The
classification losses take logits (pre-activations ``z``), never
probabilities: combining the final sigmoid or softmax with the log inside the
loss is what makes them stable, and what makes the famous gradient
``sigmoid(z) - y`` appear.

None of these broadcast: ``z`` and ``y`` must have the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_float_array, check_choice, check_same_shape
from .activations import sigmoid, softmax


# -- binary cross-entropy ----------------------------------------------------

# exp(-|z|) underflowing to 0 for large |z| is the right answer, not an error.
@np.errstate(under="ignore")
def _bce_with_logits(z, y):
    # -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z y + log(1 + e^-|z|):
    # no exp of a positive number, no log of 0.
    return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))


def _bce_with_logits_grad(z, y):
    # d/dz of the mean: (sigma(z) - y) / n_samples. Chapter 5's "a - y".
    return (sigmoid(z) - y) / z.shape[0]


def binary_cross_entropy_with_logits(z, y) -> float:
    """Mean binary cross-entropy of labels ``y`` in {0, 1} under logits ``z``.

    L = -(1/n) sum_i [y_i log sigma(z_i) + (1 - y_i) log(1 - sigma(z_i))].

    Shapes: ``z`` and ``y`` both ``(n_samples,)`` or both ``(n_samples, 1)``.
    """
    z, y = _check_pair(z, y, "z")
    _check_binary(y)
    return float(_bce_with_logits(z, y))


def binary_cross_entropy_with_logits_grad(z, y):
    """dL/dz = (sigma(z) - y) / n_samples, same shape as ``z``."""
    z, y = _check_pair(z, y, "z")
    _check_binary(y)
    return _bce_with_logits_grad(z, y)


def binary_cross_entropy(p, y, eps: float = 1e-12) -> float:
    """Mean binary cross-entropy from probabilities ``p`` (clipped to
    [eps, 1 - eps]). Prefer the logits version for training; this one is for
    reading a model's ``predict_proba`` output."""
    p, y = _check_pair(p, y, "p")
    _check_binary(y)
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


# -- softmax cross-entropy ---------------------------------------------------

def _one_hot_like(Z, y):
    if y.ndim == 1:
        Y = np.zeros_like(Z)
        Y[np.arange(Z.shape[0]), y.astype(np.intp)] = 1
        return Y
    return y


@np.errstate(under="ignore")
def _softmax_ce(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(Y * log_probs) / Z.shape[0]


def _softmax_ce_grad(Z, Y):
    return (softmax(Z) - Y) / Z.shape[0]


def _check_softmax_pair(Z, y):
    Z = as_float_array(Z, "Z", ndim=2)
    y = as_float_array(y, "y", ndim=(1, 2))
    if y.shape[0] != Z.shape[0]:
        raise ValueError(f"Z and y must have the same number of examples: Z has shape {Z.shape}, y has shape {y.shape}.")
    if y.ndim == 1:
        k = Z.shape[1]
        if np.any((y != np.round(y)) | (y < 0) | (y >= k)):
            raise ValueError(f"integer class labels y must lie in 0..{k - 1} (Z has {k} columns), got values "
                             f"{np.unique(y)[:5].tolist()}. Pass integer labels or a one-hot matrix of shape {Z.shape}.")
    else:
        check_same_shape(Z, y, "Z", "one-hot y")
        if np.any(y < 0) or not np.allclose(y.sum(axis=1), 1):
            raise ValueError("a 2-D y must be one-hot (or a probability vector per row: non-negative, rows summing to 1).")
    return Z, _one_hot_like(Z, y)


def softmax_cross_entropy(Z, y) -> float:
    """Mean cross-entropy of softmax(Z) against labels ``y``.

    L = -(1/n) sum_i log softmax(Z)[i, y_i].

    Shapes: ``Z`` is ``(n_samples, n_classes)`` logits; ``y`` is either
    ``(n_samples,)`` integer labels or an ``(n_samples, n_classes)`` one-hot matrix.
    """
    Z, Y = _check_softmax_pair(Z, y)
    return float(_softmax_ce(Z, Y))


def softmax_cross_entropy_grad(Z, y):
    """dL/dZ = (softmax(Z) - Y) / n_samples, shape ``(n_samples, n_classes)``."""
    Z, Y = _check_softmax_pair(Z, y)
    return _softmax_ce_grad(Z, Y)


# -- mean squared error ------------------------------------------------------

def _mse(y_hat, y):
    return 0.5 * np.sum((y_hat - y) ** 2) / y_hat.shape[0]


def _mse_grad(y_hat, y):
    return (y_hat - y) / y_hat.shape[0]


def mean_squared_error(y_hat, y) -> float:
    """L = (1 / 2n) sum_i ||y_hat_i - y_i||^2 (the 1/2 makes the gradient clean).

    Shapes: ``y_hat`` and ``y`` identical, ``(n_samples,)`` or ``(n_samples, n_out)``.
    """
    y_hat, y = _check_pair(y_hat, y, "y_hat")
    return float(_mse(y_hat, y))


def mean_squared_error_grad(y_hat, y):
    """dL/dy_hat = (y_hat - y) / n_samples, same shape as ``y_hat``."""
    y_hat, y = _check_pair(y_hat, y, "y_hat")
    return _mse_grad(y_hat, y)


# -- helpers and registry ----------------------------------------------------

def _check_pair(a, y, a_name):
    a = as_float_array(a, a_name, ndim=(1, 2))
    y = as_float_array(y, "y", ndim=(1, 2))
    check_same_shape(a, y, a_name, "y")
    return a, y


def _check_binary(y):
    if np.any((y != 0) & (y != 1)):
        raise ValueError(f"binary cross-entropy needs labels in {{0, 1}}, got values {np.unique(y)[:5].tolist()}. "
                         "Map your classes to 0/1 first.")


@dataclass(frozen=True)
class Loss:
    """A loss as (value, gradient) of the network's output ``Z``, plus the
    activation that turns that output into a prediction."""

    name: str
    value: Callable
    gradient: Callable
    output_activation: str
    unchecked_value: Callable
    unchecked_gradient: Callable


LOSSES: dict[str, Loss] = {
    "binary_cross_entropy": Loss("binary_cross_entropy", binary_cross_entropy_with_logits,
                                 binary_cross_entropy_with_logits_grad, "sigmoid",
                                 _bce_with_logits, _bce_with_logits_grad),
    "softmax_cross_entropy": Loss("softmax_cross_entropy", softmax_cross_entropy,
                                  softmax_cross_entropy_grad, "softmax",
                                  _softmax_ce, _softmax_ce_grad),
    "mse": Loss("mse", mean_squared_error, mean_squared_error_grad, "identity", _mse, _mse_grad),
}


def get_loss(name) -> Loss:
    """Look up a loss: "binary_cross_entropy", "softmax_cross_entropy" or "mse"."""
    if isinstance(name, Loss):
        return name
    check_choice(name, "loss", LOSSES)
    return LOSSES[name]
