"""Portable arithmetic: a random normal stream and the activations, bit for bit
the same in numpy and in JavaScript.

numpy's generators cannot be reproduced in a browser, and ``Math.tanh`` or
``Math.log`` may differ from numpy's in the last bit; in a deep network such a
difference grows from layer to layer until the two networks disagree. The
init-scale explorer (``nnlib.diagnostics.deep_signal_statistics``) therefore
draws its numbers and applies its activations through this module, which
uses only operations that IEEE 754 defines exactly in both languages: 32-bit
unsigned integer arithmetic, and double-precision ``+ - * /``, ``sqrt`` and
``floor``, always in the same order. The explorer's JavaScript module
(``nnlib/widgets/explorer.js``) repeats every function below line by line,
and a Node test (``tests/js/``) checks that both give the same numbers.

The random stream
-----------------
A counter-based generator: the ``index``-th standard normal of stream
``stream`` under seed ``seed`` is a pure function of the three numbers, so
any part of the stream can be computed directly and in any order.

1. ``mix32(x)`` is the 32-bit integer hash "lowbias32" (C. Wellons)::

       x ^= x >> 16;  x *= 0x7feb352d;  x ^= x >> 15;  x *= 0x846ca68b;  x ^= x >> 16

   with every product taken modulo 2**32 (``Math.imul`` in JavaScript and
   ``>>> 0`` to read the result as unsigned).
2. The key of a stream: ``key = mix32(mix32(seed ^ 0x243F6A88) ^ mix32(stream ^ 0x85A308D3))``.
3. Two 32-bit words per index: ``h = mix32(index ^ key)``, then
   ``w0 = mix32(h ^ 0x13198A2E)`` and ``w1 = mix32(h ^ 0x03707344)``.
4. Two uniforms in (0, 1), exact in double precision:
   ``u = (w + 0.5) / 2**32``.
5. Box-Muller (cosine branch): ``z = sqrt(-2 log(u0)) * cos(2 pi u1)``, with
   ``log`` and ``cos`` computed by ``portable_log`` and ``portable_cos_2pi``
   below (range reduction and a fixed polynomial, no library call).

``seed``, ``stream`` and ``index`` are integers in [0, 2**32).

The activations
---------------
``portable_tanh`` and ``portable_sigmoid`` are built on ``portable_exp``
(and a series for ``expm1`` near 0, so tanh keeps its relative accuracy for
tiny arguments, as vanishing signals need). They agree with ``np.tanh`` and
``nnlib.activations.sigmoid`` to a few units in the last place; the point is
that JavaScript reproduces them exactly.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["mix32", "stream_uint32", "standard_normal", "portable_exp", "portable_log", "portable_cos_2pi",
           "portable_tanh", "portable_sigmoid", "MAX_UINT32"]

MAX_UINT32 = 2 ** 32 - 1
_M1, _M2 = np.uint32(0x7FEB352D), np.uint32(0x846CA68B)
_SEED_SALT, _STREAM_SALT = 0x243F6A88, 0x85A308D3
_WORD_SALTS = (np.uint32(0x13198A2E), np.uint32(0x03707344))

LN2 = 0.6931471805599453
LN2_HI = 6.93147180369123816490e-01     # its last 32 bits are 0, so k * LN2_HI is exact for |k| < 2**20
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.4426950408889634
TWO_PI = 6.283185307179586


def mix32(x):
    """lowbias32: a 32-bit integer hash (uint32 array in, uint32 array out)."""
    x = np.array(x, dtype=np.uint32)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint32(16)
        x *= _M1
        x ^= x >> np.uint32(15)
        x *= _M2
        x ^= x >> np.uint32(16)
    return x


def _check_uint32(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer in [0, 2**32), got {type(value).__name__} ({value!r}). "
                        f"Pass a whole number such as 0.")
    if not 0 <= value <= MAX_UINT32:
        raise ValueError(f"{name} must be in [0, 2**32) = [0, {MAX_UINT32}], got {value}. "
                         f"Reduce it, e.g. {name} % 2**32.")
    return int(value)


def _key(seed, stream):
    return mix32(mix32(np.uint32(seed ^ _SEED_SALT)) ^ mix32(np.uint32(stream ^ _STREAM_SALT)))


def stream_uint32(seed, stream, start, count):
    """The two 32-bit words ``(w0, w1)`` of indices ``start .. start + count - 1``
    of stream ``stream`` under ``seed`` (two uint32 arrays of length ``count``)."""
    seed, stream = _check_uint32(seed, "seed"), _check_uint32(stream, "stream")
    start, count = _check_uint32(start, "start"), _check_uint32(count, "count")
    if start + count - 1 > MAX_UINT32:
        raise ValueError(f"indices start + count - 1 = {start + count - 1} exceed 2**32 - 1: a stream has 2**32 "
                         "numbers. Draw fewer numbers, or use another stream.")
    index = np.arange(start, start + count, dtype=np.uint64).astype(np.uint32)
    h = mix32(index ^ _key(seed, stream))
    return mix32(h ^ _WORD_SALTS[0]), mix32(h ^ _WORD_SALTS[1])


def standard_normal(seed, stream, count, start=0):
    """``count`` standard normals: indices ``start ..`` of stream ``stream`` under
    ``seed`` (float64 array). Portable: the explorer's JavaScript gives the same bits."""
    w0, w1 = stream_uint32(seed, stream, start, count)
    u0 = w0.astype(np.float64)
    u0 += 0.5
    u0 /= 4294967296.0
    u1 = w1.astype(np.float64)
    u1 += 0.5
    u1 /= 4294967296.0
    r = portable_log(u0)
    r *= -2.0
    np.sqrt(r, out=r)
    r *= portable_cos_2pi(u1)
    return r


