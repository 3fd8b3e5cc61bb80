"""Sliders that keep working on a static page: a ``SelectionSlider`` linked
in the browser (``jslink``) to a ``Stack`` of precomputed images.

Python callbacks need a kernel; a ``jslink`` is carried out by the widget
manager in the page itself, so it survives in the saved widget state.
"""

from __future__ import annotations

import io
import os
import re


def _ipywidgets():
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("nnlib.widgets needs ipywidgets: pip install 'nnlib[widgets]'") from exc
    return ipywidgets


_DESCRIBED_IMAGE = None


def _described_image(widgets):
    """``ipywidgets.Image`` with an empty synced ``description``.

    The alt text of a precomputed frame travels as the Image's ``tooltip``.
    The widget manager's ImageView shows a tooltip only after reading
    ``model.get("description").length``, and Image has no description, so
    the view would fail to render ("Could not create a view"); syncing an
    empty description makes the tooltip a ``title`` on the ``<img>``.
    """
    global _DESCRIBED_IMAGE
    if _DESCRIBED_IMAGE is None:
        from traitlets import Unicode

        class DescribedImage(widgets.Image):
            description = Unicode("").tag(sync=True)

        _DESCRIBED_IMAGE = DescribedImage
    return _DESCRIBED_IMAGE


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


def compact_frame(png, colours=64):
    """A precomputed frame made small for the page: ``colours`` colours, lossless WebP.

    Every frame of every slider travels inside the page's saved widget state.
    Matplotlib figures have few distinct colours; 64 keep lines, text and
    shading intact (no dithering noise), and lossless WebP stores the result
    about a quarter smaller than an optimised palette PNG (a chapter 10 frame:
    19.8 kB as PNG, 14.4 kB as WebP). Returns WebP bytes.
    """
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colours, method=Image.Quantize.FASTOCTREE).save(buffer, format="webp", lossless=True, method=6)
    return buffer.getvalue()


_MATH_MARKUP = re.compile(r"[$\\{}]")


def _plain(text):
    """Matplotlib text without mathtext markup: ``$f(x_t) - f(x^*)$`` -> ``f(x_t) - f(x^*)``."""
    text = re.sub(r"\\mathrm|\\mathcal|\\operatorname", "", text or "")
    return " ".join(_MATH_MARKUP.sub("", text).split())


def figure_alt(fig):
    """Alt text for a matplotlib figure as it is drawn now: its title, and for
    each panel its title, what it plots against what, and its legend entries.

    The panels' titles are where nnlib's widgets write the number a frame is
    about (``lr = 0.18 = 1.8 / L (diverges)``, ``L2, lambda = 0.01: train
    0.31, test 0.35``), so the text changes with the frame as the picture does.
    """
    parts = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and _plain(suptitle.get_text()):
        parts.append(_plain(suptitle.get_text()) + ".")
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    for i, ax in enumerate(axes, 1):
        title = "; ".join(t for t in (_plain(ax.get_title(loc)) for loc in ("left", "center", "right")) if t)
        x, y = _plain(ax.get_xlabel()), _plain(ax.get_ylabel())
        head = f"Panel {i} of {len(axes)}" if len(axes) > 1 else "Plot"
        details = []
        if x and y:
            details.append(f"{y} against {x}")
        legend = ax.get_legend()
        if legend is not None:
            labels = [_plain(t.get_text()) for t in legend.get_texts() if _plain(t.get_text())]
            if labels:
                details.append("lines: " + ", ".join(labels))
        parts.append(head + (f": {title}" if title else "") + "".join(f"; {d}" for d in details) + ".")
    return " ".join(parts)


def precomputed_slider(options, render_png, description="value", value=None, width="100%", figure=None,
                       alt=None, compact=False):
    """A slider over ``options`` that shows ``render_png(option)`` for each, with no kernel.

    Parameters
    ----------
    options : sequence of (label, value) pairs or of values; one image per option.
    render_png : callable value -> PNG bytes (see ``figure_to_png``).
    description : the slider's label (also its accessible name on the page).
    value : the option initially shown (default: the middle one).
    figure : the matplotlib figure ``render_png`` draws on, if any: each
        image's alt text is then read from it after that frame is drawn
        (``figure_alt``: titles, axes, legend), so it says what the frame shows.
    alt : callable value -> alt text for that option's image (overrides
        ``figure``). Without either, the alt text names the slider setting.
    compact : store each frame as ``compact_frame`` makes it (64 colours,
        lossless WebP, about a quarter smaller) instead of the PNG as given;
        an int (2-256) is the number of colours (fewer: smaller frames).
    The alt text travels in the saved widget state as the Image's ``tooltip``;
    the site's widget set-up script turns it into the image's ``alt``.

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
    if alt is not None and not callable(alt):
        raise TypeError(f"alt must be a callable value -> text, got {type(alt).__name__}; "
                        "e.g. alt=lambda v: f'loss curve at lambda = {v}'.")
    if isinstance(compact, bool) or compact is None:
        colours = 64 if compact else None
    elif isinstance(compact, int) and 2 <= compact <= 256:
        colours = compact
    else:
        raise ValueError(f"compact must be True/False or a number of colours from 2 to 256, got {compact!r}.")
    images = []
    for label, v in pairs:
        png = render_png(v)
        if colours:
            png = compact_frame(png, colours)
        if alt is not None:
            text = str(alt(v))
        elif figure is not None:
            text = figure_alt(figure)
        else:
            text = ""
        text = f"{description} = {label}. " + text if text else f"Figure at {description} = {label}."
        images.append(_described_image(widgets)(value=png, format="webp" if colours else "png",
                                                tooltip=text.strip(),
                                                layout=widgets.Layout(width=width, height="auto")))
    stack = widgets.Stack(children=images)
    slider = widgets.SelectionSlider(options=pairs, description=description, continuous_update=True,
                                     layout=widgets.Layout(width="min(100%, 40em)"),
                                     style={"description_width": "initial"})
    index = len(pairs) // 2 if value is None else [v for _, v in pairs].index(value)
    slider.index = index
    stack.selected_index = index
    widgets.jslink((slider, "index"), (stack, "selected_index"))
    return widgets.VBox([slider, stack])
