// Hostile and unusual input, from every way in: typed, from a link, from an import. Markup and
// script in names show as text and never run; long, right-to-left, CJK and emoji names are
// handled; nothing panics and nothing reaches the console as an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPlanner, openExports, readTable, zoneGroups, shareLink, assertNoProblems } from './harness.mjs';

const env = browserSuite();

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload=window.__pwned=3>',
  "');window.__pwned=4;//",
  '{{7*7}} ${7*7} &amp; &lt;b&gt;',
];

/** Every element kind that can run script from an attribute or its content. */
const SCRIPTABLE = 'script, img, svg svg, iframe, object, embed, video, audio, source, image, use, foreignObject, animate, set, a[href^="javascript" i], [onload], [onerror], [onclick], [onmouseover], [onfocus], [onbegin]';

async function assertNothingRan(page) {
  // Handlers run after the event that set the markup: wait for every timer and frame the
  // planner (findings settle 400 ms after typing) and a payload could have queued, then look.
  await page.evaluate(() => new Promise((done) => setTimeout(() => requestAnimationFrame(() => done()), 600)));
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
  for (const where of ['.diagram-frame', 'table', '.findings', '.details', '[role="region"]']) {
    const found = await page.locator(where).locator(SCRIPTABLE).evaluateAll((elements) =>
      elements.filter((e) => !(e.tagName === 'svg' && e.classList.contains('kasm-diagram'))).map((e) => e.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(found, [], `nothing that runs script in ${where}`);
  }
}

test('markup and script typed into names show as text and never run', async () => {
  const { page, context, problems } = await openPlanner(env);
  const name = zoneGroups(page).nth(1).getByRole('textbox', { name: 'Zone name' });
  for (const payload of PAYLOADS) {
    await name.fill(payload);
    const rows = await readTable(page);
    assert.equal(rows[1].zone, payload, 'the table shows the name as typed');
    const box = page.getByRole('button', { name: `App, zone ${payload}, Helm`, exact: true });
    assert.equal(await box.count(), 1, 'the diagram names the box with the text as typed');
    await assertNothingRan(page);
  }
  // The exports carry the name escaped for their format.
  const exportRegion = await openExports(page);
  await exportRegion.getByRole('tab', { name: 'Table (Markdown)' }).click();
  const markdown = await exportRegion.locator('pre').textContent();
  assert.ok(markdown.includes('| {{7\\*7}} ${7\\*7} \\&amp; \\&lt;b\\&gt; | Helm |'), markdown);
  assertNoProblems(problems);
  await context.close();
});

test('hostile names arriving by link or import are shown as text too', async () => {
  const { page, context, problems } = await openPlanner(env);
  const name = zoneGroups(page).nth(0).getByRole('textbox', { name: 'Zone name' });
  await name.fill(PAYLOADS[0]);
  const link = await shareLink(page);
  await context.close();

  const fresh = await openPlanner(env, { hash: new URL(link).hash });
  assert.equal((await readTable(fresh.page))[0].zone, `${PAYLOADS[0]} (primary zone)`);
  await assertNothingRan(fresh.page);
  const json = JSON.stringify({ zones: PAYLOADS.map((n) => ({ name: n, container_sessions: true, rdp_vnc_sessions: true })) });
  const exportRegion = await openExports(fresh.page);
  await exportRegion.getByRole('textbox', { name: 'Topology JSON' }).fill(json);
  await exportRegion.getByRole('button', { name: 'Import JSON' }).click();
  assert.deepEqual((await readTable(fresh.page)).map((r) => r.zone.replace(' (primary zone)', '')), PAYLOADS);
  await assertNothingRan(fresh.page);
  assertNoProblems([...problems, ...fresh.problems]);
  await fresh.context.close();
});

test('right-to-left, CJK and emoji names are kept whole, warned about, and shared', async () => {
  const { page, context, problems } = await openPlanner(env);
  const names = ['שלום-עולם', '東京リージョン', '🚀 launch 😀', 'e\u0301te\u0301'];
  const groups = zoneGroups(page);
  for (let i = 2; i < names.length; i += 1) await page.getByRole('button', { name: 'Add zone' }).click();
  for (const [i, name] of names.entries()) {
    await groups.nth(i).getByRole('textbox', { name: 'Zone name' }).fill(name);
  }
  const rows = await readTable(page);
  assert.deepEqual(rows.map((r) => r.zone.replace(' (primary zone)', '')), names);
  const warnings = await page.getByRole('alert').filter({ hasText: 'DNS label' }).innerText();
  for (const name of names) assert.ok(warnings.includes(name), `warned about ${name}`);
  const link = await shareLink(page);
  assert.match(new URL(link).hash, /^#4(\.\d~[A-Za-z0-9_-]+)+!E[A-Za-z0-9_-]{4}$/, 'unusual names travel as base64url');
  const fresh = await openPlanner(env, { hash: new URL(link).hash });
  assert.deepEqual(await readTable(fresh.page), rows);
  assertNoProblems([...problems, ...fresh.problems]);
  await fresh.context.close();
  await context.close();
});

test('a 10,000-character name is cut with a message; a 1,000-zone link is refused', async () => {
  const { page, context, problems } = await openPlanner(env);
  const name = zoneGroups(page).nth(1).getByRole('textbox', { name: 'Zone name' });
  await name.fill('😀'.repeat(10000));
  await page.getByRole('alert').getByText('the rest was cut').waitFor();
  assert.equal(await name.inputValue(), '😀'.repeat(15), '63 bytes: fifteen 4-byte emoji');
  assertNoProblems(problems);
  await context.close();

  const big = await openPlanner(env, { hash: `#1${'.3z'.repeat(1000)}` });
  await big.page.getByRole('alert').getByText('it has 1000 zones; the planner handles at most 50').waitFor();
  assert.equal((await readTable(big.page)).length, 2, 'the default topology is shown instead');
  assertNoProblems(big.problems);
  await big.context.close();
});
