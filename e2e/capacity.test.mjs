// Capacity, as an operator plans it: peaks typed in two zones' rows and an Agent host's shape
// give each zone's Agent hosts, the deploymentSize with the chart's words for it and the cluster's
// totals; the diagram shows them; the share link opens the same plan in a new page; the Helm
// values carry deploymentSize. Bad figures are refused at their field, the topology untouched.
//
// Expected figures are worked by hand (not by the planner's code) from Kasm's default workspace
// reservation (2 cores, 2,768,000,000 bytes; kasm-install-wizard index.js) and the kasm-helm
// 1.1190.7 presets (templates/_helpers.tpl, replicas.preset and resources.preset), medium size:
// - Sessions per Agent on an 8-core, 32 GB host: CPU 8 / 2 = 4, memory 32 / 2.768 = 11.56 -> 11;
//   4, CPU binds. primary: 12 / 4 = 3 hosts; eu-west: 9 / 4 = 2.25 -> 3 hosts.
// - Size: 12 + 4 + 9 = 25 peak concurrent sessions: medium ("Up to 25-30 sessions").
// - Requests per zone: api, manager, proxy 2 replicas x 500m/512Mi = 3 CPU, 3,072Mi. The primary
//   zone (alone in its region) adds guac 2 x (1500m/512Mi + sidecar 500m/384Mi) = 4 CPU, 1,792Mi;
//   rdp-gateway 1 x (1000m/512Mi + 500m/384Mi) = 1.5 CPU, 896Mi; rdp-https-gateway 2 x the same
//   = 3 CPU, 1,792Mi; the database 1.5 CPU, 2,048Mi: 13 CPU, 9,600Mi (9.38 GiB). Total 16 CPU,
//   12,672Mi (12.38 GiB).
// - Limits: api, manager, proxy 2 x 500m/1Gi = 3 CPU, 6 GiB per zone; guac 2 x (1500m/2Gi +
//   500m/384Mi) = 4,864Mi; rdp-gateway 896Mi; rdp-https-gateway 1,792Mi; database 2,048Mi:
//   primary 13 CPU, 15,744Mi (15.38 GiB); total 16 CPU, 21,888Mi (21.38 GiB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPlanner, openPanel, openExports, shareLink, assertNoProblems, goldenLinks, readTable } from './harness.mjs';

const env = browserSuite();

/** Opens the capacity panel and gives its region once the table is there. */
async function openCapacity(page) {
  const region = await openPanel(page, 'Capacity', 'Capacity figures');
  await region.getByRole('table', { name: 'Capacity per zone' }).waitFor();
  return region;
}

/** The capacity table as rows of `{ zone, cells }`; a peak typed in a field reads as its value. */
async function readCapacity(region) {
  const table = region.getByRole('table', { name: 'Capacity per zone' });
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => ({
    zone: row.querySelector('th').textContent.trim(),
    cells: [...row.querySelectorAll('td')].map((cell) => {
      const field = cell.querySelector('input');
      return field ? field.value : cell.textContent.trim();
    }),
  })));
}

const EXPECTED = [
  { zone: 'primary (primary zone)', cells: ['12', '4', '3', '4 (CPU binds)', '13 CPU, 9.38 GiB', '13 CPU, 15.38 GiB'] },
  { zone: 'eu-west', cells: ['9', 'not run', '3', '4 (CPU binds)', '3 CPU, 3 GiB', '3 CPU, 6 GiB'] },
  { zone: 'Total', cells: ['21', '4', '6', '', '16 CPU, 12.38 GiB', '16 CPU, 21.38 GiB'] },
];

test('peaks in two zones and a host give Agents per zone, the size and the totals; the link opens them again', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await openCapacity(page);
  await region.getByRole('textbox', { name: 'Peak container sessions, zone primary' }).fill('12');
  await region.getByRole('textbox', { name: 'Peak RDP/VNC sessions, zone primary' }).fill('4');
  await region.getByRole('textbox', { name: 'Peak container sessions, zone eu-west' }).fill('9');
  // eu-west runs no RDP/VNC sessions: no field for them.
  assert.equal(await region.getByRole('textbox', { name: 'Peak RDP/VNC sessions, zone eu-west' }).count(), 0);
  await region.getByRole('textbox', { name: 'Agent host cores' }).fill('8');
  await region.getByRole('textbox', { name: 'Agent host memory' }).fill('32 GB');

  assert.deepEqual(await readCapacity(region), EXPECTED);
  const notes = await region.locator('.capacity-notes li').allInnerTexts();
  assert.ok(notes.some((note) => note.startsWith('deploymentSize: medium \u2014 \u201cUp to 25-30 sessions\u201d')), notes.join('\n'));
  assert.ok(notes.some((note) => note.includes('automatic, from 25 peak concurrent sessions')), notes.join('\n'));
  assert.ok(notes.some((note) => note.startsWith('Not published by Kasm')), 'what Kasm has not published is said');

  // The diagram's lanes say the same.
  const lines = await page.locator('.diagram-frame svg text.t2.lane-label').allTextContents();
  assert.deepEqual(lines, ['3 Agent hosts \u00b7 cluster requests 13 CPU, 9.38 GiB', '3 Agent hosts \u00b7 cluster requests 3 CPU, 3 GiB']);

  // The values file carries the size, with the chart's words in a comment.
  const exports = await openExports(page);
  await exports.getByRole('tab', { name: 'Helm values' }).click();
  const values = await exports.getByRole('tabpanel', { name: 'Helm values' }).locator('pre').textContent();
  assert.match(values, /^# The chart's replicas and resources presets: "Up to 25-30 sessions" in the chart's words;$/m);
  assert.match(values, /^deploymentSize: "medium"$/m);

  // A new page on the link: the capacity panel opens by itself, with the same figures.
  const link = await shareLink(page);
  const other = await openPlanner(env, { hash: `#${link.split('#')[1]}` });
  const again = other.page.getByRole('region', { name: 'Capacity' });
  await again.getByRole('table', { name: 'Capacity per zone' }).waitFor();
  assert.deepEqual(await readCapacity(again), EXPECTED);
  assert.equal(await again.getByRole('textbox', { name: 'Agent host memory' }).inputValue(), '32 GB');
  assertNoProblems([...problems, ...other.problems]);
  await other.context.close();
  await context.close();
});

