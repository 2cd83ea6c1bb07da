// The figures behind README's "Performance" table: the release bundle's sizes, load and update
// times in headless Chromium, the engine's plan times and share-link lengths. Prints them, and
// writes bench/results.json and bench/report.md. Run through scripts/bench.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { start, openExports, recordFetches, ROOT, DIST } from '../e2e/harness.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 15);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs) => ({ median: +median(xs).toFixed(1), min: +Math.min(...xs).toFixed(1), max: +Math.max(...xs).toFixed(1), runs: xs.length });

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(dir, name) : [name];
  });
}

/**
 * The size of every file in dist/, and the totals of a first visit (what the browser fetched
 * until the table showed) and of the first opening of the export formats (the tools module).
 */
async function sizes(env) {
  const rows = filesUnder(DIST).sort().map((file) => {
    const body = fs.readFileSync(path.join(DIST, file));
    return {
      file,
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const { firstVisit, later } = await recordFetches(env, openExports);
  const total = (files) => {
    const picked = rows.filter((r) => files.includes(r.file));
    const sum = (key) => picked.reduce((acc, r) => acc + r[key], 0);
    return { files: picked.map((r) => r.file), raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
  };
  return { files: rows, first_visit: total(firstVisit), export_opening: total(later) };
}

async function exportOpenings(env) {
  // From a click on "Export formats" to its tabs on screen, the tools module fetched afresh.
  const times = [];
  for (let i = 0; i < Math.min(LOADS, 10); i += 1) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.url}index.html`);
    await page.getByRole('table', { name: /Role placement/ }).waitFor();
    await page.evaluate(() => {
      window.__open = {};
      document.addEventListener('click', () => { window.__open.start = performance.now(); }, { capture: true, once: true });
      new MutationObserver((_, observer) => {
        if (document.querySelector('[role="tablist"]')) {
          window.__open.end = performance.now();
          observer.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Export formats' }).click();
    await page.waitForFunction(() => window.__open.end !== undefined);
    times.push(await page.evaluate(() => window.__open.end - window.__open.start));
    await context.close();
  }
  return summary(times);
}

const TIMING_HOOK = () => {
  // Records when the placement table first shows the default topology, and when the table and
  // the diagram have both changed after a click.
  window.__bench = {};
  new MutationObserver(() => {
    if (window.__bench.table === undefined && document.querySelectorAll('table tbody tr').length > 0) {
      window.__bench.table = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function loads(env) {
  const times = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await env.browser.newContext();
    await context.addInitScript(TIMING_HOOK);
    const page = await context.newPage();
    await page.goto(`${env.url}index.html`);
    await page.waitForFunction(() => window.__bench?.table !== undefined);
    times.push(await page.evaluate(() => window.__bench.table));
    await context.close();
  }
  return summary(times);
}

async function clicks(env, zones) {
  const link = `#1${Array.from({ length: zones }, (_, i) => `.1z${i}`).join('')}`;
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.url}index.html${link}`);
  await page.getByRole('table', { name: /Role placement/ }).waitFor();
  const box = page.getByRole('region', { name: 'Zones' }).getByRole('group').nth(zones - 1).getByRole('checkbox', { name: 'RDP/VNC sessions' });
  const times = [];
  for (let i = 0; i < CLICKS; i += 1) {
    await page.evaluate(() => {
      const table = document.querySelector('table tbody');
      const diagram = document.querySelector('.diagram-frame');
      const changed = { table: false, diagram: false };
      window.__click = { start: 0, end: 0 };
      document.addEventListener('click', () => { window.__click.start = performance.now(); }, { capture: true, once: true });
      const done = () => {
        if (changed.table && changed.diagram && !window.__click.end) {
          // The change is on screen at the next frame.
          requestAnimationFrame(() => { window.__click.end = performance.now(); });
        }
      };
      new MutationObserver(() => { changed.table = true; done(); }).observe(table, { childList: true, subtree: true, characterData: true });
      new MutationObserver(() => { changed.diagram = true; done(); }).observe(diagram, { childList: true, subtree: true });
    });
    await box.click();
    await page.waitForFunction(() => window.__click.end > 0);
    times.push(await page.evaluate(() => window.__click.end - window.__click.start));
  }
  await context.close();
  return summary(times);
}

function engine() {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'engine'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

const env = await start();
const results = {
  when: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
  browser: `Chromium ${env.browser.version()}`,
  sizes: await sizes(env),
  load_to_table_ms: await loads(env),
  export_opening_ms: await exportOpenings(env),
  click_to_update_ms: { zones_1: await clicks(env, 1), zones_10: await clicks(env, 10), zones_50: await clicks(env, 50) },
  engine: engine(),
};
await env.stop();

const kb = (bytes) => (bytes / 1000).toFixed(1);
const t = (s) => `${s.median} (${s.min}–${s.max})`;
const report = [
  '# Benchmark',
  '',
  `${results.when}, ${results.machine}, ${results.browser}. Repeat with \`./scripts/bench\`.`,
  '',
  '| file | raw KB | gzip KB | brotli KB |',
  '| --- | ---: | ---: | ---: |',
  ...results.sizes.files.map((f) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`),
  `| **first visit** (what the browser fetched until the table showed) | ${kb(results.sizes.first_visit.raw)} | ${kb(results.sizes.first_visit.gzip)} | ${kb(results.sizes.first_visit.brotli)} |`,
  `| **first opening of Export or Embed** (the tools module) | ${kb(results.sizes.export_opening.raw)} | ${kb(results.sizes.export_opening.gzip)} | ${kb(results.sizes.export_opening.brotli)} |`,
  '',
  '| measure | median (min–max) |',
  '| --- | --- |',
  `| navigation to the placement table, ms (${results.load_to_table_ms.runs} loads) | ${t(results.load_to_table_ms)} |`,
  `| click on "Export formats" to its tabs, tools module fetched, ms (${results.export_opening_ms.runs} runs) | ${t(results.export_opening_ms)} |`,
  `| click to table and diagram updated, 1 zone, ms | ${t(results.click_to_update_ms.zones_1)} |`,
  `| click to table and diagram updated, 10 zones, ms | ${t(results.click_to_update_ms.zones_10)} |`,
  `| click to table and diagram updated, 50 zones, ms | ${t(results.click_to_update_ms.zones_50)} |`,
  `| engine: plan 50 zones, µs | ${t(results.engine.plan_us.zones_50)} |`,
  `| engine: plan 1,000 zones, µs | ${t(results.engine.plan_us.zones_1000)} |`,
  `| share link, characters after #: default / 10 zones / largest | ${results.engine.link_chars.default} / ${results.engine.link_chars.zones_10} / ${results.engine.link_chars.largest} |`,
  '',
].join('\n');
fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(ROOT, 'bench/report.md'), report);
console.log(report);
