"""The lambda slider of chapter 9: an L2 or L1 penalty on an overfitting model.

Everything it shows is computed by ``nnlib.regularisation.OverfittingDemo``
(the data, the fits, the train and validation losses) and drawn with
``nnlib.plotting``; this module only wires the slider to a blitted figure.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_choice
from ..plotting.regularisation import lambda_axis_position, plot_lambda_curves
from ..plotting.style import plane_grid, scatter_classes
from ..regularisation import OverfittingDemo
from .rendering import BlitView, live_slider, new_figure
from .static import _ipywidgets, precomputed_slider, static_mode

DEFAULT_LAMBDAS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)


class RegularisationView(BlitView):
    """The lambda slider's two panels; ``view(lam)`` returns PNG bytes.

    Left: the decision boundary at ``lam`` over the training points (dark) and
    validation points (faint). Right: train and validation loss against
    lambda, with ``lam`` marked. Only the boundary, the title and the marker
    are redrawn per move (see ``BlitView``).
    """

    def __init__(self, demo, penalty="l2", lambdas=DEFAULT_LAMBDAS, resolution=70, dpi=72):
        self.demo, self.penalty, self.lambdas = demo, penalty, tuple(lambdas)
        self.fig = new_figure((9, 3.8), dpi)
        self.ax_b, self.ax_l = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        X_all = np.vstack([demo.X_train, demo.X_val])
        _, _, self.xx, self.yy, self.grid = plane_grid(X_all, np.concatenate([demo.y_train, demo.y_val]), 0.3,
                                                       resolution)
        self.grid_features = demo.features(self.grid)   # once: every lambda is drawn on the same grid
        self.ax_b.set_xlim(self.xx.min(), self.xx.max())
        self.ax_b.set_ylim(self.yy.min(), self.yy.max())
        self.ax_b.set_xlabel("$x_1$")
        self.ax_b.set_ylabel("$x_2$")
        self._points = (scatter_classes(self.ax_b, demo.X_val, demo.y_val, size=5, alpha=0.3, edgecolor="none",
                                        label=False, zorder=2)
                        + scatter_classes(self.ax_b, demo.X_train, demo.y_train, size=28, zorder=3))
        self.ax_b.legend(loc="lower left", fontsize="x-small", framealpha=0.8)
        plot_lambda_curves(self.ax_l, self.lambdas, demo.loss_table(penalty, self.lambdas))
        self.ax_b.set_title(" ", fontsize=9)
        self.marker = self.ax_l.axvline(lambda_axis_position(self.lambdas)[1], color="k", linestyle="--", linewidth=1)
        self._fields = []

    def update(self, lam):
        for artist in self._fields:
            artist.remove()
        w, b = self.demo.fit(self.penalty, lam)
        p = self.demo.predict_proba(w, b, features=self.grid_features).reshape(self.xx.shape)
        filled = self.ax_b.contourf(self.xx, self.yy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                                    alpha=0.3, vmin=0, vmax=1, zorder=0)
        line = self.ax_b.contour(self.xx, self.yy, p, levels=[0.5], colors="k", linewidths=1.2, zorder=1)
        self._fields = [filled, line]
        train, val = self.demo.losses(w, b)
        zeros = int(np.sum(w == 0))
        self.ax_b.title.set_text(f"{self.penalty.upper()}, lambda = {lam:g}: train {train:.3f}, validation {val:.3f}"
                                 + (f", {zeros}/{w.size} weights = 0" if self.penalty == "l1" else ""))
        positions, _ = lambda_axis_position([lam] + [v for v in self.lambdas if v > 0])
        self.marker.set_xdata([positions[0]] * 2)
        # Draw order over the background: boundary, then the points on top of it.
        self._animated = []
        self.animate(filled, line, *self._points, self.ax_b.title, self.marker)


def lambda_slider(penalty="l2", lambdas=DEFAULT_LAMBDAS, demo=None, value=None, static=None):
    """A slider over the penalty strength lambda for the overfitting demo.

    Live (in a kernel): moving it refits the model at that lambda and redraws
    the boundary and the loss-versus-lambda plot. Static (``static_mode``):
    one precomputed image per lambda, switched in the browser. Returns an
    ``ipywidgets.VBox`` whose first child is the slider.
    """
    widgets = _ipywidgets()
    check_choice(penalty, "penalty", {"l1", "l2"})
    demo = OverfittingDemo() if demo is None else demo
    if not isinstance(demo, OverfittingDemo):
        raise TypeError(f"demo must be an nnlib.regularisation.OverfittingDemo, got {type(demo).__name__}.")
    lambdas = tuple(float(v) for v in lambdas)
    view = RegularisationView(demo, penalty, lambdas)
    options = [(f"{v:g}", v) for v in lambdas]
    value = lambdas[len(lambdas) // 2] if value is None else float(value)
    if static_mode(static):
        return precomputed_slider(options, lambda lam: view.png(lam, small=True),
                                  description=f"{penalty.upper()} lambda", value=value, figure=view.fig,
                                  compact=True)
    return live_slider(options, view, f"{penalty.upper()} lambda", value, widgets)
