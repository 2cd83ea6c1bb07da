// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the release
// build served on 127.0.0.1, and helpers that work the page the way a person does, by the
// accessible names of its controls.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(here, 'artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the server for dist/ and Chromium; returns what the tests need and a `stop`. */
export async function start() {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run scripts/build');
  const server = await serve(DIST);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    url: server.url,
    browser,
    stop: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The server and Chromium for one test file: started before its tests, stopped after them. The
 * object is filled in when `before` runs, so tests read `env.url` and `env.browser` as usual.
 * `setUp` runs once both are up, `tearDown` before they stop.
 */
export function browserSuite({ setUp = async () => {}, tearDown = async () => {} } = {}) {
  const env = {};
  before(async () => {
    Object.assign(env, await start());
    await setUp(env);
  });
  after(async () => {
    await tearDown(env);
    await env.stop?.();
  });
  return env;
}

/**
 * Opens the planner in a fresh browser context (its own storage), waits for the placement table,
 * and records console errors and page errors in `problems`.
 */
export async function openPlanner(env, { hash = '', path: at = 'index.html', colorScheme = 'light', viewport } = {}) {
  const context = await env.browser.newContext({ colorScheme, viewport: viewport ?? { width: 1280, height: 900 } });
  await watchCsp(context);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(new URL(at, env.url).href + hash);
  await placementTable(page).waitFor();
  // The default topology's first screen has a table before the planner starts: wait for the
  // planner itself (its editor), except in an embed, which has none.
  if (!at.includes('embed')) await page.getByRole('region', { name: 'Zones' }).waitFor();
  return { page, context, problems };
}

/** Records Content-Security-Policy violations in every frame of the context's pages. */
export async function watchCsp(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

export function placementTable(page) {
  return page.getByRole('table', { name: /Role placement/ });
}

/** The placement table as rows of `{ zone, cells: [App, Connection Proxy, Dedicated Proxy, Agent] }`. */
export async function readTable(page) {
  const table = placementTable(page);
  const headers = await table.getByRole('columnheader').allInnerTexts();
  assert.deepEqual(headers, ['Zone', 'App', 'Connection Proxy', 'Dedicated Proxy', 'Agent']);
  const rows = await table.getByRole('row').all();
  const result = [];
  for (const row of rows.slice(1)) {
    const zone = (await row.getByRole('rowheader').innerText()).trim();
    const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    result.push({ zone, cells });
  }
  return result;
}

/** The zone groups of the editor, in order. */
export function zoneGroups(page) {
  return page.getByRole('region', { name: 'Zones' }).getByRole('group');
}

/**
 * Makes the editor hold exactly `zones` (`[{ name, containers, rdp, dedicated }]`), by clicking
 * "Add zone" or "Remove zone", typing names and ticking boxes.
 */
export async function buildTopology(page, zones) {
  const groups = zoneGroups(page);
  while ((await groups.count()) < zones.length) {
    await page.getByRole('button', { name: 'Add zone' }).click();
  }
  while ((await groups.count()) > zones.length) {
    await groups.last().getByRole('button', { name: 'Remove zone' }).click();
  }
  for (const [index, zone] of zones.entries()) {
    const group = groups.nth(index);
    await group.getByRole('textbox', { name: 'Zone name' }).fill(zone.name);
    await group.getByRole('checkbox', { name: 'Container sessions' }).setChecked(Boolean(zone.containers));
    await group.getByRole('checkbox', { name: 'RDP/VNC sessions' }).setChecked(Boolean(zone.rdp));
    if (index > 0) {
      await group.getByRole('checkbox', { name: 'Dedicated Proxy' }).setChecked(Boolean(zone.dedicated));
    }
  }
}

/** The seed's tables, from the same transcription the native tests use. */
export function seedRows(table) {
  const text = fs.readFileSync(path.join(ROOT, 'tests/fixtures/seed-tables.tsv'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .filter((cells) => cells[0] === table)
    .map((cells) => cells.slice(1));
}

export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], 'no console errors or page errors');
}

export const SAVED_KEY = 'kasm-topology-planner:topology';

/** The golden links, with the table each must open to (rows of four placement words). */
/**
 * A link as the planner writes it today (format 4, docs/share-format.md): the body of a link of
 * any format with the version 4, then `!E` and the low 24 bits of the body's FNV-1a hash in
 * base64url. Written here from the format's description, apart from the planner's codec.
 */
export function current(link) {
  // Format 4 is what the planner writes for a topology without capacity figures, 5 for one with.
  if (/^[45]\./.test(link)) return link;
  return seal(`4${link.slice(link.search(/[.!]/))}`);
}

/** A link body closed by its end mark (docs/share-format.md: FNV-1a over the body, four base64url characters). */
export function seal(body) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(body)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const mark = [18, 12, 6, 0].map((shift) => alphabet[(hash >>> shift) & 63]).join('');
  return `${body}!E${mark}`;
}

export function goldenLinks() {
  const text = fs.readFileSync(path.join(ROOT, 'tests/fixtures/golden-links.tsv'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [link, domain, zones, table] = line.split('\t');
      return {
        link,
        domain,
        names: zones.split(' | ').map((zone) => zone.slice(zone.indexOf(':') + 1)),
        table: table.split(' | ').map((row) => row.split(',')),
      };
    });
}

/** The placement word each cell starts with. */
export function placementWords(rows) {
  return rows.map((row) => row.cells.map((cell) => /^(Helm|External|Optional|Not needed)/.exec(cell)?.[1] ?? cell));
}

