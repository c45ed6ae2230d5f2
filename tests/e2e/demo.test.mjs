// End to end: a person types an explicit request into the demo's chat (the optimised wasm
// build, bundled by webpack), and the page shows the handoff decision and its reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveStatic, launch, watchErrors, screenshot, ROOT } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveStatic(path.join(ROOT, 'dist'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('an explicit request in the widget shows a handoff with its reason', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });

  const input = page.getByLabel('Message');
  await input.fill('hi, the dashboard numbers look wrong');
  await input.press('Enter');
  await page.getByTestId('decision-status').getByText('No handoff').waitFor();

  await input.fill('I need to speak to a person');
  await input.press('Enter');
  const status = page.getByTestId('decision-status');
  await status.getByText('Handoff: explicit_request').waitFor({ timeout: 5000 });

  const latest = page.locator('[data-testid="decision"]').first();
  assert.match(await latest.innerText(), /explicit request in message \d+/);
  assert.match(await latest.innerText(), /explicit_request/);
  await page.getByRole('status').getByText('Connecting you with a person').waitFor();

  const file = await screenshot(page, 'demo-explicit-request');
  console.log(`screenshot: ${file}`);
  assert.deepEqual(errors, [], 'the page logged no errors');
});

test('customer text is rendered as text, never as HTML', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await page.goto(server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  const input = page.getByLabel('Message');
  const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  await input.fill(payload);
  await input.press('Enter');
  await page.locator('.msg.customer', { hasText: payload }).waitFor();
  assert.equal(await page.locator('[data-handoff-widget] img, [data-handoff-widget] script').count(), 0);
  assert.equal(await page.locator('#decision-log img, #decision-log script').count(), 0);
  assert.equal(dialogs, 0, 'no script ran');
  assert.deepEqual(errors, []);
});
