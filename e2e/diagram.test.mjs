// The diagram as an architect uses it: what sits inside the cluster and what outside, the
// details panel by keyboard, choices changed there, the downloads, and how it scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, openPlanner, readTable, placementWords, ARTIFACTS, assertNoProblems, assertDiagramFits, diagramFit, smallestText, current } from './harness.mjs';

const env = browserSuite({
  setUp: async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  },
});

const ROLES = ['App', 'Connection Proxy', 'Dedicated Proxy', 'Agent'];
const cluster = (page) => page.getByRole('group', { name: 'Kubernetes cluster (Helm chart)' });
const outside = (page) => page.getByRole('group', { name: 'Outside the cluster' });

const SCENARIOS = [
  ['the default', ''],
  ['a single zone with both session types', '#1.3only'],
  ['every row of "Choosing What to Deploy"', '#1.1primary.0none.1containers.2rdp-vnc.3both.7both-proxy'],
  ['a primary without sessions', '#1.0quiet.3busy'],
];

test('each role box sits inside or outside the cluster as the table says', async () => {
  for (const [scenario, hash] of SCENARIOS) {
    const { page, context, problems } = await openPlanner(env, { hash });
    const rows = await readTable(page);
    const words = placementWords(rows);
    for (const [r, row] of rows.entries()) {
      const zone = row.zone.replace(' (primary zone)', '');
      for (const [c, role] of ROLES.entries()) {
        const placement = words[r][c];
        const name = `${role}, zone ${zone}, ${placement}`;
        const inCluster = await cluster(page).getByRole('button', { name, exact: true }).count();
        const outsideCount = await outside(page).getByRole('button', { name, exact: true }).count();
        if (placement === 'Helm') {
          assert.deepEqual([inCluster, outsideCount], [1, 0], `${scenario}: ${name} inside`);
        } else if (placement === 'Not needed') {
          assert.deepEqual([inCluster, outsideCount], [0, 0], `${scenario}: ${name} not drawn`);
        } else {
          assert.deepEqual([inCluster, outsideCount], [0, 1], `${scenario}: ${name} outside`);
        }
      }
    }
    assertNoProblems(problems);
    await context.close();
  }
});

test('the details panel works with the keyboard alone, and its choices change the table', async () => {
  const { page, context, problems } = await openPlanner(env);
  const target = 'Dedicated Proxy, zone eu-west, Optional';
  const focusedBox = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
  // The diagram is one tab stop: Tab lands on its first role box...
  let entered = false;
  for (let presses = 0; presses < 80 && !entered; presses += 1) {
    await page.keyboard.press('Tab');
    entered = await page.evaluate(() => document.activeElement?.hasAttribute('data-box') ?? false);
  }
  assert.ok(entered, 'Tab reaches the diagram');
  assert.equal(await focusedBox(), 'App, zone primary, Helm');
  assert.equal(await page.locator('svg.kasm-diagram [tabindex="0"]').count(), 1, 'one tab stop');
  // ...and the arrow keys move inside it.
  let reached = false;
  for (let presses = 0; presses < 20 && !reached; presses += 1) {
    await page.keyboard.press('ArrowRight');
    reached = (await focusedBox()) === target;
  }
  assert.ok(reached, 'the role box is reachable with the arrow keys');
  await page.keyboard.press('Home');
  assert.equal(await focusedBox(), 'App, zone primary, Helm');
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await focusedBox(), 'App, zone primary, Helm');
  await page.keyboard.press('End');
  const last = await focusedBox();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-box')), false, 'Tab leaves the diagram');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedBox(), last, 'and comes back to the box last focused');
  for (let presses = 0; presses < 20 && (await focusedBox()) !== target; presses += 1) {
    await page.keyboard.press('ArrowLeft');
  }
  assert.equal(await focusedBox(), target);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Dedicated Proxy, zone eu-west' });
  await dialog.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'details-heading');
  const text = await dialog.innerText();
  assert.match(text, /Optional/);
  assert.match(text, /without it, container session traffic routes through the App role's built-in proxy/);
  assert.match(text, /NGINX \(kasm_proxy\)/);
  assert.match(text, /Agent; Dedicated Proxy \(optional — reduces latency\)/);

  let ticked = false;
  for (let presses = 0; presses < 10 && !ticked; presses += 1) {
    await page.keyboard.press('Tab');
    ticked = await page.evaluate(() => document.activeElement?.closest('label')?.textContent === 'Dedicated Proxy');
  }
  assert.ok(ticked, 'the choice is reachable with Tab');
  await page.keyboard.press('Space');
  assert.deepEqual(placementWords(await readTable(page))[1], ['Helm', 'Not needed', 'External', 'External']);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(
    () => document.activeElement?.getAttribute('aria-label') === 'Dedicated Proxy, zone eu-west, External',
  );
  assertNoProblems(problems);
  await context.close();
});

