"""Shared machinery of the live sliders: a figure outside pyplot, fast PNG
encoding, redrawing only what changes (blitting), and the kernel-backed
slider that is ``precomputed_slider``'s live twin.
"""

from __future__ import annotations

import io

import numpy as np

from .static import _ipywidgets

class BlitView:
    """Base class for slider figures that redraw only what changes (blitting).

    Subclasses build ``self.fig`` once, register the artists that change with
    ``animate(*artists)`` and implement ``update(value)`` to change them (and
    return any newly created artists). ``view.png(value)`` renders: the first
    time the whole figure, keeping the static part (axes, ticks, contours) as a
    background; after that it restores the background and draws only the
    changing artists, several times faster than a full redraw. ``view(value)``
    is ``view.png(value)``.
    """

    fig = None

    def animate(self, *artists):
        for artist in artists:
            artist.set_animated(True)
        self._animated = getattr(self, "_animated", []) + list(artists)
        return artists

    def update(self, value):  # pragma: no cover - abstract
        raise NotImplementedError

    def png(self, value, small=False):
        """PNG bytes of the figure at ``value`` (``small``: palette PNG for static pages)."""
        self.update(value)
        canvas = self.fig.canvas
        if getattr(self, "_background", None) is None:
            canvas.draw()  # animated artists are skipped: this is the background
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.get_visible() and artist.figure is not None:
                self.fig.draw_artist(artist)
        return encode_png(canvas, small)

    def __call__(self, value):
        return self.png(value)


def new_figure(figsize, dpi=72):
    """A matplotlib ``Figure`` with an Agg canvas, outside pyplot (so it never
    shows up as a stray notebook output and needs no closing)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def encode_png(canvas, small=False):
    """PNG bytes of an Agg canvas's current buffer (no redraw).

    ``small=False``: light compression, fast, for live sliders. ``small=True``:
    a 256-colour palette image about a quarter of the size, for the images
    precomputed into a static page.
    """
    from PIL import Image

    buffer = io.BytesIO()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    if small:
        image.quantize(256, method=Image.Quantize.FASTOCTREE).save(buffer, format="png", optimize=True)
    else:
        image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def live_slider(options, render_png, description, value, widgets=None):
    """A ``SelectionSlider`` over ``options`` that calls ``render_png(value)`` on
    every move and shows the image; the kernel-backed twin of ``precomputed_slider``."""
    widgets = _ipywidgets() if widgets is None else widgets
    slider = widgets.SelectionSlider(options=options, value=value, description=description,
                                     continuous_update=True, layout=widgets.Layout(width="min(100%, 40em)"),
                                     style={"description_width": "initial"})
    image = widgets.Image(value=render_png(value), format="png", layout=widgets.Layout(width="100%", height="auto"))

    def update(change):
        image.value = render_png(change["new"])

    slider.observe(update, names="value")
    return widgets.VBox([slider, image])
