"""Shared machinery of the live sliders: a figure outside pyplot, fast PNG
encoding, redrawing only what changes (blitting), and the kernel-backed
slider that is ``precomputed_slider``'s live twin.

A live figure is drawn at the size it is shown: ``LiveImage`` (an anywidget)
reports the width of its element in device pixels (CSS width times
``devicePixelRatio``) whenever it changes, and the figure is redrawn at that
width, so it is as sharp as a static figure instead of a small image stretched.
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
    MAX_PIXEL_WIDTH = 4000  # a bound on the work of one redraw, whatever the screen reports

    def set_pixel_width(self, pixels):
        """Draw the figure ``pixels`` wide from now on (same layout, scaled dpi).
        Returns True when that changed the size (the next ``png`` redraws all)."""
        pixels = int(pixels)
        if pixels <= 0:
            raise ValueError(f"pixels must be a positive width in device pixels, got {pixels}.")
        pixels = min(pixels, self.MAX_PIXEL_WIDTH)
        if round(self.fig.get_figwidth() * self.fig.dpi) == pixels:
            return False
        self.fig.set_dpi((pixels + 1e-6) / self.fig.get_figwidth())  # + 1e-6: Agg truncates width * dpi
        self._background = None
        return True

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


# The browser half of LiveImage: shows the PNG at the element's full width and
# reports that width in device pixels (ResizeObserver; devicePixelRatio covers
# HiDPI screens and browser zoom), so the kernel can redraw at exactly that size.
_LIVE_IMAGE_ESM = """
function render({ model, el }) {
  const img = document.createElement("img");
  img.style.cssText = "display: block; width: 100%; height: auto;";
  el.appendChild(img);
  let url = null;
  const show = () => {
    const next = URL.createObjectURL(new Blob([model.get("value")], { type: "image/png" }));
    img.src = next;
    img.alt = model.get("alt");
    if (url) URL.revokeObjectURL(url);
    url = next;
  };
  const measure = () => {
    const width = Math.round(el.getBoundingClientRect().width * (window.devicePixelRatio || 1));
    if (width > 0 && width !== model.get("pixel_width")) {
      model.set("pixel_width", width);
      model.save_changes();
    }
  };
  model.on("change:value", show);
  model.on("change:alt", show);
  show();
  const observer = new ResizeObserver(measure);
  observer.observe(el);
  measure();
  return () => { observer.disconnect(); if (url) URL.revokeObjectURL(url); };
}
export default { render };
"""

_LIVE_IMAGE = None


def live_image_class():
    """``LiveImage``: an anywidget showing PNG bytes (``value``, with ``alt``
    text) at its full width, which reports that width in device pixels
    (``pixel_width``, set by the browser)."""
    global _LIVE_IMAGE
    if _LIVE_IMAGE is None:
        try:
            import anywidget
            import traitlets
        except ImportError as error:  # pragma: no cover - the widgets extra installs it
            raise ImportError("live figures need anywidget: pip install 'nnlib[widgets]'.") from error

        class LiveImage(anywidget.AnyWidget):
            _esm = _LIVE_IMAGE_ESM
            value = traitlets.Bytes(b"").tag(sync=True)
            alt = traitlets.Unicode("").tag(sync=True)
            pixel_width = traitlets.Int(0).tag(sync=True)

        _LIVE_IMAGE = LiveImage
    return _LIVE_IMAGE


def live_slider(options, render_png, description, value, widgets=None):
    """A ``SelectionSlider`` over ``options`` that calls ``render_png(value)`` on
    every move and shows the image; the kernel-backed twin of ``precomputed_slider``.

    The image is a ``LiveImage``: when ``render_png`` is a ``BlitView``, the
    figure is redrawn at the width the browser shows it (device pixels)."""
    widgets = _ipywidgets() if widgets is None else widgets
    slider = widgets.SelectionSlider(options=options, value=value, description=description,
                                     continuous_update=True, layout=widgets.Layout(width="min(100%, 40em)"),
                                     style={"description_width": "initial"})
    labels = {v: label for label, v in ((o if isinstance(o, tuple) else (str(o), o)) for o in options)}

    def alt(v):
        return f"Figure at {description} = {labels.get(v, v)}; move the slider above to redraw it."

    image = live_image_class()(value=render_png(value), alt=alt(value),
                               layout=widgets.Layout(width="100%"))

    def redraw(change=None):
        image.value = render_png(slider.value)
        image.alt = alt(slider.value)

    def resize(change):
        if change["new"] > 0 and render_png.set_pixel_width(change["new"]):
            redraw()

    slider.observe(redraw, names="value")
    if isinstance(render_png, BlitView):
        image.observe(resize, names="pixel_width")
    return widgets.VBox([slider, image])
