// Share links as people use them: sent to someone else, opened from old tickets, damaged on the
// way, opened over the reader's own work; and undo/redo of every change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite,
  openPlanner,
  openExports,
  readTable,
  buildTopology,
  goldenLinks,
  placementWords,
  shareLink,
  SAVED_KEY,
  assertNoProblems,
  current,
} from './harness.mjs';

const env = browserSuite();

const savedLink = (page) => page.evaluate((key) => localStorage.getItem(key), SAVED_KEY);

/** Waits until the saved topology (localStorage) is `expected`. */
async function savedBecomes(page, expected) {
  await page.waitForFunction(([key, value]) => localStorage.getItem(key) === value, [SAVED_KEY, expected]);
}

const CUSTOM = [
  { name: 'us-east', containers: true, rdp: true },
  { name: 'EU West', containers: false, rdp: true },
  { name: 'ap-south', containers: true, rdp: false, dedicated: true },
];

test('a topology built by clicking opens the same in a fresh browser', async () => {
  const { page, context, problems } = await openPlanner(env);
  await buildTopology(page, CUSTOM);
  const table = await readTable(page);
  const link = await shareLink(page);
  assert.ok(link.endsWith(`#${current('1.3us-east.2~RVUgV2VzdA.5ap-south')}`), link);
  await page.waitForFunction((hash) => location.hash === hash, new URL(link).hash);
  assertNoProblems(problems);
  await context.close();

  const fresh = await openPlanner(env, { hash: new URL(link).hash });
  assert.deepEqual(await readTable(fresh.page), table);
  assert.equal(await fresh.page.getByRole('region', { name: 'Shared topology' }).count(), 0, 'no banner on a first visit');
  assertNoProblems(fresh.problems);
  await fresh.context.close();
});

test('every golden link opens to its expected table', async () => {
  for (const golden of goldenLinks()) {
    const { page, context, problems } = await openPlanner(env, { hash: `#${golden.link}` });
    const rows = await readTable(page);
    assert.deepEqual(placementWords(rows), golden.table, golden.link);
    assert.deepEqual(
      rows.map((row) => row.zone.replace(' (primary zone)', '')),
      golden.names.map((name) => name || 'zone 1'),
      golden.link,
    );
    assertNoProblems(problems);
    await context.close();
  }
});

test('the address bar follows edits without a history entry per key', async () => {
  const { page, context, problems } = await openPlanner(env);
  const entries = await page.evaluate(() => history.length);
  const name = page.getByRole('region', { name: 'Zones' }).getByRole('group').nth(1).getByRole('textbox', { name: 'Zone name' });
  await name.fill('');
  await name.pressSequentially('eu-central', { delay: 20 });
  await page.waitForFunction((hash) => location.hash === hash, `#${current('1.3primary.1eu-central')}`);
  assert.equal(await page.evaluate(() => history.length), entries);
  await savedBecomes(page, current('1.3primary.1eu-central'));
  assertNoProblems(problems);
  await context.close();
});

const BAD_LINKS = [
  ['malformed', '#hello-world', 'it holds no planner topology'],
  ['truncated', '#1.3primary.1~RVUgV2Vzd', 'zone 2 in it is damaged (its name is not valid base64url)'],
  // A link of today's format cut inside a zone name, or inside the issuer's name, is refused
  // rather than opened as a zone or an issuer with a shorter name.
  ['cut inside a zone name', `#${current('1.3primary.1eu-west-2')}`.replace(/eu-west-2.*/, 'eu-we'), 'it ends early or was changed'],
  [
    'cut inside an issuer name',
    `#${current('2.3primary.1eu-west!TCletsencrypt')}`.replace(/letsencrypt.*/, 'letsen'),
    'it ends early or was changed',
  ],
  ['an unknown version', '#7.3primary', 'it was made by a newer planner (format 7'],
  ['over 32 KB', `#1${'.1abcdefgh'.repeat(3300)}`, 'more than any topology needs (32768 at most)'],
  ['over the zone limit', `#1${'.1z'.repeat(1000)}`, 'it has 1000 zones; the planner handles at most 50'],
  ['a name over the limit', `#1.1${'n'.repeat(64)}`, 'zone 1 has a name of 64 bytes; names are at most 63'],
];

test('a bad link says what is wrong and leaves the saved topology alone', async () => {
  const { page, context, problems } = await openPlanner(env);
  await buildTopology(page, CUSTOM);
  const mine = (await shareLink(page)).split('#')[1];
  await savedBecomes(page, mine);
  const myTable = await readTable(page);
  for (const [kind, hash, message] of BAD_LINKS) {
    const tab = await context.newPage();
    const tabProblems = [];
    tab.on('pageerror', (error) => tabProblems.push(error.message));
    tab.on('console', (m) => m.type() === 'error' && tabProblems.push(m.text()));
    await tab.goto(new URL('index.html', env.url).href + hash);
    const alert = tab.getByRole('alert').filter({ hasText: 'This link could not be opened' });
    await alert.waitFor();
    assert.ok((await alert.innerText()).includes(message), `${kind}: ${await alert.innerText()}`);
    assert.deepEqual(await readTable(tab), myTable, `${kind}: the user's topology is shown`);
    assert.equal(await savedLink(tab), mine, `${kind}: the saved topology is untouched`);
    assert.deepEqual(tabProblems, [], kind);
    await tab.close();
  }
  assertNoProblems(problems);
  await context.close();
});

