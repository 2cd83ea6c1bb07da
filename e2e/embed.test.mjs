// Embedding as a docs author does it: the example docs page served from one origin embeds
// planners served from another. Each embed shows its own topology, fits its height, ignores
// resize messages from strangers, breaks no CSP rule, leaves storage alone, and opens the full
// planner on the same topology.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserSuite, watchCsp, openPlanner, readTable, zoneGroups, placementWords, ROOT, SAVED_KEY, assertNoProblems , current } from './harness.mjs';
import { serve } from './server.mjs';

let docs;
const env = browserSuite({
  setUp: async (env) => {
    // The docs page, as published on another origin: its script points at the planner's server.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kasm-docs-'));
    const page = fs.readFileSync(path.join(ROOT, 'examples/docs-page.html'), 'utf8');
    assert.ok(page.includes('src="../dist/embed.js"'));
    fs.writeFileSync(path.join(folder, 'index.html'), page.replace('../dist/embed.js', `${env.url}embed.js`));
    docs = await serve(folder);
    assert.notEqual(new URL(docs.url).origin, new URL(env.url).origin, 'two origins');
  },
  tearDown: async () => {
    await docs?.close();
  },
});

async function openDocs(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(docs.url);
  await page.waitForFunction(() => document.querySelectorAll('iframe[data-kasm-topology-frame]').length === 2);
  const frames = [];
  for (const handle of await page.locator('iframe[data-kasm-topology-frame]').elementHandles()) {
    const frame = await handle.contentFrame();
    await frame.waitForSelector('main.embed');
    frames.push({ handle, frame });
  }
  return { page, problems, frames };
}

/**
 * Waits until every iframe's height matches its content within 5 px. With `scroll`, each frame
 * is first scrolled into view, as a reader would: browsers pause rendering in off-screen
 * cross-origin frames, so a frame resized while off-screen reports when it is seen.
 */
async function heightsSettle(frames, { scroll = false } = {}) {
  for (const { handle, frame } of frames) {
    if (scroll) await handle.scrollIntoViewIfNeeded();
    let difference = Infinity;
    for (let tries = 0; tries < 50 && difference > 5; tries += 1) {
      const outer = await handle.evaluate((iframe) => iframe.getBoundingClientRect().height);
      const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
      difference = Math.abs(outer - inner);
      if (difference > 5) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(difference <= 5, `iframe height within 5 px of its content (off by ${difference})`);
  }
}

test('the docs page embeds two topologies from another origin, each sized to its content', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  await watchCsp(context);
  // The reader has their own topology saved in the planner.
  const planner = await context.newPage();
  await planner.goto(`${env.url}index.html`);
  await planner.waitForFunction((key) => localStorage.getItem(key) !== null, SAVED_KEY);
  const saved = await planner.evaluate(() => JSON.stringify({ ...localStorage }));
  await planner.close();

  const { page, problems, frames } = await openDocs(context);
  const [first, second] = frames;
  const historyAtLoad = await first.frame.evaluate(() => history.length);
  assert.deepEqual(placementWords(await readTable(first.frame)), [
    ['Helm', 'Helm', 'Helm', 'External'],
    ['Helm', 'Not needed', 'Optional', 'External'],
  ]);
  assert.equal(await first.frame.getByRole('heading', { name: 'HQ and Frankfurt' }).count(), 1);
  assert.equal(await second.frame.getByRole('table').count(), 0, 'diagram only');
  assert.equal(await second.frame.getByRole('img', { name: 'Dedicated Proxy, zone eu-west, External' }).count(), 1);
  assert.equal(await second.frame.locator('svg [tabindex], svg [role="button"]').count(), 0, 'nothing to tab to in an embed');
  assert.equal(await second.frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await heightsSettle(frames);

  // Resize messages from anyone else are ignored.
  const heights = async () => Promise.all(frames.map(({ handle }) => handle.evaluate((f) => f.style.height)));
  const settled = await heights();
  await page.evaluate(() => {
    window.postMessage({ type: 'kasm-topology:resize', height: 3000 }, '*');
    const stranger = document.createElement('iframe');
    stranger.srcdoc = '<script>parent.postMessage({ type: "kasm-topology:resize", height: 4000 }, "*")<\/script>';
    document.body.append(stranger);
  });
  await page.waitForTimeout(500);
  assert.deepEqual(await heights(), settled);

  // A theme change in the reader's browser restyles the auto embed; the heights follow.
  const before = await first.frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await first.frame.waitForFunction((old) => getComputedStyle(document.body).backgroundColor !== old, before);
  await page.setViewportSize({ width: 700, height: 900 });
  await heightsSettle(frames, { scroll: true });

  // The embeds kept their URLs and left the planner's storage as it was.
  for (const { frame, handle } of frames) {
    assert.equal(frame.url(), await handle.evaluate((iframe) => iframe.src), 'the embed kept its URL');
    assert.equal(await frame.evaluate(() => history.length), historyAtLoad, 'no history entries');
    assert.equal(await frame.evaluate(() => JSON.stringify({ ...localStorage })), saved);
  }
  assertNoProblems(problems);
  await context.close();
});

test('"Open in planner" opens the same topology in a new tab', async () => {
  const context = await env.browser.newContext();
  await watchCsp(context);
  const { problems, frames } = await openDocs(context);
  const embedded = placementWords(await readTable(frames[0].frame));
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    frames[0].frame.getByRole('link', { name: 'Open in planner' }).click(),
  ]);
  await tab.getByRole('table', { name: /Role placement/ }).waitFor();
  assert.deepEqual(placementWords(await readTable(tab)), embedded);
  assert.equal(new URL(tab.url()).hash, `#${current('1.3hq.1frankfurt')}`);
  assertNoProblems(problems);
  await context.close();
});

