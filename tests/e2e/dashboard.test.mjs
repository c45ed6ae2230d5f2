// End to end: outcome events posted to the relay show on the outcomes dashboard in headless
// Chromium, with the figures computed by hand for the fixture (see tests/metrics.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { ROOT, screenshot, seriousA11yViolations, useLoop, watchErrors } from './harness.mjs';

const loop = useLoop();

test('the dashboard renders the relay metrics of posted outcomes', async () => {
  const lines = (await readFile(path.join(ROOT, 'tests/fixtures/outcomes/small.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim());
  const res = await fetch(`${loop.relay.url}/v1/outcomes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `[${lines.join(',')}]`,
  });
  assert.equal(res.status, 202, await res.text());

  const page = await loop.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${loop.server.url}/dashboard.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 10000 });
  const kpi = (id) => page.getByTestId(`kpi-${id}`).innerText();
  assert.equal(await kpi('handoff-rate'), '60.0%');
  assert.equal(await kpi('resolution'), '17.5 min / 32.5 min');
  assert.match(await kpi('csat'), /^3\.60 /);
  assert.match(await page.locator('h2#overall').innerText(), /10 conversations/);
  assert.ok((await page.locator('svg rect.bar').count()) >= 2, 'one bar per day');
  assert.ok((await page.locator('table').first().locator('tbody tr').count()) >= 2, 'rows per reason');
  await screenshot(page, 'dashboard');
  assert.deepEqual(await seriousA11yViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});
