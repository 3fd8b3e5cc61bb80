/* The Jupyter widgets HTML manager (1.0.x) typesets widget labels by calling
   MathJax 2's `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`. The book
   serves MathJax 3, which has no `Hub`, so each widget page would throw
   "Cannot read properties of undefined (reading 'Queue')". Give MathJax 3 a
   minimal `Hub.Queue` that forwards "Typeset" requests to `typesetPromise`.
   MathJax 3 replaces `window.MathJax` when it starts, so add the shim once the
   page has loaded (MathJax has started by then; the widgets render after it). */
(function () {
  "use strict";
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
