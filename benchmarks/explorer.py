"""3. The live sliders: time from a slider change to the new image.

One "update" is what a live widget does when the reader moves its slider in
a kernel: the widget's observer recomputes, redraws its figure and puts the
new PNG into its ``Image``. Timed by setting the slider's ``value`` (which
runs the observer), after a warm-up change. Target: well under 100 ms at
each widget's default settings.

- The init-scale explorer (chapters 7-8) at its defaults (depth 50, width
  256, 64 samples), for tanh and ReLU: 20 log-spaced scales across the
  slider's whole range (most changes move an axis range, so its ticks are
  drawn again: the harder case), and a drag (30 consecutive steps of the
  slider's own step, 0.02 in log10). Its activation menu and depth slider.
  Also the breakdown of one update, and the heavy setting of earlier runs
  (batch 512) for comparison.
- The lambda sliders (chapter 9, L2 and L1), the learning-rate slider and
  the optimiser race (chapter 10): every option once (the race: 20 steps
  spread over its 500).

A widget that is missing or has another API is reported as null with the reason.
"""

from __future__ import annotations

import time

from .common import summary

DEPTH, WIDTH, BATCH, HEAVY_BATCH, CHANGES = 50, 256, 64, 512, 20


def _time_changes(slider, values):
    ms = []
    for v in values:
        t0 = time.perf_counter()
        slider.value = v                                # fires the widget's observer
        ms.append((time.perf_counter() - t0) * 1e3)
    return summary(ms)


def _explorer_slider(**kwargs):
    from nnlib.widgets import explorer

    widget = explorer.init_scale_explorer(static=False, show_figure=False, **kwargs)
    slider = widget.children[0].children[0]
    if not hasattr(slider, "value") or "scale" not in str(getattr(slider, "description", "")):
        raise TypeError(f"expected the scale slider as the first control, found {type(slider).__name__}")
    return widget, slider


def run(log=print):
    out = {"depth": DEPTH, "width": WIDTH, "batch": BATCH, "changes": CHANGES, "update_ms": None,
           "breakdown_ms": None, "reason": None,
           "what": "set the live widget's slider; time until its observer has recomputed, updated the figure "
                   "(artists and Agg canvas) and put the new PNG in the Image"}
    try:
        import matplotlib

        matplotlib.use("Agg")
        _explorer_slider()                              # the explorer's own defaults
    except Exception as exc:  # missing module, changed API, missing ipywidgets
        out["reason"] = f"could not drive nnlib.widgets.explorer: {type(exc).__name__}: {exc}"
        log(f"  explorer: {out['reason']}")
        return out

    # Log-spaced scales across the slider's range (10^-1 to 10^1), none repeated.
    sweep = [float(10 ** (-1 + 2 * (i + 0.5) / CHANGES)) for i in range(CHANGES)]
    drag = [float(10 ** (-0.3 + 0.02 * i)) for i in range(30)]
    by_activation = {}
    for activation in ("tanh", "relu"):
        widget, slider = _explorer_slider(activation=activation)
        slider.value = 1.5                              # warm-up change
        by_activation[activation] = {"sweep": _time_changes(slider, sweep), "drag": _time_changes(slider, drag)}
    out["by_activation"] = by_activation
    out["other_controls"] = _other_controls()
    out["update_ms"] = by_activation["tanh"]["sweep"]
    out["breakdown_ms"] = _breakdown(sweep)
    try:
        widget, slider = _explorer_slider(n_samples=HEAVY_BATCH)
        slider.value = 1.5
        out["heavy_batch"] = {"batch": HEAVY_BATCH, "update_ms": _time_changes(slider, sweep)}
    except Exception as exc:
        out["heavy_batch"] = f"unavailable: {type(exc).__name__}: {exc}"
    out["other_sliders"] = _other_sliders()

    b = out["breakdown_ms"]
    log(f"  explorer update, tanh sweep: median {out['update_ms']['median']:.1f} ms; drag "
        f"{by_activation['tanh']['drag']['median']:.1f}; relu sweep {by_activation['relu']['sweep']['median']:.1f}, "
        f"drag {by_activation['relu']['drag']['median']:.1f}"
        + (f" [compute {b['compute_statistics']['median']:.1f}, figure update {b['update_figure']['median']:.1f}, "
           f"png {b['png_encode']['median']:.1f}; a full redraw {b['full_canvas_redraw_for_comparison']['median']:.1f}; "
           f"the compute's GEMMs alone {b['compute_gemm_floor']['median']:.1f}]" if isinstance(b, dict) else ""))
    if isinstance(out["heavy_batch"], dict):
        log(f"  explorer at batch {HEAVY_BATCH}: median {out['heavy_batch']['update_ms']['median']:.1f} ms")
    for name, entry in (out["other_controls"] if isinstance(out["other_controls"], dict) else {}).items():
        log(f"  explorer {name}: median {entry['median']:.1f} ms [{entry['min']:.1f}-{entry['max']:.1f}]")
    for name, entry in out["other_sliders"].items():
        log(f"  {name}: " + (f"median {entry['median']:.1f} ms [{entry['min']:.1f}-{entry['max']:.1f}]"
                             if isinstance(entry, dict) else entry))
    return out