test('a click opens the details too, and pointing at a zone marks it in both views', async () => {
  const { page, context, problems } = await openPlanner(env);
  await outside(page).getByRole('button', { name: 'Agent, zone primary, External' }).click();
  await page.getByRole('dialog', { name: 'Agent, zone primary' }).getByText('Docker runtime, Kasm Agent service, kasm_proxy').waitFor();
  await page.getByRole('table', { name: /Role placement/ }).getByRole('row').nth(2).hover();
  await page.waitForFunction(() => document.querySelector('.lane[data-zone="1"]')?.classList.contains('hovered'));
  await cluster(page).getByRole('button', { name: 'App, zone primary, Helm' }).hover();
  await page.waitForFunction(() => document.querySelectorAll('tr.hovered').length === 1);
  assert.match(await page.locator('tr.hovered').innerText(), /^primary/);
  await page.getByRole('radio', { name: 'RDP/VNC sessions' }).check();
  assert.equal(await page.locator('svg.kasm-diagram').getAttribute('data-highlight'), 'rdp');
  assertNoProblems(problems);
  await context.close();
});

/** The table's rows and the diagram's SVG as the page shows them (without the test's marks). */
const drawn = (page) =>
  page.evaluate(() => {
    const markup = (selector) => document.querySelector(selector).innerHTML.replace(/ data-kept="[^"]*"/g, '');
    return { table: markup('table tbody'), diagram: markup('.diagram-frame') };
  });

/** The link in the address, once the planner has written the latest edit there. */
async function settledLink(page, before) {
  await page.waitForFunction((old) => location.hash !== old, before);
  return page.evaluate(() => location.hash);
}

