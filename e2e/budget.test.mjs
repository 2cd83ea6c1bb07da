// Deterministic budgets, checked on every run: what a first visit transfers (brotli), what opening
// the export and embed panels adds, and the share-link lengths. Timings are measured by
// scripts/bench, never asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { browserSuite, DIST, openExports, openPanel, recordFetches } from './harness.mjs';

const env = browserSuite();

/**
 * A first visit: HTML, JS, Wasm and CSS, brotli. 115 KB, from 100 KB before: the share link
 * carries the deployment settings and regions, which the page decodes, plans and checks before
 * any panel opens (3.7 and 2.2 KB); and keeping the user's work safe (unreadable saves, other
 * tabs, storage that throws, flushing on close), the diagram as one tab stop with arrow keys,
 * and the details panel that follows its zone are first-screen behaviour (9.4 KB). Measured
 * 113.4 to 113.7 KB: the module varies by a few hundred bytes with the folder it is built in,
 * so the budget keeps a kilobyte above it. What does not need to be on the first screen is the
 * next place to cut.
 */
const FIRST_VISIT_BUDGET = 115_000;

const brotli = (file) =>
  zlib.brotliCompressSync(fs.readFileSync(path.join(DIST, file)), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;

function report(title, files) {
  let total = 0;
  for (const file of files) {
    const size = brotli(file);
    console.log(`  ${file}: ${fs.statSync(path.join(DIST, file)).size} bytes, ${size} brotli`);
    total += size;
  }
  console.log(`  ${title}: ${total} bytes brotli`);
  return total;
}

test(`a first visit transfers at most ${FIRST_VISIT_BUDGET / 1000} KB brotli; the export and embed panels load on demand`, async () => {
  const { firstVisit, later } = await recordFetches(env, async (page) => {
    await openExports(page);
    const embed = await openPanel(page, 'Embed in a docs page', 'Embed');
    await embed.getByRole('textbox', { name: 'Iframe snippet' }).waitFor();
  });
  assert.ok(firstVisit.includes('index.html') && firstVisit.some((f) => f.endsWith('.wasm')), firstVisit.join(', '));
  assert.ok(!firstVisit.some((f) => f.startsWith('kasm-topology-tools')), 'the tools module waits to be asked for');
  assert.ok(![...firstVisit, ...later].some((f) => f.startsWith('api/')), 'the JavaScript API is never fetched');
  const total = report('first visit', firstVisit);
  assert.deepEqual(later.sort(), ['kasm-topology-tools.js', 'kasm-topology-tools_bg.wasm'], 'opening both panels loads the tools once');
  report('on first opening of Export or Embed', later);
  assert.ok(total <= FIRST_VISIT_BUDGET, `a first visit transfers ${total} bytes brotli, over the ${FIRST_VISIT_BUDGET} budget`);
});

test('embed.js stays small enough to paste into any docs page (under 2 KB brotli)', () => {
  assert.ok(brotli('embed.js') < 2000);
});
