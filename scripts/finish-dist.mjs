// The last step of scripts/build, on what trunk wrote to dist/:
// - minifies the wasm-bindgen glue (trunk cannot read it: "Failed to minify JS") and our two
//   scripts, keeping the page's Subresource Integrity hashes true to the files;
// - writes embed.html, the read-only embed's page: index.html with the embed module named and
//   preloaded in place of the planner's, so a docs page's frame fetches no editor.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const here = path.dirname(fileURLToPath(import.meta.url));

// `--glue-only`: minify the glue and keep the hashes true, nothing more (the benchmark's counter
// gets the same treatment as the planner).
const glueOnly = process.argv.includes('--glue-only');
const dist = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'dist';
const page = path.join(dist, 'index.html');
// SHA-256, as index.html asks trunk for: as strong a check as SHA-384 here, and 20 characters
// shorter in each of the page's integrity attributes, which no compression shortens.
const sri = (text) => `sha256-${crypto.createHash('sha256').update(text).digest('base64')}`;

let html = fs.readFileSync(page, 'utf8');
// Trunk minifies the stylesheet, but on a rule it cannot parse it only warns and copies the
// file whole: a first visit would carry its comments. Stop the build instead.
const css = fs.readdirSync(dist).find((file) => /^main-[0-9a-f]+\.css$/.test(file));
if (css && !glueOnly && fs.statSync(path.join(dist, css)).size >= fs.statSync(path.join(here, '..', 'style', 'main.css')).size) {
  throw new Error(`${css} is not minified: trunk could not parse style/main.css (see its warning above)`);
}
// The diagram's stylesheet (style/diagram.css, which SVG files carry too) joins the page's in one
// file: one request, and a quarter of a kilobyte less than two. The file gets a name from its
// new content, as trunk names it from the old.
const diagramCss = fs.readdirSync(dist).find((file) => /^diagram-[0-9a-f]+\.css$/.test(file));
if (css && diagramCss) {
  const [main, diagram] = [css, diagramCss].map((file) => fs.readFileSync(path.join(dist, file)));
  const joined = Buffer.concat([main, Buffer.from('\n'), diagram]);
  const named = `main-${crypto.createHash('sha256').update(joined).digest('hex').slice(0, 16)}.css`;
  const link = html.match(new RegExp(`<link[^>]*href=["']?\\./${diagramCss}[^>]*>`));
  if (!link) throw new Error(`no link to ${diagramCss} in index.html`);
  html = html.replace(link[0], '').split(sri(main)).join(sri(joined)).split(css).join(named);
  fs.rmSync(path.join(dist, css));
  fs.rmSync(path.join(dist, diagramCss));
  fs.writeFileSync(path.join(dist, named), joined);
  console.log(`joined ${diagramCss} to the page's stylesheet: ${named}`);
}

// Leptos brings server functions, and with them wasm-streams, whose three JavaScript classes
// (IntoUnderlyingSource, ...Sink, ...ByteSource) are exports of every module, kept with all
// they reach although a static page never streams to a server. Drop those exports and what only
// they reach (binaryen's wasm-metadce, then wasm-opt again), and the classes from the glue
// (`withoutStreams`): about 1.2 KB brotli a module.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
for (const file of fs.readdirSync(dist).filter((name) => name.endsWith('_bg.wasm'))) {
  const where = path.join(dist, file);
  const before = fs.readFileSync(where);
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(before)).map((e) => e.name);
  const kept = exports.filter((name) => !/^(__wbg_)?intounderlying/.test(name));
  if (kept.length === exports.length) continue;
  const graph = path.join(os.tmpdir(), `kasm-metadce-${process.pid}.json`);
  fs.writeFileSync(graph, JSON.stringify([
    { name: 'page', root: true, reaches: kept.map((_, i) => `export-${i}`) },
    ...kept.map((name, i) => ({ name: `export-${i}`, export: name })),
  ]));
  const bin = (tool) => path.join(here, '..', 'node_modules', '.bin', tool);
  execFileSync(bin('wasm-metadce'), ['--graph-file', graph, where, '-o', where, ...FEATURES], { stdio: 'pipe' });
  execFileSync(bin('wasm-opt'), ['-Oz', where, '-o', where, ...FEATURES], { stdio: 'pipe' });
  fs.rmSync(graph);
  const after = fs.readFileSync(where);
  html = html.split(sri(before)).join(sri(after));
  console.log(`pruned ${exports.length - kept.length} unused exports of ${file}: ${before.length} -> ${after.length} bytes`);
}

/**
 * The glue without the wasm-streams classes whose exports are pruned above (each class with its
 * `Symbol.dispose` line, and its FinalizationRegistry): nothing else in the glue names them.
 */
