"""L1 and L2 weight penalties and their (sub)gradients (chapter 9).

Penalties apply to weights, never to biases. Conventions:
L2: R(W) = (lam / 2) ||W||^2, gradient lam W (shrinks every weight by a factor).
L1: R(W) = lam ||W||_1, subgradient lam sign(W) (pushes by a constant amount).
The proximal step ``soft_threshold`` is what makes L1 produce exact zeros
under gradient descent; a plain subgradient step only jitters around zero.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_positive


def l2_penalty(W, lam: float) -> float:
    """(lam / 2) * sum(W**2)."""
    W = as_float_array(W, "W")
    lam = check_positive(lam, "lam", allow_zero=True)
    return 0.5 * lam * float(np.sum(W * W))


def l2_gradient(W, lam: float):
    """d/dW of l2_penalty: lam * W, same shape as W."""
    W = as_float_array(W, "W")
    return check_positive(lam, "lam", allow_zero=True) * W


def l1_penalty(W, lam: float) -> float:
    """lam * sum(|W|)."""
    W = as_float_array(W, "W")
    lam = check_positive(lam, "lam", allow_zero=True)
    return lam * float(np.sum(np.abs(W)))


def l1_subgradient(W, lam: float):
    """A subgradient of l1_penalty: lam * sign(W) (0 where W == 0, inside [-lam, lam])."""
    W = as_float_array(W, "W")
    return check_positive(lam, "lam", allow_zero=True) * np.sign(W)


def soft_threshold(W, threshold: float):
    """Proximal operator of threshold * ||W||_1: sign(W) * max(|W| - threshold, 0).

    One proximal-gradient (ISTA) step for L1 is ``soft_threshold(W - lr * grad, lr * lam)``:
    any weight whose magnitude is below ``lr * lam`` lands on exactly 0.
    """
    W = as_float_array(W, "W")
    threshold = check_positive(threshold, "threshold", allow_zero=True)
    return np.sign(W) * np.maximum(np.abs(W) - threshold, 0)
