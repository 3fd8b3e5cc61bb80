"""Plotting helpers: pure matplotlib functions that take an ``ax`` and return it.

Needs the ``plot`` extra (matplotlib); the rest of nnlib needs numpy alone.
Every figure in the book is drawn by one of these, so the figures are
reproducible and restyle together.
"""

from .curves import plot_decision_boundary, plot_loss_curve
from .diagrams import draw_network, draw_neuron
from .distributions import layer_histograms, plot_layer_heatmap
from .features import plot_logit_strip, plot_unit_activations
from .activations import plot_activation
from .graphs import draw_computation_graph
from .landscapes import plot_landscape, plot_path_losses
from .playground import plot_init_playground
from .regularisation import plot_lambda_curves
from .style import CLASS_COLOURS, LINE_COLOURS, PALETTE, plane_grid, scatter_classes

__all__ = ["plot_decision_boundary", "plot_loss_curve", "draw_network", "draw_neuron",
           "layer_histograms", "plot_layer_heatmap", "plot_logit_strip", "plot_unit_activations",
           "draw_computation_graph", "plot_activation", "plot_landscape", "plot_path_losses",
           "plot_init_playground", "plot_lambda_curves", "PALETTE", "CLASS_COLOURS", "LINE_COLOURS",
           "plane_grid", "scatter_classes"]
