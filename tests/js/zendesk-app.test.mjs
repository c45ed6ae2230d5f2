// The Zendesk sidebar app package (dist/handoff-zendesk-app.zip, built by
// scripts/build-zendesk-app.mjs) passes the offline checks of Zendesk's documented app
// requirements, and each check catches the mistake it is for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { unzip, validateApp, duplicateKeys } from '../../scripts/validate-zendesk-app.mjs';
import { zip } from '../../scripts/build-zendesk-app.mjs';

const built = () => unzip(readFileSync(new URL('../../dist/handoff-zendesk-app.zip', import.meta.url)));

function withManifest(files, edit) {
  const copy = new Map(files);
  const m = JSON.parse(copy.get('manifest.json').toString());
  edit(m);
  copy.set('manifest.json', Buffer.from(JSON.stringify(m)));
  return copy;
}

test('the built app is valid and holds what Zendesk serves', () => {
  const files = built();
  const { errors, warnings } = validateApp(files);
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, []);
  const manifest = JSON.parse(files.get('manifest.json'));
  assert.equal(manifest.location.support.ticket_sidebar.url, 'assets/iframe.html');
  const iframe = files.get('assets/iframe.html').toString();
  assert.match(iframe, /zaf_sdk\.min\.js/);
  const bundle = /src="(sidebar\.[0-9a-f]+\.js)"/.exec(iframe)[1];
  assert.ok(files.has(`assets/${bundle}`), 'the iframe loads a bundle that is in the package');
  const key = manifest.parameters.find((p) => p.name === 'inbox_key');
  assert.equal(key.secure, true, 'the relay key is a secure setting');
  assert.ok(files.get('assets/logo.png').subarray(1, 4).equals(Buffer.from('PNG')));
});

test('each rule catches its mistake', () => {
  const files = built();
  const cases = [
    [(m) => { delete m.author; }, /lacks "author"/],
    [(m) => { m.frameworkVersion = '1.0'; }, /frameworkVersion must be "2.0"/],
    [(m) => { m.location = {}; }, /no location/],
    [(m) => { m.location.support.ticket_sidebr = m.location.support.ticket_sidebar; }, /unknown support location/],
    [(m) => { m.location.support.ticket_sidebar.url = 'assets/missing.html'; }, /must be https/],
    [(m) => { m.location.support.ticket_sidebar.url = 'http://example.com/app'; }, /must be https/],
    [(m) => { m.parameters.push({ name: 'name', type: 'text' }); }, /may not be called "name"/],
    [(m) => { m.parameters.push({ name: 'tok', type: 'oauth', secure: true }); }, /oauth parameters cannot be secure/],
    [(m) => { m.defaultLocale = 'fr'; }, /translations\/fr\.json is missing/],
    [(m) => { m.domainWhitelist = 'example.com'; }, /domainWhitelist/],
  ];
  for (const [edit, expected] of cases) {
    const { errors } = validateApp(withManifest(files, edit));
    assert.ok(errors.some((e) => expected.test(e)), `${expected}: ${errors.join('; ')}`);
  }
  const warned = validateApp(withManifest(files, (m) => m.parameters.push({ name: 'api_token', type: 'text' })));
  assert.ok(warned.warnings.some((w) => /looks like a secret/.test(w)));
  const leaky = new Map(files);
  leaky.set('assets/extra.js', Buffer.from('const password = "hunter2";'));
  leaky.set('assets/tool.sh', Buffer.from('echo'));
  const { errors } = validateApp(leaky);
  assert.ok(errors.some((e) => /secret-looking/.test(e)));
  assert.ok(errors.some((e) => /tool\.sh: this file type/.test(e)));
  const nested = new Map([...files].map(([k, v]) => [`app/${k}`, v]));
  assert.match(validateApp(nested).errors[0], /at the root/);
  assert.deepEqual(duplicateKeys('{"a": 1, "b": {"a": 2}, "a": 3}'), ['a']);
});

test('zip and unzip round-trip', () => {
  const files = [
    { name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
    { name: 'dir/b.json', data: Buffer.from('{}') },
  ];
  const back = unzip(zip(files));
  assert.deepEqual([...back.keys()], ['a.txt', 'dir/b.json']);
  assert.equal(back.get('a.txt').toString(), 'hello '.repeat(100));
});
