// Unused rules out of the theme's and the extensions' stylesheets, by PurgeCSS,
// then those stylesheets and the unminified scripts minified by esbuild (both
// pinned in package.json). Called by docs/_ext/purge_css.py once per build:
//
//   node purge_css.js <node_modules folder> < request.json > answer.json
//
// The request: {"content": [files], "css": [{"file": path, "raw": text}],
// "minify_css": [{"file": path, "raw": text}] (minified, not purged),
// "js": [{"file": path, "raw": text}], "bundle": entry file, "safelist": {...},
// "blocklist": [patterns], "dynamicAttributes": [...]}. The answer:
// {"css": [texts], "minify_css": [texts], "js": [texts], "bundle": text},
// each list in the request's order; "bundle" is the entry
// file with what it imports, as one minified script (docs/_ext/bootstrap.js).
const modules = process.argv[2];
const { PurgeCSS } = require(modules + "/purgecss");
const esbuild = require(modules + "/esbuild");
// Minified, not rewritten: no newer syntax lowered, names at the top level
// kept (the pages' inline scripts call them), licence comments kept.
const minify = (text, loader) => esbuild.transformSync(text, {
  loader, minify: true, legalComments: "inline", charset: "utf8",
  target: loader === "css" ? undefined : "esnext" }).code;

// A page's words that a selector can match: its tags, attribute names,
// classes, ids and attribute values, and every word of its inline scripts
// and data; not the words of its prose ("table", "progress" and "toast"
// are words of a sentence, not of the page's markup). Scripts (.js) are read
// with PurgeCSS's default extractor: every word.
const WORDS = /[A-Za-z0-9_-]+/g;
const SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
const TAG = /<([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s=>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s=>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function fromHtml(content) {
  const found = { attributes: { names: [], values: [] }, classes: [], ids: [], tags: [], undetermined: [] };
  for (const [, body] of content.matchAll(SCRIPT)) found.undetermined.push(...(body.match(WORDS) || []));
  const markup = content.replace(SCRIPT, "<script>").replace(/<!--[\s\S]*?-->/g, "");
  for (const [, tag, attributes] of markup.matchAll(TAG)) {
    found.tags.push(tag.toLowerCase());
    for (const [, name, ...quoted] of attributes.matchAll(ATTRIBUTE)) {
      const value = quoted.find(v => v !== undefined);
      found.attributes.names.push(name.toLowerCase());
      if (value === undefined) continue;
      const tokens = value.split(/\s+/).filter(Boolean);
      found.attributes.values.push(value, ...tokens);
      if (name === "class") found.classes.push(...tokens);
      if (name === "id") found.ids.push(value);
    }
  }
  return found;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", async () => {
  const request = JSON.parse(input);
  const safelist = request.safelist || {};
  for (const key of ["standard", "deep", "greedy", "variables"]) {
    safelist[key] = (safelist[key] || []).map(pattern => new RegExp(pattern));
  }
  const results = await new PurgeCSS().purge({
    content: request.content,
    css: request.css.map(sheet => ({ raw: sheet.raw, name: sheet.file })),
    safelist,
    blocklist: (request.blocklist || []).map(pattern => new RegExp(pattern)),
    dynamicAttributes: request.dynamicAttributes || [],
    variables: !!request.variables,
    extractors: [{ extractor: fromHtml, extensions: ["html"] }],
  });
  process.stdout.write(JSON.stringify({
    css: results.map(result => minify(result.css, "css")),
    minify_css: (request.minify_css || []).map(sheet => minify(sheet.raw, "css")),
    js: (request.js || []).map(script => minify(script.raw, "js")),
    bundle: request.bundle ? esbuild.buildSync({
      entryPoints: [request.bundle], bundle: true, minify: true, write: false, format: "iife",
      legalComments: "inline", charset: "utf8", nodePaths: [modules] }).outputFiles[0].text : null,
  }));
});
