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
    // Pending counts the package from the moment the handoff starts; it is stored once built.
    await page.waitForFunction(() => window.Handoff.pending === 1 && localStorage.getItem('handoff.outbox.v1'));
    const stored = await page.evaluate(() => localStorage.getItem('handoff.outbox.v1'));
    assert.doesNotMatch(stored, /4242 4242 4242 4242/, 'what waits in storage is already redacted');

    // A reload keeps the package queued (the relay is still unreachable).
    await page.reload();
    await page.waitForFunction(() => window.handoffDemo?.ready === true);
    // A flush at once, while the full module may still be loading, answers with the counts.
    const early = await page.evaluate(() => window.Handoff.flush());
    assert.deepEqual([early.delivered, early.pending], [0, 1]);
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

/** The wasm modules the page has fetched so far. */
const wasmFetched = (page) =>
  page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.wasm$/.test(e.name)).length);

test('the page loads only the scoring module; the full module comes when the customer writes', async () => {
  const page = await loop.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(loop.server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  // The greeting was observed (a bot message): still the scoring module alone.
  await page.waitForTimeout(300);
  assert.equal(await wasmFetched(page), 1, 'only the scoring module with the page');

  const input = page.getByLabel('Message');
  await input.fill('hi, the export to csv keeps failing');
  await input.press('Enter');
  await page.getByTestId('decision-status').getByText('No handoff').waitFor();
  await page.waitForFunction(
    () => performance.getEntriesByType('resource').filter((e) => /\.wasm$/.test(e.name)).length === 2,
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('when the full module does not load at first, the handoff waits for it and is delivered once', async () => {
  const page = await loop.browser.newPage();
  let refused = 0;
  // The first request for the packaging chunk fails, as on a dropped connection.
  await page.route(/handoff-package\.[0-9a-f]+\.js$/, (route) => {
    if (refused === 0) {
      refused += 1;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const moduleErrors = [];
  await page.exposeFunction('recordModuleError', (code) => moduleErrors.push(code));
  await page.goto(loop.server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  await page.evaluate(() => window.Handoff.on('error', (e) => window.recordModuleError(e.code)));

  const input = page.getByLabel('Message');
  await input.fill('my email is pat@example.com, get me a real person to fix my export');
  await input.press('Enter');
  await page.getByRole('status').getByText('Connecting you with a person').waitFor();
  // Pending counts the package still being built, so it is never 0 before delivery.
  assert.ok((await page.evaluate(() => window.Handoff.pending)) >= 1);
  await page.waitForFunction(() => window.Handoff.pending === 0, null, { timeout: 15000 });
  assert.equal(refused, 1);
  assert.ok(moduleErrors.includes('module_unavailable'), moduleErrors.join());

  const inbox = await loop.relay.inbox();
  const mine = inbox.filter((h) => h.package.decision.reasons.some((r) => r.evidence.includes('real person')));
  assert.equal(mine.length, 1, 'delivered once');
  const text = JSON.stringify(mine[0].package);
  assert.doesNotMatch(text, /pat@example\.com/, 'redacted before it left the page');
  assert.equal(mine[0].package.decision.reasons[0].reason, 'explicit_request');
  await page.close();
});

test('a package waiting from an earlier page does not hold the widget back when the full module cannot load', async () => {
  const page = await loop.browser.newPage();
  await page.route(/handoff-package\.[0-9a-f]+\.js$/, (route) => route.abort('connectionreset'));
  // The outbox as an earlier page left it: one package the relay never took.
  await page.addInitScript(() => {
    const record = { id: 'hp_waiting', body: '{"id":"hp_waiting"}', attempts: 1, next_at: 0 };
    localStorage.setItem('handoff.outbox.v1', JSON.stringify([record]));
  });
  await page.goto(loop.server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.Handoff.pending), 1, 'still counted as waiting');
  // Scoring works meanwhile.
  const input = page.getByLabel('Message');
  await input.fill('how do I export my invoices?');
  await input.press('Enter');
  await page.getByTestId('decision-status').getByText('No handoff').waitFor();
  assert.ok(await page.evaluate(() => localStorage.getItem('handoff.outbox.v1').includes('hp_waiting')), 'nothing dropped');
  await page.evaluate(() => localStorage.removeItem('handoff.outbox.v1'));
  await page.close();
});