test('a shared link never silently replaces the saved topology', async () => {
  const { page, context, problems } = await openPlanner(env);
  await buildTopology(page, CUSTOM);
  const mine = (await shareLink(page)).split('#')[1];
  await savedBecomes(page, mine);
  const myTable = await readTable(page);
  const theirs = '1.2us-east.5eu-west.3ap-south!kasm.acme.io';

  await page.goto(new URL('index.html', env.url).href + '#' + theirs);
  const banner = page.getByRole('region', { name: 'Shared topology' });
  await banner.waitFor();
  const theirTable = await readTable(page);
  assert.notDeepEqual(theirTable, myTable);
  // Editing the shared topology does not save it.
  await page.getByRole('region', { name: 'Zones' }).getByRole('group').nth(0).getByRole('checkbox', { name: 'Container sessions' }).check();
  await page.waitForTimeout(400);
  assert.equal(await savedLink(page), mine);

  await banner.getByRole('button', { name: 'Back to my topology' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(await readTable(page), myTable);
  await page.waitForFunction((hash) => location.hash === hash, `#${mine}`);
  assert.equal(await savedLink(page), mine);

  await page.goto(new URL('index.html', env.url).href + '#' + theirs);
  await banner.waitFor();
  await banner.getByRole('button', { name: 'Keep this topology' }).click();
  await banner.waitFor({ state: 'detached' });
  await savedBecomes(page, current(theirs));
  assert.deepEqual(await readTable(page), theirTable);
  await page.reload();
  // Until the planner mounts, the page shows a line saying which topology is on its way.
  await page.getByRole('region', { name: 'Zones' }).waitFor();
  assert.deepEqual(await readTable(page), theirTable, 'kept after a reload');
  assertNoProblems(problems);
  await context.close();
});

test('a link pasted into the address bar of the open page opens too', async () => {
  const { page, context, problems } = await openPlanner(env);
  await page.evaluate(() => {
    location.hash = '#1.3only';
  });
  await page.getByRole('region', { name: 'Shared topology' }).waitFor();
  assert.deepEqual(placementWords(await readTable(page)), [['Helm', 'Helm', 'Helm', 'External']]);
  await page.evaluate(() => {
    location.hash = '#nonsense';
  });
  await page.getByRole('alert').filter({ hasText: 'This link could not be opened' }).waitFor();
  assert.deepEqual(placementWords(await readTable(page)), [['Helm', 'Helm', 'Helm', 'External']], 'unchanged');
  assertNoProblems(problems);
  await context.close();
});

test('undo and redo restore the table, by button and by keyboard', async () => {
  const { page, context, problems } = await openPlanner(env);
  const first = await readTable(page);
  const groups = page.getByRole('region', { name: 'Zones' }).getByRole('group');
  await page.getByRole('button', { name: 'Add zone' }).click();
  const added = await readTable(page);
  await groups.nth(2).getByRole('textbox', { name: 'Zone name' }).pressSequentially('xyz');
  const renamed = await readTable(page);
  await groups.nth(1).getByRole('button', { name: 'Make primary' }).click();
  const reordered = await readTable(page);

  await page.getByRole('button', { name: 'Undo' }).click();
  assert.deepEqual(await readTable(page), renamed);
  await page.keyboard.press('Control+z');
  assert.deepEqual(await readTable(page), added, 'typing a name is one step');
  await page.keyboard.press('Control+z');
  assert.deepEqual(await readTable(page), first);
  assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true);
  await page.keyboard.press('Control+Shift+z');
  assert.deepEqual(await readTable(page), added);
  await page.getByRole('button', { name: 'Redo' }).click();
  assert.deepEqual(await readTable(page), renamed);
  await page.keyboard.press('Control+y');
  assert.deepEqual(await readTable(page), reordered);
  assert.equal(await page.getByRole('button', { name: 'Redo' }).isDisabled(), true);
  assertNoProblems(problems);
  await context.close();
});

test('"Copy link" puts the share link on the clipboard and says so', async () => {
  const { page, context, problems } = await openPlanner(env);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.url).origin });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('status').filter({ hasText: 'Link copied to the clipboard.' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await shareLink(page));
  assert.ok(copied.endsWith(`#${current('1.3primary.1eu-west')}`));
  // Another topology makes "copied" untrue: the line says nothing about the new link.
  await page.getByRole('group', { name: 'eu-west' }).getByRole('checkbox', { name: 'RDP/VNC sessions' }).check();
  await page.waitForFunction(() => document.querySelector('.share .copied')?.textContent === '');
  assert.notEqual(await shareLink(page), copied);
  assertNoProblems(problems);
  await context.close();
});

test('Ctrl+Z in the import box undoes the typing there, not the topology', async () => {
  const { page, context, problems } = await openPlanner(env);
  await page.getByRole('button', { name: 'Add zone' }).click();
  const before = await readTable(page);
  const box = (await openExports(page)).getByRole('textbox', { name: 'Topology JSON' });
  await box.click();
  await box.pressSequentially('{"zones": []}');
  await page.keyboard.press('Control+z');
  assert.deepEqual(await readTable(page), before, 'the added zone is still there');
  assert.notEqual(await box.inputValue(), '{"zones": []}', "the browser's own undo took back the typing");
  assertNoProblems(problems);
  await context.close();
});
