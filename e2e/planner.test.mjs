// The planner's core, as a user meets it: the seed's tables reproduced by building topologies in
// the editor, editing with the keyboard alone, and bad names answered with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite,
  openPlanner,
  readTable,
  buildTopology,
  zoneGroups,
  seedRows,
  assertNoProblems,
  current,
  placementWords,
} from './harness.mjs';
import { NESTED_PREFIX } from './server.mjs';

const env = browserSuite();

const ROLES = ['App', 'Connection Proxy', 'Dedicated Proxy', 'Agent'];
const yes = (cell) => cell === 'Yes';

/** The first word of a cell: Helm, External, Optional or Not needed. */
function placementOf(cell) {
  const match = /^(Helm|External|Optional|Not needed)/.exec(cell);
  assert.ok(match, `cell starts with a placement: "${cell}"`);
  return match[1];
}

test('the first view shows a primary and an additional zone, planned', async () => {
  const { page, context, problems } = await openPlanner(env);
  assert.deepEqual(await readTable(page), [
    { zone: 'primary (primary zone)', cells: ['Helm', 'Helm', 'Helm', 'External'] },
    { zone: 'eu-west', cells: ['Helm', 'Not needed', 'Optional', 'External'] },
  ]);
  const provision = page.getByRole('region', { name: 'What to provision' });
  await assert.doesNotReject(provision.getByText('Agent; Dedicated Proxy (optional — reduces latency)').waitFor());
  assert.match(await provision.innerText(), /App instances in the cluster \(Helm\)\s*2/);
  assert.match(await provision.innerText(), /Agent pools \(Docker hosts, external\)\s*2/);
  assertNoProblems(problems);
  await context.close();
});

test('single-zone table: App, Connection Proxy and Dedicated Proxy from Helm; Agents outside', async () => {
  const { page, context, problems } = await openPlanner(env);
  const rows = seedRows('single');
  for (const containers of [false, true]) {
    for (const rdp of [false, true]) {
      await buildTopology(page, [{ name: 'only', containers, rdp }]);
      const [row] = await readTable(page);
      assert.equal(row.zone, 'only (primary zone)');
      for (const [role, deployedByHelm] of rows) {
        const cell = row.cells[ROLES.indexOf(role)];
        assert.equal(placementOf(cell) === 'Helm', yes(deployedByHelm), `${role}: ${cell}`);
      }
      assert.equal(placementOf(row.cells[3]), containers ? 'External' : 'Not needed');
      assert.equal(row.cells[1].includes('idle'), !rdp, `idle Connection Proxy: ${row.cells[1]}`);
      assert.equal(row.cells[2].includes('idle'), !containers, `idle Dedicated Proxy: ${row.cells[2]}`);
    }
  }
  assertNoProblems(problems);
  await context.close();
});

/** What a multi-zone table cell says for a zone with these choices (see tests/seed_tables.rs). */
function expectedFromMultiCell(cell, { containers, rdp, dedicated }) {
  if (cell.startsWith('Helm (in cluster')) return 'Helm';
  if (cell === 'External — deploy for container session performance') {
    if (!containers) return 'Not needed';
    return dedicated ? 'External' : 'Optional';
  }
  const needed = {
    External: containers,
    'External — deploy if supporting container sessions': containers,
    'External — deploy if supporting RDP/VNC': rdp,
  }[cell];
  assert.notEqual(needed, undefined, `known cell: ${cell}`);
  return needed ? 'External' : 'Not needed';
}

test('multi-zone table and "Choosing What to Deploy", row by row', async () => {
  const { page, context, problems } = await openPlanner(env);
  const multi = seedRows('multi');
  const choosing = seedRows('choosing');
  const provision = page.getByRole('region', { name: 'What to provision' });
  for (const [containerCell, rdpCell, external] of choosing) {
    for (const dedicated of [false, true]) {
      const extra = { name: 'extra', containers: yes(containerCell), rdp: yes(rdpCell), dedicated };
      const primary = { name: 'main', containers: true, rdp: false };
      await buildTopology(page, [primary, extra]);
      const [first, second] = await readTable(page);
      for (const [role, primaryCell, additionalCell] of multi) {
        const index = ROLES.indexOf(role);
        assert.equal(placementOf(first.cells[index]), expectedFromMultiCell(primaryCell, primary), `primary ${role}`);
        assert.equal(
          placementOf(second.cells[index]),
          expectedFromMultiCell(additionalCell, extra),
          `additional ${role}, ${JSON.stringify(extra)}`,
        );
      }
      if (!dedicated) {
        const line = provision.getByRole('listitem').filter({ hasText: 'extra' });
        assert.equal(await line.innerText(), `extra (additional zone): ${external}`);
      }
    }
  }
  assertNoProblems(problems);
  await context.close();
});

