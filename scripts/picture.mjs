// The README's picture of the planner: dist/ served on loopback, a topology that shows every
// kind of placement (three zones, one in the primary zone's region), the editor, the table and
// the diagram in one frame. Usage: node scripts/picture.mjs OUTPUT.png
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../e2e/server.mjs';

const output = process.argv[2];
if (!output) {
  console.error('usage: node scripts/picture.mjs OUTPUT.png');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const server = await serve(path.join(root, 'dist'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' });
  // hq (primary, both session types), dmz in hq's region (RDP/VNC), branch with a Dedicated Proxy.
  await page.goto(`${server.url}index.html#2.3hq.2dmz.5branch!kasm.acme.io!Rus-east.us-east`);
  await page.getByRole('table', { name: /Role placement/ }).waitFor();
  await page.locator('svg.kasm-diagram').waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: output, fullPage: false });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await server.close();
}
