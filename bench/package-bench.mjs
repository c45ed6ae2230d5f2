// Time to build both forms of the handoff package (buildPackage + compactPackage, redaction
// included) for a 200-message conversation, in the optimised wasm build through the public JS
// API. Target: under 1 ms. Prints the median over rounds; no assertion.
//
// Run: node --experimental-wasm-modules --no-warnings bench/package-bench.mjs [--rounds N]
import { HandoffEngine } from '../pkg/handoff.js';

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf('--rounds') + 1]) || 200;

const customerLines = [
  'hi, my invoice INV-2026-0311 shows a double charge',
  'I already tried the refund form, it says error E-4012',
  'my card 4242 4242 4242 4242 was charged twice, email me at dana@example.com',
  'this is still not working and honestly ridiculous',
  'can you check order JP-55120 please',
];
const botLines = [
  'Sorry to hear that! Have you checked Billing > Invoices?',
  'You can request a refund from Billing > Refunds. It takes 5 to 7 days.',
  'Try clearing your browser cache and signing in again.',
];
const engine = new HandoffEngine();
engine.setCustomer({ id: 'cus_1', name: 'Dana', tier: 'pro', plan: 'Growth', tenure_days: 400, open_tickets: 1 });
for (let i = 0; i < 200; i++) {
  const customer = i % 2 === 0;
  const pool = customer ? customerLines : botLines;
  engine.observe({ role: customer ? 'customer' : 'bot', text: `${pool[i % pool.length]} (${i})` });
}
const page = {
  url: 'https://app.example.com/billing/payment?tab=2&token=abc',
  title: 'Billing',
  section: 'Billing > Payment method',
  breadcrumb: ['Billing', 'Payment method'],
  trail: [{ section: 'Dashboard' }, { section: 'Billing > Invoices' }, { section: 'Billing > Payment method' }],
  last_click: 'Update card',
  errors: ['Card declined (code 51)'],
};
const once = (i) => {
  const pkg = engine.buildPackage({ page, created_at: '2026-11-24T18:00:00Z', nonce: `n${i}` });
  return engine.compactPackage(pkg);
};
for (let i = 0; i < 20; i++) once(i);
const times = [];
let size = 0;
for (let i = 0; i < ROUNDS; i++) {
  const t0 = process.hrtime.bigint();
  const compact = once(i);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  size = JSON.stringify(compact).length;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p90 = times[Math.floor(times.length * 0.9)];
console.log(`200-message conversation, buildPackage + compactPackage, ${ROUNDS} rounds`);
console.log(`median ${median.toFixed(3)} ms, p90 ${p90.toFixed(3)} ms (target: under 1 ms); compact form ${size} bytes`);
