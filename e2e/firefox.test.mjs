// A second engine: the planner, share, embed and export behaviour in Debian's Firefox ESR, driven
// by puppeteer-core over WebDriver BiDi (playwright-core drives only its own patched Firefox).
// Elements are found by role and accessible name (puppeteer's ::-p-aria), as in the Chromium
// suites. Downloads are caught at the anchor's click and read back from their blob URL a moment
// later: Firefox starts a download after the click returns, so a URL revoked at once is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { DIST, ROOT, goldenLinks, current } from './harness.mjs';
import { serve } from './server.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
let server;
let docs;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run scripts/build');
  assert.ok(fs.existsSync(FIREFOX), `${FIREFOX} is missing: run scripts/setup test`);
  server = await serve(DIST);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kasm-docs-ff-'));
  const page = fs.readFileSync(path.join(ROOT, 'examples/docs-page.html'), 'utf8');
  fs.writeFileSync(path.join(folder, 'index.html'), page.replace('../dist/embed.js', `${server.url}embed.js`));
  docs = await serve(folder);
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
});

after(async () => {
  await browser?.close();
  await docs?.close();
  await server?.close();
});

/** `::-p-aria` for a role and an accessible name. */
const aria = (role, name) => `::-p-aria([name="${name.replace(/"/g, '\\"')}"][role="${role}"])`;

/** A fresh page (its own storage) on `hash`, with errors collected; waits for the table. */
async function openPlanner(hash = '', { at = 'index.html', table = true } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  await page.evaluateOnNewDocument(() => {
    // Downloads: keep each blob, its address and file name instead of saving, and note when an
    // address is revoked. (The page's CSP allows no fetch of a blob: address.)
    window.__downloads = [];
    window.__blobs = new Map();
    window.__revoked = new Set();
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => {
      const href = create(blob);
      window.__blobs.set(href, blob);
      return href;
    };
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.revokeObjectURL = (href) => {
      window.__revoked.add(href);
      revoke(href);
    };
    HTMLAnchorElement.prototype.click = function () {
      if (this.download) window.__downloads.push({ href: this.href, name: this.download });
    };
  });
  await page.goto(`${server.url}${at}${hash}`);
  if (table) await page.waitForSelector('.placement table tbody tr');
  return { page, context, problems };
}

/** The placement table as rows of [zone, App, Connection Proxy, Dedicated Proxy, Agent] words. */
function readTable(frame) {
  return frame.$$eval('.placement table tbody tr', (rows) =>
    rows.map((row) => [
      row.querySelector('th').textContent.replace(' (primary zone)', '').trim(),
      ...[...row.querySelectorAll('td .word')].map((cell) => /^(Helm|External|Optional|Not needed)/.exec(cell.textContent)?.[1]),
    ]),
  );
}

/** The last download `wait` ms after its click: its name, whether its address is still live,
 * and its content. */
async function lastDownload(page, wait = 1500) {
  await new Promise((done) => setTimeout(done, wait));
  return page.evaluate(async () => {
    const { href, name } = window.__downloads.at(-1);
    const bytes = new Uint8Array(await window.__blobs.get(href).arrayBuffer());
    return { name, live: !window.__revoked.has(href), text: new TextDecoder().decode(bytes), head: [...bytes.slice(0, 24)] };
  });
}

const golden = (name) => fs.readFileSync(path.join(ROOT, 'tests/golden', name), 'utf8');

test('Firefox: the planner edits, plans and keeps its link', async () => {
  const { page, context, problems } = await openPlanner();
  assert.deepEqual(await readTable(page), [
    ['primary', 'Helm', 'Helm', 'Helm', 'External'],
    ['eu-west', 'Helm', 'Not needed', 'Optional', 'External'],
  ]);
  await page.locator(aria('button', 'Add zone')).click();
  await page.waitForFunction(() => document.querySelectorAll('.placement table tbody tr').length === 3);
  const rdp = await page.$$(aria('checkbox', 'RDP/VNC sessions'));
  await rdp.at(-1).click();
  await page.waitForFunction((hash) => location.hash === hash, {}, `#${current('1.3primary.1eu-west.3zone-3')}`);
  assert.deepEqual((await readTable(page))[2], ['zone-3', 'Helm', 'External', 'Optional', 'External']);
  await page.locator(aria('button', 'Undo')).click();
  await page.waitForFunction((hash) => location.hash === hash, {}, `#${current('1.3primary.1eu-west.1zone-3')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Firefox: every golden link opens to its expected table', async () => {
  const { page, context, problems } = await openPlanner();
  for (const { link, table } of goldenLinks()) {
    await page.goto(`${server.url}index.html#${link}`);
    await page.reload();
    await page.waitForSelector('.placement table tbody tr');
    const rows = (await readTable(page)).map((row) => row.slice(1));
    assert.deepEqual(rows, table, link);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('Firefox: the docs page embeds two topologies, sized to their content; a bad link shows only why', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(docs.url);
  await page.waitForFunction(() => document.querySelectorAll('iframe[data-kasm-topology-frame]').length === 2);
  const handles = await page.$$('iframe[data-kasm-topology-frame]');
  for (const handle of handles) {
    const frame = await handle.contentFrame();
    await frame.waitForSelector('main.embed');
    await page.waitForFunction((iframe) => parseFloat(iframe.style.height) > 100, { timeout: 10_000 }, handle);
    assert.equal(await frame.$$eval('svg [tabindex]', (boxes) => boxes.length), 0, 'nothing to tab to');
  }
  const first = await handles[0].contentFrame();
  assert.deepEqual((await readTable(first)).map((row) => row[0]), ['hq', 'frankfurt']);
  const bad = await openPlanner('#9.zz', { at: 'index.html?embed', table: false });
  await bad.page.waitForSelector('[role="alert"]');
  assert.match(await bad.page.$eval('[role="alert"]', (e) => e.textContent), /could not be opened: it was made by a newer planner/);
  assert.equal(await bad.page.$$eval('table, svg, a', (found) => found.length), 0);
  await bad.context.close();
  await context.close();
});

test('Firefox: each export is the native one, and a download is still there after the click', async () => {
  const { page, context, problems } = await openPlanner('#1.1primary.0none.1containers.2rdp-vnc.3both.7both-proxy!kasm.acme.io');
  await page.locator(aria('button', 'Export formats')).click();
  await page.waitForSelector(aria('tablist', 'Export format'));
  for (const [tab, file] of [
    ['Helm values', 'choosing.values.yaml'],
    ['Checklist', 'choosing.checklist.md'],
    ['Table (CSV)', 'choosing.table.csv'],
    ['JSON', 'choosing.topology.json'],
  ]) {
    await page.locator(aria('tab', tab)).click();
    await page.waitForFunction((tab) => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === tab, {}, tab);
    assert.equal(await page.$eval('#export-text pre', (pre) => pre.textContent), golden(file), tab);
  }
  await page.locator(aria('button', 'Download kasm-topology.json')).click();
  const json = await lastDownload(page);
  assert.equal(json.name, 'kasm-topology.json');
  assert.ok(json.live, 'the blob URL outlived the click');
  assert.equal(json.text, golden('choosing.topology.json'));
  await page.locator(aria('button', 'Download PNG')).click();
  await page.waitForFunction(() => document.body.textContent.includes('Downloading kasm-topology.png.'), { timeout: 10_000 });
  const png = await lastDownload(page);
  assert.deepEqual(png.head.slice(1, 4), [0x50, 0x4e, 0x47], 'a PNG');
  assert.ok(png.live);
  assert.deepEqual(problems, []);
  await context.close();
});