test('the reason for each placement can be shown', async () => {
  const { page, context, problems } = await openPlanner(env);
  await page.getByRole('checkbox', { name: 'Show reasons' }).check();
  const [, eu] = await readTable(page);
  assert.match(eu.cells[2], /^Optional/);
  assert.match(eu.cells[2], /without it, container session traffic routes through the App role's built-in proxy/);
  assert.match(eu.cells[1], /^Not needed/);
  assertNoProblems(problems);
  await context.close();
});

/** The accessible name and role of the focused element, as a screen reader would announce it. */
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const label = element.labels?.[0]?.textContent ?? element.textContent;
    const group = element.closest('fieldset')?.querySelector('legend')?.textContent ?? null;
    return { tag: element.tagName.toLowerCase(), type: element.type ?? null, label: label.trim(), group };
  });
}

/** Waits (up to 2 s) until focus is on this control of this zone, then returns what has focus. */
async function focusSettles(page, label, group) {
  for (let tries = 0; tries < 40; tries += 1) {
    const now = await focused(page);
    if (now.label === label && now.group === group) return now;
    await page.waitForTimeout(50);
  }
  return focused(page);
}

async function tabTo(page, label, group) {
  for (let presses = 0; presses < 60; presses += 1) {
    const now = await focused(page);
    if (now.label === label && (group === undefined || now.group === group)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach "${label}" with Tab`);
}

test('the editor works with the keyboard alone, and focus follows the zone', async () => {
  const { page, context, problems } = await openPlanner(env);
  await tabTo(page, 'Add zone');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focusSettles(page, 'Zone name', 'zone-3'), { tag: 'input', type: 'text', label: 'Zone name', group: 'zone-3' });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('ap-south');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).label, 'Region (optional)');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).label, 'Hostname (optional)');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).label, 'Container sessions');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await tabTo(page, 'Move up', 'ap-south');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focusSettles(page, 'Move up', 'ap-south'), { tag: 'button', type: 'button', label: 'Move up', group: 'ap-south' });
  await tabTo(page, 'Make primary', 'ap-south');
  await page.keyboard.press('Enter');
  assert.equal((await focusSettles(page, 'Zone name', 'ap-south')).group, 'ap-south');
  assert.deepEqual(await readTable(page), [
    { zone: 'ap-south (primary zone)', cells: ['Helm', 'Helm', 'Helm (idle: this zone runs no container sessions)', 'Not needed'] },
    { zone: 'primary', cells: ['Helm', 'External', 'Optional', 'External'] },
    { zone: 'eu-west', cells: ['Helm', 'Not needed', 'Optional', 'External'] },
  ]);
  await tabTo(page, 'Move down', 'ap-south');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focusSettles(page, 'Move down', 'ap-south'), { tag: 'button', type: 'button', label: 'Move down', group: 'ap-south' });
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['primary (primary zone)', 'ap-south', 'eu-west']);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.deepEqual(
    await focusSettles(page, 'Move down', 'ap-south'),
    { tag: 'button', type: 'button', label: 'Move down', group: 'ap-south' },
    '"Move up" is disabled at the top, so focus goes to "Move down"',
  );
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['ap-south (primary zone)', 'primary', 'eu-west']);
  await tabTo(page, 'Dedicated Proxy', 'eu-west');
  await page.keyboard.press('Space');
  await tabTo(page, 'Remove zone', 'primary');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focusSettles(page, 'Zone name', 'eu-west'), { tag: 'input', type: 'text', label: 'Zone name', group: 'eu-west' }, 'focus lands on the next zone');
  assert.deepEqual(await readTable(page), [
    { zone: 'ap-south (primary zone)', cells: ['Helm', 'Helm', 'Helm (idle: this zone runs no container sessions)', 'Not needed'] },
    { zone: 'eu-west', cells: ['Helm', 'Not needed', 'External', 'External'] },
  ]);
  assertNoProblems(problems);
  await context.close();
});

test('duplicate, empty and unusual names are answered with a message', async () => {
  const { page, context, problems } = await openPlanner(env);
  const groups = zoneGroups(page);
  await groups.nth(1).getByRole('textbox', { name: 'Zone name' }).fill('primary');
  const alert = page.getByRole('alert');
  await alert.getByText('zones 1 and 2 are both named “primary”: zone names must be unique').waitFor();
  await groups.nth(1).getByRole('textbox', { name: 'Zone name' }).fill('');
  await alert.getByText('zone 2 has no name: give every zone a name').waitFor();
  assert.equal(await groups.count(), 2, 'the zone stays while its name is empty');
  await groups.nth(1).getByRole('textbox', { name: 'Zone name' }).fill('EU West');
  await alert.getByText(/“EU West” is not a lowercase DNS label/).waitFor();
  assert.equal((await readTable(page))[1].zone, 'EU West');
  await groups.nth(1).getByRole('checkbox', { name: 'Container sessions' }).uncheck();
  await page.getByRole('status').getByText('EU West serves no sessions: only its App role is deployed; tick container or RDP/VNC sessions').waitFor();
  const only = groups.nth(0).getByRole('button', { name: 'Remove zone' });
  await groups.nth(1).getByRole('button', { name: 'Remove zone' }).click();
  assert.equal(await only.isDisabled(), true, 'the last zone cannot be removed');
  assertNoProblems(problems);
  await context.close();
});

test('a name over 63 characters is cut, with a message', async () => {
  const { page, context, problems } = await openPlanner(env);
  const name = zoneGroups(page).nth(1).getByRole('textbox', { name: 'Zone name' });
  await name.fill('x'.repeat(10000));
  await page.getByRole('alert').getByText('zone names are at most 63 bytes (63 letters a-z, fewer of other characters); the rest was cut').waitFor();
  assert.equal((await name.inputValue()).length, 63);
  assertNoProblems(problems);
  await context.close();
});

test('the bundle works from a sub-folder of a web server', async () => {
  const { page, context, problems } = await openPlanner(env, { path: `${NESTED_PREFIX.slice(1)}/index.html` });
  assert.equal((await readTable(page)).length, 2);
  assertNoProblems(problems);
  await context.close();
});

test('printing keeps the table and the summary, in light colours, and drops the controls', async () => {
  const { page, context, problems } = await openPlanner(env, { colorScheme: 'dark' });
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  assert.equal(await page.getByRole('table', { name: /Role placement/ }).isVisible(), true);
  assert.equal(await page.getByRole('region', { name: 'What to provision' }).isVisible(), true);
  assert.equal(await page.getByRole('region', { name: 'Zones' }).isVisible(), false, 'the editor is not printed');
  assert.equal(await page.getByRole('button', { name: 'Download SVG' }).isVisible(), false);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(255, 255, 255)', 'printed on white even for a dark-mode reader');
  const table = await page.getByRole('table', { name: /Role placement/ }).boundingBox();
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000 && table.width > 0);
  assertNoProblems(problems);
  await context.close();
});

test('at 50 zones "Add zone" is disabled, and says why beside it', async () => {
  const fifty = `#1${Array.from({ length: 50 }, (_, i) => `.1z${i}`).join('')}`;
  const { page, context, problems } = await openPlanner(env, { hash: fifty });
  const add = page.getByRole('button', { name: 'Add zone' });
  await page.waitForFunction(() => document.querySelectorAll('fieldset.zone').length === 50);
  assert.equal(await add.isDisabled(), true);
  const hint = await add.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby')).textContent);
  assert.equal(hint, '50 zones is the most the planner holds: remove one to add another.');
  // No alert at the head of a long page for a click that could not add a zone.
  assert.equal(await page.locator('.findings [role="alert"] .notice').count(), 0);
  // One fewer, and the button adds again.
  await zoneGroups(page).nth(49).getByRole('button', { name: 'Remove zone' }).click();
  assert.equal(await add.isDisabled(), false);
  assert.equal(await add.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby')).textContent), '');
  await add.click();
  assert.equal(await zoneGroups(page).count(), 50);
  assert.equal(await add.isDisabled(), true);
  assertNoProblems(problems);
  await context.close();
});

test('on a 390 px phone each zone shows its placements under its choices, so a tick shows its effect where it was made', async () => {
  const { page, context, problems } = await openPlanner(env, {
    hash: `#${current('1.3hq.1eu-west.7us-east.2ap-south')}`,
    viewport: { width: 390, height: 844 },
  });
  const zone = zoneGroups(page).nth(3);
  const line = zone.locator('.zone-placement');
  const words = async () => (await line.innerText()).replace(/\s+/g, ' ').trim();
  // ap-south runs RDP/VNC only: the table says so, and so does the zone's own line.
  const rows = await readTable(page);
  assert.deepEqual(placementWords(rows)[3], ['Helm', 'External', 'Not needed', 'Not needed']);
  assert.equal(await words(), 'App Helm Connection Proxy External Dedicated Proxy Not needed Agent Not needed');
  const box = zone.getByRole('checkbox', { name: 'Container sessions' });
  await box.scrollIntoViewIfNeeded();
  await box.check();
  await page.waitForFunction(() => document.querySelectorAll('.zone-placement')[3].textContent.includes('Agent External'));
  assert.equal(await words(), 'App Helm Connection Proxy External Dedicated Proxy Optional Agent External');
  // Seen where the box is, without scrolling: the line is in the viewport with it, while the
  // table is screens below.
  const inView = await line.evaluate((element) => {
    const r = element.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && getComputedStyle(element).display !== 'none';
  });
  assert.equal(inView, true);
  const tableTop = await page.getByRole('table', { name: /Role placement/ }).evaluate((t) => t.getBoundingClientRect().top);
  assert.ok(tableTop > 844, `the table is below the screen (${tableTop} px)`);
  // A zone added gets its line at once.
  await page.getByRole('button', { name: 'Add zone' }).click();
  const added = zoneGroups(page).nth(4).locator('.zone-placement');
  await page.waitForFunction(() => document.querySelectorAll('.zone-placement')[4]?.textContent.includes('App'));
  assert.match((await added.innerText()).replace(/\s+/g, ' ').trim(), /^App Helm Connection Proxy \w+/);
  // Beside the table, on a laptop, the line would say it twice: it is not shown.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await line.evaluate((element) => getComputedStyle(element).display), 'none');
  assertNoProblems(problems);
  await context.close();
});
