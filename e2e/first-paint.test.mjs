// The first screen before the WebAssembly: the build writes the default topology's table and
// diagram into the page. A visitor who will see it gets it at once; a visitor with a link or a
// saved topology never sees the default, not even for a frame (every state of the table is
// recorded from navigation start), but the planner's header and a line saying what comes; a
// visitor without JavaScript, or with WebAssembly blocked, reads the default topology with a
// line that says editing needs both. Not timed: the times are scripts/bench's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, goldenLinks, readTable, placementTable, SAVED_KEY, assertNoProblems, current } from './harness.mjs';

const env = browserSuite();

// The default topology's table, as the golden links hold it (not from the page's code).
const DEFAULT = goldenLinks().find((golden) => golden.link === '1.3primary.1eu-west');

/** Records, from navigation start, every distinct state of the "Role placement" tables: their zones. */
const RECORD_TABLES = () => {
  window.__tables = [];
  const snapshot = () => {
    const tables = [...document.querySelectorAll('table')].filter((t) => t.querySelector('caption')?.textContent.trim() === 'Role placement');
    const state = tables.map((t) => [...t.querySelectorAll('tbody th')].map((th) => th.textContent.trim()).join(' | ')).join(' || ');
    if (state && window.__tables[window.__tables.length - 1] !== state) window.__tables.push(state);
  };
  new MutationObserver(snapshot).observe(document, { childList: true, subtree: true, characterData: true });
};

async function recorded(context, url) {
  await context.addInitScript(RECORD_TABLES);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.getByRole('region', { name: 'Zones' }).waitFor();
  await page.waitForLoadState('networkidle');
  return { page, problems, states: await page.evaluate(() => window.__tables) };
}

test('with a share link, every table the page shows is the link’s, from the first frame', async () => {
  const context = await env.browser.newContext();
  const { page, problems, states } = await recorded(context, `${env.url}index.html#1.3hq.1dr`);
  assert.deepEqual(states, ['hq (primary zone) | dr'], 'never the default topology, never two tables');
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['hq (primary zone)', 'dr']);
  assertNoProblems(problems);
  await context.close();
});

test('with a saved topology and no link, the default never shows either', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(([key]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, '1.3mine.2rdp');
      sessionStorage.setItem('seeded', '1');
    }
  }, [SAVED_KEY]);
  const { problems, states } = await recorded(context, `${env.url}index.html`);
  assert.deepEqual(states, ['mine (primary zone) | rdp']);
  assertNoProblems(problems);
  await context.close();
});

test('with no link, the default table and diagram show before the WebAssembly, then the planner takes over', async () => {
  const context = await env.browser.newContext();
  // Hold the module back until the first screen has been looked at.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/kasm-topology-planner-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await context.addInitScript(RECORD_TABLES);
  const page = await context.newPage();
  await page.goto(`${env.url}index.html`);
  await placementTable(page).waitFor();
  const rows = await readTable(page);
  assert.deepEqual(rows.map((row) => row.zone), ['primary (primary zone)', 'eu-west']);
  assert.deepEqual(rows.map((row) => row.cells.map((cell) => /^(Helm|External|Optional|Not needed)/.exec(cell)[1])), DEFAULT.table);
  await page.getByRole('group', { name: 'Kasm Workspaces topology: 2 zones' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Zones' }).count(), 0, 'no editor until the planner starts');
  assert.equal(await page.getByRole('note').count(), 0, 'no "needs JavaScript" line where JavaScript runs');
  release();
  await page.getByRole('region', { name: 'Zones' }).waitFor();
  assert.equal(await page.locator('#first-screen').count(), 0, 'the stand-in is gone');
  assert.equal(await page.getByRole('table', { name: 'Role placement' }).count(), 1);
  const states = await page.evaluate(() => window.__tables);
  assert.ok(states.every((state) => state === 'primary (primary zone) | eu-west'), states.join(' / '));
  await context.close();
});

/** A context whose planner module is held back until `release()` is called. */
async function heldBack(saved) {
  const context = await env.browser.newContext();
  if (saved !== undefined) {
    await context.addInitScript(([key, value]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, value);
        sessionStorage.setItem('seeded', '1');
      }
    }, [SAVED_KEY, saved]);
  }
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/kasm-topology-planner-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return { context, release };
}