test('after every kind of edit the table and the diagram are what a fresh page draws, and a click leaves what it did not change in place', async () => {
  // The page rewrites only the rows and the diagram's elements an edit changed (web/boot.js,
  // kasmPatch): the result must be the same markup as drawing the topology afresh.
  const { page, context, problems } = await openPlanner(env, { hash: '#1.1a.3b.2c.0d.3e.1f' });
  const zones = page.getByRole('region', { name: 'Zones' }).getByRole('group');
  // What a click in the last zone does not change stays the same element; what it changes is new.
  await page.evaluate(() => {
    document.querySelector('table tbody tr').dataset.kept = 'first row';
    document.querySelector('#box-app-0').dataset.kept = 'first App';
    document.querySelector('table tbody tr:last-child').dataset.kept = 'last row';
  });
  const edits = [
    ['RDP/VNC ticked in the last zone', () => zones.nth(5).getByRole('checkbox', { name: 'RDP/VNC sessions' }).click()],
    ['container sessions unticked in the second zone', () => zones.nth(1).getByRole('checkbox', { name: 'Container sessions' }).click()],
    ['a zone renamed', () => zones.nth(2).getByRole('textbox', { name: 'Zone name' }).fill('renamed-zone')],
    ['a zone moved up', () => zones.nth(3).getByRole('button', { name: 'Move up' }).click()],
    ['the primary zone removed', () => zones.nth(0).getByRole('button', { name: 'Remove zone' }).click()],
    ['a zone added', () => page.getByRole('button', { name: 'Add zone' }).click()],
  ];
  for (const [index, [edit, act]] of edits.entries()) {
    const before = await page.evaluate(() => location.hash);
    await act();
    const link = await settledLink(page, before);
    if (index === 0) {
      const kept = await page.evaluate(() => [...document.querySelectorAll('[data-kept]')].map((e) => e.dataset.kept));
      assert.deepEqual(kept, ['first row', 'first App'], 'the rows and boxes the click did not change are the same elements; the last row is new');
    }
    const patched = await drawn(page);
    for (const width of [1280, 1600]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      const shown = await drawn(page);
      const fresh = await openPlanner(env, { hash: link, viewport: { width, height: 900 } });
      await fresh.page.waitForTimeout(300);
      const expected = await drawn(fresh.page);
      assert.equal(shown.table, expected.table, `${edit}, ${width} px: the table`);
      assert.equal(shown.diagram, expected.diagram, `${edit}, ${width} px: the diagram`);
      assertNoProblems(fresh.problems);
      await fresh.context.close();
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(300);
    assert.deepEqual(await drawn(page), patched, `${edit}: back at 1280 px, as before`);
  }
  // The reasons shown and hidden again: the rows as they were.
  const rows = (await drawn(page)).table;
  await page.getByRole('checkbox', { name: 'Show reasons' }).check();
  assert.notEqual((await drawn(page)).table, rows);
  await page.getByRole('checkbox', { name: 'Show reasons' }).uncheck();
  assert.equal((await drawn(page)).table, rows);
  assertNoProblems(problems);
  await context.close();
});

test('the downloaded SVG is well-formed and holds every role box; the PNG is twice its size', async () => {
  const { page, context, problems } = await openPlanner(env, { hash: '#1.1primary.0none.1containers.2rdp-vnc.3both.7both-proxy' });
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  assert.equal(svgDownload.suggestedFilename(), 'kasm-topology.svg');
  const svg = fs.readFileSync(await svgDownload.path(), 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.tagName,
      width: Number(doc.documentElement.getAttribute('width')),
      // The file is a picture: its role boxes are named images, none a button or a tab stop.
      boxes: [...doc.querySelectorAll('[role=img][data-box][data-zone]')]
        .filter((b) => /, (Helm|External|Optional|Not needed)$/.test(b.getAttribute('aria-label')))
        .map((b) => b.getAttribute('aria-label')),
      interactive: doc.querySelectorAll('[role=button], [tabindex]').length,
    };
  }, svg);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.interactive, 0);
  const shown = await page.locator('.diagram-frame [role=button]').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label')));
  assert.deepEqual(parsed.boxes, shown);
  assert.equal(shown.length, 18, "4 + 1 + 3 + 2 + 4 + 4 role boxes in the six zones");
  assert.match(svg, /<style>/, 'styles travel with the file');
  fs.writeFileSync(path.join(ARTIFACTS, 'choosing.svg'), svg);

  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  assert.equal(pngDownload.suggestedFilename(), 'kasm-topology.png');
  const png = fs.readFileSync(await pngDownload.path());
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.equal(png.readUInt32BE(16), parsed.width * 2, 'PNG width is twice the SVG width');
  fs.writeFileSync(path.join(ARTIFACTS, 'choosing.png'), png);
  assertNoProblems(problems);
  await context.close();
});

const TWELVE = `#1${Array.from({ length: 12 }, (_, i) => `.${(i % 7) + 1}zone-${String(i + 1).padStart(2, '0')}`).join('')}`;
const FIFTY = `#1${Array.from({ length: 50 }, (_, i) => `.${(i % 7) + 1}z${i}`).join('')}`;

