"""Test functions for optimisers: two-dimensional loss landscapes (chapter 10).

Each landscape is a ``Landscape`` with ``value(x)`` and ``gradient(x)``.
``value`` accepts one point of shape ``(2,)`` or a grid of shape
``(..., 2)`` (for contour plots); ``gradient`` takes one point ``(2,)`` and
returns ``(2,)``. ``minimum`` is the known minimiser, ``x0`` a conventional
start and ``bounds`` a window ``((x_lo, x_hi), (y_lo, y_hi))`` to draw.

- ``quadratic(A, b)``: f(x) = 1/2 x^T A x - b^T x, minimised at A^{-1} b;
  gradient descent on it converges iff 0 < lr < 2 / lambda_max(A).
- ``ill_conditioned_quadratic(condition)``: a rotated valley whose curvatures
  differ by the factor ``condition`` (= L / mu).
- ``rosenbrock(a, b)``: the banana valley (x - a)^2 ... minimum at (a, a^2).
- ``beale()``: flat plateaus and a narrow minimum at (3, 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_float_array, check_positive


@dataclass(frozen=True)
class Landscape:
    """A smooth function of two variables with its gradient.

    Attributes
    ----------
    name : label for plots.
    f : callable ``(..., 2) -> (...)``, the value (vectorised over a grid).
    grad : callable ``(2,) -> (2,)``, the gradient.
    minimum : ``(2,)`` the global minimiser.
    x0 : ``(2,)`` a conventional starting point.
    bounds : ``((x_lo, x_hi), (y_lo, y_hi))`` the window to draw.
    log_levels : draw contours on a log scale (for landscapes with wide ranges).
    """

    name: str
    f: Callable
    grad: Callable
    minimum: np.ndarray
    x0: np.ndarray
    bounds: tuple
    log_levels: bool = False

    def value(self, x):
        """f at ``x`` of shape ``(2,)`` (returns a float) or ``(..., 2)`` (returns ``(...)``)."""
        x = as_float_array(x, "x")
        if x.shape[-1:] != (2,):
            raise ValueError(f"x must have shape (2,) or (..., 2) (a point or a grid of points), got {x.shape}.")
        out = self.f(x)
        return float(out) if x.ndim == 1 else out

    def gradient(self, x):
        """The gradient at one point ``x`` of shape ``(2,)``; returns ``(2,)``."""
        x = as_float_array(x, "x", ndim=1)
        if x.shape != (2,):
            raise ValueError(f"x must be one point of shape (2,), got {x.shape}.")
        return np.asarray(self.grad(x), dtype=np.float64)


def quadratic(A, b=None, x0=None, name="quadratic"):
    """f(x) = 1/2 x^T A x - b^T x with symmetric positive-definite ``A`` (2, 2).

    Gradient A x - b; minimiser A^{-1} b; curvature between mu = lambda_min(A)
    and L = lambda_max(A).
    """
    A = as_float_array(A, "A", ndim=2)
    if A.shape != (2, 2) or not np.allclose(A, A.T):
        raise ValueError(f"A must be a symmetric (2, 2) matrix, got shape {A.shape}"
                         f"{'' if A.shape != (2, 2) else ' that is not symmetric'}; use (A + A.T) / 2.")
    eig = np.linalg.eigvalsh(A)
    if eig[0] <= 0:
        raise ValueError(f"A must be positive definite (all eigenvalues > 0), got eigenvalues {eig}; "
                         "add a multiple of the identity.")
    b = np.zeros(2) if b is None else as_float_array(b, "b", ndim=1)
    if b.shape != (2,):
        raise ValueError(f"b must have shape (2,), got {b.shape}.")
    A, b = A.copy(), b.copy()
    x_star = np.linalg.solve(A, b)
    x0 = x_star + np.array([-1.5, 1.0]) if x0 is None else as_float_array(x0, "x0", ndim=1)
    if x0.shape != (2,):
        raise ValueError(f"x0 must have shape (2,), got {x0.shape}.")

    def f(x):
        return 0.5 * np.einsum("...i,ij,...j->...", x, A, x) - x @ b

    def grad(x):
        return A @ x - b

    half = max(np.max(np.abs(x0 - x_star)) * 1.3, 1e-3)
    bounds = ((x_star[0] - half, x_star[0] + half), (x_star[1] - half, x_star[1] + half))
    return Landscape(name, f, grad, x_star, np.array(x0, dtype=np.float64), bounds)


def ill_conditioned_quadratic(condition=25.0, angle=np.pi / 6, b=(1.0, 0.5)):
    """A quadratic valley with eigenvalues 1 and ``condition``, rotated by ``angle``.

    Gradient descent must use lr < 2 / condition for the steep direction, and
    then crawls along the flat one at rate 1 - lr (chapter 10).
    """
    condition = check_positive(condition, "condition")
    if condition < 1:
        raise ValueError(f"condition is lambda_max / lambda_min and must be >= 1, got {condition}.")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, condition]) @ R.T
    A = (A + A.T) / 2
    x_star = np.linalg.solve(A, np.asarray(b, dtype=np.float64))
    return quadratic(A, np.asarray(b, dtype=np.float64), x0=x_star + np.array([-3.0, 2.5]),
                     name=f"quadratic, condition {condition:g}")


def rosenbrock(a=1.0, b=100.0):
    """f(x, y) = (a - x)^2 + b (y - x^2)^2, minimum 0 at (a, a^2): a curved, flat-bottomed valley."""
    a = float(a)
    b = check_positive(b, "b")

    def f(x):
        return (a - x[..., 0]) ** 2 + b * (x[..., 1] - x[..., 0] ** 2) ** 2

    def grad(x):
        u, v = x
        return np.array([-2 * (a - u) - 4 * b * u * (v - u * u), 2 * b * (v - u * u)])

    return Landscape("Rosenbrock", f, grad, np.array([a, a * a]), np.array([-1.5, 2.0]),
                     ((-2.0, 2.0), (-1.0, 3.0)), log_levels=True)


def beale():
    """Beale's function: flat plateaus and steep walls, minimum 0 at (3, 0.5)."""
    c = np.array([1.5, 2.25, 2.625])

    def f(x):
        u, v = x[..., 0], x[..., 1]
        return sum((ci - u + u * v ** (k + 1)) ** 2 for k, ci in enumerate(c))

    def grad(x):
        u, v = x
        g = np.zeros(2)
        for k, ci in enumerate(c):
            r = ci - u + u * v ** (k + 1)
            g[0] += 2 * r * (v ** (k + 1) - 1)
            g[1] += 2 * r * u * (k + 1) * v ** k
        return g

    return Landscape("Beale", f, grad, np.array([3.0, 0.5]), np.array([-1.0, 1.5]),
                     ((-4.5, 4.5), (-4.5, 4.5)), log_levels=True)


