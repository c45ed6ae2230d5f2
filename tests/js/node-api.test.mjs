// The optimised wasm package (pkg/, bundler target) used from Node exactly as a bundler would
// load it, through the public JS API. Run with --experimental-wasm-modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HandoffEngine } from '../../pkg/handoff.js';

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
