// Embedding in a real docs site, as a docs author does it: the Embed panel's two snippets pasted
// into the pages of a site that MkDocs Material builds (instant navigation, a light/dark palette
// toggle), served from another origin than the planner. At 1440, 1280, 390 and 320 px wide each embed
// is whole and legible with no inner scroll, its frame as tall as its content, the script form
// follows the palette toggle both ways, and both survive instant navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserSuite, watchCsp, openPlanner, readTable, placementWords, ROOT, assertNoProblems, current, assertDiagramFits, smallestText } from './harness.mjs';
import { serve } from './server.mjs';

// Installed by scripts/setup test (scripts/setup: MKDOCS_MATERIAL_VERSION).
const MKDOCS = path.join(ROOT, '.venv-docs/bin/mkdocs');
// Four zones: the primary with both session kinds, one with containers only, one with a chosen
// Dedicated Proxy and both kinds, one with RDP/VNC only.
const FOUR = current('1.3hq-frankfurt.1eu-west.7us-east.2ap-south');
const ROWS = [
  ['Helm', 'Helm', 'Helm', 'External'],
  ['Helm', 'Not needed', 'Optional', 'External'],
  ['Helm', 'External', 'External', 'External'],
  ['Helm', 'External', 'Not needed', 'Not needed'],
];

let site;
let snippets;
const env = browserSuite({
  setUp: async (env) => {
    assert.ok(fs.existsSync(MKDOCS), `MkDocs Material is missing (${MKDOCS}): run scripts/setup test`);
    // The snippets, as the Embed panel offers them for this topology.
    const { page, context, problems } = await openPlanner(env, { hash: `#${FOUR}` });
    const region = page.getByRole('region', { name: 'Embed in a docs page' });
    await region.getByRole('button', { name: 'Embed' }).click();
    const iframe = region.getByRole('textbox', { name: 'Iframe snippet' });
    await iframe.waitFor();
    // The iframe snippet's height is the embed's at a phone's width, once measured.
    const measuring = await (await page.locator('#embed-measure').elementHandle()).contentFrame();
    await measuring.waitForSelector('main.embed table');
    const measured = await measuring.evaluate(() => Math.ceil(document.querySelector('main.embed').getBoundingClientRect().height));
    await page.waitForFunction((height) => document.getElementById('embed-snippet-0')?.value.includes(`height:${height}px`), measured);
    snippets = {
      iframe: await iframe.inputValue(),
      script: await region.getByRole('textbox', { name: 'Script (sizes itself) snippet' }).inputValue(),
    };
    assert.ok(snippets.script.includes('data-theme="page"'), 'the script form follows the page');
    assertNoProblems(problems);
    await context.close();

    // The site, on its own origin; instant navigation needs its address.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kasm-mkdocs-'));
    site = await serve(path.join(folder, 'site'));
    assert.notEqual(new URL(site.url).origin, new URL(env.url).origin, 'two origins');
    fs.mkdirSync(path.join(folder, 'docs'));
    fs.writeFileSync(path.join(folder, 'mkdocs.yml'), [
      'site_name: Rollout handbook',
      `site_url: ${site.url}`,
      'theme:',
      '  name: material',
      '  font: false', // no fonts fetched from Google: the test runs offline
      '  features: [navigation.instant]',
      '  palette:',
      '    - scheme: default',
      '      toggle: {icon: material/brightness-7, name: Switch to dark mode}',
      '    - scheme: slate',
      '      toggle: {icon: material/brightness-4, name: Switch to light mode}',
      'nav: [index.md, iframe.md, script.md]',
      '',
    ].join('\n'));
    const pages = {
      'index.md': '# Rollout handbook\n\nOur Kasm topology, [as a frame](iframe.md) and [sized by a script](script.md).\n',
      'iframe.md': `# As a frame\n\nThe four zones we run.\n\n${snippets.iframe}\n\nNext: [sized by a script](script.md).\n`,
      'script.md': `# Sized by a script\n\nThe four zones we run.\n\n${snippets.script}\n\nBack: [as a frame](iframe.md).\n`,
    };
    for (const [name, text] of Object.entries(pages)) fs.writeFileSync(path.join(folder, 'docs', name), text);
    execFileSync(MKDOCS, ['build', '--strict', '--quiet'], { cwd: folder, stdio: 'pipe' });
    assert.ok(fs.readFileSync(path.join(folder, 'site/script/index.html'), 'utf8').includes('data-kasm-topology'));
  },
  tearDown: async () => {
    await site?.close();
  },
});

/**
 * The embed on the page headed `heading`, once it has drawn its topology and its frame has taken
 * its height. Instant navigation changes the address before it swaps the content: wait for the
 * page's heading first, then for its frame.
 */
