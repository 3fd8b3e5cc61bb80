"""Sliders that keep working on a static page: a ``SelectionSlider`` linked
in the browser (``jslink``) to a ``Stack`` of precomputed images.

Python callbacks need a kernel; a ``jslink`` is carried out by the widget
manager in the page itself, so it survives in the saved widget state.
"""

from __future__ import annotations

import io
import os


def _ipywidgets():
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("nnlib.widgets needs ipywidgets: pip install 'nnlib[widgets]'") from exc
    return ipywidgets


def static_mode(static=None) -> bool:
    """True when widgets should be precomputed: ``static`` if given, else
    whether the environment variable ``NNLIB_WIDGETS`` equals ``"static"``."""
    if static is not None:
        return bool(static)
    return os.environ.get("NNLIB_WIDGETS", "").strip().lower() == "static"


def figure_to_png(fig, dpi=80) -> bytes:
    """Render a matplotlib figure to PNG bytes (for an ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def precomputed_slider(options, render_png, description="value", value=None, width="100%"):
    """A slider over ``options`` that shows ``render_png(option)`` for each, with no kernel.

    Parameters
    ----------
    options : sequence of (label, value) pairs or of values; one image per option.
    render_png : callable value -> PNG bytes (see ``figure_to_png``).
    description : the slider's label.
    value : the option initially shown (default: the middle one).

    Returns
    -------
    ipywidgets.VBox holding ``.children = (slider, stack)``; the slider's
    ``index`` is linked in the browser to the stack's ``selected_index``.
    """
    widgets = _ipywidgets()
    pairs = [opt if isinstance(opt, tuple) and len(opt) == 2 else (str(opt), opt) for opt in options]
    if not pairs:
        raise ValueError("options is empty: give at least one value to precompute.")
    labels = [label for label, _ in pairs]
    if len(set(labels)) != len(labels):
        raise ValueError(f"option labels must be distinct, got {labels}.")
    images = [widgets.Image(value=render_png(v), format="png", layout=widgets.Layout(width=width, height="auto"))
              for _, v in pairs]
    stack = widgets.Stack(children=images)
    slider = widgets.SelectionSlider(options=pairs, description=description, continuous_update=True,
                                     layout=widgets.Layout(width="min(100%, 40em)"),
                                     style={"description_width": "initial"})
    index = len(pairs) // 2 if value is None else [v for _, v in pairs].index(value)
    slider.index = index
    stack.selected_index = index
    widgets.jslink((slider, "index"), (stack, "selected_index"))
    return widgets.VBox([slider, stack])
