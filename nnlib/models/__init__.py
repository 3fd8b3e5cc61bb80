"""Models: a multilayer perceptron, logistic regression (its 0-hidden-layer case),
and chapter 7's four-inits playground."""

from .logistic import ConvergenceWarning, LogisticRegression
from .mlp import MLP, ForwardPass, Gradients
from .playground import DEFAULT_INITS, PlaygroundRun, train_init_playground

__all__ = ["MLP", "ForwardPass", "Gradients", "LogisticRegression", "ConvergenceWarning",
           "DEFAULT_INITS", "PlaygroundRun", "train_init_playground"]
