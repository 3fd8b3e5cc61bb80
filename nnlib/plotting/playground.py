"""The four-inits training playground's figure (chapter 7)."""

from __future__ import annotations

import numpy as np

from .curves import plot_decision_boundary
from .style import PALETTE


def plot_init_playground(axes, runs, X, y, resolution=100):
    """Cost curves (top row, log axis) above decision boundaries (bottom row).

    Parameters
    ----------
    axes : a ``(2, len(runs))`` array of matplotlib axes.
    runs : the ``PlaygroundRun`` list from ``nnlib.models.train_init_playground``.
    X, y : the training data, ``(n_samples, 2)`` and ``(n_samples,)``.

    Returns ``axes``. A run whose network predicts the same probability
    everywhere has no boundary; its panel's title says "no boundary".
    """
    axes = np.asarray(axes)
    if axes.shape != (2, len(runs)):
        raise ValueError(f"axes must have shape (2, {len(runs)}) (one column per run), got {axes.shape}. "
                         f"Use plt.subplots(2, {len(runs)}).")
    top = max(float(np.max(r.loss_curve)) for r in runs)
    bottom = min(float(np.min(r.loss_curve)) for r in runs)
    for (ax_loss, ax_db), run in zip(axes.T, runs):
        ax_loss.plot(run.loss_curve, color=PALETTE["vermillion"])
        ax_loss.axhline(np.log(2), color="0.5", linestyle=":", linewidth=1)
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(bottom / 2, top * 2)
        ax_loss.set_xlabel("epoch")
        ax_loss.set_ylabel("training loss")
        ax_loss.set_title(run.name, fontsize="medium")
        plot_decision_boundary(ax_db, run.model.predict_proba, X, y, resolution=resolution, legend=ax_db is axes[1, 0])
        p = run.model.predict_proba(X)
        flat = np.ptp(p) < 1e-9
        ax_db.set_title(f"accuracy {run.accuracy:.0%}" + (" (no boundary)" if flat else ""), fontsize="medium")
    axes[0, 0].annotate("ln 2 (chance)", (0, np.log(2)), xytext=(3, 3), textcoords="offset points",
                        fontsize="small", color="0.4")
    return axes