test('bad embed options are ignored with a warning, never a broken embed', async () => {
  const context = await env.browser.newContext();
  await watchCsp(context);
  const page = await context.newPage();
  const warnings = [];
  const problems = [];
  page.on('console', (m) => (m.type() === 'warning' ? warnings : m.type() === 'error' ? problems : []).push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${env.url}index.html?embed&theme=neon&show=everything&colour=red#1.3only`);
  await page.getByRole('table', { name: /Role placement/ }).waitFor();
  assert.equal(await page.locator('svg.kasm-diagram').count(), 1, 'both shown by default');
  assert.ok(warnings.some((w) => w.includes('theme=neon')), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes('“colour”')), warnings.join('\n'));
  await page.goto(`${env.url}index.html?embed#9.zz`);
  await page.getByRole('alert').filter({ hasText: 'This topology link could not be opened' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the planner offers both snippets for the topology on screen', async () => {
  const { page, context, problems } = await openPlanner(env);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.url).origin });
  const region = page.getByRole('region', { name: 'Embed in a docs page' });
  await region.getByRole('button', { name: 'Embed' }).click();
  // The preview is the embed itself; its measured height goes into the iframe snippet.
  const preview = region.locator('iframe[title="Embed preview"]');
  const previewFrame = await (await preview.elementHandle()).contentFrame();
  await previewFrame.waitForSelector('main.embed table');
  // The iframe snippet's height is the embed's at a phone's width (366 px), where it is tallest.
  const measuring = await (await page.locator('#embed-measure').elementHandle()).contentFrame();
  await measuring.waitForSelector('main.embed table');
  assert.equal(await measuring.evaluate(() => window.innerWidth), 366);
  const contentHeight = await measuring.evaluate(() => Math.ceil(document.querySelector('main.embed').getBoundingClientRect().height));
  await page.waitForFunction((height) => document.getElementById('embed-snippet-0')?.value.includes(`height:${height}px`), contentHeight);
  const iframe = await region.getByRole('textbox', { name: 'Iframe snippet' }).inputValue();
  assert.equal(
    iframe,
    `<iframe src="${env.url}embed.html?show=both&amp;theme=auto&amp;shape=narrow#${current('1.3primary.1eu-west')}" title="Kasm Workspaces topology" style="width:100%;height:${contentHeight}px;border:0" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>`,
  );
  assert.ok(contentHeight > 560, `a two-zone topology needs more than the old fixed 560 px (${contentHeight})`);
  // The preview at the panel's width is no taller: the snippet's height never cuts it.
  const shown = await previewFrame.evaluate(() => Math.ceil(document.querySelector('main.embed').getBoundingClientRect().height));
  assert.ok(shown <= contentHeight, `preview ${shown} px, snippet ${contentHeight} px`);
  const script = await region.getByRole('textbox', { name: 'Script (sizes itself) snippet' }).inputValue();
  assert.ok(script.includes(`data-kasm-topology="${current('1.3primary.1eu-west')}"`) && script.includes(`${env.url}embed.js`));
  assert.ok(script.includes('data-theme="page"'), 'the script form follows the page by default');
  // The choices a docs author makes reach both snippets and the preview.
  await region.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Diagram' });
  await region.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'Dark' });
  await region.getByRole('textbox', { name: 'Title (optional)' }).fill('Our "rollout"');
  await page.waitForFunction(() => document.getElementById('embed-snippet-1')?.value.includes('data-title="Our &quot;rollout&quot;"'));
  const chosen = await region.getByRole('textbox', { name: 'Script (sizes itself) snippet' }).inputValue();
  assert.ok(chosen.includes('data-show="diagram" data-theme="dark"'), chosen);
  await page.waitForFunction(() => document.querySelector('iframe[title="Embed preview"]').src.includes('show=diagram&theme=dark&shape=narrow&title=Our%20%22rollout%22'));
  const shownFrame = await (await preview.elementHandle()).contentFrame();
  await shownFrame.waitForSelector('main.embed h1');
  assert.equal(await shownFrame.locator('h1.embed-title').textContent(), 'Our "rollout"');
  assert.equal(await shownFrame.locator('table').count(), 0, 'diagram only');
  await region.getByRole('button', { name: 'Copy script snippet' }).click();
  await region.getByRole('status').filter({ hasText: 'snippet copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), chosen);
  // The snippets follow the topology as it changes.
  await zoneGroups(page).nth(1).getByRole('textbox', { name: 'Zone name' }).fill('eu-central');
  await page.waitForFunction((link) => document.getElementById('embed-snippet-0')?.value.includes(`#${link}"`), current('1.3primary.1eu-central'));
  assertNoProblems(problems);
  await context.close();
});

