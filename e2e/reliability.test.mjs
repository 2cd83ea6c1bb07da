// Nothing lost, nothing misleading: the user's saved work against unreadable saves, other tabs,
// storage that throws and a closing tab; whose topology is on screen through undo, links and
// imports; copying without a clipboard API; downloads; a module that cannot load or that fails;
// the details panel when its box goes; findings announced once typing settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  browserSuite,
  openPlanner,
  openExports,
  openPanel,
  readTable,
  zoneGroups,
  placementTable,
  shareLink,
  watchCsp,
  SAVED_KEY,
  assertNoProblems,
  current,
} from './harness.mjs';

const env = browserSuite();

const saved = (page) => page.evaluate((key) => localStorage.getItem(key), SAVED_KEY);
const hash = async (page) => new URL(await shareLink(page)).hash.slice(1);
/** Lets the planner's debounced writes (250 ms) and settled findings (400 ms) happen. */
const settle = (page) => page.waitForTimeout(700);
const savingBanner = (page) => page.getByRole('region', { name: 'Saving' });
const sharedBanner = (page) => page.getByRole('region', { name: 'Shared topology' });

/** A context whose storage starts with `value` saved, once (reloads keep what the page wrote). */
async function contextWithSaved(value) {
  const context = await env.browser.newContext();
  await watchCsp(context);
  await context.addInitScript(
    ([key, value]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, value);
        sessionStorage.setItem('seeded', '1');
      }
    },
    [SAVED_KEY, value],
  );
  return context;
}

async function openIn(context, hashPart = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  await page.goto(`${env.url}index.html${hashPart}`);
  await placementTable(page).waitFor();
  return { page, problems };
}

test('a saved topology this planner cannot read is kept untouched until the user chooses', async () => {
  const context = await contextWithSaved('9.3from-the-future');
  const { page, problems } = await openIn(context);
  await savingBanner(page).getByText('Your saved topology could not be read (it was made by a newer planner').waitFor();
  await page.getByRole('button', { name: 'Add zone' }).click();
  await settle(page);
  assert.equal(current(await saved(page)), current('9.3from-the-future'), 'nothing written over it');
  await savingBanner(page).getByRole('button', { name: 'Save this topology instead' }).click();
  await settle(page);
  assert.equal(await saved(page), await hash(page));
  assert.equal(await savingBanner(page).count(), 0);
  assertNoProblems(problems);
  await context.close();
});

