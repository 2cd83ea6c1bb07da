// Regions, as an operator meets them: an RDP zone given the primary zone's region gets its
// Connection Proxy from the chart. The table, the diagram, the note naming both sources, the
// checklist, the values and the link all follow; undo takes it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPlanner, openExports, readTable, zoneGroups, assertNoProblems , current } from './harness.mjs';

const env = browserSuite();

async function exportText(region, tab) {
  await region.getByRole('tab', { name: tab }).click();
  return region.getByRole('tabpanel', { name: tab }).locator('pre').textContent();
}

test("an RDP zone in the primary zone's region gets its Connection Proxy from the chart", async () => {
  const { page, context, problems } = await openPlanner(env, { hash: '#1.3hq.2dmz' });
  const before = await readTable(page);
  assert.match(before[1].cells[1], /^External/);
  const diagram = page.getByRole('group', { name: /Kasm Workspaces topology/ });
  const outside = diagram.getByRole('group', { name: 'Outside the cluster' });
  const inside = diagram.getByRole('group', { name: 'Kubernetes cluster (Helm chart)' });
  await outside.getByRole('button', { name: 'Connection Proxy, zone dmz, External' }).waitFor();

  const groups = zoneGroups(page);
  await groups.nth(0).getByRole('textbox', { name: 'Region (optional)' }).fill('us-east');
  assert.match((await readTable(page))[1].cells[1], /^External/, 'a region on one side alone moves nothing');
  await groups.nth(1).getByRole('textbox', { name: 'Region (optional)' }).fill('us-east');

  const after = await readTable(page);
  assert.match(after[1].cells[1], /^Helm/);
  assert.deepEqual(after[0], before[0], 'the primary zone is unchanged');
  const cell = page.getByRole('table', { name: /Role placement/ }).getByRole('row').nth(2).getByRole('cell').nth(1);
  assert.match(await cell.getAttribute('title'), /only deployed in primary-region zones\. \(kasm-helm chart 1\.1190\.7, templates\/_helpers\.tpl\)/);
  await inside.getByRole('button', { name: 'Connection Proxy, zone dmz, Helm' }).waitFor();
  assert.equal(await outside.getByRole('button', { name: /Connection Proxy, zone dmz/ }).count(), 0);
  await page
    .getByRole('status')
    .filter({ hasText: "for zones in the primary zone's region (dmz), the kasm-helm 1.1190.7 chart deploys the Connection Proxy" })
    .filter({ hasText: 'Kubernetes Deployment Options' })
    .waitFor();
  await page.waitForFunction((hash) => location.hash === hash, `#${current('2.3hq.2dmz!Rus-east.us-east')}`);

  const region = await openExports(page);
  const checklist = await exportText(region, 'Checklist');
  assert.doesNotMatch(checklist, /--role guac/, 'no install command for the chart-deployed proxy');
  assert.match(checklist, /a Connection Proxy for each of the 1 additional zone in the primary zone's region/);
  assert.match(await exportText(region, 'Helm values'), /- name: "dmz"\n {4}proxy_hostname: "dmz\.kasm\.example\.com"\n {4}region_name: "us-east"\n/);

  // Typing the region was one step: one undo takes the zone back out of the region.
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.match((await readTable(page))[1].cells[1], /^External/);
  await outside.getByRole('button', { name: 'Connection Proxy, zone dmz, External' }).waitFor();
  assertNoProblems(problems);
  await context.close();
});
