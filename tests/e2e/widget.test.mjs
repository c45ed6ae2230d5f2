// End to end: the widget as a site with its own chat uses it (window.Handoff fed by the host),
// with the Zendesk and Intercom bridges talking to recording stand-ins of zE and Intercom, and
// the reference chat UI driven by the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { ROOT, screenshot, seriousA11yViolations, useLoop, watchErrors } from './harness.mjs';

const fixture = (name) => async (req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(await readFile(path.join(ROOT, 'tests/e2e/fixtures', name)));
};
const loop = useLoop({ '/bridges.html': fixture('bridges.html') });

test('a host chat feeds messages in; bridges set Zendesk fields and Intercom attributes once', async () => {
  const page = await loop.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${loop.server.url}/bridges.html`);
  await page.evaluate(() => window.fixtureReady);
  const first = await page.evaluate(() => Handoff.observe({ role: 'customer', text: 'my invoice is wrong' }));
  assert.equal(first.escalate, false);
  assert.deepEqual(await page.evaluate(() => window.calls.zE), []);

  const d = await page.evaluate(() => Handoff.observe({ role: 'customer', text: 'transfer me to a representative' }));
  assert.equal(d.escalate, true);
  await page.evaluate(() => Handoff.observe({ role: 'customer', text: 'hello??' }));
  // The package is built in the full module, which loaded when the customer first wrote.
  await page.waitForFunction(() => window.handoffEvents.length === 1);

  const calls = await page.evaluate(() => window.calls);
  const fields = calls.zE.find((c) => c[1] === 'conversationFields');
  assert.ok(fields, 'conversation fields set');
  assert.deepEqual(fields[2].map((f) => f.id).sort(), [360001, 360002]);
  const tags = calls.zE.find((c) => c[1] === 'conversationTags')[2];
  assert.ok(tags.includes('bot_handoff') && tags.includes('handoff_explicit_request'), tags.join());
  assert.ok(tags.every((t) => !/\s/.test(t)), 'Zendesk tags carry no spaces');
  assert.deepEqual(calls.zE.at(-1), ['messenger', 'open']);
  assert.equal(calls.zE.filter((c) => c[1] === 'conversationTags').length, 1, 'bridged once');

  const update = calls.Intercom.find((c) => c[0] === 'update');
  assert.equal(update[1].handoff_reasons, 'explicit_request');
  const event = calls.Intercom.find((c) => c[0] === 'trackEvent');
  assert.equal(event[1], 'handoff-requested');
  assert.ok(Object.keys(event[2]).length <= 20);
  assert.ok(calls.Intercom.some((c) => c[0] === 'showNewMessage'));
  assert.equal(await page.evaluate(() => window.handoffEvents.length), 1);

  await assert.rejects(
    page.evaluate(() => Handoff.observe({ role: 'nobody', text: 'x' }).catch((e) => Promise.reject(new Error(e.code)))),
    /invalid_role/,
  );
  assert.deepEqual(errors, []);
});

test('the reference chat works with the keyboard alone', async () => {
  const page = await loop.browser.newPage();
  await page.goto(loop.server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  // Close, then reopen from the launcher using only the keyboard.
  await page.keyboard.press('Escape');
  const launcher = page.getByRole('button', { name: 'Chat with us' });
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  await launcher.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.getByRole('button', { name: 'Hide chat' }).getAttribute('aria-expanded'), 'true');
  // Focus lands in the message box; type and send with Enter.
  await page.keyboard.type('I want to talk to a human please');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Connecting you with a person').waitFor();
  const log = page.getByRole('log', { name: 'Conversation' });
  assert.match(await log.innerText(), /I want to talk to a human please/);
  // Tab reaches the send button, then wraps out of the widget.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent), 'Send');
  await screenshot(page, 'widget-keyboard');
});

test('axe-core finds no serious accessibility violations in the widget', async () => {
  const page = await loop.browser.newPage();
  await page.goto(loop.server.url);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  const input = page.getByLabel('Message');
  await input.fill('hello, where are my invoices?');
  await input.press('Enter');
  await page.locator('.msg.bot').nth(1).waitFor();
  const violations = await seriousA11yViolations(page, { include: [['[data-handoff-widget]']] });
  assert.deepEqual(violations, []);
});
