// The JavaScript API (dist/api/) as a docs build uses it: imported in Node, fed plain objects,
// checked against the seed's "Choosing What to Deploy" rows and the golden links; its SVG is the
// page's "Download SVG" byte for byte; it runs in a page under the planner's CSP; and the planner
// itself never fetches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, openPlanner, goldenLinks, seedRows, recordFetches, DIST, ROOT, assertNoProblems , current } from './harness.mjs';

const env = browserSuite();
const API = path.join(DIST, 'api');

async function api() {
  assert.ok(fs.existsSync(path.join(API, 'kasm-topology.js')), 'dist/api is missing: run scripts/build');
  const module = await import(path.join(API, 'kasm-topology.js'));
  module.initSync({ module: fs.readFileSync(path.join(API, 'kasm-topology_bg.wasm')) });
  return module;
}

const NAMES = { app: 'App', connection_proxy: 'Connection Proxy', dedicated_proxy: 'Dedicated Proxy', agent: 'Agent' };

test('plan() gives the seed\'s "Choosing What to Deploy" rows for an additional zone', async () => {
  const { plan } = await api();
  const rows = seedRows('choosing');
  assert.equal(rows.length, 4);
  for (const [containers, rdp, needed] of rows) {
    const [required, optional = ''] = needed.split('; ');
    const expected = {
      required: required === 'None' ? [] : required.split(', ').sort(),
      optional: optional ? [optional.replace(' (optional — reduces latency)', '')] : [],
    };
    const planned = plan({
      zones: [
        { name: 'hq', container_sessions: true, rdp_vnc_sessions: true },
        { name: 'branch', container_sessions: containers === 'Yes', rdp_vnc_sessions: rdp === 'Yes' },
      ],
    });
    const roles = planned.zones[1].roles;
    const placed = (placement) => roles.filter((r) => r.placement === placement).map((r) => NAMES[r.role]).sort();
    assert.deepEqual({ required: placed('external'), optional: placed('optional') }, expected, `${containers}/${rdp}`);
    assert.equal(roles.find((r) => r.role === 'app').placement, 'helm');
    assert.ok(roles.every((r) => r.reason.length > 0));
  }
});

