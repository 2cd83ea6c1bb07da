// How the cluster is reached and where its certificate comes from, chosen as an operator would:
// each publishing and TLS option set with the page's own controls, then the exports compared
// with the golden files that the native tests read back with a YAML parser, a CommonMark parser
// and bash. A hostile zone name gets the refusal and no checklist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, openPlanner, openExports, readTable, ROOT, assertNoProblems, shareLink , current } from './harness.mjs';

const env = browserSuite();

const golden = (scenario, extension) =>
  fs.readFileSync(path.join(ROOT, 'tests/golden', `${scenario}.${extension}`), 'utf8');
const scenarioLink = (name) =>
  fs
    .readFileSync(path.join(ROOT, 'tests/golden/scenarios.tsv'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .find(([scenario]) => scenario === name)[1];

/** Sets the deployment settings through the controls at the head of the export panel. */
async function choose(page, { publishedBy, ingressClass, gateway, namespace, tls, secret, issuer, issuerKind }) {
  const region = await openExports(page);
  if (publishedBy) await region.getByRole('combobox', { name: 'Published by' }).selectOption({ label: publishedBy });
  if (ingressClass !== undefined) await region.getByRole('textbox', { name: 'Ingress class name' }).fill(ingressClass);
  if (gateway !== undefined) await region.getByRole('textbox', { name: 'Gateway name' }).fill(gateway);
  if (namespace !== undefined) await region.getByRole('textbox', { name: "Gateway's namespace" }).fill(namespace);
  if (tls) await region.getByRole('combobox', { name: 'TLS certificate from' }).selectOption({ label: tls });
  if (secret !== undefined) await region.getByRole('textbox', { name: 'TLS secret name' }).fill(secret);
  if (issuer !== undefined) await region.getByRole('textbox', { name: 'Issuer name' }).fill(issuer);
  if (issuerKind) await region.getByRole('combobox', { name: 'Issuer kind' }).selectOption({ label: issuerKind });
}

async function exportText(region, tab) {
  await region.getByRole('tab', { name: tab }).click();
  return region.getByRole('tabpanel', { name: tab }).locator('pre').textContent();
}

// Each case starts from a version-1 link (made before these settings existed) and reaches a
// golden scenario by the controls alone; together they use every publisher and TLS source.
const CASES = [
  { scenario: 'route', from: '1.3primary.1eu-west', settings: { publishedBy: 'OpenShift Route' }, entry: 'OpenShift Route' },
  {
    scenario: 'cert-manager',
    from: '1.3primary.5eu-west.2apac!kasm.acme.io',
    settings: { ingressClass: 'nginx', tls: 'cert-manager', issuer: 'letsencrypt', issuerKind: 'ClusterIssuer' },
    entry: 'Ingress (class nginx)',
  },
  {
    scenario: 'lb-single',
    from: '1.1only',
    settings: { publishedBy: 'LoadBalancer Service (one zone only)', secret: 'my-tls' },
    entry: 'LoadBalancer Service',
  },
  {
    scenario: 'gateway-single',
    from: '1.3only',
    settings: {
      publishedBy: 'Gateway API HTTPRoute (one zone only)',
      gateway: 'public-gw',
      namespace: 'gateways',
      tls: 'cert-manager',
      issuer: 'acme',
      issuerKind: 'Issuer',
    },
    entry: 'HTTPRoute (Gateway public-gw)',
  },
];

for (const { scenario, from, settings, entry } of CASES) {
  test(`${scenario}: the controls give the golden values, checklist and link`, async () => {
    const { page, context, problems } = await openPlanner(env, { hash: `#${from}` });
    const tableBefore = await readTable(page);
    await choose(page, settings);
    const region = await openExports(page);
    assert.equal(await exportText(region, 'Helm values'), golden(scenario, 'values.yaml'));
    assert.equal(await exportText(region, 'Checklist'), golden(scenario, 'checklist.md'));
    assert.equal(await exportText(region, 'JSON'), golden(scenario, 'topology.json'));
    // The settings travel in the link, as the golden link has them; placements do not move.
    const link = current(scenarioLink(scenario));
    await page.waitForFunction((expected) => location.hash === `#${expected}`, link);
    assert.ok((await shareLink(page)).endsWith(`#${link}`));
    assert.deepEqual(await readTable(page), tableBefore);
    // The diagram names the entry point on the cluster boundary.
    const diagram = page.getByRole('group', { name: /Kasm Workspaces topology/ });
    assert.equal(await diagram.locator('text.entry').textContent(), `Entry: ${entry}`);
    assert.match(await diagram.locator('desc').textContent(), new RegExp(`^Users reach the cluster through: ${entry.replace(/[()]/g, '\\$&')}\\.`));
    // Opened again from the link, the settings come back.
    const again = await context.newPage();
    await again.goto(`${env.url}index.html#${link}`);
    const againRegion = await openExports(again);
    assert.equal(await exportText(againRegion, 'Helm values'), golden(scenario, 'values.yaml'));
    assertNoProblems(problems);
    await context.close();
  });
}

test('with several zones, the one-zone publishers are not offered, and undo brings a setting back', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await openExports(page);
  const select = region.getByRole('combobox', { name: 'Published by' });
  const disabled = await select.locator('option').evaluateAll((options) => options.filter((o) => o.disabled).map((o) => o.textContent));
  assert.deepEqual(disabled, ['LoadBalancer Service (one zone only)', 'Gateway API HTTPRoute (one zone only)']);
  await region.getByText('LoadBalancer and HTTPRoute serve one zone only').waitFor();
  await select.selectOption({ label: 'OpenShift Route' });
  await page.waitForFunction(() => location.hash.includes('!Pr!E'));
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal(await select.inputValue(), 'ingress');
  assertNoProblems(problems);
  await context.close();
});

test('a one-zone publisher with a second zone is refused with the chart rule, tables stay', async () => {
  const { page, context, problems } = await openPlanner(env, { hash: '#2.1only!Pl!Tsmy-tls' });
  await page.getByRole('button', { name: 'Add zone' }).click();
  const region = await openExports(page);
  const panel = region.getByRole('tabpanel', { name: 'Helm values' });
  const alert = panel.getByRole('alert');
  await alert.filter({ hasText: 'the chart refuses it together with kasmZones; with 2 zones choose Ingress or OpenShift Route' }).waitFor();
  assert.equal(await panel.locator('pre').count(), 0);
  await region.getByRole('tab', { name: 'Table (Markdown)' }).click();
  assert.match(await region.getByRole('tabpanel').locator('pre').textContent(), /^\| Zone \|/);
  assertNoProblems(problems);
  await context.close();
});

test('a hostile zone name gets the refusal, naming the zone and the rule, and no checklist', async () => {
  const { page, context, problems } = await openPlanner(env);
  const hostile = 'eu$(curl x|sh)';
  await page.getByRole('region', { name: 'Zones' }).getByRole('group').nth(1).getByRole('textbox', { name: 'Zone name' }).fill(hostile);
  const region = await openExports(page);
  for (const tab of ['Helm values', 'Checklist']) {
    await region.getByRole('tab', { name: tab }).click();
    const panel = region.getByRole('tabpanel', { name: tab });
    await panel.getByRole('alert').filter({ hasText: `No ${tab} until these are fixed` }).waitFor();
    assert.match(await panel.getByRole('alert').innerText(), /“eu\$\(curl x\|sh\)” is not a lowercase DNS label/);
    assert.equal(await panel.locator('pre').count(), 0, `${tab}: no text`);
    assert.equal(await panel.getByRole('button', { name: 'Copy' }).isDisabled(), true);
  }
  // The findings above the table say the same.
  await page.getByText('“eu$(curl x|sh)” is not a lowercase DNS label').first().waitFor();
  assert.match(await exportText(region, 'Table (CSV)'), /eu\$\(curl x\|sh\)/);
  assertNoProblems(problems);
  await context.close();
});