test('screenshots: the default in light and dark, twelve zones', async () => {
  for (const [name, options] of [
    ['default-light', {}],
    ['default-dark', { colorScheme: 'dark' }],
    ['twelve-zones', { hash: TWELVE }],
  ]) {
    const { page, context, problems } = await openPlanner(env, options);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    await page.getByRole('region', { name: 'Diagram' }).screenshot({ path: path.join(ARTIFACTS, `${name}-diagram.png`) });
    assertNoProblems(problems);
    await context.close();
  }
});

test('fifty zones on a 375 px phone: the diagram fits the screen, whole and legible, and the page does not scroll sideways', async () => {
  const { page, context, problems } = await openPlanner(env, { hash: FIFTY, viewport: { width: 375, height: 800 } });
  assert.equal((await readTable(page)).length, 50);
  assert.equal(await cluster(page).getByRole('button', { name: /^App, zone / }).count(), 50);
  const fit = await assertDiagramFits(page, '375 px, fifty zones');
  assert.ok(fit.shape < 720, `the narrow shape (${fit.shape})`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'no horizontal page scroll');
  await page.screenshot({ path: path.join(ARTIFACTS, 'fifty-zones-phone.png') });
  assertNoProblems(problems);
  await context.close();
});

// Four zones with every kind of lane, the first with a long name.
const FOUR = `#${current('1.3hq-frankfurt-primary-datacentre.1eu-west.7us-east.2ap-south')}`;

test('from 320 px to 1920 px the diagram takes the shape that fits, every text 9 px or more, its frame never scrolls', async () => {
  const { page, context, problems } = await openPlanner(env, { hash: FOUR, viewport: { width: 1920, height: 900 } });
  const shapes = new Set();
  for (const width of [1920, 1440, 1280, 1024, 900, 768, 640, 480, 390, 360, 320]) {
    await page.setViewportSize({ width, height: 900 });
    // The diagram follows its frame's width (a ResizeObserver): wait until it has redrawn.
    await page.waitForFunction(() => {
      const frame = document.querySelector('.diagram-frame');
      const svg = frame.querySelector('svg');
      const room = Math.floor(frame.clientWidth / 8) * 8;
      const shape = svg.viewBox.baseVal.width;
      return room >= 880 ? shape > 900 : shape <= Math.max(room, 338) && shape >= Math.min(room, 720) - 8;
    });
    const fit = await assertDiagramFits(page, `${width} px`);
    shapes.add(fit.shape > 900 ? 'wide' : 'narrow');
    const smallest = await smallestText(page);
    assert.ok(smallest.px >= 9, `${width} px: "${smallest.text}" at ${smallest.px} px`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `${width} px: the page scrolls sideways`);
    // Every role box is there in every shape, with the placement the table says.
    assert.equal(await page.locator('.diagram-frame [role=button]').count(), 13, `${width} px: role boxes`);
    await page.screenshot({ path: path.join(ARTIFACTS, `four-zones-${width}.png`), fullPage: true });
  }
  assert.deepEqual([...shapes].sort(), ['narrow', 'wide'], 'both shapes were drawn');
  assertNoProblems(problems);
  await context.close();
});

