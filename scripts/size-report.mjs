// Size report of the shipped wasm (pkg/handoff_bg.wasm after wasm-opt -Oz): raw and gzipped
// bytes, checked against the budget in size-budget.json. Exits 1 when over budget.
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
process.exit(over ? 1 : 0);
