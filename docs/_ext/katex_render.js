// KaTeX for the book's build (docs/_ext/katex_math.py): TeX in, HTML out.
//
// Usage: node katex_render.js KATEX_PACKAGE_DIR
// Reads one JSON request per line on stdin, [[tex, display], ...], and
// writes one JSON line per request, a list of {"html", "warnings"} or
// {"error"} in the same order. It runs until stdin closes, so one process
// renders every equation of a build.
"use strict";

const readline = require("readline");

const katex = require(process.argv[2]);

function render([tex, display]) {
  const warnings = [];
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      output: "htmlAndMathml", // the MathML is hidden, for screen readers
      throwOnError: true,
      strict: (code, message) => {
        warnings.push(message);
        return "ignore";
      },
    });
    return { html, warnings };
  } catch (error) {
    return { error: error.message };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  process.stdout.write(JSON.stringify(JSON.parse(line).map(render)) + "\n");
});
