// "Check my values", as an operator with an existing my-values.yaml meets it: pasted into the
// export panel, its zones open in the editor (as a shared link does, the user's own topology
// kept aside), its findings name the key, the line and Kasm's chart; "Fix and export" writes the
// same file with only the planner's keys changed; undo returns the topology from before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, openPlanner, openExports, readTable, zoneGroups, shareLink, ROOT, assertNoProblems, current } from './harness.mjs';

const env = browserSuite();

const corpus = (name) => fs.readFileSync(path.join(ROOT, 'tests/values', name), 'utf8');

// Kasm's own multi-zone test values (deprecated proxyAddress, nothing publishing, no TLS), with
// keys the planner does not own: a zone's allow_origin_domain and the proxy's replicas.
const VALUES = `# staging, for chart 1.1190.5
publicAddr: kasm.example.com
proxyService:
  type: ClusterIP
components:
  proxy:
    replicas: 2   # two proxies behind the Ingress
kasmZones:
  - name: zonea
    proxyAddress: zonea.kasm.example.com
    primary: true
    allow_origin_domain: example.com
  - name: zoneb
    proxy_hostname: vdi.zoneb.example.org
`;

async function openValues(page, text) {
  const region = await openExports(page);
  await region.getByRole('textbox', { name: 'Values file (YAML)' }).fill(text);
  await region.getByRole('button', { name: 'Open values' }).click();
  return region;
}

