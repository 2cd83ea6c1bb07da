// axe-core over the planner (light and dark, with the details panel, the export formats and the
// embed snippets open) and over the embed: no violations at WCAG 2.1 AA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, openPlanner, openExports, openPanel, ROOT } from './harness.mjs';

const env = browserSuite();

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Runs axe's source in the page (through DevTools, so the page's CSP stays on). */
async function loadAxe(page) {
  await page.evaluate(`${fs.readFileSync(AXE, 'utf8')}\n;0`);
}

async function violations(page) {
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')})`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`the planner has no WCAG 2.1 AA violations (${colorScheme})`, async () => {
    const { page, context, problems } = await openPlanner(env, { colorScheme, hash: '#1.3primary.1eu-west.2~RVUgV2VzdA' });
    await loadAxe(page);
    await page.getByRole('button', { name: 'Agent, zone primary, External' }).click();
    await openExports(page);
    const embed = await openPanel(page, 'Embed in a docs page', 'Embed');
    await embed.getByRole('textbox', { name: 'Iframe snippet' }).waitFor();
    await page.getByRole('checkbox', { name: 'Show reasons' }).check();
    // The capacity panel, with a figure refused at its field and an image larger than the host.
    const capacity = await openPanel(page, 'Capacity', 'Capacity figures');
    await capacity.getByRole('table', { name: 'Capacity per zone' }).waitFor();
    await capacity.getByRole('textbox', { name: 'Peak container sessions, zone primary' }).fill('-1');
    await capacity.getByRole('textbox', { name: 'Agent host cores' }).fill('1');
    await capacity.getByRole('textbox', { name: 'Agent host memory' }).fill('4 GB');
    await capacity.getByRole('status').filter({ hasText: 'No Agent slots available' }).first().waitFor();
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the embed has no WCAG 2.1 AA violations', async () => {
  for (const theme of ['light', 'dark']) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.url}index.html?embed&theme=${theme}&title=Our%20rollout#1.3primary.1eu-west`);
    await page.getByRole('table', { name: /Role placement/ }).waitFor();
    await loadAxe(page);
    assert.deepEqual(await violations(page), [], theme);
    await context.close();
  }
});
