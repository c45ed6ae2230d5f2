// Size report of the shipped wasm (pkg/handoff_bg.wasm after wasm-opt -Oz): raw and gzipped
// bytes, checked against the budget in size-budget.json, and the code and data sections' share.
// Exits 1 when over budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url)));
const wasm = readFileSync(new URL('../pkg/handoff_bg.wasm', import.meta.url));
const raw = wasm.length;
const gzip = gzipSync(wasm, { level: 9 }).length;
const rows = [
  ['raw', raw, budget.wasm_raw_bytes],
  ['gzip -9', gzip, budget.wasm_gzip_bytes],
];
let over = false;
console.log('size report: pkg/handoff_bg.wasm');
for (const [what, size, limit] of rows) {
  const pct = ((100 * size) / limit).toFixed(1);
  const verdict = size <= limit ? 'ok' : 'OVER BUDGET';
  if (size > limit) over = true;
  console.log(`  ${what.padEnd(8)} ${String(size).padStart(8)} B  budget ${limit} B  (${pct}%)  ${verdict}`);
}
// Where the bytes are: the code and data sections, raw and gzipped on their own.
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
  if (name) {
    const body = wasm.subarray(at, at + len);
    const packed = gzipSync(body, { level: 9 }).length;
    console.log(`  ${(name + ' section').padEnd(12)} ${String(len).padStart(8)} B raw, ${packed} B gzipped on its own`);
  }
  at += len;
}
process.exit(over ? 1 : 0);
