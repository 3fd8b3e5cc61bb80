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

from typing import Callable, NamedTuple

from ._validation import check_choice, check_float_dtype, check_int, check_positive, check_rng


class Scheme(NamedTuple):
    """One row of the table above: the ``distribution`` ("normal", "uniform"
    or "constant") and ``variance(n_in, n_out, **params)``, the Var(w) it
    promises. The draw follows from the variance: a normal one has std
    sqrt(Var), a uniform one the limit sqrt(3 Var), since U(-limit, limit)
    has variance limit^2 / 3. (``normal`` and ``uniform`` are given their std
    or limit directly, which ``scale`` passes through unrounded.)"""

    distribution: str
    variance: Callable
    scale: Callable | None = None

    def draw_scale(self, n_in, n_out, **params) -> float:
        """The std (normal), the limit (uniform) or the value (constant) to draw with."""
        if self.scale is not None:
            return self.scale(n_in, n_out, **params)
        var = self.variance(n_in, n_out, **params)
        return float(np.sqrt(var if self.distribution == "normal" else 3 * var))


# The one table: every initialiser below and ``expected_variance`` derive from it.
SCHEMES: dict[str, Scheme] = {
    "zeros": Scheme("constant", lambda n_in, n_out: 0.0, lambda n_in, n_out: 0.0),
    "constant": Scheme("constant", lambda n_in, n_out, value=0.5: 0.0, lambda n_in, n_out, value=0.5: value),
    "normal": Scheme("normal", lambda n_in, n_out, std=0.01: std ** 2, lambda n_in, n_out, std=0.01: std),
    "uniform": Scheme("uniform", lambda n_in, n_out, limit=0.05: limit ** 2 / 3,
                      lambda n_in, n_out, limit=0.05: limit),
    "lecun_normal": Scheme("normal", lambda n_in, n_out: 1 / n_in),
    "lecun_uniform": Scheme("uniform", lambda n_in, n_out: 1 / n_in),
    "xavier_normal": Scheme("normal", lambda n_in, n_out: 2 / (n_in + n_out)),
    "xavier_uniform": Scheme("uniform", lambda n_in, n_out: 2 / (n_in + n_out)),
    "he_normal": Scheme("normal", lambda n_in, n_out: 2 / n_in),
    "he_uniform": Scheme("uniform", lambda n_in, n_out: 2 / n_in),
}


def _draw(name, n_out, n_in, rng, dtype, **params):
    """Sample an ``(n_out, n_in)`` array from the table's row ``name``."""
    n_out, n_in = check_int(n_out, "n_out"), check_int(n_in, "n_in")
    dtype = check_float_dtype(dtype)
    scheme = SCHEMES[name]
    scale = scheme.draw_scale(n_in, n_out, **params)
    if scheme.distribution == "constant":
        return np.full((n_out, n_in), scale, dtype=dtype)
    rng = check_rng(rng)
    if scheme.distribution == "normal":
        W = rng.standard_normal((n_out, n_in)) * scale
    else:
        W = rng.uniform(-scale, scale, (n_out, n_in))
    return W.astype(dtype, copy=False)


def zeros(n_out, n_in, rng=None, dtype=np.float64):
    """All weights 0: every hidden unit computes the same thing forever (chapter 6)."""
    return _draw("zeros", n_out, n_in, rng, dtype)


def constant(n_out, n_in, value=0.5, rng=None, dtype=np.float64):
    """All weights equal to ``value``: as symmetric as zeros (chapter 6)."""
    if isinstance(value, bool) or not np.isscalar(value) or not np.isfinite(value):
        raise ValueError(f"value must be a finite number, got {value!r}.")
    return _draw("constant", n_out, n_in, rng, dtype, value=value)


def normal(n_out, n_in, std=0.01, rng=None, dtype=np.float64):
    """w ~ N(0, std^2), independently; Var(w) = std^2."""
    return _draw("normal", n_out, n_in, rng, dtype, std=check_positive(std, "std", allow_zero=True))


def uniform(n_out, n_in, limit=0.05, rng=None, dtype=np.float64):
    """w ~ U(-limit, limit); Var(w) = limit^2 / 3."""
    return _draw("uniform", n_out, n_in, rng, dtype, limit=check_positive(limit, "limit", allow_zero=True))


def lecun_normal(n_out, n_in, rng=None, dtype=np.float64):
    """LeCun (1998): Var(w) = 1 / n_in. What the source calls Xavier's first form."""
    return _draw("lecun_normal", n_out, n_in, rng, dtype)


def lecun_uniform(n_out, n_in, rng=None, dtype=np.float64):
    """LeCun uniform: U(-sqrt(3/n_in), sqrt(3/n_in)), Var(w) = 1 / n_in."""
    return _draw("lecun_uniform", n_out, n_in, rng, dtype)


def xavier_normal(n_out, n_in, rng=None, dtype=np.float64):
    """Glorot & Bengio (2010): Var(w) = 2 / (n_in + n_out), a compromise
    between keeping forward (n_in) and backward (n_out) variances flat."""
    return _draw("xavier_normal", n_out, n_in, rng, dtype)


def xavier_uniform(n_out, n_in, rng=None, dtype=np.float64):
    """Glorot uniform: U(-sqrt(6/(n_in+n_out)), +sqrt(...)), Var(w) = 2/(n_in+n_out)."""
    return _draw("xavier_uniform", n_out, n_in, rng, dtype)


def he_normal(n_out, n_in, rng=None, dtype=np.float64):
    """He et al. (2015): Var(w) = 2 / n_in. ReLU zeroes half its inputs, so the
    factor 2 restores the variance that LeCun's 1/n_in would lose per layer."""
    return _draw("he_normal", n_out, n_in, rng, dtype)


def he_uniform(n_out, n_in, rng=None, dtype=np.float64):
    """He uniform: U(-sqrt(6/n_in), sqrt(6/n_in)), Var(w) = 2 / n_in."""
    return _draw("he_uniform", n_out, n_in, rng, dtype)


INITIALISERS = {f.__name__: f for f in (zeros, constant, normal, uniform, lecun_normal, lecun_uniform,
                                        xavier_normal, xavier_uniform, he_normal, he_uniform)}

# Other libraries' names for the same schemes (Keras says glorot, PyTorch kaiming).
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
    n_in, n_out = check_int(n_in, "n_in"), check_int(n_out, "n_out")
    accepted = set(inspect.signature(SCHEMES[name].variance).parameters) - {"n_in", "n_out"}
    if set(params) - accepted:
        raise TypeError(f"initialiser {name!r} takes the parameters {sorted(accepted) or 'none'}, "
                        f"got unexpected {sorted(set(params) - accepted)}.")
    return float(SCHEMES[name].variance(n_in, n_out, **params))