test('undo after "Back to my topology" brings the shared view back, and it stays unsaved', async () => {
  const context = await contextWithSaved('1.3mine');
  const shared = '1.2theirs.1branch';
  const { page, problems } = await openIn(context, `#${shared}`);
  await sharedBanner(page).waitFor();
  await sharedBanner(page).getByRole('button', { name: 'Back to my topology' }).click();
  assert.deepEqual((await readTable(page)).map((r) => r.zone), ['mine (primary zone)']);
  assert.equal(await sharedBanner(page).count(), 0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await sharedBanner(page).waitFor();
  assert.deepEqual((await readTable(page)).map((r) => r.zone), ['theirs (primary zone)', 'branch']);
  await settle(page);
  assert.equal(current(await saved(page)), current('1.3mine'), 'the shared topology never became the saved one');
  // A link to one's own topology, typed into the address bar, ends the shared view.
  await page.evaluate(() => { location.hash = '1.3mine'; });
  await page.waitForFunction(() => !document.querySelector('[aria-label="Shared topology"]'));
  assert.deepEqual((await readTable(page)).map((r) => r.zone), ['mine (primary zone)']);
  assertNoProblems(problems);
  await context.close();
});

test('undo after "Keep this topology" gives the user their own topology back, saved', async () => {
  const context = await contextWithSaved('1.3mine');
  const { page, problems } = await openIn(context, '#1.2theirs');
  await sharedBanner(page).getByRole('button', { name: 'Keep this topology' }).click();
  await settle(page);
  assert.equal(current(await saved(page)), current('1.2theirs'));
  await page.getByRole('button', { name: 'Undo' }).click();
  await sharedBanner(page).waitFor();
  await settle(page);
  assert.equal(current(await saved(page)), current('1.3mine'), 'the kept-aside topology is the saved one again');
  // Edits to the user's own topology just before a shared link opens are still saved.
  await sharedBanner(page).getByRole('button', { name: 'Back to my topology' }).click();
  await zoneGroups(page).nth(0).getByRole('textbox', { name: 'Zone name' }).fill('mine-edited');
  await page.evaluate(() => { location.hash = '1.2others'; });
  await sharedBanner(page).waitFor();
  await settle(page);
  assert.equal(current(await saved(page)), current('1.3mine-edited'));
  assertNoProblems(problems);
  await context.close();
});

test('an import over a shared topology is the user\'s own and is saved', async () => {
  const context = await contextWithSaved('1.3mine');
  const { page, problems } = await openIn(context, '#1.2theirs');
  await sharedBanner(page).waitFor();
  const region = await openExports(page);
  const json = JSON.stringify({ zones: [{ name: 'imported', container_sessions: true, rdp_vnc_sessions: false }] });
  await region.getByRole('textbox', { name: 'Topology JSON' }).fill(json);
  await region.getByRole('button', { name: 'Import JSON' }).click();
  await page.waitForFunction(() => !document.querySelector('[aria-label="Shared topology"]'));
  await settle(page);
  assert.equal(current(await saved(page)), current('1.1imported'));
  assertNoProblems(problems);
  await context.close();
});

test('the last edit is saved when the tab closes, before the debounce would have', async () => {
  const context = await env.browser.newContext();
  // The debounced save never comes in time here: only the flush on hiding or closing can save.
  await context.addInitScript(() => {
    const later = window.setTimeout.bind(window);
    window.setTimeout = (callback, ms, ...rest) => later(callback, ms === 250 ? 600_000 : ms, ...rest);
  });
  const { page } = await openIn(context);
  await zoneGroups(page).nth(1).getByRole('textbox', { name: 'Zone name' }).fill('closing-time');
  await page.waitForTimeout(500);
  assert.doesNotMatch(await saved(page) ?? '', /closing-time/, 'not saved by the debounce');
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await again.goto(`${env.url}index.html`);
  await placementTable(again).waitFor();
  assert.equal((await readTable(again))[1].zone, 'closing-time');
  // Hidden (another tab in front) flushes too.
  await zoneGroups(again).nth(1).getByRole('textbox', { name: 'Zone name' }).fill('hidden-now');
  await again.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  assert.match(await saved(again), /\.1hidden-now!E[\w-]{4}$/);
  await context.close();
});

test('another tab\'s save is never written over unasked', async () => {
  const context = await env.browser.newContext();
  const first = await openIn(context);
  const second = await openIn(context);
  await zoneGroups(first.page).nth(1).getByRole('textbox', { name: 'Zone name' }).fill('from-tab-one');
  await settle(first.page);
  const theirs = await saved(first.page);
  await savingBanner(second.page).getByText('Another tab saved a newer topology').waitFor();
  await zoneGroups(second.page).nth(1).getByRole('textbox', { name: 'Zone name' }).fill('from-tab-two');
  await settle(second.page);
  assert.equal(await saved(second.page), theirs, 'tab two did not write over tab one');
  await savingBanner(second.page).getByRole('button', { name: "Open the other tab's topology" }).click();
  assert.equal((await readTable(second.page))[1].zone, 'from-tab-one');
  assert.equal(await savingBanner(second.page).count(), 0);
  assertNoProblems([...first.problems, ...second.problems]);
  await context.close();
});

test('storage that throws leaves the page working and says work is not kept', async () => {
  for (const breakIt of [
    () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }),
    () => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; },
  ]) {
    const context = await env.browser.newContext();
    await context.addInitScript(breakIt);
    const { page, problems } = await openIn(context);
    await savingBanner(page).getByText('Your work is not being kept').waitFor();
    await page.getByRole('button', { name: 'Add zone' }).click();
    assert.equal((await readTable(page)).length, 3, 'editing still works');
    assertNoProblems(problems);
    await context.close();
  }
});

test('an embed whose link does not open shows only why', async () => {
  const context = await env.browser.newContext();
  const { page, problems } = await (async () => {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${env.url}index.html?embed#9.zz`);
    return { page, problems };
  })();
  await page.getByRole('alert').filter({ hasText: 'This topology link could not be opened: it was made by a newer planner' }).waitFor();
  assert.equal(await page.getByRole('table').count(), 0, 'no default table');
  assert.equal(await page.locator('svg').count(), 0, 'no default diagram');
  assert.equal(await page.getByRole('link', { name: 'Open in planner' }).count(), 0, 'no way into the default');
  // An embed with no topology at all says so, too.
  await page.goto(`${env.url}index.html?embed&show=table`);
  await page.getByRole('alert').filter({ hasText: 'This topology link could not be opened: it holds no topology' }).waitFor();
  assert.equal(await page.getByRole('table').count(), 0);
  assertNoProblems(problems);
  await context.close();
});

test('copying where the clipboard API does not exist (plain HTTP) falls back to selecting', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  const { page, problems } = await openIn(context);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByText('Copying was refused: the link is selected, press Ctrl+C to copy it.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'share-link');
  const region = await openExports(page);
  await region.getByRole('tab', { name: 'Table (CSV)' }).click();
  await region.getByRole('button', { name: 'Copy' }).click();
  await region.getByText('Copying was refused: the text is selected, press Ctrl+C to copy it.').waitFor();
  assert.match(await page.evaluate(() => String(getSelection())), /^Zone,Primary,App/);
  const embed = await openPanel(page, 'Embed in a docs page', 'Embed');
  // The iframe snippet takes its height once the embed is measured (it is written anew then).
  await page.waitForFunction(() => /height:\d+px/.test(document.getElementById('embed-snippet-0')?.value ?? '') && !document.getElementById('embed-snippet-0').value.includes('height:560px'));
  await embed.getByRole('button', { name: 'Copy iframe snippet' }).click();
  await embed.getByText('Copying was refused: the snippet is selected, press Ctrl+C to copy it.').waitFor();
  assert.match(await page.evaluate(() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); }), /^<iframe src=/);
  assertNoProblems(problems);
  await context.close();
});

