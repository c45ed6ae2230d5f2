// Size report of the two shipped wasm modules (after wasm-opt -Oz): the scoring module
// (pkg/score/), which the widget loads with every page, and the full module (pkg/), which it
// loads once a customer writes. Prints raw and gzipped bytes against size-budget.json, and the
// code and data sections' share. Exits 1 when a module is over its budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url)));
const MODULES = [
  ['scoring', 'pkg/score/handoff_score_bg.wasm', 'loaded with the page'],
  ['full', 'pkg/handoff_bg.wasm', 'loaded once a customer writes'],
];

/** The module's code and data sections: [name, raw bytes, gzipped on their own]. */
function sections(wasm) {
  const out = [];
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const len = leb();
    const name = { 10: 'code', 11: 'data' }[id];
    if (name) out.push([name, len, gzipSync(wasm.subarray(at, at + len), { level: 9 }).length]);
    at += len;
  }
  return out;
}

let over = false;
for (const [key, file, when] of MODULES) {
  const limits = budget[key];
  const wasm = readFileSync(new URL(`../${file}`, import.meta.url));
  const rows = [
    ['raw', wasm.length, limits.raw_bytes],
    ['gzip -9', gzipSync(wasm, { level: 9 }).length, limits.gzip_bytes],
  ];
  console.log(`size report: ${file} (the ${key} module, ${when})`);
  for (const [what, size, limit] of rows) {
    const pct = ((100 * size) / limit).toFixed(1);
    const verdict = size <= limit ? 'ok' : 'OVER BUDGET';
    if (size > limit) over = true;
    console.log(`  ${what.padEnd(8)} ${String(size).padStart(8)} B  budget ${limit} B  (${pct}%)  ${verdict}`);
  }
  for (const [name, raw, packed] of sections(wasm)) {
    console.log(`  ${(name + ' section').padEnd(12)} ${String(raw).padStart(8)} B raw, ${packed} B gzipped on its own`);
  }
}
process.exit(over ? 1 : 0);
