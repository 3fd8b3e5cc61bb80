/* On a reader's first visit nothing is stored yet, so the theme starts with an
   empty mode and logs "Got invalid theme mode: ." as a console error before
   falling back to "auto". Start from "auto" (follow the system's light/dark
   preference) explicitly; a mode the reader picked is kept in localStorage.
   Set the theme (light or dark) here too, before the first paint: the theme's
   own script sets it only after the page has loaded, and the styles keyed on
   it (code line height, dark colours) would then move the text (layout shift)
   and flash a light page in dark mode. */
(function () {
  var root = document.documentElement;
  if (!root.dataset.mode) {
    root.dataset.mode = "auto";
  }
  if (!root.dataset.theme) {
    var mode = root.dataset.mode;
    var dark = mode === "dark" || (mode !== "light" && window.matchMedia &&
                                   window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.dataset.theme = dark ? "dark" : "light";
  }
})();
