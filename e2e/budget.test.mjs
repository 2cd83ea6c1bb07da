// Deterministic budgets, checked on every run: what a first visit transfers (brotli), and the
// share-link lengths. Timings are measured by scripts/bench, never asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST } from './harness.mjs';

/** The goal for a first visit: HTML, JS, Wasm and CSS, brotli. Not yet met; see README. */
const FIRST_VISIT_GOAL = 100_000;
/** The ceiling asserted until the goal is met: today's size with a little room. It only goes down. */
const FIRST_VISIT_CEILING = 148_000;

test(`a first visit transfers at most ${FIRST_VISIT_CEILING / 1000} KB brotli (goal ${FIRST_VISIT_GOAL / 1000} KB)`, () => {
  const files = fs.readdirSync(DIST).filter((file) => /\.(html|js|wasm|css)$/.test(file) && file !== 'embed.js');
  assert.ok(files.some((f) => f.endsWith('.wasm')) && files.includes('index.html'), 'dist/ holds the release build');
  let total = 0;
  for (const file of files) {
    const body = fs.readFileSync(path.join(DIST, file));
    const brotli = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`  ${file}: ${body.length} bytes, ${brotli} brotli`);
    total += brotli;
  }
  console.log(`  first visit: ${total} bytes brotli; goal ${FIRST_VISIT_GOAL}, ${total - FIRST_VISIT_GOAL} over`);
  assert.ok(total <= FIRST_VISIT_CEILING, `first visit is ${total} bytes brotli, over the ${FIRST_VISIT_CEILING} ceiling`);
});

test('embed.js stays small enough to paste into any docs page (under 2 KB brotli)', () => {
  const body = fs.readFileSync(path.join(DIST, 'embed.js'));
  assert.ok(zlib.brotliCompressSync(body).length < 2000);
});
