// End to end, the whole loop on one machine as the demo runs it: the customer talks to the
// widget on the product page, the package goes through the relay into its local inbox, and the
// agent sidebar (the Zendesk app with a stand-in ZAF client) shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, seriousA11yViolations, useLoop, watchErrors } from './harness.mjs';

const loop = useLoop();

async function openDemo(hash = '') {
  const page = await loop.browser.newPage();
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await page.goto(`${loop.server.url}/${hash}`);
  await page.waitForFunction(() => window.handoffDemo?.ready === true, null, { timeout: 15000 });
  return { page, errors, dialogs: () => dialogs };
}

async function say(page, text) {
  const input = page.getByLabel('Message');
  await input.fill(text);
  await input.press('Enter');
  await page.locator('.msg.customer', { hasText: text }).last().waitFor();
}

/** The sidebar frame, once it shows the package `id`. */
async function sidebarShowing(page, id) {
  const frame = page.frameLocator('#agent-sidebar');
  await page.waitForFunction(
    (want) => document.getElementById('agent-sidebar').contentDocument?.body?.dataset.packageId === want,
    id,
    { timeout: 10000 },
  );
  return frame;
}

async function newestPackage() {
  for (let i = 0; i < 50; i++) {
    const inbox = await loop.relay.inbox();
    if (inbox.length) return inbox[0].package;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('nothing reached the inbox');
}

test('three asks for a person after a bad answer: the handoff happens at the first, the sidebar shows it', async () => {
  const { page, errors } = await openDemo();
  const before = (await loop.relay.inbox()).length;
  await say(page, 'the export button does nothing');
  await page.locator('.msg.bot').nth(1).waitFor();
  await say(page, 'can I talk to someone who can actually help');
  await page.getByRole('status').getByText('Connecting you with a person').waitFor();
  await say(page, 'hello?? a human please');
  await say(page, 'REPRESENTATIVE');

  await page.waitForFunction(() => window.Handoff.pending === 0);
  const inbox = await loop.relay.inbox();
  assert.equal(inbox.length, before + 1, 'one handoff, not three');
  const pkg = inbox[0].package;
  assert.equal(pkg.decision.turn, 3, 'decided after the first ask (message 4, after the greeting and the bad answer)');
  assert.equal(pkg.decision.reasons[0].reason, 'explicit_request');

  const frame = await sidebarShowing(page, pkg.id);
  await frame.getByText('explicit request', { exact: false }).first().waitFor();
  const reasonsText = await frame.locator('ol.reasons').innerText();
  assert.match(reasonsText, /in message 4/);
  const trigger = frame.locator('.transcript .msg.trigger');
  assert.equal(await trigger.count(), 1);
  assert.match(await trigger.innerText(), /can I talk to someone who can actually help/);
  // The bot stayed silent once a person was on the way.
  assert.equal(await page.locator('.msg.bot').count(), 2);

  // The agent rates the handoff; the rating reaches the relay's metrics as an outcome.
  await frame.getByRole('button', { name: 'Right time' }).click();
  await frame.getByRole('status').getByText('Thanks: rated').waitFor();
  const metrics = await (await fetch(`${loop.relay.url}/v1/metrics`)).json();
  assert.equal(metrics.overall.verdicts.right_time, 1);
  assert.equal(metrics.by_reason.explicit_request?.verdicts.right_time, 1, 'filled from the stored package');
  await screenshot(page, 'sidebar-three-asks');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the customer moves to Billing > Payment method, then escalates: the sidebar shows the section and the trail', async () => {
  const { page, errors } = await openDemo('#dashboard');
  await page.getByRole('link', { name: 'Payment method' }).click();
  await page.getByRole('button', { name: 'Update card' }).click();
  await say(page, 'my card keeps getting declined and I was charged twice, get me a real person');
  await page.getByRole('status').getByText('Connecting you with a person').waitFor();
  await page.waitForFunction(() => window.Handoff.pending === 0);
  const pkg = await newestPackage();
  assert.equal(pkg.page.section, 'Billing > Payment method');
  assert.ok(pkg.page.trail.some((v) => v.section === 'Dashboard'), JSON.stringify(pkg.page.trail));
  assert.equal(pkg.page.last_click, 'Update card');
  assert.ok(pkg.page.errors.some((e) => /card declined/.test(e)));
  assert.deepEqual(pkg.page.breadcrumb, ['Billing', 'Payment method']);

  const frame = await sidebarShowing(page, pkg.id);
  assert.equal(await frame.getByTestId('page-section').innerText(), 'Billing > Payment method');
  assert.match(await frame.getByTestId('page-trail').innerText(), /Dashboard → Billing > Payment method/);
  await screenshot(page, 'sidebar-section-trail');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hostile markup shows as text in the widget and the sidebar and runs nothing', async () => {
  const { page, errors, dialogs } = await openDemo();
  const payloads = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script> speak to a person'];
  for (const p of payloads) await say(page, p);
  await page.waitForFunction(() => window.Handoff.pending === 0);
  const pkg = await newestPackage();
  const frame = await sidebarShowing(page, pkg.id);
  for (const p of payloads) await frame.locator('.transcript .text', { hasText: p }).waitFor();
  assert.equal(await frame.locator('.transcript img, .transcript script').count(), 0);
  assert.equal(await page.locator('[data-handoff-widget] img, [data-handoff-widget] script').count(), 0);
  assert.equal(dialogs(), 0);
  assert.deepEqual(errors, []);
  const violations = await seriousA11yViolations(page.frames().find((f) => f.url().includes('sidebar.html')));
  assert.deepEqual(violations, [], 'the sidebar has no serious accessibility violations');
  await page.close();
});
