"""Interactive widgets for the book (chapters 7-10), built on ipywidgets.

ipywidgets and matplotlib are imported inside the functions, so ``import
nnlib`` needs numpy alone (install the ``widgets`` extra for these).

Every slider works two ways from one function:

- live, in a running Jupyter kernel: moving it recomputes and redraws;
- static, on the rendered book with no kernel: the same slider switches
  between figures precomputed at build time (``precomputed_slider``), which
  the page's saved widget state replays in the browser.

``static_mode()`` decides which: the environment variable
``NNLIB_WIDGETS=static`` (set by ``make book``) asks for the static form.
"""

from .explorer import draw_init_scale, init_scale_explorer, init_scale_statistics  # chapters 7-8
from .optimisation import learning_rate_slider, optimiser_race  # chapter 10
from .regularisation import lambda_slider  # chapter 9
from .static import precomputed_slider, static_mode

__all__ = ["precomputed_slider", "static_mode",
           "draw_init_scale", "init_scale_explorer", "init_scale_statistics", "lambda_slider",
           "learning_rate_slider", "optimiser_race"]
