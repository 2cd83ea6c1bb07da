// The last step of scripts/build, on what trunk wrote to dist/:
// - prunes the modules' unused wasm-streams exports and gives their imports and closure exports
//   short names, in the module and its glue alike;
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

// `--glue-only`: the module and glue steps (pruning, short names, minifying) with the hashes kept
// true, nothing more (the benchmark's counter gets the same treatment as the planner).
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

// wasm-bindgen names each import of a module after its JavaScript function and a 16-digit hash
// (`__wbg_set_innerHTML_a9d3a267967b5117`), and each closure's export after its whole Rust type:
// 4.7 KB of names in the planner's module and again in its glue, which no compression shortens
// much. Both get short names (imports `a`, `b`, ..., the closures' exports `$0`, `$1`, ...), the
// same in the module and in its glue (`renamed`, applied before the glue is minified below).
const renamed = new Map();
for (const file of fs.readdirSync(dist).filter((name) => name.endsWith('_bg.wasm'))) {
  const where = path.join(dist, file);
  const before = fs.readFileSync(where);
  const { wasm, names } = shortNames(before);
  fs.writeFileSync(where, wasm);
  html = html.split(sri(before)).join(sri(wasm));
  renamed.set(file.replace(/_bg\.wasm$/, '.js'), names);
  console.log(`renamed ${names.size} imports and exports of ${file}: ${before.length} -> ${wasm.length} bytes`);
}

/** A short name for the `index`th: `a` ... `z`, `A` ... `Z`, `aa` ... */
function short(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  for (let n = index; ; n = Math.floor(n / letters.length) - 1) {
    name = letters[n % letters.length] + name;
    if (n < letters.length) return name;
  }
}

/**
 * The module `wasm` with its imports and its closures' exports renamed, and the names as
 * old -> new (the import module's name too, quoted as the glue writes it). Only the names in the
 * import and export sections change; every other section is copied as it is.
 */
function shortNames(wasm) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const encode = (value) => {
    const bytes = [];
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value) byte |= 0x80;
      bytes.push(byte);
    } while (value);
    return Buffer.from(bytes);
  };
  const text = (value) => Buffer.concat([encode(Buffer.byteLength(value)), Buffer.from(value)]);
  const name = () => {
    const length = leb();
    at += length;
    return wasm.subarray(at - length, at).toString('utf8');
  };
  // What follows an import's names: its kind and description, copied byte for byte.
  const limits = () => {
    const flags = wasm[at++];
    leb();
    if (flags & 1) leb();
  };
  const description = {
    0: () => leb(),
    1: () => { at += 1; limits(); },
    2: () => limits(),
    3: () => { at += 2; },
    4: () => { at += 1; leb(); },
  };
  const names = new Map();
  const parts = [wasm.subarray(0, 8)];
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id !== 2 && id !== 7) {
      parts.push(Buffer.from([id]), encode(size), wasm.subarray(at, end));
      at = end;
      continue;
    }
    const count = leb();
    const entries = [encode(count)];
    for (let i = 0; i < count; i += 1) {
      if (id === 2) {
        const module = name();
        const field = name();
        const start = at;
        const kind = wasm[at++];
        if (!description[kind]) throw new Error(`an import of kind ${kind}, which this step cannot copy`);
        description[kind]();
        // One module, the glue's own: another (a snippet) would need its exports renamed too.
        if (!/^\.\/[\w-]+_bg\.js$/.test(module)) throw new Error(`an import from ${module}, which this step cannot rename`);
        names.set(JSON.stringify(module), '"m"');
        if (!names.has(field)) names.set(field, short(names.size));
        entries.push(text('m'), text(names.get(field)), wasm.subarray(start, at));
      } else {
        const field = name();
        const start = at;
        at += 1;
        leb();
        const closure = /_convert__closures_/.test(field);
        if (closure) names.set(field, `$${i}`);
        entries.push(text(closure ? names.get(field) : field), wasm.subarray(start, at));
      }
    }
    if (at !== end) throw new Error(`section ${id} read to ${at}, not to its end ${end}`);
    const payload = Buffer.concat(entries);
    parts.push(Buffer.from([id]), encode(payload.length), payload);
  }
  return { wasm: Buffer.concat(parts), names };
}

/** The glue `glue` of a module renamed by `shortNames`, with the same names. */
function withShortNames(glue, names) {
  for (const [old, short] of names) {
    // A quoted module name as it is; a function's name as a whole word (they are \w+).
    const parts = glue.split(old.startsWith('"') ? old : new RegExp(`\\b${old}\\b`));
    if (parts.length === 1) throw new Error(`the glue never names ${old}`);
    glue = parts.join(short);
  }
  return glue;
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
  const names = renamed.get(file);
  const glue = names ? withShortNames(before, names) : before;
  renamed.delete(file);
  const { code } = await minify(withoutStreams(glue), { module: file !== 'embed.js', compress: { passes: 2 }, mangle: true });
  fs.writeFileSync(where, code);
  html = html.split(sri(before)).join(sri(code));
  console.log(`minified ${file}: ${before.length} -> ${code.length} bytes`);
}
// A module renamed without its glue would fail at its first import.
if (renamed.size) throw new Error(`no glue found for ${[...renamed.keys()].join(', ')}`);
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
