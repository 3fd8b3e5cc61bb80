"""Loss functions and their gradients (chapters 2 and 5).

Every loss is the *mean* over the ``n_samples`` examples, and every gradient
is the gradient of that mean with respect to the loss's first argument. The
classification losses take logits (pre-activations ``z``), never
probabilities: combining the final sigmoid or softmax with the log inside the
loss is what makes them stable, and what makes the famous gradient
``sigmoid(z) - y`` appear.

None of these broadcast: ``z`` and ``y`` must have the same shape.

Each ``Loss`` also carries ``output_delta(A, Y)``: the gradient of the loss
with respect to the output layer's pre-activation ``Z[L]``, written in terms
of the output ``A[L] = g(Z[L])``. That is the "A - Y" that starts chapter 5's
delta recursion, and it is the formula ``nnlib.MLP`` trains with: edit it
here and every network's training changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_float_array, check_binary_labels, check_choice, check_same_shape, class_targets
from .activations import sigmoid, softmax


def _mean(values):
    # sum(v / n) rather than sum(v) / n: a mean of values near the float limit stays finite.
    return np.sum(values / values.shape[0])


# -- binary cross-entropy ----------------------------------------------------

# exp(-|z|) underflowing to 0 for large |z| is the right answer, not an error.
@np.errstate(under="ignore")
def _bce_with_logits(z, y):
    # -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z y + log(1 + e^-|z|):
    # no exp of a positive number, no log of 0.
    return _mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))


def _bce_with_logits_grad(z, y):
    # d/dz of the mean: (sigma(z) - y) / n_samples. Chapter 5's "a - y".
    return _bce_output_delta(sigmoid(z), y)


def _bce_output_delta(A, Y):
    """dL/dZ[L] for a sigmoid output and mean binary cross-entropy, from A = sigma(Z):
    (A - Y) / n. The sigmoid's derivative A(1 - A) cancels the loss's 1/(A(1 - A))."""
    return (A - Y) / A.shape[0]


def binary_cross_entropy_with_logits(z, y) -> float:
    """Mean binary cross-entropy of labels ``y`` in {0, 1} under logits ``z``.

    L = -(1/n) sum_i [y_i log sigma(z_i) + (1 - y_i) log(1 - sigma(z_i))].

    Shapes: ``z`` and ``y`` both ``(n_samples,)`` or both ``(n_samples, 1)``.
    """
    z, y = _check_pair(z, y, "z")
    check_binary_labels(y, ndim=(1, 2))
    return float(_bce_with_logits(z, y))


def binary_cross_entropy_with_logits_grad(z, y):
    """dL/dz = (sigma(z) - y) / n_samples, same shape as ``z``."""
    z, y = _check_pair(z, y, "z")
    check_binary_labels(y, ndim=(1, 2))
    return _bce_with_logits_grad(z, y)


def binary_cross_entropy(p, y, eps: float = 1e-12) -> float:
    """Mean binary cross-entropy from probabilities ``p`` (clipped to
    [eps, 1 - eps]). Prefer the logits version for training; this one is for
    reading a model's ``predict_proba`` output."""
    p, y = _check_pair(p, y, "p")
    check_binary_labels(y, ndim=(1, 2))
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p must hold probabilities in [0, 1]; for logits use binary_cross_entropy_with_logits.")
    p = np.clip(p, eps, 1 - eps)
    return float(-_mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


# -- softmax cross-entropy ---------------------------------------------------

# A logit more than the float range below its row's maximum gives shifted = -inf (overflow),
# whose probability 0 is the right answer.
@np.errstate(under="ignore", over="ignore")
def _softmax_ce(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    # Where Y is 0 the term is 0, even if log_probs is -inf (a logit far below the row's maximum).
    terms = np.multiply(Y, log_probs, out=np.zeros_like(log_probs), where=Y != 0)
    per_example = -np.sum(terms, axis=1)
    return _mean(per_example)


def _softmax_ce_grad(Z, Y):
    return _softmax_ce_output_delta(softmax(Z), Y)


def _softmax_ce_output_delta(A, Y):
    """dL/dZ[L] for a softmax output and mean cross-entropy, from A = softmax(Z):
    (A - Y) / n (chapter 5, exercise 5.1: the softmax Jacobian cancels the log)."""
    return (A - Y) / A.shape[0]


def _check_softmax_pair(Z, y):
    Z = as_float_array(Z, "Z", ndim=2)
    y = as_float_array(y, "y", ndim=(1, 2))
    if y.shape[0] != Z.shape[0]:
        raise ValueError(f"Z and y must have the same number of examples: Z has shape {Z.shape}, y has shape {y.shape}.")
    if Z.shape[0] == 0:
        raise ValueError("Z has no rows: a mean loss needs at least one example.")
    return Z, class_targets(y, Z.shape[1]).astype(Z.dtype, copy=False)


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
    r = (y_hat - y).reshape(y_hat.shape[0], -1)
    return 0.5 * _mean(np.sum(r * r, axis=1))


def _mse_grad(y_hat, y):
    return (y_hat - y) / y_hat.shape[0]


def _mse_output_delta(A, Y):
    """dL/dZ[L] for an identity output and the mean squared error: (A - Y) / n."""
    return (A - Y) / A.shape[0]


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
    if a.shape[0] == 0:
        raise ValueError(f"{a_name} and y are empty (shape {a.shape}): a mean loss needs at least one example.")
    return a, y


@dataclass(frozen=True)
class Loss:
    """A loss with everything a network needs from it.

    - ``value(Z, y)``, ``gradient(Z, y)``: validated, of the logits ``Z``;
    - ``output_activation``: the g that turns ``Z[L]`` into the prediction ``A[L]``;
    - ``unchecked_value(Z, Y)``: the bare formula, for already validated arrays;
    - ``output_delta(A, Y)``: dL/dZ[L] written in terms of ``A[L] = g(Z[L])``,
      where the delta recursion of chapter 5 starts. ``MLP`` calls exactly this.
    """

    name: str
    value: Callable
    gradient: Callable
    output_activation: str
    unchecked_value: Callable
    output_delta: Callable


LOSSES: dict[str, Loss] = {
    "binary_cross_entropy": Loss("binary_cross_entropy", binary_cross_entropy_with_logits,
                                 binary_cross_entropy_with_logits_grad, "sigmoid",
                                 _bce_with_logits, _bce_output_delta),
    "softmax_cross_entropy": Loss("softmax_cross_entropy", softmax_cross_entropy,
                                  softmax_cross_entropy_grad, "softmax",
                                  _softmax_ce, _softmax_ce_output_delta),
    "mse": Loss("mse", mean_squared_error, mean_squared_error_grad, "identity", _mse, _mse_output_delta),
}


def get_loss(name) -> Loss:
    """Look up a loss: "binary_cross_entropy", "softmax_cross_entropy" or "mse"."""
    if isinstance(name, Loss):
        return name
    check_choice(name, "loss", LOSSES)
    return LOSSES[name]