test('labels are whole where there is room, shortened in the middle where not, with the full name on hover', async () => {
  const long = 'eu-west-frankfurt-datacentre-number-1';
  const { page, context, problems } = await openPlanner(env, {
    hash: `#${current(`1.3hq-frankfurt-primary-datacentre.1${long}.1eu-west-frankfurt-datacentre-number-2`)}`,
    viewport: { width: 1280, height: 900 },
  });
  const labels = () => page.locator('.diagram-frame .lane-label').evaluateAll((texts) => texts.map((t) => ({
    shown: t.firstChild.textContent,
    tooltip: t.querySelector('title').textContent,
  })));
  // Wide: every lane label whole, the primary zone said so; every box's lines whole.
  assert.deepEqual((await labels()).map((l) => l.shown), [
    'hq-frankfurt-primary-datacentre \u00b7 primary zone',
    long,
    'eu-west-frankfurt-datacentre-number-2',
  ]);
  const boxText = await page.locator('.diagram-frame svg').evaluate((svg) => [...svg.querySelectorAll('.t1, .t2')].map((t) => t.textContent));
  assert.ok(boxText.includes('External') && boxText.includes('Docker host pool') && boxText.includes('Windows, Linux hosts'), boxText.join('|'));
  assert.equal(boxText.filter((t) => t.includes('\u2026')).length, 0, 'no box text cut short');
  // A 320 px phone: long names are shortened in the middle, so the two that share a beginning
  // still differ, and the full name is the label's tooltip.
  await page.setViewportSize({ width: 320, height: 800 });
  await page.waitForFunction(() => document.querySelector('.diagram-frame svg').viewBox.baseVal.width < 900);
  const narrow = await labels();
  assert.equal(narrow[1].tooltip, `Zone ${long}`);
  assert.equal(narrow[0].tooltip, 'Zone hq-frankfurt-primary-datacentre \u00b7 primary zone');
  assert.ok(narrow[0].shown.endsWith(' \u00b7 primary zone'), narrow[0].shown);
  assert.notEqual(narrow[1].shown, narrow[2].shown, 'names that share a beginning still differ');
  await assertDiagramFits(page, '320 px, long names');
  assertNoProblems(problems);
  await context.close();
});

test('an embed at a docs column\'s and a phone\'s width fits its diagram the same way', async () => {
  for (const width of [670, 390, 320]) {
    const { page, context, problems } = await openPlanner(env, { path: 'embed.html', hash: FOUR, viewport: { width, height: 900 } });
    await page.waitForFunction(() => document.querySelector('.diagram-frame svg').viewBox.baseVal.width < 900);
    await assertDiagramFits(page, `embed at ${width} px`);
    const smallest = await smallestText(page);
    assert.ok(smallest.px >= 9, `embed at ${width} px: "${smallest.text}" at ${smallest.px} px`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
    assertNoProblems(problems);
    await context.close();
  }
});

test('on a 390 px phone a role\'s details stay inside their card, the wide table says it scrolls, the diagram fits', async () => {
  const { page, context, problems } = await openPlanner(env, { viewport: { width: 390, height: 844 } });
  await outside(page).getByRole('button', { name: 'Agent, zone primary, External' }).click();
  const card = page.getByRole('dialog', { name: 'Agent, zone primary' });
  await card.getByText('Docker runtime, Kasm Agent service, kasm_proxy').waitFor();
  const spill = await card.evaluate((element) => {
    const edge = element.getBoundingClientRect().right;
    return [...element.querySelectorAll('dt, dd, h3, label, button')]
      .filter((child) => child.getBoundingClientRect().right > edge + 0.5)
      .map((child) => child.textContent.slice(0, 40));
  });
  assert.deepEqual(spill, [], 'nothing of the details passes the card\'s right edge');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no sideways page scroll');
  // The table is wider than the phone: its frame says so, in a line that stays in view; the
  // diagram fits and needs no such line.
  const cue = await page.evaluate(() => {
    const frame = document.querySelector('.table-frame');
    const before = getComputedStyle(frame, '::before');
    return { overflows: frame.scrollWidth > frame.clientWidth, text: before.content, size: parseFloat(before.fontSize), position: before.position };
  });
  assert.equal(cue.overflows, true);
  assert.equal(cue.text, '"Wider than the screen: scroll sideways for every column →"');
  assert.ok(cue.size >= 9, `legible: ${cue.size}px`);
  assert.equal(cue.position, 'sticky');
  assert.equal((await diagramFit(page)).frameScrolls, false);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.diagram-frame'), '::before').content), 'none');
  // On a laptop nothing needs it.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.table-frame'), '::before').content), 'none');
  assertNoProblems(problems);
  await context.close();
});