# -- elementary functions -----------------------------------------------------------------------------

def _pow2(k):
    """2.0 ** k, exactly, for integer arrays k in [-1022, 1023]."""
    return np.ldexp(1.0, k.astype(np.int64))


_LOG_COEFFS = [1.0 / (2 * j + 1) for j in range(12, 0, -1)]   # 1/25, 1/23, ..., 1/3


def portable_log(x):
    """Natural log of positive, normal (>= 2**-1022) finite doubles.

    x = m 2**e with m in [sqrt(1/2), sqrt 2); with s = (m - 1)/(m + 1),
    log m = 2 (s + s^3/3 + ... + s^25/25) (|s| <= 0.172, error < 1e-19),
    and log x = e ln 2 + log m.
    """
    x = np.asarray(x, dtype=np.float64)
    m, e = np.frexp(x)                      # m in [0.5, 1)
    small = m < 0.7071067811865476
    m[small] *= 2.0
    e = e.astype(np.float64)
    e[small] -= 1.0
    s = np.subtract(m, 1.0)
    m += 1.0
    s /= m                                  # s = (m - 1) / (m + 1)
    s2 = np.multiply(s, s, out=m)
    p = np.full_like(s, _LOG_COEFFS[0])
    for c in _LOG_COEFFS[1:]:               # the same operations, in place
        p *= s2
        p += c
    p *= s2
    p += 1.0
    s *= 2.0
    s *= p
    e *= LN2
    e += s
    return e                                # e ln 2 + (2 s) p


def _sin_cos_coeffs(n_terms):
    cos_c, sin_c = [1.0], [1.0]
    for j in range(1, n_terms):
        cos_c.append(cos_c[-1] / ((2 * j - 1) * (2 * j)))
        sin_c.append(sin_c[-1] / ((2 * j) * (2 * j + 1)))
    return cos_c, sin_c


_COS_C, _SIN_C = _sin_cos_coeffs(12)


def _poly_alternating(x2, coeffs):
    """sum_j (-1)^j coeffs[j] x2^j by Horner, highest term first."""
    p = np.full_like(x2, coeffs[-1])
    for j in range(len(coeffs) - 2, -1, -1):   # p = coeffs[j] - x2 p, in place
        p *= x2
        np.subtract(coeffs[j], p, out=p)
    return p


