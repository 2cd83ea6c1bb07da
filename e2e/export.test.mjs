// Exports as operators use them: each copy and each download is exactly the native export (the
// golden files the engine tests assert), imports change the table, bad imports change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, openPlanner, openExports, readTable, ROOT, assertNoProblems } from './harness.mjs';

const env = browserSuite();

const GOLDEN = path.join(ROOT, 'tests/golden');
const FORMATS = [
  ['Helm values', 'values.yaml', 'my-values.yaml'],
  ['Checklist', 'checklist.md', 'kasm-provisioning-checklist.md'],
  ['Table (Markdown)', 'table.md', 'kasm-role-placement.md'],
  ['Table (CSV)', 'table.csv', 'kasm-role-placement.csv'],
  // Kept as golden files for the scenarios with capacity figures (tests/exports.rs).
  ['Capacity (Markdown)', 'capacity.md', 'kasm-capacity.md'],
  ['Capacity (CSV)', 'capacity.csv', 'kasm-capacity.csv'],
  ['JSON', 'topology.json', 'kasm-topology.json'],
];

function scenarios() {
  return fs
    .readFileSync(path.join(GOLDEN, 'scenarios.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

const golden = (scenario, extension) => fs.readFileSync(path.join(GOLDEN, `${scenario}.${extension}`), 'utf8');
const exportRegion = openExports;

test('each tab, copy and download gives exactly the native export', async () => {
  let capacityTabs = 0;
  for (const [scenario, link] of scenarios()) {
    const { page, context, problems } = await openPlanner(env, { hash: `#${link}` });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.url).origin });
    const region = await exportRegion(page);
    // A scenario whose deployment files are refused has the reasons as its golden instead.
    const refusedPath = path.join(GOLDEN, `${scenario}.refused.txt`);
    const refused = fs.existsSync(refusedPath) ? fs.readFileSync(refusedPath, 'utf8').trim().split('\n') : null;
    for (const [tab, extension, fileName] of FORMATS) {
      if (extension.startsWith('capacity.')) {
        if (!fs.existsSync(path.join(GOLDEN, `${scenario}.${extension}`))) continue;
        capacityTabs += 1;
      }
      await region.getByRole('tab', { name: tab }).click();
      const panel = region.getByRole('tabpanel', { name: tab });
      if (refused && !fs.existsSync(path.join(GOLDEN, `${scenario}.${extension}`))) {
        const alert = panel.getByRole('alert');
        await alert.filter({ hasText: `No ${tab} until these are fixed` }).waitFor();
        assert.deepEqual(await alert.getByRole('listitem').allTextContents(), refused, `${scenario} ${tab}: refused`);
        assert.equal(await panel.getByRole('button', { name: 'Copy' }).isDisabled(), true);
        assert.equal(await panel.getByRole('button', { name: `Download ${fileName}` }).isDisabled(), true);
        continue;
      }
      const expected = golden(scenario, extension);
      assert.equal(await panel.locator('pre').textContent(), expected, `${scenario} ${tab}: shown`);

      await panel.getByRole('button', { name: 'Copy' }).click();
      await panel.getByRole('status').filter({ hasText: `${tab} copied to the clipboard.` }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected, `${scenario} ${tab}: copied`);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        panel.getByRole('button', { name: `Download ${fileName}` }).click(),
      ]);
      assert.equal(download.suggestedFilename(), fileName);
      const saved = fs.readFileSync(await download.path(), 'utf8');
      assert.equal(saved, expected, `${scenario} ${tab}: downloaded`);
    }
    assertNoProblems(problems);
    await context.close();
  }
  assert.ok(capacityTabs >= 2, 'the capacity tabs were checked against a scenario with figures');
});

test('the formats load on first opening; a failed load says so and can be tried again', async () => {
  const { page, context, problems } = await openPlanner(env);
  await page.route(/kasm-topology-tools/, (route) => route.abort());
  const region = page.getByRole('region', { name: 'Export' });
  const toggle = region.getByRole('button', { name: 'Export formats' });
  await toggle.click();
  await region.getByRole('alert').filter({ hasText: 'The export tools could not be loaded: check your connection' }).waitFor();
  assert.equal(await region.getByRole('tab').count(), 0);
  await page.unroute(/kasm-topology-tools/);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  await region.getByRole('tablist', { name: 'Export format' }).waitFor();
  assert.equal(await region.getByRole('alert').count(), 0);
  // The blocked requests are logged by the browser; nothing else may be.
  assertNoProblems(problems.filter((problem) => !problem.includes('Failed to load resource')));
  await context.close();
});