async function embedOn(page, heading) {
  await page.locator('article').getByRole('heading', { name: heading, level: 1 }).waitFor();
  const iframe = page.locator('article iframe').first();
  await iframe.waitFor();
  const handle = await iframe.elementHandle();
  const frame = await handle.contentFrame();
  await frame.waitForSelector('main.embed table');
  await handle.scrollIntoViewIfNeeded();
  // Off-screen cross-origin frames report late: wait for the height to settle.
  let gap = Infinity;
  for (let tries = 0; tries < 50 && Math.abs(gap) > 1; tries += 1) {
    const outer = await handle.evaluate((iframe) => iframe.getBoundingClientRect().height);
    const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
    gap = outer - inner;
    if (Math.abs(gap) > 1) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { handle, frame, gap };
}

/** The embed is whole: its rows, its diagram, no scrolling inside it, nothing under 9 px. */
async function assertWhole(embed, where) {
  assert.deepEqual(placementWords(await readTable(embed.frame)), ROWS, `${where}: the topology`);
  await assertDiagramFits(embed.frame, where);
  const scrolls = await embed.frame.evaluate(() => {
    const root = document.documentElement;
    return { down: root.scrollHeight > root.clientHeight + 1, sideways: root.scrollWidth > root.clientWidth + 1 };
  });
  assert.deepEqual(scrolls, { down: false, sideways: false }, `${where}: the embed scrolls inside its frame`);
  const smallest = await smallestText(embed.frame);
  assert.ok(smallest.px >= 9, `${where}: "${smallest.text}" at ${smallest.px} px`);
}

async function scheme(embed) {
  return embed.frame.evaluate(() => document.documentElement.getAttribute('data-theme'));
}

for (const width of [1440, 1280, 390, 320]) {
  test(`MkDocs Material at ${width} px: both snippets fit, follow the palette and survive instant navigation`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height: 900 }, colorScheme: 'light' });
    await watchCsp(context);
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${site.url}iframe/`);
    // Set on the first page load only: instant navigation keeps it, a full load would not.
    await page.evaluate(() => { window.loadedOnce = true; });

    // The plain iframe: the height the Embed panel measured (at a phone's width, where the embed
    // is tallest) fits; in a wider column the table and legend take fewer lines, so some room
    // is left under the content, never a cut.
    let embed = await embedOn(page, 'As a frame');
    await assertWhole(embed, `${width} px, iframe`);
    const frameHeight = await embed.handle.evaluate((iframe) => iframe.getBoundingClientRect().height);
    const content = await embed.frame.evaluate(() => Math.ceil(document.querySelector('main.embed').getBoundingClientRect().height));
    assert.ok(content <= frameHeight + 1, `${width} px: the iframe (${frameHeight} px) cuts its content (${content} px)`);
    // Under ~340 px the diagram is drawn a little smaller (to 82 %), and shorter with it.
    const spare = width >= 390 ? 160 : 0.2 * frameHeight;
    assert.ok(frameHeight - content <= spare, `${width} px: the iframe (${frameHeight} px) is far taller than its content (${content} px)`);

    // To the script form, by instant navigation.
    await page.locator('article').getByRole('link', { name: 'sized by a script', exact: true }).click();
    await page.waitForURL(/\/script\/$/);
    embed = await embedOn(page, 'Sized by a script');
    assert.equal(await page.evaluate(() => window.loadedOnce), true, 'navigated instantly, not by a full load');
    assert.ok(Math.abs(embed.gap) <= 1, `${width} px: the script-sized frame is off its content by ${embed.gap} px`);
    await assertWhole(embed, `${width} px, script`);
    assert.equal(await scheme(embed), 'light');

    // The site's palette toggle, both ways.
    await page.getByTitle('Switch to dark mode').click();
    await embed.frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark', null, { timeout: 5000 })
      .catch(() => assert.fail(`${width} px: the embed stayed light on the dark palette`));
    await page.getByTitle('Switch to light mode').click();
    await embed.frame.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'light', null, { timeout: 5000 })
      .catch(() => assert.fail(`${width} px: the embed stayed dark on the light palette`));

    // Back and forth once more: still one embed per page, still right.
    await page.locator('article').getByRole('link', { name: 'as a frame', exact: true }).click();
    await page.waitForURL(/\/iframe\/$/);
    await assertWhole(await embedOn(page, 'As a frame'), `${width} px, iframe after navigating`);
    await page.locator('article').getByRole('link', { name: 'sized by a script', exact: true }).click();
    await page.waitForURL(/\/script\/$/);
    embed = await embedOn(page, 'Sized by a script');
    await assertWhole(embed, `${width} px, script after navigating`);
    assert.equal(await page.locator('article iframe').count(), 1, 'one embed, not one per visit');
    assert.equal(await page.evaluate(() => window.loadedOnce), true, 'still the first load');
    assert.ok(Math.abs(embed.gap) <= 1);
    assertNoProblems(problems);
    await context.close();
  });
}
