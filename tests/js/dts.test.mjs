// Snapshots of the generated TypeScript surfaces (pkg/handoff.d.ts, the full module, and
// pkg/score/handoff_score.d.ts, the scoring module): the JS API changes only on purpose. After an
// intended change, run `UPDATE_SNAPSHOTS=1 node --test tests/js/` and commit tests/snapshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

/** Checks `pkg/<path>` against `tests/snapshots/<name>` and returns its text. */
function matchesSnapshot(path, name) {
  const actual = readFileSync(new URL(`../../pkg/${path}`, import.meta.url), 'utf8');
  const snapshot = new URL(`../snapshots/${name}`, import.meta.url);
  if (process.env.UPDATE_SNAPSHOTS) writeFileSync(snapshot, actual);
  const expected = readFileSync(snapshot, 'utf8');
  assert.equal(actual, expected, `pkg/${path} changed; see the comment at the top of this test`);
  assert.match(actual, /observe\(message: Message\): Decision;/);
  assert.doesNotMatch(actual, /: any\b/, 'every parameter and result has a real type');
  return actual;
}

test('the TypeScript surface matches the snapshot', () => {
  const full = matchesSnapshot('handoff.d.ts', 'handoff.d.ts');
  assert.match(full, /buildPackage\(/);
  assert.match(full, /export class Outbox/);
});

test('the scoring module declares scoring and page capture only', () => {
  const score = matchesSnapshot('score/handoff_score.d.ts', 'handoff_score.d.ts');
  assert.match(score, /capturePage\(\): PageContext;/);
  assert.doesNotMatch(score, /buildPackage\(|compactPackage\(|export class Outbox/);
});
