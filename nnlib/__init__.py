"""nnlib: the small numpy library behind the book *Neural networks, executable*.

Conventions (chapter 0): examples are rows, so a batch ``X`` has shape
``(n_samples, n_features)``; a layer's weights ``W`` have shape
``(n_out, n_in)`` and a batch's pre-activations are ``Z = X @ W.T + b``.
Every random draw takes an ``rng`` (None, an int seed or a Generator).

The core needs numpy alone; ``nnlib.plotting`` needs matplotlib and
``nnlib.widgets`` ipywidgets (the ``plot`` and ``widgets`` extras).
"""

from . import activations, data, gradcheck, initialisers, landscapes, layers, losses, optimisers, regularisation
from .activations import get_activation
from .gradcheck import check_gradient, check_model_gradients, numerical_gradient, numerical_gradient_array, rel_error
from .initialisers import get_initialiser
from .layers import DenseCache, dense_backward, dense_forward
from .losses import get_loss
from .models import MLP, ConvergenceWarning, LogisticRegression
from .optimisers import SGD, Adam, Momentum, RMSprop

from . import diagnostics  # noqa: E402  (after models: it measures MLPs)

# The validated activations for the reader's own data; nnlib.activations keeps the bare maths.
sigmoid = activations.validated(activations.sigmoid)
tanh = activations.validated(activations.tanh)
relu = activations.validated(activations.relu)
leaky_relu = activations.validated(activations.leaky_relu)
softmax = activations.validated(activations.softmax)

__version__ = "0.1.0"

__all__ = [
    "activations", "data", "diagnostics", "gradcheck", "initialisers", "landscapes", "layers", "losses", "optimisers",
    "regularisation",
    "get_activation", "sigmoid", "tanh", "relu", "leaky_relu", "softmax",
    "numerical_gradient", "numerical_gradient_array", "rel_error", "check_gradient", "check_model_gradients",
    "get_initialiser", "get_loss",
    "DenseCache", "dense_forward", "dense_backward",
    "MLP", "LogisticRegression", "ConvergenceWarning", "SGD", "Momentum", "RMSprop", "Adam",
]
