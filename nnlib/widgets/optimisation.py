"""Chapter 10's sliders: a learning-rate slider for gradient descent on a
landscape, and an optimiser race (GD, momentum, RMSprop, Adam) stepped
through with a slider.

Both follow the pattern of ``nnlib.widgets``: live in a kernel (each move
recomputes and redraws a persistent figure), precomputed images switched in
the browser when ``static_mode()`` is true.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_int
from ..plotting.style import PALETTE
from ..landscapes import Landscape, ill_conditioned_quadratic, race_paths, rosenbrock, run_path, suboptimality
from .rendering import BlitView, live_slider, new_figure
from .static import _ipywidgets, precomputed_slider, static_mode

# Frames on the static page, in few colours so that chapter 10 with both sliders stays
# under 1.5 MB: 32 for the learning-rate slider (one path: lines, text and contours stay
# intact, a third smaller than 64); 48 for the race, whose four paths and curves need
# them (at 32 Adam's curve breaks into dots and the minimum's star frays).
FRAME_COLOURS = 32
RACE_FRAME_COLOURS = 48

# Learning rates as multiples of 1/L (L = lambda_max, the largest curvature); 2/L is the stability edge.
DEFAULT_LR_FACTORS = (0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 1.8, 1.95, 2.05)

class LearningRateView(BlitView):
    """Gradient descent on a quadratic landscape at one learning rate: contours
    with the path (left) and f(x_t) - f(x*) per step (right).

    ``view(lr)`` recomputes the ``n_steps`` iterates and returns PNG bytes
    (redrawing only the path, the curve and the title; see ``BlitView``).
    ``curvature`` is L, used in the title.
    """

    def __init__(self, landscape=None, curvature=None, n_steps=40, dpi=72):
        from ..plotting.landscapes import plot_landscape

        self.landscape = ill_conditioned_quadratic(10.0) if landscape is None else landscape
        if not isinstance(self.landscape, Landscape):
            raise TypeError(f"landscape must be an nnlib.landscapes.Landscape, got {type(self.landscape).__name__}.")
        self.curvature = curvature
        self.n_steps = check_int(n_steps, "n_steps")
        self.fig = new_figure((9, 3.8), dpi)
        self.ax_p, self.ax_l = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.88, wspace=0.25)
        plot_landscape(self.ax_p, self.landscape)
        self.path_line, = self.ax_p.plot([], [], "-o", color=PALETTE["vermillion"], markersize=2.5, linewidth=1.2)
        self.loss_line, = self.ax_l.plot([], [], color=PALETTE["vermillion"])
        self.ax_l.set_yscale("log")
        self.ax_l.set_xlim(0, self.n_steps)
        self.ax_l.set_ylim(1e-10, 1e4)
        self.ax_l.set_xlabel("step $t$")
        self.ax_l.set_ylabel("$f(x_t) - f(x^*)$")
        self.ax_l.set_title(" ", fontsize=9)
        self.animate(self.path_line, self.loss_line, self.ax_l.title)

    def update(self, lr):
        path = run_path(self.landscape, "sgd", self.n_steps, lr=lr)
        self.path_line.set_data(path[:, 0], path[:, 1])
        gap = np.clip(suboptimality(self.landscape, path), 1e-12, 1e12)  # the log axis's window
        self.loss_line.set_data(np.arange(len(gap)), gap)
        label = f"lr = {lr:.3g}" + (f" = {lr * self.curvature:.3g}" + r"$/\lambda_{\max}$" if self.curvature else "")
        self.ax_l.title.set_text(label + ("  (diverges)" if gap[-1] > gap[0] else ""))


def learning_rate_slider(landscape=None, curvature=None, lrs=None, n_steps=40, value=None, static=None):
    """A slider over the learning rate of gradient descent on ``landscape``.

    By default: the quadratic with eigenvalues 1 and 10 (L = 10) and learning
    rates ``DEFAULT_LR_FACTORS / L``, so the slider crosses the divergence edge
    lr = 2/L. Live: each move reruns gradient descent and redraws; static:
    precomputed images (see ``nnlib.widgets``). Returns an ``ipywidgets.VBox``.
    """
    widgets = _ipywidgets()
    if landscape is None:
        landscape, curvature = ill_conditioned_quadratic(10.0), 10.0
    if lrs is None:
        if curvature is None:
            raise ValueError("give lrs (a list of learning rates), or curvature L to use multiples of 1/L.")
        lrs = [f / curvature for f in DEFAULT_LR_FACTORS]
    view = LearningRateView(landscape, curvature, n_steps)
    options = [((f"{lr * curvature:.3g}/λmax" if curvature else f"{lr:.3g}"), float(lr)) for lr in lrs]
    value = options[len(options) // 2][1] if value is None else float(value)
    if static_mode(static):
        return precomputed_slider(options, lambda lr: view.png(lr, small=True),
                                  description="learning rate", value=value, figure=view.fig, compact=FRAME_COLOURS)
    return live_slider(options, view, "learning rate", value, widgets)


class RaceView(BlitView):
    """The optimiser race up to step ``t``: paths on the contours (left) and
    f(x_t) - f(x*) against step (right). ``view(t)`` returns PNG bytes,
    redrawing only the paths, curves and title (see ``BlitView``)."""

    def __init__(self, landscape=None, paths=None, settings=None, n_steps=500, dpi=72):
        from ..plotting.landscapes import PATH_COLOURS, plot_landscape

        self.landscape = rosenbrock() if landscape is None else landscape
        self.paths = race_paths(self.landscape, settings, n_steps) if paths is None else paths
        self.fig = new_figure((9, 3.8), dpi)
        self.ax_p, self.ax_l = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.88, wspace=0.25)
        plot_landscape(self.ax_p, self.landscape)
        self.lines = []
        for k, (label, path) in enumerate(self.paths.items()):
            colour = PATH_COLOURS[k % len(PATH_COLOURS)]
            gap = np.maximum(suboptimality(self.landscape, path), 1e-12)  # the log axis's floor
            line, = self.ax_p.plot([], [], "-", color=colour, linewidth=1.4, label=label)
            head, = self.ax_p.plot([], [], "o", color=colour, markersize=6, markeredgecolor="k")
            curve, = self.ax_l.plot([], [], color=colour, label=label)
            self.lines.append((path, gap, line, head, curve))
        n = max(len(p) for p in self.paths.values()) - 1
        self.n_steps = n
        self.ax_l.set_yscale("log")
        self.ax_l.set_xlim(0, n)
        gaps = np.concatenate([g for _, g, *_ in self.lines])
        self.ax_l.set_ylim(max(gaps.min(), 1e-12) / 3, gaps.max() * 3)
        self.ax_l.set_xlabel("step $t$")
        self.ax_l.set_ylabel("$f(x_t) - f(x^*)$")
        self.ax_l.legend(fontsize="small", loc="lower left")
        self.ax_p.set_title(" ", fontsize=9)
        for _, _, line, head, curve in self.lines:
            self.animate(line, head, curve)
        self.animate(self.ax_p.title)

    def update(self, t):
        t = int(t)
        for path, gap, line, head, curve in self.lines:
            line.set_data(path[:t + 1, 0], path[:t + 1, 1])
            head.set_data([path[t, 0]], [path[t, 1]])
            curve.set_data(np.arange(t + 1), gap[:t + 1])
        self.ax_p.title.set_text(f"{self.landscape.name}, step {t}")


def optimiser_race(landscape=None, settings=None, n_steps=500, n_frames=9, value=None, static=None):
    """A slider over the step count of a race between optimisers on ``landscape``
    (default: GD, momentum, RMSprop and Adam on Rosenbrock, ``nnlib.landscapes.RACE_SETTINGS``).

    Live: each move redraws the paths up to that step (any step); static:
    ``n_frames`` precomputed images (9: every 62-63 steps of 500). Returns an ``ipywidgets.VBox``.
    """
    widgets = _ipywidgets()
    view = RaceView(landscape, settings=settings, n_steps=n_steps)
    steps = np.unique(np.linspace(0, view.n_steps, check_int(n_frames, "n_frames", minimum=2)).round().astype(int)).tolist()
    value = steps[-1] if value is None else check_int(value, "value", minimum=0)
    if static_mode(static):
        return precomputed_slider([(str(t), t) for t in steps], lambda t: view.png(t, small=True),
                                  description="step", value=value, figure=view.fig, compact=RACE_FRAME_COLOURS)
    live_steps = [(str(t), t) for t in range(view.n_steps + 1)]
    return live_slider(live_steps, view, "step", value, widgets)