function withoutStreams(glue) {
  return glue
    .replace(/^export class (IntoUnderlying\w+) \{[\s\S]*?^if \(Symbol\.dispose\) \1\.prototype\[Symbol\.dispose\] = \1\.prototype\.free;\n/gm, '')
    .replace(/^const IntoUnderlying\w+Finalization = [\s\S]*?;\n/gm, '');
}

// The glue of the three modules (the planner's named by a hash, which trunk writes without
// leading zeros, so not always 16 digits), and the two scripts of ours the pages load (their comments
// are in web/).
const scripts = fs
  .readdirSync(dist)
  .filter((file) => /^[a-z-]+-([0-9a-f]+|tools|embed)\.js$/.test(file) || ['boot.js', 'embed.js'].includes(file));
for (const file of scripts) {
  const where = path.join(dist, file);
  const before = fs.readFileSync(where, 'utf8');
  // embed.js is a classic script for docs pages; the rest are ES modules.
  const { code } = await minify(withoutStreams(before), { module: file !== 'embed.js', compress: { passes: 2 }, mangle: true });
  fs.writeFileSync(where, code);
  html = html.split(sri(before)).join(sri(code));
  console.log(`minified ${file}: ${before.length} -> ${code.length} bytes`);
}
// The planner's module is fetched from the first byte of the page, but after the stylesheet and
// boot.js, which paint the first screen: on a slow link they would otherwise share it with 100 KB
// of WebAssembly.
html = html.replace(/(<link[^>]*rel=preload[^>]*type=application\/wasm)/, '$1 fetchpriority=low');
// What index.html asks trunk for, which trunk leaves on the stylesheet's link.
html = html.split(' data-integrity=sha256').join('');
fs.writeFileSync(page, html);
if (glueOnly) {
  verify([page]);
  process.exit(0);
}

/** Replaces exactly one match of `pattern` in `text`, or stops the build saying what was missing. */
function once(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`embed.html: expected one ${what} in index.html, found ${matches.length}`);
  return text.replace(pattern, replacement);
}

const embedGlue = fs.readFileSync(path.join(dist, 'kasm-topology-embed.js'), 'utf8');
const embedWasm = fs.readFileSync(path.join(dist, 'kasm-topology-embed_bg.wasm'));
// The module's files keep their names; a version in the query, from their content, keeps a
// cache from serving an old one beside a new page.
const version = crypto.createHash('sha256').update(embedGlue).update(embedWasm).digest('hex').slice(0, 16);
const [js, wasm] = [`./kasm-topology-embed.js?v=${version}`, `./kasm-topology-embed_bg.wasm?v=${version}`];
let embed = html;
// The planner's preloads go; the embed module's come in their place.
embed = embed.replace(/<link[^>]*rel=modulepreload[^>]*>/g, '');
embed = once(embed, /<link[^>]*rel=preload[^>]*type=application\/wasm[^>]*>/, '', "planner module preload");
embed = once(
  embed,
  /<\/head>/,
  `<link crossorigin href="${js}" integrity=${sri(embedGlue)} rel=modulepreload>` +
    `<link as=fetch crossorigin href="${wasm}" rel=preload type=application/wasm></head>`,
  'head end',
);
embed = once(embed, /data-js=[^ >]*/, `data-js="${js}"`, 'boot script glue');
embed = once(embed, /data-wasm=[^ >]*/, `data-wasm="${wasm}"`, 'boot script module');
embed = once(embed, /data-kasm-boot/, 'data-kasm-boot data-embed', 'boot script');
// Visitors without JavaScript: a line, not the planner's default topology, which is not the
// embedded one.
embed = once(
  embed,
  /<noscript>[\s\S]*<\/noscript>/,
  '<noscript><p class=no-script>This Kasm Workspaces topology needs JavaScript and WebAssembly; open the planner to see it.</p></noscript>',
  'noscript',
);
embed = once(embed, /<title>[^<]*<\/title>/, '<title>Kasm Workspaces topology</title>', 'title');
fs.writeFileSync(path.join(dist, 'embed.html'), embed);
console.log('wrote embed.html');
verify([page, path.join(dist, 'embed.html')]);

/**
 * Stops the build unless every integrity hash in the pages is the hash of the file it names, as
 * the browser will check it (a page whose hash is stale loads nothing).
 */
function verify(pages) {
  for (const file of pages) {
    const text = fs.readFileSync(file, 'utf8');
    for (const tag of text.match(/<link[^>]*integrity=[^>]*>/g) ?? []) {
      const href = /href="?([^" >]+)/.exec(tag)?.[1];
      const expected = /integrity="?(sha256-[A-Za-z0-9+/=]+)/.exec(tag)?.[1];
      const target = href && path.join(dist, href.split('?')[0]);
      if (!target || !fs.existsSync(target) || sri(fs.readFileSync(target)) !== expected) {
        throw new Error(`${file}: the integrity hash of ${href} does not match the file`);
      }
    }
  }
}
