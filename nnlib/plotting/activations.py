"""Activation curves (chapter 3): g(z) beside g'(z), the pair every backward pass multiplies by."""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array
from ..activations import get_activation


def plot_activation(ax, name, z=None, show_derivative=True, **kwargs):
    """Plot an activation g(z) and, dashed, its derivative g'(z).

    Parameters
    ----------
    ax : matplotlib Axes.
    name : an activation name known to ``nnlib.get_activation`` ("sigmoid",
        "tanh", "relu", "leaky_relu", "identity") or an ``Activation``.
    z : (n_points,) grid of pre-activations; default 401 points on [-5, 5].
    show_derivative : also draw g'(z) (dashed, same colour).

    Returns ``ax``.
    """
    act = get_activation(name)
    if not act.elementwise:
        raise ValueError(f"plot_activation draws elementwise activations; {act.name!r} is not one "
                         "(softmax maps a vector to a vector). Pick sigmoid, tanh, relu or leaky_relu.")
    z = np.linspace(-5, 5, 401) if z is None else as_float_array(z, "z", ndim=1)
    line, = ax.plot(z, act.fn(z), label=f"{act.name}(z)", **kwargs)
    if show_derivative:
        ax.plot(z, act.derivative(z), ls="--", color=line.get_color(), label=f"{act.name}'(z)")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel("z")
    ax.set_title(act.name)
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    return ax