test('a returning visitor whose own topology is the default gets the first screen too', async () => {
  // The planner puts the default's link in the address and saves it: a reload, or a second
  // visit, asks for the same topology.
  // Saved or linked in today's format, or in the format-1 link made before the end mark.
  const today = current(DEFAULT.link);
  for (const [saved, hash] of [
    [DEFAULT.link, ''],
    [undefined, `#${DEFAULT.link}`],
    [DEFAULT.link, `#${DEFAULT.link}`],
    [today, ''],
    [undefined, `#${today}`],
    [today, `#${DEFAULT.link}`],
  ]) {
    const { context, release } = await heldBack(saved);
    const page = await context.newPage();
    await page.goto(`${env.url}index.html${hash}`);
    await placementTable(page).waitFor();
    assert.deepEqual((await readTable(page)).map((row) => row.zone), ['primary (primary zone)', 'eu-west'], `${saved} ${hash}`);
    assert.equal(await page.getByRole('region', { name: 'Zones' }).count(), 0);
    release();
    await page.getByRole('region', { name: 'Zones' }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Role placement' }).count(), 1);
    await context.close();
  }
});

test('while another topology is on its way, the header and a line say which, with no table', async () => {
  for (const [saved, hash, line, zones] of [
    [undefined, '#1.3hq.1dr', 'Opening the topology in the link…', ['hq (primary zone)', 'dr']],
    ['1.3mine.2rdp', '', 'Opening your saved topology…', ['mine (primary zone)', 'rdp']],
    // The planner keeps its link in the address: a reload of one's own work is not a shared link.
    ['1.3mine.2rdp', '#1.3mine.2rdp', 'Opening your saved topology…', ['mine (primary zone)', 'rdp']],
  ]) {
    const { context, release } = await heldBack(saved);
    const page = await context.newPage();
    await page.goto(`${env.url}index.html${hash}`);
    const status = page.getByRole('status').filter({ hasText: line });
    await status.waitFor();
    await page.getByRole('heading', { level: 1, name: 'Kasm Topology Planner' }).waitFor();
    assert.equal(await page.getByRole('table').count(), 0, 'no table before the planner has the topology');
    release();
    await page.getByRole('region', { name: 'Zones' }).waitFor();
    assert.equal(await status.count(), 0, 'the line goes when the planner shows the topology');
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one header, the planner’s');
    assert.deepEqual((await readTable(page)).map((row) => row.zone), zones);
    await context.close();
  }
});

test('a link pasted before the planner starts takes the default away, or changes the line', async () => {
  const { context, release } = await heldBack('1.3mine.2rdp');
  const page = await context.newPage();
  await page.goto(`${env.url}index.html`);
  await page.getByRole('status').filter({ hasText: 'Opening your saved topology…' }).waitFor();
  await page.evaluate(() => { location.hash = '1.3hq.1dr'; });
  await page.getByRole('status').filter({ hasText: 'Opening the topology in the link…' }).waitFor();
  assert.equal(await page.getByText('Opening your saved topology…').count(), 0);
  release();
  await page.getByRole('region', { name: 'Zones' }).waitFor();
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['hq (primary zone)', 'dr']);
  await context.close();
});

test('a link pasted into the address bar before the planner starts takes the default away', async () => {
  const { context, release } = await heldBack();
  await context.addInitScript(RECORD_TABLES);
  const page = await context.newPage();
  await page.goto(`${env.url}index.html`);
  await placementTable(page).waitFor();
  await page.evaluate(() => { location.hash = '1.3hq.1dr'; });
  await page.getByRole('status').filter({ hasText: 'Opening the topology in the link…' }).waitFor();
  assert.equal(await page.getByRole('table').count(), 0);
  release();
  await page.getByRole('region', { name: 'Zones' }).waitFor();
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['hq (primary zone)', 'dr']);
  const states = await page.evaluate(() => window.__tables);
  assert.deepEqual(states, ['primary (primary zone) | eu-west', 'hq (primary zone) | dr']);
  await context.close();
});

test('an embed link made before embed.html goes to it, without the planner', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.url}index.html?embed&show=table#1.3hq.1dr`);
  await page.waitForURL(/\/embed\.html\?embed&show=table#1\.3hq\.1dr$/);
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['hq (primary zone)', 'dr']);
  assert.equal(await page.getByRole('region', { name: 'Zones' }).count(), 0);
  await context.close();
});

test('without JavaScript, the default topology and a line that editing needs it', async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.url}index.html#1.3hq.1dr`);
  const note = page.getByRole('note');
  assert.match(await note.innerText(), /^Editing needs JavaScript and WebAssembly: below is the planner's default topology\./);
  const rows = await readTable(page);
  assert.deepEqual(rows.map((row) => row.zone), ['primary (primary zone)', 'eu-west']);
  assert.deepEqual(rows.map((row) => row.cells.map((cell) => /^(Helm|External|Optional|Not needed)/.exec(cell)[1])), DEFAULT.table);
  await page.getByRole('group', { name: 'Kasm Workspaces topology: 2 zones' }).waitFor();
  await page.getByRole('heading', { name: 'What to provision' }).waitFor();
  await context.close();
});

test('with WebAssembly blocked, the message stands above the default topology', async () => {
  const context = await env.browser.newContext();
  await context.route(/\.wasm$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${env.url}index.html#1.3hq.1dr`);
  const alert = page.getByRole('alert').filter({ hasText: 'The Kasm Topology Planner could not start' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /The link is still in the address bar\. Below is the planner's default topology, to read; editing needs both\.$/);
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['primary (primary zone)', 'eu-west']);
  assert.equal(await page.getByText('Opening the topology in the link…').count(), 0, 'the line that it was on its way goes');
  await context.close();
});
