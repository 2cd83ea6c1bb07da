// The figures behind README's "Performance" table: the release bundle's sizes, load and update
// times in headless Chromium, the engine's plan times and share-link lengths. Prints them, and
// writes bench/results.json and bench/report.md. Run through scripts/bench.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { start, openExports, recordFetches, seal, ROOT, DIST } from '../e2e/harness.mjs';
import { serve } from '../e2e/server.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const THROTTLED_LOADS = Number(process.env.BENCH_THROTTLED_LOADS ?? 9);
const COUNTER_DIST = path.join(ROOT, 'bench/counter/dist');
/** Chromium's network emulation: 150 ms round trip, 1.6 Mbps down, 750 kbps up. */
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
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

/**
 * Runs in the page from navigation start: records when the "Role placement" table first has a
 * cell, then makes the first edit as soon as its control exists (the planner: RDP/VNC sessions
 * on the second zone; the counter: its button) and records when the table shows it.
 */
const FIRST_PAINT_HOOK = (app) => {
  const times = (window.__firstPaint = {});
  const table = () =>
    [...document.querySelectorAll('table')].find((t) => t.querySelector('caption')?.textContent.trim() === 'Role placement');
  const control = () =>
    app === 'counter'
      ? [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Increment')
      : [...document.querySelectorAll('input[type=checkbox]')].filter((i) => i.parentElement?.textContent.includes('RDP/VNC sessions'))[1];
  // The row the edit changes: the counter's one cell, the planner's second zone.
  const edited = () => table()?.tBodies[0]?.rows[app === 'counter' ? 0 : 1]?.textContent;
  let before;
  const check = () => {
    const body = table()?.tBodies[0];
    if (times.table === undefined && body?.querySelector('td')) times.table = performance.now();
    if (times.table !== undefined && before === undefined && control()) {
      before = edited();
      control().click();
    }
    if (before !== undefined && times.interactive === undefined && edited() !== undefined && edited() !== before) {
      times.interactive = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
};

/** One fresh load of `url`: time to table, time to the first edit on screen, bytes on the wire. */
async function firstPaint(browser, url, app, throttled) {
  const context = await browser.newContext();
  await context.addInitScript(FIRST_PAINT_HOOK, app);
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  }
  await page.goto(url);
  await page.waitForFunction(() => window.__firstPaint?.interactive !== undefined, null, { timeout: 60_000 });
  const result = await page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return { ...window.__firstPaint, bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0) };
  });
  await context.close();
  return result;
}

/**
 * The planner beside a bare Leptos counter (bench/counter/), each served brotli-compressed from
 * loopback, loads alternating in one Chromium, on loopback and throttled.
 */
async function sideBySide(browser) {
  const planner = await serve(DIST, 0, { brotli: true });
  const counter = await serve(COUNTER_DIST, 0, { brotli: true });
  // The planner opened plainly (its default topology) and from a share link (a topology of its
  // own, which the page cannot show before its module runs).
  const apps = {
    planner: [`${planner.url}index.html`, 'planner'],
    link: [`${planner.url}index.html#1.3hq.1branch`, 'planner'],
    counter: [`${counter.url}index.html`, 'counter'],
  };
  const result = {};
  for (const [network, runs, throttled] of [['loopback', LOADS, false], ['throttled', THROTTLED_LOADS, true]]) {
    const seen = { planner: [], link: [], counter: [] };
    for (let i = 0; i < runs; i += 1) {
      // Rotate which goes first, so none always meets a warmer browser.
      const order = ['planner', 'link', 'counter'].map((_, k, all) => all[(k + i) % all.length]);
      for (const app of order) seen[app].push(await firstPaint(browser, apps[app][0], apps[app][1], throttled));
    }
    const of = (app, key) => summary(seen[app].map((r) => r[key]));
    const ratio = (app, key) => +(of(app, key).median / of('counter', key).median).toFixed(2);
    result[network] = {};
    for (const app of ['planner', 'link', 'counter']) {
      result[network][app] = { table: of(app, 'table'), interactive: of(app, 'interactive') };
      if (app !== 'counter') result[network][app].ratio = { table: ratio(app, 'table'), interactive: ratio(app, 'interactive') };
    }
    // Bytes are the same on every load (the server sends the same files); from the loopback pass.
    result.bytes ??= { planner: seen.planner[0].bytes, counter: seen.counter[0].bytes };
  }
  result.bytes.ratio = +(result.bytes.planner / result.bytes.counter).toFixed(2);
  await planner.close();
  await counter.close();
  return result;
}

/**
 * How long `act` takes to show, CLICKS times: from the page's first `event` (caught before any
 * handler) to the next animation frame after both the element `table` and the diagram changed.
 */
async function timeUntilShown(page, event, table, act) {
  const times = [];
  for (let i = 0; i < CLICKS; i += 1) {
    await page.evaluate(([event, table]) => {
      const changed = { table: false, diagram: false };
      window.__shown = { start: 0, end: 0 };
      document.addEventListener(event, () => { window.__shown.start = performance.now(); }, { capture: true, once: true });
      const done = () => {
        if (changed.table && changed.diagram && !window.__shown.end) {
          // The change is on screen at the next frame.
          requestAnimationFrame(() => { window.__shown.end = performance.now(); });
        }
      };
      const watch = { childList: true, subtree: true, characterData: true };
      new MutationObserver(() => { changed.table = true; done(); }).observe(document.querySelector(table), watch);
      new MutationObserver(() => { changed.diagram = true; done(); }).observe(document.querySelector('.diagram-frame'), watch);
    }, [event, table]);
    await act(i);
    await page.waitForFunction(() => window.__shown.end > 0);
    times.push(await page.evaluate(() => window.__shown.end - window.__shown.start));
  }
  return summary(times);
}

