"""Weight initialisers (chapters 6-8).

Each returns an ``(n_out, n_in)`` array, the shape of a layer's ``W``, and
takes ``rng`` (None, an int seed or a ``numpy.random.Generator``). The
variance each promises, with ``n_in`` the fan-in (units in the previous
layer) and ``n_out`` the fan-out:

=================  ===========================  ==============================
initialiser        distribution                 Var(w)
=================  ===========================  ==============================
zeros, constant    all equal                    0 (symmetry is never broken)
normal             N(0, std^2)                  std^2
uniform            U(-limit, limit)             limit^2 / 3
lecun_normal       N(0, 1/n_in)                 1 / n_in
lecun_uniform      U(+-sqrt(3/n_in))            1 / n_in
xavier_normal      N(0, 2/(n_in+n_out))         2 / (n_in + n_out)
xavier_uniform     U(+-sqrt(6/(n_in+n_out)))    2 / (n_in + n_out)
he_normal          N(0, 2/n_in)                 2 / n_in
he_uniform         U(+-sqrt(6/n_in))            2 / n_in
=================  ===========================  ==============================

Note the He variance is 2/n_in (fan-in), so its standard deviation is
sqrt(2/n_in): the source text's N(0, sqrt(2/n^[l])) uses the wrong layer.
"""

from __future__ import annotations

import inspect

import numpy as np

from ._validation import check_choice, check_int, check_positive, check_rng


def _shape(n_out, n_in):
    return check_int(n_out, "n_out"), check_int(n_in, "n_in")


def _dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating type such as np.float64 or np.float32, got {dtype}.")
    return dtype


def zeros(n_out, n_in, rng=None, dtype=np.float64):
    """All weights 0: every hidden unit computes the same thing forever (chapter 6)."""
    return np.zeros(_shape(n_out, n_in), dtype=_dtype(dtype))


def constant(n_out, n_in, value=0.5, rng=None, dtype=np.float64):
    """All weights equal to ``value``: as symmetric as zeros (chapter 6)."""
    if isinstance(value, bool) or not np.isscalar(value) or not np.isfinite(value):
        raise ValueError(f"value must be a finite number, got {value!r}.")
    return np.full(_shape(n_out, n_in), value, dtype=_dtype(dtype))


def normal(n_out, n_in, std=0.01, rng=None, dtype=np.float64):
    """w ~ N(0, std^2), independently; Var(w) = std^2."""
    std = check_positive(std, "std", allow_zero=True)
    return (check_rng(rng).standard_normal(_shape(n_out, n_in)) * std).astype(_dtype(dtype), copy=False)


def uniform(n_out, n_in, limit=0.05, rng=None, dtype=np.float64):
    """w ~ U(-limit, limit); Var(w) = limit^2 / 3."""
    limit = check_positive(limit, "limit", allow_zero=True)
    return check_rng(rng).uniform(-limit, limit, _shape(n_out, n_in)).astype(_dtype(dtype), copy=False)


def lecun_normal(n_out, n_in, rng=None, dtype=np.float64):
    """LeCun (1998): Var(w) = 1 / n_in. What the source calls Xavier's first form."""
    n_out, n_in = _shape(n_out, n_in)
    return normal(n_out, n_in, np.sqrt(1.0 / n_in), rng, dtype)


def lecun_uniform(n_out, n_in, rng=None, dtype=np.float64):
    """LeCun uniform: U(-sqrt(3/n_in), sqrt(3/n_in)), Var(w) = 1 / n_in."""
    n_out, n_in = _shape(n_out, n_in)
    return uniform(n_out, n_in, np.sqrt(3.0 / n_in), rng, dtype)


def xavier_normal(n_out, n_in, rng=None, dtype=np.float64):
    """Glorot & Bengio (2010): Var(w) = 2 / (n_in + n_out), a compromise
    between keeping forward (n_in) and backward (n_out) variances flat."""
    n_out, n_in = _shape(n_out, n_in)
    return normal(n_out, n_in, np.sqrt(2.0 / (n_in + n_out)), rng, dtype)


def xavier_uniform(n_out, n_in, rng=None, dtype=np.float64):
    """Glorot uniform: U(-sqrt(6/(n_in+n_out)), +sqrt(...)), Var(w) = 2/(n_in+n_out)."""
    n_out, n_in = _shape(n_out, n_in)
    return uniform(n_out, n_in, np.sqrt(6.0 / (n_in + n_out)), rng, dtype)


def he_normal(n_out, n_in, rng=None, dtype=np.float64):
    """He et al. (2015): Var(w) = 2 / n_in. ReLU zeroes half its inputs, so the
    factor 2 restores the variance that LeCun's 1/n_in would lose per layer."""
    n_out, n_in = _shape(n_out, n_in)
    return normal(n_out, n_in, np.sqrt(2.0 / n_in), rng, dtype)


def he_uniform(n_out, n_in, rng=None, dtype=np.float64):
    """He uniform: U(-sqrt(6/n_in), sqrt(6/n_in)), Var(w) = 2 / n_in."""
    n_out, n_in = _shape(n_out, n_in)
    return uniform(n_out, n_in, np.sqrt(6.0 / n_in), rng, dtype)


INITIALISERS = {f.__name__: f for f in (zeros, constant, normal, uniform, lecun_normal, lecun_uniform,
                                        xavier_normal, xavier_uniform, he_normal, he_uniform)}

# American spellings and common aliases, so readers coming from other libraries find them.
ALIASES = {"glorot_normal": "xavier_normal", "glorot_uniform": "xavier_uniform",
           "kaiming_normal": "he_normal", "kaiming_uniform": "he_uniform"}


def get_initialiser(name, **params):
    """Look up an initialiser by name, binding extra parameters such as ``std``.

    Returns a function ``init(n_out, n_in, rng=None, dtype=np.float64)``.
    ``get_initialiser("normal", std=0.1)`` gives N(0, 0.01) weights; a callable
    passes through unchanged.
    """
    if callable(name):
        return name
    name = ALIASES.get(name, name) if isinstance(name, str) else name
    check_choice(name, "initialiser", set(INITIALISERS) | set(ALIASES))
    fn = INITIALISERS[name]
    accepted = set(inspect.signature(fn).parameters) - {"n_out", "n_in", "rng", "dtype"}
    unknown = set(params) - accepted
    if unknown:
        raise TypeError(f"initialiser {name!r} takes the parameters {sorted(accepted) or 'none'}, "
                        f"got unexpected {sorted(unknown)}.")

    def init(n_out, n_in, rng=None, dtype=np.float64):
        return fn(n_out, n_in, rng=rng, dtype=dtype, **params)

    init.__name__ = name
    init.__doc__ = fn.__doc__
    return init


def expected_variance(name, n_in, n_out, **params) -> float:
    """The Var(w) an initialiser promises (the table above), for checks by sampling."""
    name = ALIASES.get(name, name)
    check_choice(name, "initialiser", INITIALISERS)
    formulas = {
        "zeros": lambda: 0.0,
        "constant": lambda: 0.0,
        "normal": lambda: params.get("std", 0.01) ** 2,
        "uniform": lambda: params.get("limit", 0.05) ** 2 / 3,
        "lecun_normal": lambda: 1 / n_in,
        "lecun_uniform": lambda: 1 / n_in,
        "xavier_normal": lambda: 2 / (n_in + n_out),
        "xavier_uniform": lambda: 2 / (n_in + n_out),
        "he_normal": lambda: 2 / n_in,
        "he_uniform": lambda: 2 / n_in,
    }
    return float(formulas[name]())