def _other_controls():
    """The explorer's activation menu (every change) and depth slider (depths
    not shown before: a new background is drawn; the slider updates on release)."""
    try:
        widget, _ = _explorer_slider()
        _, menu, depth = widget.children[0].children
        activations = [a for a in menu.options if a != menu.value] + [menu.value]
        depths = [40, 30, 20, 10, 45, 35, 25, 15]
        return {"activation menu": _time_changes(menu, activations * 2),
                "depth slider (new depths)": _time_changes(depth, depths)}
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}: {exc}"


def _breakdown(scales):
    """Where one explorer update goes, with the same calls the observer makes."""
    try:
        from nnlib.widgets import explorer
        from nnlib.widgets.rendering import encode_png

        compute, update, encode, redraw, floor = [], [], [], [], []
        view = explorer._ExplorerFigure(explorer.init_scale_statistics(1.0, DEPTH, WIDTH, BATCH, "tanh", 0))
        gemm_floor = _gemm_floor(BATCH)
        gemm_floor()
        for s in scales:
            t0 = time.perf_counter()
            stats = explorer.init_scale_statistics(s, DEPTH, WIDTH, BATCH, "tanh", 0)
            t1 = time.perf_counter()
            view.update(stats)                          # what the widget does: artists + (blitted) draw
            t2 = time.perf_counter()
            encode_png(view.fig.canvas)
            t3 = time.perf_counter()
            view.fig.canvas.draw()                      # a full redraw, for comparison only
            t4 = time.perf_counter()
            gemm_floor()
            t5 = time.perf_counter()
            for lst, a, b in ((compute, t0, t1), (update, t1, t2), (encode, t2, t3), (redraw, t3, t4),
                              (floor, t4, t5)):
                lst.append((b - a) * 1e3)
        return {"compute_statistics": summary(compute), "update_figure": summary(update),
                "png_encode": summary(encode), "full_canvas_redraw_for_comparison": summary(redraw),
                "compute_gemm_floor": summary(floor)}
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}: {exc}"


def _other_sliders():
    """The chapter 9 and 10 live sliders, each over its options (a live_slider: VBox(slider, image))."""
    out = {}
    try:
        from nnlib import widgets as W
    except Exception as exc:
        return {"all": f"unavailable: {type(exc).__name__}: {exc}"}
    makers = {"lambda slider (L2)": lambda: W.lambda_slider("l2", static=False),
              "lambda slider (L1)": lambda: W.lambda_slider("l1", static=False),
              "learning-rate slider": lambda: W.learning_rate_slider(static=False),
              "optimiser race": lambda: W.optimiser_race(static=False)}
    for name, make in makers.items():
        try:
            box = make()
            slider = box.children[0]
            values = [v for _, v in slider.options]
            if len(values) > CHANGES:                   # the race: 20 steps spread over all of them
                values = [values[round(i * (len(values) - 1) / (CHANGES - 1))] for i in range(CHANGES)]
            start = slider.value
            values = [v for v in values if v != start] + [start]
            slider.value = values[0]                    # warm-up change
            out[name] = _time_changes(slider, values[1:])
        except Exception as exc:
            out[name] = f"unavailable: {type(exc).__name__}: {exc}"
    return out


def _gemm_floor(batch):
    """The explorer's matrix products alone (float32, preallocated outputs):
    per layer one forward GEMM, one dW GEMM and (except layer 1) one dA GEMM."""
    import numpy as np

    rng = np.random.default_rng(0)
    W = rng.standard_normal((DEPTH, WIDTH, WIDTH)).astype(np.float32)
    A = rng.standard_normal((DEPTH, batch, WIDTH)).astype(np.float32)
    out_a = np.empty((batch, WIDTH), np.float32)
    out_w = np.empty((WIDTH, WIDTH), np.float32)

    def run():
        for l in range(DEPTH):
            np.matmul(A[l], W[l].T, out=out_a)
        for l in range(DEPTH - 1, -1, -1):
            np.matmul(A[l].T, A[l - 1], out=out_w)
            if l > 0:
                np.matmul(A[l], W[l], out=out_a)
    return run