test('placeholders a docs site adds later get frames, and removed frames are forgotten', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  await watchCsp(context);
  const { page, problems, frames } = await openDocs(context);
  // A client-side navigation (Docusaurus, VitePress, MkDocs instant) swaps content without a load.
  await page.evaluate(() => {
    const placeholder = document.createElement('div');
    placeholder.id = 'later';
    placeholder.setAttribute('data-kasm-topology', '#1.3later.2branch');
    document.body.append(placeholder);
  });
  const later = page.locator('#later iframe[data-kasm-topology-frame]');
  await later.waitFor();
  assert.equal(await later.getAttribute('sandbox'), 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  const frame = await (await later.elementHandle()).contentFrame();
  await frame.waitForSelector('main.embed');
  assert.deepEqual((await readTable(frame)).map((row) => row.zone), ['later (primary zone)', 'branch']);
  // The first embed leaves the page, and a later one still resizes: the removed frame is
  // forgotten without breaking the others.
  await page.evaluate(() => document.querySelector('[data-kasm-topology]').remove());
  await page.waitForFunction(() => document.querySelectorAll('iframe[data-kasm-topology-frame]').length === 2);
  await page.waitForFunction(() => parseFloat(document.querySelector('#later iframe').style.height) > 80);
  assert.equal(frames.length, 2);
  assertNoProblems(problems);
  await context.close();
});

test('an embed with data-theme="page" follows the page\'s palette, live, both ways', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: 'light' });
  const { page, problems } = await openDocs(context);
  // The switches docs themes flip: MkDocs Material (body data-md-color-scheme), Docusaurus (html
  // data-theme), VitePress (html class "dark"), and a page that only paints its background.
  const palettes = [
    // Each site has one of them: the test puts each back the way it found it.
    ['MkDocs Material', (dark) => (dark ? document.body.setAttribute('data-md-color-scheme', 'slate') : document.body.removeAttribute('data-md-color-scheme'))],
    ['Docusaurus', (dark) => (dark ? document.documentElement.setAttribute('data-theme', 'dark') : document.documentElement.removeAttribute('data-theme'))],
    ['VitePress', (dark) => document.documentElement.classList.toggle('dark', dark)],
    ['a dark background', (dark) => { document.body.style.background = dark ? '#111' : ''; }],
  ];
  const embedScheme = (frame) => frame.evaluate(() => ({
    theme: document.documentElement.getAttribute('data-theme'),
    background: getComputedStyle(document.body).backgroundColor,
  }));
  await page.evaluate(() => {
    const placeholder = document.createElement('div');
    placeholder.id = 'follows';
    placeholder.setAttribute('data-kasm-topology', '#1.3primary.1eu-west');
    placeholder.setAttribute('data-theme', 'page');
    document.body.append(placeholder);
  });
  const handle = await page.locator('#follows iframe[data-kasm-topology-frame]').elementHandle();
  assert.match(await handle.getAttribute('src'), /theme=page-light/, 'it starts in the page\'s scheme');
  const frame = await handle.contentFrame();
  await frame.waitForSelector('main.embed');
  const light = await embedScheme(frame);
  assert.equal(light.theme, 'light');
  for (const [site, flip] of palettes) {
    await page.evaluate(`(${flip})(true)`);
    await frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark', null, { timeout: 5000 })
      .catch(() => assert.fail(`${site}: the embed stayed light on a dark page`));
    assert.notEqual((await embedScheme(frame)).background, light.background, `${site}: dark colours`);
    await page.evaluate(`(${flip})(false)`);
    await frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'light', null, { timeout: 5000 })
      .catch(() => assert.fail(`${site}: the embed stayed dark on a light page`));
  }
  // A stranger's message (not the parent) changes nothing; the other frames, not following the
  // page, keep their own theme.
  await frame.evaluate(() => window.postMessage({ type: 'kasm-topology:theme', theme: 'dark' }, '*'));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await embedScheme(frame)).theme, 'light');
  assertNoProblems(problems);
  await context.close();
});
