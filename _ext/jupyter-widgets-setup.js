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
   page has loaded (MathJax has started by then; the widgets render after it). */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (here && window.require && window.require.config) {
    // anywidget (the init-scale explorer) is served from vendor/anywidget/index.js by make book.
    window.require.config({ baseUrl: here.slice(0, here.lastIndexOf("/") + 1), paths: { anywidget: "anywidget/index" } });
    // The manager falls back to a CDN for a module require.js cannot load: point that fallback at this
    // site instead, so a missing module is a local 404 (which the site tests report), never a request elsewhere.
    document.currentScript.setAttribute("data-jupyter-widgets-cdn", here.slice(0, here.lastIndexOf("/") + 1) + "missing-module/");
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
