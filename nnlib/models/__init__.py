"""Models: a multilayer perceptron and logistic regression, its 0-hidden-layer case."""

from .logistic import ConvergenceWarning, LogisticRegression
from .mlp import MLP, ForwardPass, Gradients

__all__ = ["MLP", "ForwardPass", "Gradients", "LogisticRegression", "ConvergenceWarning"]
