// The scoring module (pkg/score/, the build without the `package` feature) that the widget loads
// with the page. At handoff the widget replays the conversation into the full module (pkg/) and
// builds the package there, so both modules must decide every message alike: checked here on
// every hand-written conversation in tests/fixtures. Run with --experimental-wasm-modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as full from '../../pkg/handoff.js';
import * as score from '../../pkg/score/handoff_score.js';

const fixtures = new URL('../fixtures/', import.meta.url);

/** Every conversation of tests/fixtures/heldout-*.jsonl. */
function conversations() {
  const all = [];
  for (const name of readdirSync(fixtures).filter((n) => /^heldout-.*\.jsonl$/.test(n)).sort()) {
    for (const line of readFileSync(new URL(name, fixtures), 'utf8').split('\n')) {
      if (line.trim()) all.push({ file: name, ...JSON.parse(line) });
    }
  }
  return all;
}

test('the scoring module exports scoring and page capture, not packaging', () => {
  assert.deepEqual(Object.keys(score).sort(), ['HandoffEngine']);
  const methods = Object.getOwnPropertyNames(score.HandoffEngine.prototype).filter((m) => !m.startsWith('__')).sort();
  assert.deepEqual(methods, ['capturePage', 'constructor', 'free', 'observe', 'reset', 'setCustomer']);
  assert.ok('buildPackage' in full.HandoffEngine.prototype && 'Outbox' in full);
});

test('both modules decide every message of every fixture conversation alike', () => {
  const list = conversations();
  assert.ok(list.length >= 100, `only ${list.length} conversations found`);
  let messages = 0;
  for (const c of list) {
    const a = new score.HandoffEngine();
    const b = new full.HandoffEngine();
    if (c.customer) {
      a.setCustomer(c.customer);
      b.setCustomer(c.customer);
    }
    for (const m of c.messages) {
      const message = { role: m.role, text: m.text, ...(m.ts ? { ts: m.ts } : {}) };
      assert.deepEqual(a.observe(message), b.observe(message), `${c.file} ${c.id} message ${messages}`);
      messages += 1;
    }
    a.free();
    b.free();
  }
  assert.ok(messages > 500, `only ${messages} messages`);
});

test('a bad policy is rejected alike, with its code and field', () => {
  const bad = { version: 1, threshold: 2 };
  const error = (Engine) => {
    try {
      new Engine(bad);
    } catch (e) {
      return { code: e.code, field: e.field, message: e.message };
    }
    return null;
  };
  const fromScore = error(score.HandoffEngine);
  assert.equal(fromScore.code, 'invalid_policy');
  assert.equal(fromScore.field, 'threshold');
  assert.deepEqual(fromScore, error(full.HandoffEngine));
});
