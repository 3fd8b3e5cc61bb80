"""2. ``LogisticRegression.fit`` (full-batch gradient descent) against
scikit-learn (lbfgs, no penalty, tight tolerance) and a Newton/IRLS reference.

Two generated data sets of 10,000 x 20:

* ``well_conditioned``: independent standard-normal features.
* ``ill_conditioned``: the same kind of features, correlated and with column
  scales from 0.01 to 100 (condition number of X^T X around 1e8), as raw
  measurements in mixed units often are.

The reference is Newton's method on the mean cross-entropy (IRLS), iterated
to machine precision; every other fit is scored by its largest coefficient
difference from it (intercept included).
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from tests.reference import newton_logistic

from .common import summary

N, D = 10_000, 20


def make_data(kind, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    if kind == "ill_conditioned":
        mix = np.eye(D) + 0.5 * rng.standard_normal((D, D)) / np.sqrt(D)
        X = X @ mix
        X *= np.logspace(-2, 2, D)
    w = rng.standard_normal(D) / np.sqrt(D)
    if kind == "ill_conditioned":
        w /= np.logspace(-2, 2, D)          # every column matters about equally
    logits = X @ w + 0.3
    y = (rng.random(N) < 1 / (1 + np.exp(-logits))).astype(np.float64)
    return X, y


def newton_irls(X, y, tol=1e-12, max_iter=100):
    """Maximum-likelihood logistic regression by Newton's method: the tests'
    independent reference (tests/reference.py). Returns (coef, intercept, iterations)."""
    return newton_logistic(X, y, tol=tol, max_iter=max_iter)


def _sklearn_fit(X, y):
    from sklearn.linear_model import LogisticRegression as SkLR

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # e.g. FutureWarnings about the penalty argument
        m = SkLR(penalty=None, solver="lbfgs", tol=1e-10, max_iter=100_000).fit(X, y)
    return m.coef_[0], float(m.intercept_[0]), int(m.n_iter_[0])


def _lipschitz_lr(X):
    """The largest safe gradient-descent step, 1 / L with L = lambda_max([X,1]^T [X,1]) / (4 n)."""
    Xb = np.hstack([X, np.ones((X.shape[0], 1))])
    L = np.linalg.eigvalsh(Xb.T @ Xb / X.shape[0])[-1] / 4
    return 1.0 / L


def _nnlib_fit(X, y, lr, max_iter):
    from nnlib.models import LogisticRegression
    from nnlib.models.logistic import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        m = LogisticRegression(lr=lr, max_iter=max_iter, tol=1e-8).fit(X, y)
    return m.coef_, m.intercept_, m.n_iter_, m.converged_


def _nnlib_standardised_fit(X, y, lr, max_iter):
    """Standardise, fit, and map the coefficients back to the raw features:
    w_raw = w / s, b_raw = b - sum(w * mu / s)."""
    from nnlib.data import StandardScaler

    scaler = StandardScaler().fit(X)
    coef, b, it, ok = _nnlib_fit(scaler.transform(X), y, lr, max_iter)
    mu, s = scaler.mean_, scaler.scale_
    return coef / s, b - float(np.sum(coef * mu / s)), it, ok


def _timed(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def _max_diff(coef, b, ref_coef, ref_b):
    return float(max(np.max(np.abs(np.asarray(coef) - ref_coef)), abs(b - ref_b)))


def run(repeats=5, max_iter=10_000, log=print):
    try:
        import sklearn  # noqa: F401
        have_sklearn = True
    except ImportError:
        have_sklearn = False
    results = {}
    for kind in ("well_conditioned", "ill_conditioned"):
        X, y = make_data(kind)
        Xb = np.hstack([X, np.ones((N, 1))])
        cond = float(np.linalg.cond(Xb.T @ Xb))
        contenders = {"newton_irls": lambda: newton_irls(X, y)}
        if kind == "well_conditioned":
            contenders["nnlib_gd"] = lambda: _nnlib_fit(X, y, 1.0, max_iter)
        else:
            lr = _lipschitz_lr(X)
            # lr = 1 (the default) diverges on these scales: use the largest safe step.
            contenders["nnlib_gd"] = lambda: _nnlib_fit(X, y, lr, max_iter)
            contenders["nnlib_gd_standardised"] = lambda: _nnlib_standardised_fit(X, y, 1.0, max_iter)
        if have_sklearn:
            contenders["sklearn_lbfgs"] = lambda: _sklearn_fit(X, y)
        raw = {name: [] for name in contenders}
        outs = {}
        if kind == "well_conditioned":                # warm-up: imports, thread pools, caches
            for fn in contenders.values():
                fn()
        for _ in range(repeats if kind == "well_conditioned" else max(1, repeats // 2)):                     # interleaved rounds
            for name, fn in contenders.items():
                t, outs[name] = _timed(fn, 1)
                raw[name] += t
        ref_coef, ref_b, ref_it = outs["newton_irls"]
        entry = {"n_samples": N, "n_features": D, "condition_number_XtX": cond, "fits": {}}
        for name, out in outs.items():
            fit = {"seconds": summary(raw[name]), "iterations": int(out[2]),
                   "max_abs_coef_diff_vs_newton": _max_diff(out[0], out[1], ref_coef, ref_b),
                   "relative_coef_diff_vs_newton": _max_diff(out[0], out[1], ref_coef, ref_b)
                   / float(max(np.max(np.abs(ref_coef)), abs(ref_b)))}
            if name.startswith("nnlib"):
                fit["converged"] = bool(out[3])
            if name != "newton_irls":
                fit["time_over_newton"] = summary([a / b for a, b in zip(raw[name], raw["newton_irls"])])
                if have_sklearn and name != "sklearn_lbfgs":
                    fit["time_over_sklearn"] = summary([a / b for a, b in zip(raw[name], raw["sklearn_lbfgs"])])
            entry["fits"][name] = fit
        if not have_sklearn:
            entry["sklearn_missing"] = "scikit-learn not installed (pip install -e '.[bench]')"
        results[kind] = entry
        log(f"  logistic {kind}: " + ", ".join(
            f"{k} {v['seconds']['median'] * 1e3:.1f} ms ({v['iterations']} it, diff {v['max_abs_coef_diff_vs_newton']:.1e})"
            for k, v in entry["fits"].items()))
    return results