// Clicks the RDP/VNC box of the zone at `at` (the last one unless said), CLICKS times.
async function clicks(env, zones, at = zones - 1) {
  const link = `#1${Array.from({ length: zones }, (_, i) => `.1z${i}`).join('')}`;
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.url}index.html${link}`);
  await page.getByRole('table', { name: /Role placement/ }).waitFor();
  const box = page.getByRole('region', { name: 'Zones' }).getByRole('group').nth(at).getByRole('checkbox', { name: 'RDP/VNC sessions' });
  const times = await timeUntilShown(page, 'click', 'table tbody', () => box.click());
  await context.close();
  return times;
}

// Types a peak into the last zone's row of the capacity table, CLICKS times (12 and 40 in turn,
// 3 and 10 Agent hosts on the 8-core host), from the input event to the capacity table and the
// diagram's lane line updated on screen: the edit goes to the page, and back to the panel.
async function figureEdits(env, zones) {
  const names = Array.from({ length: zones }, (_, i) => `.1z${i}`).join('');
  const peaks = Array.from({ length: zones }, () => '8').join('.');
  const link = `#${seal(`5${names}!S${peaks}!Kh8000x32000M`)}`;
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.url}index.html${link}`);
  const table = page.getByRole('table', { name: 'Capacity per zone' });
  await table.waitFor();
  const field = table.getByRole('textbox', { name: `Peak container sessions, zone z${zones - 1}` });
  const times = await timeUntilShown(page, 'input', '.capacity-table tbody', (i) => field.fill(i % 2 === 0 ? '12' : '40'));
  await context.close();
  return times;
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
  side_by_side: await sideBySide(env.browser),
  export_opening_ms: await exportOpenings(env),
  click_to_update_ms: {
    zones_1: await clicks(env, 1),
    zones_10: await clicks(env, 10),
    zones_50: await clicks(env, 50),
    // A zone at the top: every other zone's elements come after it.
    zones_50_first: await clicks(env, 50, 0),
  },
  figure_edit_to_update_ms: {
    zones_1: await figureEdits(env, 1),
    zones_10: await figureEdits(env, 10),
    zones_50: await figureEdits(env, 50),
  },
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
  `The planner beside a bare Leptos 0.8 counter (bench/counter/, the same release settings), each served brotli-compressed from loopback, loads alternating in one Chromium; times from navigation, ms, median (min–max). "Table": the "Role placement" table has a cell. "Interactive": the first edit (RDP/VNC on the second zone; the counter's button), made as soon as its control exists, is in the table.`,
  '',
  '| | planner | counter | ratio |',
  '| --- | --- | --- | ---: |',
  ...['loopback', 'throttled'].flatMap((network) => {
    const r = results.side_by_side[network];
    const label = network === 'loopback' ? `loopback (${r.planner.table.runs} loads each)` : `150 ms RTT, 1.6 Mbps down (${r.planner.table.runs} loads each)`;
    return [['planner', ''], ['link', ', opened from a share link']].flatMap(([app, how]) => [
      `| ${label}${how}: time to table | ${t(r[app].table)} | ${t(r.counter.table)} | ${r[app].ratio.table} |`,
      `| ${label}${how}: time to interactive | ${t(r[app].interactive)} | ${t(r.counter.interactive)} | ${r[app].ratio.interactive} |`,
    ]);
  }),
  `| bytes on the wire (brotli bodies) | ${kb(results.side_by_side.bytes.planner)} KB | ${kb(results.side_by_side.bytes.counter)} KB | ${results.side_by_side.bytes.ratio} |`,
  '',
  '| measure | median (min–max) |',
  '| --- | --- |',
  `| click on "Export formats" to its tabs, tools module fetched, ms (${results.export_opening_ms.runs} runs) | ${t(results.export_opening_ms)} |`,
  `| click to table and diagram updated, 1 zone, ms | ${t(results.click_to_update_ms.zones_1)} |`,
  `| click to table and diagram updated, 10 zones, ms | ${t(results.click_to_update_ms.zones_10)} |`,
  `| click to table and diagram updated, 50 zones (the last zone clicked), ms | ${t(results.click_to_update_ms.zones_50)} |`,
  `| click to table and diagram updated, 50 zones (the first zone clicked), ms | ${t(results.click_to_update_ms.zones_50_first)} |`,
  `| peak typed in the capacity table to the table and diagram updated, 1 / 10 / 50 zones, ms | ${t(results.figure_edit_to_update_ms.zones_1)} / ${t(results.figure_edit_to_update_ms.zones_10)} / ${t(results.figure_edit_to_update_ms.zones_50)} |`,
  `| engine: plan 50 zones, µs | ${t(results.engine.plan_us.zones_50)} |`,
  `| engine: plan 1,000 zones, µs | ${t(results.engine.plan_us.zones_1000)} |`,
  `| share link, characters after #: default / 10 zones / largest | ${results.engine.link_chars.default} / ${results.engine.link_chars.zones_10} / ${results.engine.link_chars.largest} |`,
  '',
].join('\n');
fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(ROOT, 'bench/report.md'), report);
console.log(report);
