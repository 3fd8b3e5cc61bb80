"""3. The init-scale explorer: time from a slider change to a redrawn figure.

One "update" is what the widget does when the reader moves the init-scale
slider: recompute the activation statistics of a depth-50, width-256 network
on a batch of 512, and redraw them into the figure that is already on screen
(``fig.canvas.draw()`` on the Agg backend). Median over 20 changes of the
slider, after a warm-up change. Target: under 100 ms.

The explorer lives in ``nnlib.widgets.explorer``; if it is missing or its API
is not the expected one, this reports null with the reason.
"""

from __future__ import annotations

import time

from .common import summary

DEPTH, WIDTH, BATCH, CHANGES = 50, 256, 512, 20


def run(log=print):
    out = {"depth": DEPTH, "width": WIDTH, "batch": BATCH, "changes": CHANGES,
           "update_ms": None, "compute_ms": None, "reason": None}
    try:
        import matplotlib

        matplotlib.use("Agg")
        from nnlib.widgets import explorer  # noqa: F401
    except Exception as exc:  # ImportError, or the module failing to import
        out["reason"] = f"nnlib.widgets.explorer unavailable: {type(exc).__name__}: {exc}"
        log(f"  explorer: {out['reason']}")
        return out
    try:
        updater = _make_updater(explorer)
    except Exception as exc:
        out["reason"] = f"could not drive the explorer: {type(exc).__name__}: {exc}"
        log(f"  explorer: {out['reason']}")
        return out
    scales = [0.5 + 1.5 * i / (CHANGES - 1) for i in range(CHANGES)]
    updater.update(scales[-1])                          # warm-up change
    update_ms, compute_ms = [], []
    for s in scales:
        t0 = time.perf_counter()
        updater.compute(s)
        t1 = time.perf_counter()
        updater.update(s)
        t2 = time.perf_counter()
        compute_ms.append((t1 - t0) * 1e3)
        update_ms.append((t2 - t1) * 1e3)
    out["update_ms"] = summary(update_ms)
    out["compute_ms"] = summary(compute_ms)
    log(f"  explorer update (compute + draw): median {out['update_ms']['median']:.1f} ms "
        f"(compute alone {out['compute_ms']['median']:.1f} ms)")
    return out


def _make_updater(explorer):
    raise NotImplementedError("nnlib.widgets.explorer has no API this benchmark knows yet")