test('golden links round-trip, and bad input throws the page\'s messages', async () => {
  const { decodeLink, encodeLink, plan, helmValues, checklist, tableMarkdown, linkFormatVersion, rulesVersion } = await api();
  for (const { link, table } of goldenLinks()) {
    const topology = decodeLink(`https://planner.example/#${link}`);
    if (!link.includes('%')) assert.equal(encodeLink(topology), current(link));
    const words = plan(topology).zones.map((zone) =>
      zone.roles.map((r) => ({ helm: 'Helm', external: 'External', optional: 'Optional', not_needed: 'Not needed' })[r.placement]),
    );
    assert.deepEqual(words, table, link);
  }
  assert.throws(() => decodeLink('9.zz'), /^Error: this link could not be opened: it was made by a newer planner \(format 9/);
  // Read as the page reads an import: its messages, and no unknown field passes unseen.
  assert.throws(() => plan({ zones: [{ name: 'a' }] }), /^Error: this is not a planner topology: zone 1 needs “container_sessions”: true or false$/);
  assert.throws(() => plan({ zones: [{ name: 'a', container_sessions: true, rdp_vnc_sessions: false, dedicatedProxy: true }] }), /zone 1 has an unknown field “dedicatedProxy”/);
  assert.throws(() => plan({ baseDomain: 'acme.io', zones: [] }), /the document has an unknown field “baseDomain”/);
  assert.throws(() => plan({ zones: [] }), /it has no zones/);
  assert.equal(plan({ zones: [{ name: 'a', container_sessions: true, rdp_vnc_sessions: false }], publishing: undefined }).zones.length, 1);
  const hostile = { zones: [{ name: 'hq', container_sessions: true, rdp_vnc_sessions: false }, { name: 'eu$(id)', container_sessions: true, rdp_vnc_sessions: false }] };
  assert.throws(() => helmValues(hostile), /no Helm values until these are fixed: “eu\$\(id\)” is not a lowercase DNS label/);
  assert.throws(() => checklist(hostile), /no Checklist until these are fixed/);
  assert.match(tableMarkdown(hostile), /\| eu\$\(id\) \| Helm \|/);
  assert.equal(linkFormatVersion(), 5, 'the newest format reads capacity figures');
  assert.match(rulesVersion(), /kasm-helm 1\.1190\.7/);
  const golden = (name) => fs.readFileSync(path.join(ROOT, 'tests/golden', name), 'utf8');
  const choosing = decodeLink('1.1primary.0none.1containers.2rdp-vnc.3both.7both-proxy!kasm.acme.io');
  assert.equal(helmValues(choosing), golden('choosing.values.yaml'));
  assert.equal(checklist(choosing), golden('choosing.checklist.md'));
  assert.equal(tableMarkdown(choosing), golden('choosing.table.md'));
  assert.ok(fs.readFileSync(path.join(API, 'kasm-topology.d.ts'), 'utf8').includes('export function plan(value: Topology): Plan;'));
});

// Worked by hand from the kasm-helm 1.1190.7 presets (templates/_helpers.tpl) and Kasm's default
// workspace reservation (2 cores, 2,768,000,000 bytes): one zone, 10 container sessions at peak
// (small, "Up to 10-15 sessions") on 4-core, 16 GiB hosts: 4 / 2 = 2 sessions per Agent (memory
// 17,179,869,184 / 2,768,000,000 = 6), 10 / 2 = 5 hosts. The small presets' requests: api,
// manager, proxy 500m/512Mi each; guac 1000m/512Mi + sidecar 500m/256Mi; rdp-gateway and
// rdp-https-gateway 500m/512Mi + 500m/256Mi each; database 750m/512Mi: 5,750m, 4,352Mi.
test('capacity() and capacityMarkdown() give Agent hosts, the size and the chart\'s requests', async () => {
  const { capacity, capacityMarkdown } = await api();
  const topology = {
    zones: [{ name: 'hq', container_sessions: true, rdp_vnc_sessions: false, peak_container_sessions: 10 }],
    capacity: { host: { millicores: 4000, bytes: 17179869184 } },
  };
  const figures = capacity(topology);
  assert.equal(figures.size, 'small');
  assert.equal(figures.size_label, 'Up to 10-15 sessions');
  assert.equal(figures.size_from, 'automatic');
  assert.deepEqual(
    figures.zones.map((z) => [z.name, z.container_peak, z.agent_hosts, z.sessions_per_agent, z.binding]),
    [['hq', 10, 5, 2, 'cpu']],
  );
  assert.deepEqual(figures.requests, { millicores: 5750, mebibytes: 4352 });
  assert.equal(figures.agent_hosts, 5);
  // The database's 8 GiB and one Guacamole replica's 10 GiB.
  assert.equal(figures.volume_gib, 18);
  const table = capacityMarkdown(topology);
  assert.match(table, /^\| hq \(primary zone\) \| 10 \| not run \| 5 \| 2 \(CPU binds\) \| 5\.75 CPU, 4\.25 GiB \|/m);
  assert.throws(() => capacity({ zones: [{ name: 'a', container_sessions: true, rdp_vnc_sessions: false, peak_container_sessions: -1 }] }), /not a planner topology/);
});

test('diagramSvg() is the page\'s "Download SVG", byte for byte', async () => {
  const { decodeLink, diagramSvg } = await api();
  const link = '2.3hq.7dmz.3far!Rus-east.us-east';
  const { page, context, problems } = await openPlanner(env, { hash: `#${link}` });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('region', { name: 'Diagram' }).getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  const saved = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(diagramSvg(decodeLink(link), {}), saved);
  assertNoProblems(problems);
  await context.close();
});

test('the module runs in a page under the planner\'s CSP, and the planner never fetches it', async () => {
  const { page, context, problems } = await openPlanner(env);
  const table = await page.evaluate(async () => {
    const api = await import('./api/kasm-topology.js');
    await api.default();
    return api.tableMarkdown(api.decodeLink(location.hash));
  });
  assert.match(table, /^\| Zone \| App \| Connection Proxy \| Dedicated Proxy \| Agent \|/);
  assertNoProblems(problems);
  await context.close();
  const { firstVisit, later } = await recordFetches(env, async (page) => {
    await page.getByRole('button', { name: 'Add zone' }).click();
  });
  assert.ok(![...firstVisit, ...later].some((file) => file.startsWith('api/')), 'the planner fetched the API');
});