/** What the "Share link" field holds. */
export async function shareLink(page) {
  return page.getByRole('textbox', { name: 'Share link' }).inputValue();
}

/**
 * Opens a panel that loads on demand (the planner fetches its module on first opening) by its
 * button in the region named `section`, and gives the region.
 */
export async function openPanel(page, section, button) {
  const region = page.getByRole('region', { name: section });
  const toggle = region.getByRole('button', { name: button, exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return region;
}

/** Opens the export formats and gives the "Export" region once its tabs are there. */
export async function openExports(page) {
  const region = await openPanel(page, 'Export', 'Export formats');
  await region.getByRole('tablist', { name: 'Export format' }).waitFor();
  return region;
}

/**
 * Opens the planner in a fresh context and lists the dist/ files the browser fetched, in order:
 * `firstVisit` until the placement table shows and the network is idle, `later` while `then`
 * works the page.
 */
export async function recordFetches(env, then = async () => {}) {
  const context = await env.browser.newContext();
  await watchCsp(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const fetched = [];
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (url.href.startsWith(env.url)) fetched.push(decodeURIComponent(url.pathname.slice(1)) || 'index.html');
  });
  // Requests in flight in the page and its frames. Playwright's 'networkidle' fires once per
  // navigation of the page, and a frame added later (the Embed panel's preview) can hold it
  // back for good: the quiet is measured here instead.
  let inflight = 0;
  let lastChange = Date.now();
  const change = (delta) => {
    inflight += delta;
    lastChange = Date.now();
  };
  page.on('request', () => change(1));
  page.on('requestfinished', () => change(-1));
  page.on('requestfailed', () => change(-1));
  const quiet = async () => {
    const start = Date.now();
    while (inflight > 0 || Date.now() - lastChange < 700) {
      if (Date.now() - start > 20_000) throw new Error(`the network never went quiet (${inflight} requests in flight)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await page.goto(`${env.url}index.html`);
  await placementTable(page).waitFor();
  await page.waitForLoadState('networkidle');
  const firstVisit = [...fetched];
  await then(page);
  await quiet();
  assertNoProblems(problems);
  await context.close();
  return { firstVisit, later: fetched.slice(firstVisit.length) };
}

/**
 * How the diagram in `target` (a page or a frame) fits its frame, as drawn: its shape (the SVG's
 * own width), whether the frame scrolls, the texts drawn past the frame's edges or past their
 * box, and the smallest text as rendered (an SVG text's font size times the SVG's scale).
 */
export async function diagramFit(target) {
  return target.evaluate(() => {
    const frame = document.querySelector('.diagram-frame');
    const svg = frame.querySelector('svg');
    const drawn = svg.getBoundingClientRect();
    const scale = drawn.width / svg.viewBox.baseVal.width;
    const edges = frame.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')];
    const outside = texts
      .filter((t) => { const r = t.getBoundingClientRect(); return r.left < edges.left - 0.5 || r.right > edges.right + 0.5; })
      .map((t) => t.textContent);
    // A box's title is inside its group; the lines under it follow the group.
    const overflowing = [];
    for (const group of svg.querySelectorAll('g.box')) {
      const rect = group.querySelector('rect').getBoundingClientRect();
      const lines = [group.querySelector('text')];
      for (let next = group.nextElementSibling; next?.classList.contains('t2'); next = next.nextElementSibling) lines.push(next);
      for (const line of lines) {
        if (line.getBoundingClientRect().right > rect.right + 0.5) overflowing.push(line.textContent);
      }
    }
    const sizes = texts.map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale }));
    const smallest = sizes.reduce((a, b) => (b.px < a.px ? b : a), { text: '', px: Infinity });
    return {
      shape: svg.viewBox.baseVal.width,
      scale,
      frameScrolls: frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1,
      outside,
      overflowing,
      smallest,
      legend: svg.querySelectorAll('.legend .key').length,
    };
  });
}

/**
 * Checks that the diagram in `target` fits, whole and legible: no scrolling frame, nothing drawn
 * past its edges or its box, the five legend entries, and no text under 9 px as rendered.
 */
export async function assertDiagramFits(target, where) {
  const fit = await diagramFit(target);
  assert.equal(fit.frameScrolls, false, `${where}: the diagram's frame scrolls`);
  assert.deepEqual(fit.outside, [], `${where}: text past the frame's edges`);
  assert.deepEqual(fit.overflowing, [], `${where}: text past its box`);
  assert.equal(fit.legend, 5, `${where}: the legend is whole`);
  assert.ok(fit.smallest.px >= 9, `${where}: "${fit.smallest.text}" drawn at ${fit.smallest.px.toFixed(2)} px`);
  return fit;
}

/** The smallest visible text in `target`'s document (HTML and SVG), as rendered, in CSS px. */
export async function smallestText(target) {
  return target.evaluate(() => {
    let smallest = { text: '', px: Infinity };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent.trim() || !element || element.closest('title, style, script, noscript')) continue;
      if (!element.getClientRects().length || getComputedStyle(element).visibility === 'hidden') continue;
      // Visually hidden text (for screen readers) is not drawn.
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      let px = parseFloat(getComputedStyle(element).fontSize);
      const svg = element.closest('svg');
      if (svg?.viewBox?.baseVal?.width) px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      if (px < smallest.px) smallest = { text: node.textContent.trim().slice(0, 40), px };
    }
    return smallest;
  });
}
