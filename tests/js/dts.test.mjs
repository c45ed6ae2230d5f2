// Snapshot of the generated TypeScript surface (pkg/handoff.d.ts): the JS API changes only on
// purpose. After an intended change, run `UPDATE_SNAPSHOTS=1 node --test tests/js/` and commit
// tests/snapshots/handoff.d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

const generated = new URL('../../pkg/handoff.d.ts', import.meta.url);
const snapshot = new URL('../snapshots/handoff.d.ts', import.meta.url);

test('the TypeScript surface matches the snapshot', () => {
  const actual = readFileSync(generated, 'utf8');
  if (process.env.UPDATE_SNAPSHOTS) writeFileSync(snapshot, actual);
  const expected = readFileSync(snapshot, 'utf8');
  assert.equal(actual, expected, 'pkg/handoff.d.ts changed; see the comment at the top of this test');
  assert.match(actual, /observe\(message: Message\): Decision;/);
  assert.doesNotMatch(actual, /: any\b/, 'every parameter and result has a real type');
});
