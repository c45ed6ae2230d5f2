// End to end: a person types an explicit request into the demo's chat (the optimised wasm
// build, bundled by webpack), and the page shows the handoff decision and its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, screenshot, serveStatic, useLoop, startRelay, watchErrors } from './harness.mjs';

const loop = useLoop();

test('an explicit request in the widget shows a handoff with its reason', async () => {
  const page = await loop.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(loop.server.url);
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

  // The package reached the relay's local inbox, redacted, with the reason and its message.
  await page.waitForFunction(() => window.Handoff.pending === 0);
  const inbox = await loop.relay.inbox();
  const mine = inbox.filter((h) => h.package.decision.reasons.some((r) => r.evidence.includes('speak to a person')));
  assert.equal(mine.length, 1, 'delivered once');
  assert.equal(mine[0].package.decision.reasons[0].reason, 'explicit_request');
  assert.deepEqual(errors, [], 'the page logged no errors');
});

test('with the relay down, the package waits in the browser and is delivered once when it is back', async () => {
  const own = await startRelay();
  let reachable = false;
  const site = await serveStatic(path.join(ROOT, 'dist'), {}, { relay: () => (reachable ? own.url : null) });
  const page = await loop.browser.newPage();
  try {
    await page.goto(site.url);
    await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
    const input = page.getByLabel('Message');
    await input.fill('my card 4242 4242 4242 4242 was charged twice. transfer me to an agent');
    await input.press('Enter');
    await page.getByRole('status').getByText('Connecting you with a person').waitFor();
    await page.waitForFunction(() => window.Handoff.pending === 1);
    const stored = await page.evaluate(() => localStorage.getItem('handoff.outbox.v1'));
    assert.doesNotMatch(stored, /4242 4242 4242 4242/, 'what waits in storage is already redacted');

    // A reload keeps the package queued (the relay is still unreachable).
    await page.reload();
    await page.waitForFunction(() => window.handoffDemo?.ready === true);
    assert.equal(await page.evaluate(() => window.Handoff.pending), 1);
    assert.equal((await own.inbox()).length, 0);

    reachable = true;
    // Retry as the widget's timer would, until the queue drains.
    let delivered = 0;
    for (let i = 0; i < 20 && (await page.evaluate(() => window.Handoff.pending)) > 0; i++) {
      delivered += (await page.evaluate(() => window.Handoff.flush())).delivered;
      await page.waitForTimeout(100);
    }
    assert.equal(await page.evaluate(() => window.Handoff.pending), 0);
    assert.ok(delivered <= 1);
    await page.evaluate(() => window.Handoff.flush());
    const inbox = await own.inbox();
    assert.equal(inbox.length, 1, 'exactly once');
    assert.match(JSON.stringify(inbox[0].package), /\[card \*\*\*\*4242\]/);
  } finally {
    await page.close();
    await site.close();
    await own.stop();
  }
});

test('customer text is rendered as text, never as HTML', async () => {
  const page = await loop.browser.newPage();
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await page.goto(loop.server.url);
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