test('a pasted values file opens its zones and findings; fix and export keeps the user keys; undo returns', async () => {
  const { page, context, problems } = await openPlanner(env);
  const before = await readTable(page);
  const region = await openValues(page, VALUES);

  // The zones in the editor, primary first, each with container sessions (values hold no session types).
  await page.getByRole('region', { name: 'Shared topology' }).waitFor();
  const names = await zoneGroups(page).getByRole('textbox', { name: 'Zone name' }).evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(names, ['zonea', 'zoneb']);
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['zonea (primary zone)', 'zoneb']);
  await region.getByRole('status').filter({ hasText: 'Session types are not in a values file' }).waitFor();
  // zoneb's own hostname travels in the link.
  assert.ok((await shareLink(page)).endsWith(`#${current('3.1zonea.1zoneb!H,vdi.zoneb.example.org')}`));

  // The findings: the key, the line, what happens, and the chart's own words.
  const findings = region.getByRole('list', { name: 'Findings in the values file' }).getByRole('listitem');
  const texts = await findings.allInnerTexts();
  const keys = texts.map((text) => text.split(' (')[0].split(' \u2014')[0]);
  assert.deepEqual(keys, [
    'Warning: kasmZones[0].proxyAddress',
    'Error: proxyService.type',
    'Error: certificate.secretName',
    'Warning: chart version',
  ]);
  assert.match(texts[0], /\(line 10, column 19\)/);
  assert.match(texts[1], /nothing publishes the proxy outside the cluster/);
  for (const text of texts) assert.match(text, /Source: kasm-helm/);

  // The operator ticks RDP/VNC for zoneb before fixing; the fix follows the plan on the page.
  await zoneGroups(page).nth(1).getByRole('checkbox', { name: 'RDP/VNC sessions' }).check();
  await region.getByRole('button', { name: 'Fix and export' }).click();
  const fixed = await region.getByLabel('Fixed values file').textContent();
  assert.match(fixed, /^# staging, for chart 1\.1190\.5\n/);
  assert.match(fixed, /replicas: 2   # two proxies behind the Ingress/, 'a key the planner does not own stays, with its comment');
  assert.match(fixed, /allow_origin_domain: example\.com/, "a zone's own key stays with its zone");
  assert.match(fixed, /proxy_hostname: "zonea\.kasm\.example\.com"/);
  assert.doesNotMatch(fixed, /proxyAddress/);
  assert.match(fixed, /ingress:\n {2}enabled: true\n/);
  assert.match(fixed, /certificate:\n {2}secretName: "kasm-tls"\n/);
  const diff = await region.getByLabel('Changes').textContent();
  assert.match(diff, /^--- my-values\.yaml\n\+\+\+ my-values\.yaml \(fixed\)\n@@ -/);
  assert.match(diff, /\n-    proxyAddress: zonea\.kasm\.example\.com\n\+    proxy_hostname: "zonea\.kasm\.example\.com"\n/);
  assert.doesNotMatch(diff, /^[-+].*replicas/m, 'the diff shows only what changed');

  // Undo the tick, then the opening: the topology from before is back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.deepEqual(await readTable(page), before);
  assert.equal(await page.getByRole('region', { name: 'Shared topology' }).count(), 0);
  assertNoProblems(problems);
  await context.close();
});

test('what is not a kasm-helm values file is refused with its place, and nothing changes', async () => {
  const { page, context, problems } = await openPlanner(env, { hash: '#1.3hq.1dr' });
  const before = await readTable(page);
  const cases = [
    [corpus('not-yaml.yaml'), 'line 5, column 9: this is not valid YAML'],
    [corpus('billion-laughs.yaml'), 'billion laughs'],
    [corpus('another-chart.yaml'), 'is it the values of another chart?'],
    [corpus('planner-topology.json'), 'open it with Import JSON'],
    [`publicAddr: a.example\n# ${'x'.repeat(5 << 20)}\n`, 'more than any values file'],
  ];
  const region = await openExports(page);
  for (const [text, message] of cases) {
    // Filled in the page, as a paste would: five megabytes typed by playwright would take minutes.
    await region.getByRole('textbox', { name: 'Values file (YAML)' }).evaluate((area, value) => {
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await region.getByRole('button', { name: 'Open values' }).click();
    await region.getByRole('alert').filter({ hasText: message }).waitFor();
    assert.match(await region.getByRole('alert').innerText(), /^Nothing was opened: .*Your topology is unchanged\.$/s);
    assert.deepEqual(await readTable(page), before);
  }
  assertNoProblems(problems);
  await context.close();
});

test('an exported golden values file, chosen as a file, opens to its own topology with nothing to fix', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await openExports(page);
  await region.getByLabel('Open a values file').setInputFiles(path.join(ROOT, 'tests/golden/regions.values.yaml'));
  await region.getByRole('status').filter({ hasText: 'Nothing in it will break.' }).waitFor();
  assert.equal(await region.getByRole('list', { name: 'Findings in the values file' }).getByRole('listitem').count(), 0);
  assert.deepEqual((await readTable(page)).map((row) => row.zone), ['hq (primary zone)', 'dmz', 'branch', 'lab']);
  const regions = await zoneGroups(page).getByRole('textbox', { name: 'Region (optional)' }).evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(regions, ['us-east', 'us-east', 'eu-west', '']);
  await region.getByRole('button', { name: 'Fix and export' }).click();
  await region.getByRole('status').filter({ hasText: 'nothing to change' }).waitFor();
  assertNoProblems(problems);
  await context.close();
});

test('a zone hostname that is no DNS name has a way out on the page: its Hostname field', async () => {
  const { page, context, problems } = await openPlanner(env);
  const region = await openExports(page);
  await region.getByRole('textbox', { name: 'Values file (YAML)' }).fill(corpus('not-a-hostname.yaml'));
  await region.getByRole('button', { name: 'Open values' }).click();
  // The summary says only what is true: the plan keeps this hostname until the user changes it.
  const summary = region.getByRole('status').filter({ hasText: 'Opened 2 zones from kasmZones.' });
  await summary.waitFor();
  assert.match(await summary.innerText(), /1 error in the page's findings needs a change in the zone editor or the settings before Fix and export/);
  assert.doesNotMatch(await summary.innerText(), /has the planner's fix for each/);
  const errors = page.locator('.findings [role="alert"]');
  await errors.filter({ hasText: 'the hostname of lab, “Lab_Zone.kasm.example.com”, is not a DNS name' }).waitFor();
  // Said once, in the page's findings, with the key and line it stands at in the file (line 12
  // of tests/values/not-a-hostname.yaml, after "    proxy_hostname: "); Check my values does
  // not say it again. (The Helm values tab lists it among the reasons it writes no file, as the
  // CLI does.)
  const fault = /Lab_Zone\.kasm\.example\.com”, is not a DNS name/;
  const said = page.locator('.findings').getByText(fault);
  assert.equal(await said.count(), 1);
  assert.match(await said.innerText(), /\(values file: kasmZones\[1\]\.proxy_hostname, line 12, column 21\)$/);
  const check = page.locator('.import.values');
  assert.equal(await check.getByText(fault).count(), 0);
  assert.equal(await check.getByRole('list', { name: 'Findings in the values file' }).getByRole('listitem').count(), 0);
  // Ticking what a values file does not hold (session types) keeps the fault and its place.
  await zoneGroups(page).nth(0).getByRole('checkbox', { name: 'RDP/VNC sessions' }).check();
  await page.waitForTimeout(600);
  assert.match(await said.innerText(), /\(values file: kasmZones\[1\]\.proxy_hostname, line 12, column 21\)$/);
  await region.getByRole('button', { name: 'Fix and export' }).click();
  await region.getByRole('alert').filter({ hasText: 'No fixed file' }).waitFor();

  // The way out: the zone's own Hostname field, found by its label.
  const hostname = zoneGroups(page).nth(1).getByRole('textbox', { name: 'Hostname (optional)' });
  assert.equal(await hostname.inputValue(), 'Lab_Zone.kasm.example.com');
  await hostname.fill('lab-zone.kasm.example.com');
  await page.waitForFunction(() => !document.querySelector('.findings [role="alert"]')?.textContent.includes('is not a DNS name'));
  await region.getByRole('button', { name: 'Fix and export' }).click();
  const fixed = await region.getByLabel('Fixed values file').textContent();
  assert.match(fixed, /proxy_hostname: "lab-zone\.kasm\.example\.com"/);
  // Emptied, the zone goes back to <zone>.<base domain>, which the field shows as its placeholder.
  await hostname.fill('');
  assert.equal(await hostname.getAttribute('placeholder'), 'lab.kasm.example.com');
  assertNoProblems(problems);
  await context.close();
});
