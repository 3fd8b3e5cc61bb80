"""Centred finite differences: the referee for every gradient in the book.

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

The error of the centred formula is O(eps^2) (the odd terms of the Taylor
series cancel), against O(eps) for the one-sided one; with float64 and
eps = 1e-6 a correct gradient agrees to about 1e-9 relative error, a wrong one
rarely better than 1e-3. The cost is two evaluations of f per parameter,
which is why training uses backpropagation instead (chapter 5).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_positive


def numerical_gradient(f, x, eps: float = 1e-6):
    """Centred finite-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable taking an array shaped like ``x`` and returning a scalar.
    x : array of any shape (float64 recommended; float32 loses ~8 digits).
    eps : step size.

    Returns
    -------
    grad : array shaped like ``x``. ``x`` itself is left unchanged.
    """
    if not callable(f):
        raise TypeError(f"f must be a callable returning a scalar, got {type(f).__name__}.")
    x = as_float_array(x, "x").astype(np.float64, copy=True)
    eps = check_positive(eps, "eps")
    grad = np.zeros_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + eps
        f_plus = f(x)
        flat_x[i] = old - eps
        f_minus = f(x)
        flat_x[i] = old
        if np.ndim(f_plus) != 0 or np.ndim(f_minus) != 0:
            raise ValueError(f"f must return a scalar, got an array of shape {np.shape(f_plus)}. "
                             "Reduce it, e.g. with .sum() or a loss function.")
        flat_g[i] = (float(f_plus) - float(f_minus)) / (2 * eps)
    return grad


def numerical_gradient_array(f, x, upstream, eps: float = 1e-6):
    """Centred finite-difference vector-Jacobian product of an array-valued ``f``.

    For ``y = f(x)`` and an upstream gradient ``upstream = dL/dy`` (shaped like
    ``y``), returns dL/dx = sum_j upstream_j dy_j/dx, shaped like ``x``: the
    quantity a layer's ``backward`` computes (CS231n's
    ``eval_numerical_gradient_array``). Equivalent to ``numerical_gradient``
    of the scalar ``sum(upstream * f(x))``.
    """
    if not callable(f):
        raise TypeError(f"f must be a callable returning an array, got {type(f).__name__}.")
    upstream = as_float_array(upstream, "upstream").astype(np.float64)

    def scalar(x_):
        y = np.asarray(f(x_), dtype=np.float64)
        if y.shape != upstream.shape:
            raise ValueError(f"f(x) has shape {y.shape} but upstream has shape {upstream.shape}; "
                             "pass an upstream gradient shaped like f's output.")
        return float(np.sum(upstream * y))

    return numerical_gradient(scalar, x, eps)


def check_model_gradients(model, X, y, eps: float = 1e-6) -> float:
    """Relative error between a model's backpropagated gradients and centred
    finite differences of ``model.loss(X, y)``, over every parameter.

    ``model`` needs ``parameters()`` (arrays updated in place),
    ``loss(X, y)`` and ``loss_and_gradients(X, y)`` returning ``(loss, grads)``
    with ``grads.as_list()`` in the order of ``parameters()`` (``nnlib.MLP``
    does). Each parameter entry is nudged by +-eps in place and restored, so
    the model is unchanged afterwards. Use float64 models: float32 rounding
    swamps the differences. Returns the largest ``rel_error`` over the parameters.
    """
    for attr in ("parameters", "loss", "loss_and_gradients"):
        if not callable(getattr(model, attr, None)):
            raise TypeError(f"model must have a {attr}() method (an nnlib.MLP does), got {type(model).__name__}.")
    _, grads = model.loss_and_gradients(X, y)
    analytic = grads.as_list()
    params = model.parameters()
    errors = []
    for p, g in zip(params, analytic):
        if p.dtype != np.float64:
            raise TypeError(f"check_model_gradients needs a float64 model, got parameters of dtype {p.dtype}. "
                            "Build the model with dtype=np.float64.")

        def loss_at(value, p=p):
            saved = p.copy()
            p[...] = value
            try:
                return model.loss(X, y)
            finally:
                p[...] = saved

        errors.append(rel_error(g, numerical_gradient(loss_at, p, eps)))
    return max(errors)


def rel_error(a, b) -> float:
    """Largest elementwise relative error, CS231n's definition:

        max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)

    Shapes of ``a`` and ``b`` must match exactly (no broadcasting).
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape to be compared, got {a.shape} and {b.shape}.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def check_gradient(f, grad, x, eps: float = 1e-6) -> float:
    """Relative error between an analytic gradient ``grad`` (array, or callable
    ``grad(x)``) and the centred finite-difference gradient of ``f`` at ``x``."""
    analytic = grad(np.array(x, dtype=np.float64)) if callable(grad) else grad
    return rel_error(analytic, numerical_gradient(f, x, eps))
