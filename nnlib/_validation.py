"""Checks at nnlib's public boundary.

Every check at a public function's boundary is one of these, so each
concept (a float dtype, binary labels, class targets, an rng, an integer, a
flag) has one message wherever it is checked, and the maths inside the
modules stays bare. Each message names what was expected, what came, and how
to fix it (the scikit-learn habit).
"""

from __future__ import annotations

import difflib
import numbers

import numpy as np


def as_float_array(x, name: str, ndim: int | tuple[int, ...] | None = None, dtype=None) -> np.ndarray:
    """Return ``x`` as a finite floating-point array with the expected ``ndim``.

    Integer and boolean input is converted to float64; float32 input is kept
    as float32 (unless ``dtype`` asks for something else) so that callers who
    chose single precision keep it.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}.")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be convertible to a numeric array: {exc}") from exc
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}. Convert it with np.asarray(..., dtype=float).")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}.")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            expected = " or ".join(f"{d}-D" for d in allowed)
            hint = ""
            if 2 in allowed and arr.ndim == 1:
                hint = (" Reshape your data: X.reshape(-1, 1) for a single feature,"
                        " or X.reshape(1, -1) for a single example (examples are rows).")
            elif arr.ndim == 0:
                hint = " Wrap a scalar in a list, or use np.atleast_1d."
            elif 1 in allowed and arr.ndim == 2 and 1 in arr.shape:
                hint = f" Flatten it with {name}.ravel()."
            raise ValueError(f"{name} must be a {expected} array, got a {arr.ndim}-D array of shape {arr.shape}.{hint}")
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); expected finite numbers. "
                         "Remove or impute them before calling nnlib (e.g. np.nan_to_num or dropping rows).")
    return arr


def check_2d(X, name: str = "X", dtype=None) -> np.ndarray:
    """A finite 2-D array of shape ``(n_samples, n_features)``."""
    X = as_float_array(X, name, ndim=2, dtype=dtype)
    if X.shape[0] == 0:
        raise ValueError(f"{name} has shape {X.shape}: expected at least one example (row).")
    return X


def check_same_length(X: np.ndarray, y: np.ndarray, x_name: str = "X", y_name: str = "y") -> None:
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{x_name} and {y_name} must have the same number of examples (rows): "
                         f"{x_name} has {X.shape[0]} (shape {X.shape}), {y_name} has {y.shape[0]} (shape {y.shape}). "
                         "Check that you did not pass the transpose, or labels of another split.")


def check_binary_labels(y, name: str = "y", ndim=1) -> np.ndarray:
    """A float array (1-D by default) whose values are all 0 or 1."""
    y = as_float_array(y, name, ndim=ndim)
    bad = ~((y == 0) | (y == 1))
    if np.any(bad):
        values = np.unique(y[bad])[:5]
        raise ValueError(f"{name} must contain only the labels 0 and 1, got {values.tolist()}"
                         f"{' ...' if np.count_nonzero(bad) > 5 else ''}. "
                         "Map your classes to 0/1 first, e.g. y = (labels == positive_class).astype(float).")
    return y


def check_same_shape(a: np.ndarray, b: np.ndarray, a_name: str, b_name: str) -> None:
    """Refuse to broadcast: ``(n,)`` against ``(n, 1)`` would silently give ``(n, n)``."""
    if a.shape != b.shape:
        raise ValueError(f"{a_name} and {b_name} must have the same shape, got {a.shape} and {b.shape}. "
                         "nnlib never broadcasts these (an (n,) array against an (n, 1) one would give (n, n)); "
                         "reshape one of them, e.g. y.reshape(-1, 1) or y.ravel().")


def check_positive(value, name: str, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} ({value!r}).")
    value = float(value)
    ok = value >= 0 if allow_zero else value > 0
    if not ok or not np.isfinite(value):
        bound, fix = ("non-negative", ">= 0") if allow_zero else ("positive", "> 0")
        raise ValueError(f"{name} must be a finite {bound} number, got {value!r}. Pass a number {fix}.")
    return value


def check_int(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} ({value!r}). "
                        f"Pass a whole number >= {minimum} (an int, not {type(value).__name__}).")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}. Pass a whole number >= {minimum}.")
    return int(value)


def check_choice(value, name: str, choices) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(choices)}; got {type(value).__name__} ({value!r}).")
    if value not in choices:
        close = difflib.get_close_matches(value, sorted(choices), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"Unknown {name} {value!r}; expected one of {sorted(choices)}.{hint}")
    return value


def check_rng(rng) -> np.random.Generator:
    """Turn ``None``, an int seed or a ``Generator`` into a ``Generator``.

    nnlib never touches numpy's global random state; pass a seed for
    reproducible results.
    """
    if rng is None or isinstance(rng, (numbers.Integral, np.random.SeedSequence)) and not isinstance(rng, bool):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}. "
                    "Use rng=np.random.default_rng(seed).")


def check_float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """np.float32 or np.float64 (the dtypes nnlib computes in)."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{name} must be np.float32 or np.float64, got {dtype!r}.") from exc
    if dt not in (np.float32, np.float64):
        raise TypeError(f"{name} must be np.float32 or np.float64, got {dt}. "
                        "Pass dtype=np.float64 (exact gradient checks) or np.float32 (speed).")
    return dt


def check_bool(value, name: str) -> bool:
    """A real ``bool`` (or numpy bool): a string such as "no" is truthy, so it is refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} ({value!r}).")
    return bool(value)


def class_targets(y, n_classes: int, name: str = "y") -> np.ndarray:
    """Targets for ``n_classes`` classes as an ``(n_samples, n_classes)`` float matrix.

    ``y`` is either ``(n_samples,)`` integer labels in 0..n_classes-1 (made
    one-hot) or an ``(n_samples, n_classes)`` matrix whose rows are
    probability vectors (one-hot, or soft labels: non-negative, summing to 1).
    """
    y = as_float_array(y, name, ndim=(1, 2))
    if y.ndim == 1:
        bad = (y != np.round(y)) | (y < 0) | (y >= n_classes)
        if np.any(bad):
            raise ValueError(f"integer class labels {name} must lie in 0..{n_classes - 1} ({n_classes} classes), got "
                             f"{np.unique(y[bad])[:5].tolist()}. Pass integer labels or a one-hot matrix of shape "
                             f"(n_samples, {n_classes}).")
        Y = np.zeros((y.shape[0], n_classes), dtype=np.float64)
        Y[np.arange(y.shape[0]), y.astype(np.intp)] = 1
        return Y
    if y.shape[1] != n_classes:
        raise ValueError(f"a 2-D {name} must be one-hot with {n_classes} columns, got shape {y.shape}. "
                         "Pass integer labels of shape (n_samples,) instead, or one column per class.")
    if np.any(y < 0) or not np.allclose(y.sum(axis=1), 1):
        raise ValueError(f"a 2-D {name} must be one-hot (or a probability vector per row: non-negative, rows "
                         "summing to 1). Pass integer labels of shape (n_samples,) to have them one-hot encoded.")
    return y


def check_fraction(value, name: str, low_open: bool = False) -> float:
    """A number in [0, 1) (or (0, 1) with ``low_open``)."""
    value = check_positive(value, name, allow_zero=not low_open)
    if value >= 1:
        interval = "(0, 1)" if low_open else "[0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {value}.")
    return value