test('downloads keep their address long enough, say when they start, and a large PNG fits the canvas limit', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => {
    window.__revoked = [];
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.revokeObjectURL = (url) => { window.__revoked.push(url); revoke(url); };
  });
  const fifty = `1${Array.from({ length: 50 }, (_, i) => `.7z${i}`).join('')}`;
  const { page, problems } = await openIn(context, `#${fifty}`);
  const diagram = page.getByRole('region', { name: 'Diagram' });
  const [svg] = await Promise.all([page.waitForEvent('download'), diagram.getByRole('button', { name: 'Download SVG' }).click()]);
  assert.equal(svg.suggestedFilename(), 'kasm-topology.svg');
  await diagram.getByText('Downloading kasm-topology.svg.').waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(await page.evaluate(() => window.__revoked), [], 'not revoked right after the click');
  const [png] = await Promise.all([page.waitForEvent('download'), diagram.getByRole('button', { name: 'Download PNG' }).click()]);
  await diagram.getByText('Downloading kasm-topology.png.').waitFor();
  const bytes = fs.readFileSync(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  assert.ok(width * height <= 16_777_216, `${width} x ${height} fits Safari's canvas limit`);
  assert.ok(width > 900, `${width} wide: still drawn, not blank`);
  assertNoProblems(problems);
  await context.close();
});

test('where WebAssembly is blocked, the page says what is missing instead of staying blank', async () => {
  const context = await env.browser.newContext();
  await context.route(/\.wasm$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${env.url}index.html#1.3primary`);
  const alert = page.getByRole('alert').filter({ hasText: 'The Kasm Topology Planner could not start' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /needs JavaScript and WebAssembly/);
  await context.close();
});

test('a tools module that fails says that it stopped and why', async () => {
  const context = await env.browser.newContext();
  await context.route(/kasm-topology-tools\.js/, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: 'export default async function init() {}\nexport function mount_export() { throw new Error("boom"); }\n',
    }),
  );
  const { page } = await openIn(context);
  const region = page.getByRole('region', { name: 'Export' });
  await region.getByRole('button', { name: 'Export formats' }).click();
  const alert = region.getByRole('alert');
  await alert.filter({ hasText: 'The export tools stopped with an error (Error: boom)' }).waitFor();
  assert.match(await alert.innerText(), /Your topology is kept; reload the page to try again/);
  await context.close();
});

test('the details panel follows its zone, and closes with a word and a focus when its box goes', async () => {
  const { page, context, problems } = await openPlanner(env, { hash: '#1.3primary.3eu-west' });
  const diagram = page.getByRole('group', { name: /Kasm Workspaces topology/ });
  await diagram.getByRole('button', { name: 'Agent, zone eu-west, External' }).click();
  await page.getByRole('dialog', { name: 'Agent, zone eu-west' }).waitFor();
  // eu-west becomes the primary zone: the panel still shows eu-west's Agent.
  await zoneGroups(page).nth(1).getByRole('button', { name: 'Make primary' }).click();
  await page.getByRole('dialog', { name: 'Agent, zone eu-west' }).waitFor();
  assert.equal(await page.getByRole('dialog', { name: 'Agent, zone primary' }).count(), 0);

  await zoneGroups(page).nth(0).getByRole('button', { name: 'Move down' }).click();
  await diagram.getByRole('button', { name: 'Connection Proxy, zone eu-west, External' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connection Proxy, zone eu-west' });
  await dialog.waitFor();
  // Unticking the session that needs this box: the box, and so its panel, goes.
  await dialog.getByRole('checkbox', { name: 'RDP/VNC sessions' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'App, zone eu-west, Helm');
  await page.getByRole('status').filter({ hasText: 'The details of the Connection Proxy of zone eu-west closed: it is no longer drawn.' }).waitFor();
  // Ticking it again does not bring the closed panel back.
  await zoneGroups(page).nth(1).getByRole('checkbox', { name: 'RDP/VNC sessions' }).check();
  await diagram.getByRole('button', { name: 'Connection Proxy, zone eu-west, External' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  assertNoProblems(problems);
  await context.close();
});

test('a finding that quotes a name is announced once typing settles, not on every key', async () => {
  const { page, context, problems } = await openPlanner(env);
  await page.evaluate(() => {
    window.__announced = 0;
    const region = document.querySelector('.findings [role="alert"]');
    new MutationObserver(() => { window.__announced += 1; }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  const name = zoneGroups(page).nth(1).getByRole('textbox', { name: 'Zone name' });
  await name.fill('');
  await name.pressSequentially('EU West', { delay: 60 });
  await settle(page);
  await page.getByRole('alert').getByText('“EU West” is not a lowercase DNS label').waitFor();
  const changes = await page.evaluate(() => window.__announced);
  assert.ok(changes <= 3, `the alert changed ${changes} times while 8 keys were typed`);
  // An empty live region stays in the page, so that what appears in it is announced.
  assert.equal(await page.locator('.findings [role="status"]').evaluate((e) => getComputedStyle(e).display), 'block');
  assertNoProblems(problems);
  await context.close();
});
