"""Chapter 9's loss-against-lambda panel."""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array
from .style import PALETTE


def lambda_axis_position(lambdas):
    """Where each lambda sits on a log axis: lambda = 0 cannot, so it is drawn a
    third of the smallest positive lambda to the left. Returns ``(positions, zero_at)``."""
    lambdas = as_float_array(lambdas, "lambdas", ndim=1)
    positive = lambdas[lambdas > 0]
    if positive.size == 0:
        raise ValueError(f"lambdas needs at least one positive value for a log axis, got {lambdas.tolist()}.")
    zero_at = float(positive.min()) / 3
    return np.where(lambdas > 0, lambdas, zero_at), zero_at


def plot_lambda_curves(ax, lambdas, table, labels=("train", "validation")):
    """Training and validation loss against the penalty strength lambda (log axis).

    Parameters
    ----------
    lambdas : (k,) penalty strengths (0 allowed: drawn at the left edge, labelled "0").
    table : (k, 2) losses, columns in the order of ``labels``
        (``OverfittingDemo.loss_table`` gives train and validation).

    Returns ``ax``.
    """
    from matplotlib.ticker import NullLocator

    table = as_float_array(table, "table", ndim=2)
    xs, zero_at = lambda_axis_position(lambdas)
    if table.shape != (xs.shape[0], len(labels)):
        raise ValueError(f"table must have shape ({xs.shape[0]}, {len(labels)}) (one row per lambda, one column "
                         f"per label), got {table.shape}.")
    for column, (label, colour, marker) in enumerate(zip(labels, (PALETTE["blue"], PALETTE["vermillion"]), "os")):
        ax.plot(xs, table[:, column], marker + "-", label=label, color=colour)
    ax.set_xscale("log")
    ax.xaxis.set_minor_locator(NullLocator())
    positive = sorted(float(v) for v in np.asarray(lambdas, dtype=float) if v > 0)
    ax.set_xticks([zero_at] + positive[::2])
    ax.set_xticklabels(["0"] + [f"{v:g}" for v in positive[::2]], fontsize=8)
    ax.set_xlabel("lambda")
    ax.set_ylabel("mean cross-entropy")
    ax.legend(fontsize="small", loc="upper right")
    return ax