test('a figure the planner cannot take is said at its field, and the plan is left as it was', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await openCapacity(page);
  const before = await shareLink(page);
  const peak = region.getByRole('textbox', { name: 'Peak container sessions, zone primary' });
  for (const [typed, message] of [
    ['-3', 'Cannot be negative.'],
    ['forty', 'Not a figure: write it as a whole number such as 40.'],
    ['2.5', 'Not a figure: write it as a whole number such as 40.'],
    ['99999999999999999999', 'At most 1,000,000.'],
  ]) {
    await peak.fill(typed);
    assert.equal(await peak.getAttribute('aria-invalid'), 'true', typed);
    assert.equal(await region.locator(`#${await peak.getAttribute('aria-describedby')}`).innerText(), message, typed);
    assert.equal(await peak.inputValue(), typed, 'what was typed stays');
    assert.equal(await shareLink(page), before, `${typed}: the topology is unchanged`);
  }
  const cores = region.getByRole('textbox', { name: 'Agent host cores' });
  await cores.fill('0');
  assert.equal(await region.locator('#host-cores-message').innerText(), 'Must be above 0.');

  // An image larger than the host: said under the image, and no Agent is counted.
  await peak.fill('5');
  assert.equal(await peak.getAttribute('aria-invalid'), null, 'a good figure clears the message');
  await cores.fill('1');
  await region.getByRole('textbox', { name: 'Agent host memory' }).fill('16 GiB');
  // Said once, at the image's first field, which the screen reader reaches with it.
  const imageCores = region.getByRole('textbox', { name: 'Cores per session (image)' });
  await region.locator(`#${await imageCores.getAttribute('aria-describedby')}`).filter({ hasText: 'No Agent slots available' }).waitFor();
  assert.equal(await imageCores.getAttribute('aria-invalid'), 'true');
  assert.match(await region.locator('#image-cores-message').innerText(), /^One session reserves more than an Agent has/);
  const rows = await readCapacity(region);
  assert.equal(rows[0].cells[2], 'none: the image does not fit');
  // A zone renamed in the editor: its fields follow the name.
  await page.getByRole('region', { name: 'Zones' }).getByRole('group').first().getByRole('textbox', { name: 'Zone name' }).fill('hq');
  await region.getByRole('textbox', { name: 'Peak container sessions, zone hq' }).waitFor();
  assertNoProblems(problems);
  await context.close();
});

test('golden links without capacity figures open with the capacity panel closed and the placements unchanged', async () => {
  const { page, context, problems } = await openPlanner(env);
  const links = goldenLinks().map((golden) => golden.link).filter((link) => !link.startsWith('5.'));
  assert.ok(links.length >= 6);
  for (const link of links) {
    await page.goto(new URL(`index.html#${link}`, env.url).href);
    await page.reload();
    await page.getByRole('region', { name: 'Zones' }).waitFor();
    const toggle = page.getByRole('region', { name: 'Capacity' }).getByRole('button', { name: 'Capacity figures' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', link);
    assert.ok((await readTable(page)).length > 0);
    assert.equal(await page.locator('.diagram-frame svg text.t2.lane-label').count(), 0, `${link}: no capacity lines`);
  }
  assertNoProblems(problems);
  await context.close();
});

test('Check my values says what a file asks of the cluster, with its own size and overrides', async () => {
  // Worked by hand (kasm-helm 1.1190.7 presets), one zone at medium: api and manager 2 x
  // 500m/512Mi; the proxy at 3 replicas x 500m/512Mi; guac 2 x (1500m/512Mi + 500m/384Mi);
  // rdp-gateway 1000m/512Mi + 500m/384Mi; rdp-https-gateway 2 x the same; the database
  // 1500m/2Gi: 13.5 CPU, 10,112Mi (9.88 GiB).
  const { page, context, problems } = await openPlanner(env);
  const region = await openExports(page);
  await region.getByRole('textbox', { name: 'Values file (YAML)' }).fill('publicAddr: kasm.example.com\ndeploymentSize: medium\ncomponents:\n  proxy:\n    replicas: 3\n');
  await region.getByRole('button', { name: 'Open values' }).click();
  const said = region.locator('.implied');
  await said.waitFor();
  assert.match(await said.innerText(), /^What this file asks of the cluster, at deploymentSize medium, with its own replicas or resources for proxy: requests 13\.5 CPU, 9\.88 GiB,/);
  // The size is the plan's chosen one now: the capacity panel opens with it.
  const capacity = page.getByRole('region', { name: 'Capacity' });
  await capacity.getByRole('table', { name: 'Capacity per zone' }).waitFor();
  assert.equal(await capacity.getByRole('combobox', { name: 'deploymentSize' }).inputValue(), 'medium');
  assertNoProblems(problems);
  await context.close();
});
