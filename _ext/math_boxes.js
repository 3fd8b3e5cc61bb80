/* Sizes of TeX formulas as MathJax 3 (CHTML) typesets them, for reserving their
   space before MathJax runs in the page (_ext/nnlib_site.py, reserve_math).

   stdin: JSON [[tex, display], ...]; stdout: JSON [[w, h, d, fonts] | null, ...]:
   w, h, d in MathJax's em units at scale 1 (the page scales them by 1ex / 0.442,
   as MathJax does when it matches the surrounding font's x-height); fonts, the
   CHTML font classes the typeset formula uses ("TEX-I", "TEX-S2"; "" for the
   main font), whose files the page preloads: a glyph's width comes from its
   font, so a font arriving after MathJax has typeset would reflow the text.
   null: MathJax could not typeset that formula here (no space reserved).
   Run with the repository as the working directory (node_modules/mathjax). */
"use strict";
const path = require("path");
const input = require("fs").readFileSync(0, "utf-8");
require(path.join(process.cwd(), "node_modules", "mathjax", "es5", "node-main.js")).init({
  loader: { load: ["input/tex-full", "output/chtml", "adaptors/liteDOM"] },
  startup: { typeset: false },
}).then((MathJax) => {
  const doc = MathJax.startup.document;
  const STATE = MathJax._.core.MathItem.STATE;
  const out = JSON.parse(input).map(([tex, display]) => {
    try {
      const root = doc.convert(tex, { display, end: STATE.COMPILED });
      let failed = false;
      root.walkTree((node) => { if (node.isKind("merror")) failed = true; });
      if (failed) return null;
      const box = doc.outputJax.getBBox({ root, display, outputData: {}, start: {}, end: {} }, doc);
      const markup = MathJax.startup.adaptor.outerHTML(MathJax.tex2chtml(tex, { display }));
      const fonts = new Set([""]);
      for (const m of markup.matchAll(/\bTEX-[A-Z0-9]+\b/g)) fonts.add(m[0]);
      return [box.w, box.h, box.d].map((x) => Math.round(x * 1000) / 1000).concat([[...fonts].sort()]);
    } catch (err) {
      return null;
    }
  });
  process.stdout.write(JSON.stringify(out));
}).catch((err) => { console.error(err); process.exit(1); });
