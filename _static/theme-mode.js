/* On a reader's first visit nothing is stored yet, so the theme starts with an
   empty mode and logs "Got invalid theme mode: ." as a console error before
   falling back to "auto". Start from "auto" (follow the system's light/dark
   preference) explicitly; a mode the reader picked is kept in localStorage. */
if (!document.documentElement.dataset.mode) {
  document.documentElement.dataset.mode = "auto";
}
