/* Loaded on pages with widgets, after require.js and before the Jupyter widgets
   HTML manager (nb_ipywidgets_js in _config.yml); served from <site>/vendor/.

   1. Icon fonts. The manager asks for its fonts next to its AMD module, whose
   URL require.js resolves against the page's folder by default, e.g.
   book/@jupyter-widgets/html-manager/dist/<hash>.woff2 (a 404). Resolve modules
   against this script's folder instead, where make book copies the fonts.

   2. MathJax. The Jupyter widgets HTML manager (1.0.x) typesets widget labels by calling
   MathJax 2's `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`. The book
   serves MathJax 3, which has no `Hub`, so each widget page would throw
   "Cannot read properties of undefined (reading 'Queue')". Give MathJax 3 a
   minimal `Hub.Queue` that forwards "Typeset" requests to `typesetPromise`.
   MathJax 3 replaces `window.MathJax` when it starts, so add the shim once the
   page has loaded (MathJax has started by then; the widgets render after it).

   3. Accessible widgets, for every widget on the site (whatever Python made it):
   - a slider handle (role=slider) is named by its widget's visible label and
     announces the value its readout shows (aria-valuetext), not the option
     index the manager puts there, and keeps doing so as it moves;
   - a widget image gets its alt text from the Image widget's ``tooltip``
     (nnlib.widgets sets it to what the frame shows); the manager renders the
     tooltip as a title, which is moved to ``alt`` (no hover bubble).
   4. Figures to enlarge: see addEnlarge below.
   Loaded with ``defer`` (nnlib_site.py), before the manager, so the observer
   sees every widget as it is rendered. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (here && window.require && window.require.config) {
    var folder = here.slice(0, here.lastIndexOf("/") + 1);
    // anywidget (the init-scale explorer) is served from vendor/anywidget/index.js by make book.
    window.require.config({ baseUrl: folder, paths: { anywidget: "anywidget/index" } });
    // The manager falls back to a CDN for a module require.js cannot load: point that fallback at this
    // site instead, so a missing module is a local 404 (which the site tests report), never a request elsewhere.
    document.currentScript.setAttribute("data-jupyter-widgets-cdn", folder + "missing-module/");
    // Webpack's public path of the manager's bundles (fonts, chunks): without it one
    // bundle resolves its icon fonts against <site>/vendor/@jupyter-widgets/ (a 404).
    window.__jupyter_widgets_assets_path__ = folder + "@jupyter-widgets/html-manager/dist/";
  }

  function text(el) {
    return el ? (el.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  function labelSlider(handle) {
    var box = handle.closest(".widget-slider, .widget-hslider, .widget-vslider, .jupyter-widgets");
    if (!box) {
      return;
    }
    var label = box.querySelector(".widget-label");
    var readout = box.querySelector(".widget-readout");
    var name = text(label) || handle.getAttribute("aria-label") || "slider";
    if (label && label.id === "") {
      label.id = "nnlib-slider-label-" + (++labelSlider.n);
    }
    if (label && text(label) && handle.getAttribute("aria-labelledby") !== label.id) {
      handle.setAttribute("aria-labelledby", label.id);
    } else if (!label || !text(label)) {
      if (handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
    }
    var shown = readout && readout.style.display !== "none" ? text(readout) : "";
    if (shown && handle.getAttribute("aria-valuetext") !== shown) {
      handle.setAttribute("aria-valuetext", shown);
    }
  }
  labelSlider.n = 0;

  function describeImage(img) {
    var title = img.getAttribute("title");
    if (title) {
      img.setAttribute("alt", title);
      img.removeAttribute("title");
    }
  }

  // 4. Figures to enlarge. On a phone a widget's frame is scaled to the column
  // (its text ~4-5 CSS px): an "Enlarge figure" button under each widget with
  // images (and under the explorer's first-paint figure), or a tap on the image,
  // opens the figure shown now in a dialog at no less than its own pixel size
  // (scroll and zoom there); Escape or "Close" returns to the button.
  var dialog = null;

  function shownImage(box) {
    var images = box.querySelectorAll("img.widget-image, .nnlib-explorer-first-paint img");
    for (var i = 0; i < images.length; i++) {
      if (images[i].offsetParent !== null) return images[i];
    }
    return null;
  }

  function openEnlarged(img) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "nnlib-enlarged";
      dialog.setAttribute("aria-label", "Enlarged figure");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "nnlib-enlarged-close";
      close.textContent = "Close";
      close.addEventListener("click", function () { dialog.close(); });
      var frame = document.createElement("div");
      frame.className = "nnlib-enlarged-frame";
      // It scrolls on a phone: reachable by keyboard (arrow keys scroll it), and named.
      frame.tabIndex = 0;
      frame.setAttribute("role", "group");
      frame.setAttribute("aria-label", "Figure at full size; scroll to see all of it");
      dialog.appendChild(close);
      dialog.appendChild(frame);
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close();   // a tap outside the figure
      });
      dialog.addEventListener("close", function () { frame.textContent = ""; });
      document.body.appendChild(dialog);
    }
    var frame = dialog.querySelector(".nnlib-enlarged-frame");
    var copy = document.createElement("img");
    copy.src = img.currentSrc || img.src;
    copy.alt = img.getAttribute("alt") || img.getAttribute("title") || "";
    // At least the image's own pixel size (its text as drawn), and the dialog's width when that is wider.
    copy.style.width = "max(100%, " + (img.naturalWidth || 0) + "px)";
    frame.textContent = "";
    frame.appendChild(copy);
    dialog.showModal();
  }

  function addEnlarge(box) {
    if (box.querySelector(":scope > .nnlib-enlarge") || !shownImage(box)) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nnlib-enlarge";
    button.textContent = "Enlarge figure";
    button.addEventListener("click", function () {
      var img = shownImage(box);
      if (img) openEnlarged(img);
    });
    box.appendChild(button);
    box.addEventListener("click", function (event) {
      var t = event.target;
      if (t.tagName === "IMG" && (t.classList.contains("widget-image") || t.closest(".nnlib-explorer-first-paint"))) {
        openEnlarged(t);
      }
    });
  }

  function fix(root) {
    if (!root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("[role=slider]").forEach(labelSlider);
    root.querySelectorAll("img.widget-image[title]").forEach(describeImage);
    root.querySelectorAll(".cell_output .widget-subarea, .cell_output .nnlib-explorer-first-paint").forEach(addEnlarge);
  }

  function observe() {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      // Once per task: after the manager has updated the handle and the readout together.
      Promise.resolve().then(function () { pending = false; fix(document); });
    }).observe(document.body, { subtree: true, childList: true, characterData: true,
                                attributes: true, attributeFilter: ["aria-valuenow", "title", "style"] });
    fix(document);
  }
  if (document.body) {
    observe();
  } else {
    document.addEventListener("DOMContentLoaded", observe);
  }

  function addHub() {
    var mj = window.MathJax;
    if (!mj || !mj.version || mj.Hub) {  // not started yet, or already has a Hub
      return;
    }
    mj.Hub = {
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          if (Array.isArray(job) && job[0] === "Typeset" && mj.typesetPromise) {
            var element = job[2];
            mj.typesetPromise(element ? [element] : undefined).catch(function (err) {
              console.warn("MathJax could not typeset a widget label:", err);
            });
          }
        }
      },
    };
  }
  addHub();
  document.addEventListener("DOMContentLoaded", addHub);
  window.addEventListener("load", addHub);
})();