test('the tabs work with arrow keys', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await exportRegion(page);
  await region.getByRole('tab', { name: 'Helm values' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await region.getByRole('tab', { selected: true }).innerText(), 'Checklist');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Checklist');
  await page.keyboard.press('End');
  assert.equal(await region.getByRole('tab', { selected: true }).innerText(), 'JSON');
  await page.keyboard.press('ArrowRight');
  assert.equal(await region.getByRole('tab', { selected: true }).innerText(), 'Helm values');
  assertNoProblems(problems);
  await context.close();
});

test('the base domain makes the hostnames', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await exportRegion(page);
  await region.getByRole('textbox', { name: 'Base domain' }).fill('kasm.acme.io');
  const text = await region.getByRole('tabpanel').locator('pre').textContent();
  assert.match(text, /publicAddr: "kasm\.acme\.io"/);
  assert.match(text, /proxy_hostname: "eu-west\.kasm\.acme\.io"/);
  await page.waitForFunction(() => location.hash.includes('!kasm.acme.io!E'));
  assertNoProblems(problems);
  await context.close();
});

test('errors in the topology hold back the deployment files, not the tables', async () => {
  const { page, context, problems } = await openPlanner(env);
  await page.getByRole('region', { name: 'Zones' }).getByRole('group').nth(1).getByRole('textbox', { name: 'Zone name' }).fill('primary');
  const region = await exportRegion(page);
  const panel = region.getByRole('tabpanel');
  await panel.getByRole('alert').filter({ hasText: 'No Helm values until these are fixed' }).waitFor();
  await panel.getByText('zones 1 and 2 are both named “primary”: zone names must be unique').waitFor();
  assert.equal(await panel.getByRole('button', { name: 'Copy' }).isDisabled(), true);
  await region.getByRole('tab', { name: 'Table (CSV)' }).click();
  assert.match(await panel.locator('pre').textContent(), /^Zone,Primary,App/);
  assertNoProblems(problems);
  await context.close();
});

test('an import by paste or by file changes the table', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await exportRegion(page);
  await region.getByRole('textbox', { name: 'Topology JSON' }).fill(golden('ten', 'topology.json'));
  await region.getByRole('button', { name: 'Import JSON' }).click();
  await region.getByRole('status').filter({ hasText: 'Imported a topology of 10 zones.' }).waitFor();
  const rows = await readTable(page);
  assert.equal(rows.length, 10);
  assert.equal(rows[0].zone, 'hq (primary zone)');

  await region.getByLabel('Load JSON file').setInputFiles(path.join(GOLDEN, 'choosing.topology.json'));
  await region.getByRole('status').filter({ hasText: 'Imported a topology of 6 zones.' }).waitFor();
  assert.equal((await readTable(page)).length, 6);
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal((await readTable(page)).length, 10, 'an import is one undoable step');
  assertNoProblems(problems);
  await context.close();
});

test('a bad import says why and changes nothing', async () => {
  const { page, context, problems } = await openPlanner(env);
  const before = await readTable(page);
  const region = await exportRegion(page);
  const bad = [
    ['{"zones": [', 'line 1, column 12: the text ends where a value should be'],
    ['{"zones": [{"name": "a", "container_sessions": "yes", "rdp_vnc_sessions": false}]}', 'zone 1.container_sessions must be true or false, not a string'],
    ['{"zones": [], "extra": 1}', 'unknown field “extra”'],
    [JSON.stringify({ zones: Array.from({ length: 60 }, (_, i) => ({ name: `z${i}`, container_sessions: true, rdp_vnc_sessions: false })) }), 'it has 60 zones; the planner handles at most 50'],
    ['[' .repeat(5000), 'nested too deeply'],
  ];
  for (const [text, message] of bad) {
    await region.getByRole('textbox', { name: 'Topology JSON' }).fill(text);
    await region.getByRole('button', { name: 'Import JSON' }).click();
    const alert = region.getByRole('alert');
    await alert.filter({ hasText: message }).waitFor();
    assert.match(await alert.innerText(), /^Nothing was imported: /);
    assert.deepEqual(await readTable(page), before);
  }
  assertNoProblems(problems);
  await context.close();
});