def run_path(landscape: Landscape, optimiser="sgd", n_steps=100, x0=None, **kwargs):
    """The iterates of ``nnlib.optimisers.minimise`` on a landscape from its
    start ``landscape.x0`` (or ``x0``): shape ``(n_steps + 1, 2)``. A diverging
    run stops and repeats its last finite point, so it can still be drawn.
    """
    from .optimisers import minimise

    return minimise(landscape.grad, landscape.x0 if x0 is None else x0, optimiser, n_steps, **kwargs)


def suboptimality(landscape: Landscape, path):
    """f(x_t) - f(x*) along a path ``(n_steps + 1, 2)``: shape ``(n_steps + 1,)``.

    A diverged path's values may overflow to inf; that is the divergence,
    returned as is (no warning)."""
    path = as_float_array(path, "path", ndim=2)
    if path.shape[1] != 2:
        raise ValueError(f"path must have shape (n_steps + 1, 2), got {path.shape}.")
    with np.errstate(over="ignore", invalid="ignore"):
        return landscape.value(path) - landscape.value(landscape.minimum)


# Chapter 10's race on the Rosenbrock valley: label -> (optimiser name, settings),
# hand-tuned so each optimiser shows its character within 500 steps.
RACE_SETTINGS = {
    "GD": ("sgd", {"lr": 1e-3}),
    "momentum": ("momentum", {"lr": 1e-3, "beta": 0.9}),
    "RMSprop": ("rmsprop", {"lr": 2e-2, "rho": 0.9}),
    "Adam": ("adam", {"lr": 0.1, "beta1": 0.9, "beta2": 0.999}),
}


def race_paths(landscape=None, settings=None, n_steps=500):
    """Run every optimiser in ``settings`` (label -> (name, kwargs); default
    ``RACE_SETTINGS``) on ``landscape`` (default Rosenbrock) from its ``x0``.
    Returns a dict label -> ``(n_steps + 1, 2)`` path."""
    landscape = rosenbrock() if landscape is None else landscape
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape must be an nnlib.landscapes.Landscape, got {type(landscape).__name__}.")
    settings = RACE_SETTINGS if settings is None else settings
    if not isinstance(settings, dict) or not settings:
        raise TypeError(f"settings must be a non-empty dict label -> (optimiser name, kwargs), got {settings!r}. "
                        "See nnlib.landscapes.RACE_SETTINGS.")
    return {label: run_path(landscape, name, n_steps, **kwargs) for label, (name, kwargs) in settings.items()}
