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
    out = {"depth": DEPTH, "width": WIDTH, "batch": BATCH, "changes": CHANGES, "update_ms": None,
           "breakdown_ms": None, "reason": None,
           "what": "set the live widget's scale slider; time until its observer has recomputed the "
                   "statistics, updated the figure (artists and Agg canvas) and put the new PNG in the Image"}
    try:
        import matplotlib

        matplotlib.use("Agg")
        from nnlib.widgets import explorer
        widget = explorer.init_scale_explorer(depth=DEPTH, width=WIDTH, n_samples=BATCH, static=False,
                                              show_figure=False)
        slider = widget.children[0].children[0]
        if not hasattr(slider, "value") or "scale" not in str(getattr(slider, "description", "")):
            raise TypeError(f"expected the scale slider as the first control, found {type(slider).__name__}")
    except Exception as exc:  # missing module, changed API, missing ipywidgets
        out["reason"] = f"could not drive nnlib.widgets.explorer: {type(exc).__name__}: {exc}"
        log(f"  explorer: {out['reason']}")
        return out

    # Log-spaced scales across the slider's range, none repeated (no cache hits).
    scales = [float(10 ** (-1 + 2 * (i + 0.5) / CHANGES)) for i in range(CHANGES)]
    slider.value = 1.5                                  # warm-up change
    update_ms = []
    for s in scales:
        t0 = time.perf_counter()
        slider.value = s                                # fires the widget's observer
        update_ms.append((time.perf_counter() - t0) * 1e3)
    out["update_ms"] = summary(update_ms)

    # Where the time goes, with the same functions the observer calls.
    try:
        import io

        import numpy as np
        from PIL import Image

        compute, update, encode, redraw, floor = [], [], [], [], []
        view = explorer._ExplorerFigure(explorer.init_scale_statistics(1.0, DEPTH, WIDTH, BATCH, "tanh", 0))
        gemm_floor = _gemm_floor()
        gemm_floor()
        for s in scales:
            t0 = time.perf_counter()
            stats = explorer.init_scale_statistics(s, DEPTH, WIDTH, BATCH, "tanh", 0)
            t1 = time.perf_counter()
            view.update(stats)                          # what the widget does: artists + (blitted) draw
            t2 = time.perf_counter()
            Image.fromarray(np.asarray(view.fig.canvas.buffer_rgba())[..., :3]).save(
                io.BytesIO(), format="png", compress_level=1)
            t3 = time.perf_counter()
            view.fig.canvas.draw()                      # a full redraw, for comparison only
            t4 = time.perf_counter()
            gemm_floor()
            t5 = time.perf_counter()
            for lst, a, b in ((compute, t0, t1), (update, t1, t2), (encode, t2, t3), (redraw, t3, t4),
                              (floor, t4, t5)):
                lst.append((b - a) * 1e3)
        out["breakdown_ms"] = {"compute_statistics": summary(compute), "update_figure": summary(update),
                               "png_encode": summary(encode), "full_canvas_redraw_for_comparison": summary(redraw),
                               "compute_gemm_floor": summary(floor)}
    except Exception as exc:
        out["breakdown_ms"] = f"unavailable: {type(exc).__name__}: {exc}"
    b = out["breakdown_ms"]
    log(f"  explorer update (slider change to new PNG): median {out['update_ms']['median']:.1f} ms"
        + (f" [compute {b['compute_statistics']['median']:.1f}, figure update {b['update_figure']['median']:.1f}, "
           f"png {b['png_encode']['median']:.1f}; a full redraw {b['full_canvas_redraw_for_comparison']['median']:.1f}; "
           f"the compute's GEMMs alone {b['compute_gemm_floor']['median']:.1f}]" if isinstance(b, dict) else ""))
    return out


def _gemm_floor():
    """The explorer's matrix products alone (float32, preallocated outputs):
    per layer one forward GEMM, one dW GEMM and (except layer 1) one dA GEMM."""
    import numpy as np

    rng = np.random.default_rng(0)
    W = rng.standard_normal((DEPTH, WIDTH, WIDTH)).astype(np.float32)
    A = rng.standard_normal((DEPTH, BATCH, WIDTH)).astype(np.float32)
    out_a = np.empty((BATCH, WIDTH), np.float32)
    out_w = np.empty((WIDTH, WIDTH), np.float32)

    def run():
        for l in range(DEPTH):
            np.matmul(A[l], W[l].T, out=out_a)
        for l in range(DEPTH - 1, -1, -1):
            np.matmul(A[l].T, A[l - 1], out=out_w)
            if l > 0:
                np.matmul(A[l], W[l], out=out_a)
    return run
