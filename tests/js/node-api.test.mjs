// The optimised wasm package (pkg/, bundler target) used from Node exactly as a bundler would
// load it, through the public JS API. Run with --experimental-wasm-modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HandoffEngine, Outbox } from '../../pkg/handoff.js';

test('observe returns plain decision objects and reset starts over', () => {
  const engine = new HandoffEngine();
  const first = engine.observe({ role: 'customer', text: 'hello, where are my invoices?' });
  assert.equal(first.escalate, false);
  assert.equal(first.turn, null);
  assert.deepEqual(first.reasons, []);
  const d = engine.observe({ role: 'customer', text: 'Can I talk to a real person?' });
  assert.equal(d.escalate, true);
  assert.equal(d.turn, 1);
  assert.equal(d.reasons[0].reason, 'explicit_request');
  assert.equal(d.reasons[0].message_index, 1);
  assert.ok(['low', 'normal', 'high', 'urgent'].includes(d.priority));
  assert.ok(d.sentiment >= -1 && d.sentiment <= 1);
  assert.deepEqual(JSON.parse(JSON.stringify(d)), d, 'a plain, JSON-safe object');
  d.reasons.push('mutated');
  const again = engine.observe({ role: 'customer', text: 'hello?' });
  assert.equal(again.reasons.length, 1, 'callers cannot corrupt the engine by mutating results');
  engine.reset();
  assert.equal(engine.observe({ role: 'customer', text: 'hi' }).escalate, false);
});

test('messages are read whole: roles, timestamps, and the field that is wrong', () => {
  const engine = new HandoffEngine();
  for (const role of ['bot', 'agent', 'system']) {
    assert.equal(engine.observe({ role, text: 'hello', ts: null }).escalate, false);
  }
  const d = engine.observe({ role: 'customer', text: 'pasame con un agente', ts: '2026-01-02T03:04:05Z' });
  assert.equal(d.language, 'es');
  const calm = engine.observe({ role: 'customer', text: 'ok' });
  assert.equal(calm.language, 'es', 'the language stays once known');
  assert.equal(calm.explanation, d.explanation, 'the explanation holds while the reasons do');
  const pkg = engine.buildPackage({ nonce: 'n', created_at: '2026-01-02T03:05:00Z', page: {} });
  const ts = pkg.transcript.messages.map((m) => m.ts ?? null);
  assert.deepEqual(ts, [null, null, null, '2026-01-02T03:04:05Z', null]);
  assert.throws(() => engine.observe({ role: 'customer', text: 'x', ts: 5 }), { code: 'invalid_type', field: 'ts' });
  assert.throws(() => engine.observe({ role: 'customer', text: 7 }), { code: 'invalid_type', field: 'text' });
  assert.throws(() => engine.observe({ role: 'Customer', text: 'x' }), { code: 'invalid_role', field: 'role' });
  assert.throws(() => engine.observe(null), { code: 'invalid_type' });
  assert.equal(engine.observe({ role: 'customer', text: 'still here' }).turn, 3, 'bad messages are not observed');
});

test('errors are real Errors with stable codes', () => {
  const engine = new HandoffEngine();
  assert.throws(() => engine.observe({ role: 'robot', text: 'x' }), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, 'invalid_role');
    assert.equal(err.field, 'role');
    return true;
  });
  assert.throws(() => engine.observe({ role: 'customer' }), { code: 'missing_field' });
  assert.throws(() => engine.observe('hi'), { code: 'invalid_type' });
  assert.throws(() => new HandoffEngine({ weights: { frustration: 'high' } }), (err) => {
    assert.equal(err.code, 'invalid_policy');
    assert.equal(err.field, 'weights.frustration');
    return true;
  });
  assert.throws(() => new HandoffEngine({ version: 9 }), { code: 'unsupported_policy_version' });
  assert.equal(new HandoffEngine({ threshold: 0.7 }).observe({ role: 'bot', text: 'hi' }).escalate, false);
});

test('buildPackage redacts before anything leaves, and compactPackage flattens it under 4 KB', () => {
  const engine = new HandoffEngine();
  engine.observe({ role: 'customer', text: 'my card 4242 4242 4242 4242 was charged twice, mail me at jane@example.com' });
  engine.observe({ role: 'bot', text: 'Sorry! Please check Billing > Invoices.' });
  engine.observe({ role: 'customer', text: 'I already did. Get me a real person.' });
  const pkg = engine.buildPackage({
    customer: { id: 'u-42', tier: 'pro', email: 'jane@example.com' },
    page: { url: 'https://app.example.com/billing?token=abc123secret&tab=2', title: 'Billing', section: 'Billing > Payment method' },
    created_at: '2026-11-24T18:00:00Z',
    nonce: 'n-1',
  });
  assert.equal(pkg.schema_version, 1);
  assert.match(pkg.id, /^hp_/);
  assert.equal(pkg.decision.escalate, true);
  const text = JSON.stringify(pkg);
  assert.doesNotMatch(text, /4242 4242 4242 4242|jane@example\.com|abc123secret/);
  assert.match(text, /\[card \*\*\*\*4242\]/);
  assert.equal(pkg.page.section, 'Billing > Payment method');
  const again = engine.buildPackage({ created_at: '2026-11-24T18:00:00Z', nonce: 'n-1' });
  assert.equal(again.id, pkg.id, 'same inputs, same idempotency key');

  const compact = engine.compactPackage(pkg);
  assert.ok(new TextEncoder().encode(JSON.stringify(compact)).length <= 4096);
  for (const v of Object.values(compact)) assert.ok(['string', 'number', 'boolean'].includes(typeof v));
  assert.equal(compact.handoff_package_id, pkg.id);
  assert.throws(() => engine.compactPackage({ id: 'hp_other' }), { code: 'unknown_package' });
  assert.throws(() => engine.buildPackage({ created_at: 'yesterday' }), { code: 'invalid_value' });
});

test("the widget counts stored packages under the outbox's own storage key", () => {
  // The widget counts queued packages before the full module loads, so it names the key itself.
  const widget = readFileSync(new URL('../../www/widget/handoff-widget.js', import.meta.url), 'utf8');
  const named = widget.match(/const OUTBOX_KEY = '([^']+)';/);
  assert.ok(named, 'the widget names OUTBOX_KEY');
  assert.equal(named[1], Outbox.storageKey());
});