def portable_cos_2pi(t):
    """cos(2 pi t) for t in [0, 1] (the uniforms of Box-Muller).

    Reduced exactly to a quarter of a half period: d = |t - 1/2| in [0, 1/2]
    with cos(2 pi t) = -cos(2 pi d); then d > 1/4 -> 1/2 - d (sign flips);
    then d > 1/8 -> sin(2 pi (1/4 - d)); Taylor series of cos or sin at
    x = 2 pi d, |x| <= pi/4 (12 terms, error < 1e-20).
    """
    t = np.asarray(t, dtype=np.float64)
    d = np.abs(t - 0.5)
    far = d > 0.25
    d[far] = 0.5 - d[far]
    use_sin = d > 0.125
    d[use_sin] = 0.25 - d[use_sin]
    x = np.multiply(d, TWO_PI, out=d)
    x2 = x * x
    value = _poly_alternating(x2, _COS_C)
    value[use_sin] = x[use_sin] * _poly_alternating(x2[use_sin], _SIN_C)
    value[~far] = -value[~far]              # cos(2 pi t) = -cos(2 pi |t - 1/2|), flipped back when d > 1/4
    return value


_EXP_TERMS = 17        # Taylor terms of exp(r), |r| <= 0.35: error < 1e-21
_EXPM1_TERMS = 19      # series of expm1(x), |x| <= 0.5: relative error < 1e-21
_INV_FACT = [1.0]      # 1/n!, by the same divisions in JavaScript
for _n in range(1, 21):
    _INV_FACT.append(_INV_FACT[-1] / _n)


def portable_exp(x):
    """exp(x) for x <= 0 (all that the activations need), 0 below -745.2.

    k = floor(x / ln 2 + 1/2), r = x - k ln 2 (in two parts, exactly), a
    Taylor series for exp(r), and 2**k applied by exact multiplications (two
    when the result is subnormal, the second one rounding).
    """
    x = np.asarray(x, dtype=np.float64)
    if np.any(x > 0):
        raise ValueError("portable_exp takes x <= 0 only (it is used as exp(-|z|)). Pass -abs(x).")
    under = x < -745.2
    xs = np.where(under, 0.0, x)
    k = np.floor(xs * INV_LN2 + 0.5)
    r = (xs - k * LN2_HI) - k * LN2_LO
    p = np.full_like(r, _INV_FACT[_EXP_TERMS - 1])
    for n in range(_EXP_TERMS - 2, -1, -1):            # Horner: sum of r^n / n!, n = 0 .. 16
        p = p * r + _INV_FACT[n]
    deep = k < -1021
    k1 = np.where(deep, k + 100, k)
    value = p * _pow2(k1)
    value = np.where(deep, value * _pow2(np.full_like(k, -100)), value)
    return np.where(under, 0.0, value)


def _expm1_series(x):
    """expm1(x) for |x| <= 0.5: x (1 + x/2! + x^2/3! + ... + x^18/19!), by Horner."""
    p = np.full_like(x, _INV_FACT[_EXPM1_TERMS])
    for n in range(_EXPM1_TERMS - 1, 0, -1):
        p = p * x + _INV_FACT[n]
    return x * p


def portable_tanh(z):
    """tanh(z) = -m / (2 + m) with m = expm1(-2|z|), sign restored.

    m comes from the series for 2|z| < 1/2 (relative accuracy for tiny z) and
    from ``portable_exp(-2|z|) - 1`` otherwise; tanh = +-1 once exp underflows.
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        y = -2.0 * np.abs(z)
        near = y > -0.5
        m = np.where(near, _expm1_series(np.where(near, y, 0.0)), portable_exp(np.where(near, -1.0, y)) - 1.0)
        t = -m / (2.0 + m)
    return np.where(z < 0, -t, t)


def portable_sigmoid(z):
    """sigma(z): 1/(1 + e) for z >= 0, e/(1 + e) for z < 0, with e = exp(-|z|)
    (the formula of ``nnlib.activations.sigmoid``, on ``portable_exp``)."""
    z = np.asarray(z, dtype=np.float64)
    e = portable_exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
