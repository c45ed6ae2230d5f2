// Per-message speed of the Handoff engine's wasm build (every signal, through the public JS API
// `observe`, one message at a time) against npm vader-sentiment, wink-sentiment and sentiment,
// all in this one Node process on one corpus of support messages. Prints microseconds per
// message (median of rounds) and ratios; compare ratios, not absolute figures across runs.
//
// Run: node --experimental-wasm-modules bench/sentiment-bench.mjs [--messages N] [--rounds R]
// [--warmup-ms MS] [--baseline DIR]
// The engine timed is the scoring module (pkg/score/), which the widget scores with.
// --baseline DIR also times another build (DIR/handoff_score.js, else DIR/handoff.js: a
// pkg/score/ or a pkg/ copied aside) in the same rounds: machine noise then falls on both builds alike, which
// separate runs cannot promise.
// (npm run bench does this). The corpus is real support text from ../shared/data (airline
// tweets and Bitext customer-support requests, half each) when present, else a synthetic
// corpus built from templates.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HandoffEngine } from '../pkg/score/handoff_score.js';

const require = createRequire(import.meta.url);
const vader = require('vader-sentiment');
const wink = require('wink-sentiment');
const Sentiment = require('sentiment');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt('messages', 10000);
const ROUNDS = opt('rounds', 7);
const WARMUP_MS = opt('warmup-ms', 2000);
const baselineDir = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : null;
if (args.includes('--baseline') && (!baselineDir || baselineDir.startsWith('--'))) {
  console.error('usage: --baseline DIR, a folder holding another build\'s handoff_score.js or handoff.js');
  process.exit(2);
}
const Baseline = baselineDir
  ? (await import(pathToFileURL(path.resolve(baselineDir, existsSync(path.resolve(baselineDir, 'handoff_score.js')) ? 'handoff_score.js' : 'handoff.js')).href)).HandoffEngine
  : null;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DATA = path.join(ROOT, '../shared/data');

/** A small RFC 4180 CSV reader (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function column(file, name, limit) {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const idx = rows[0].indexOf(name);
  if (idx < 0) throw new Error(`${file}: no column "${name}" in its header`);
  return rows.slice(1, limit + 1).map((r) => r[idx]).filter((t) => t && t.trim());
}

function corpus() {
  const files = [
    [path.join(DATA, 'twitter-airline-sentiment/Tweets.csv'), 'text'],
    [path.join(DATA, 'bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv'), 'instruction'],
  ];
  if (files.every(([f]) => existsSync(f))) {
    const per = Math.ceil(N / files.length);
    const texts = files.flatMap(([f, col]) => column(f, col, per * 2).slice(0, per));
    return { name: 'real support text (airline tweets, Bitext)', texts: texts.slice(0, N) };
  }
  const openers = ['hi', 'hello there', 'ok so', 'ugh', 'hey'];
  const asks = [
    'my invoice shows a double charge for November',
    'I already tried resetting my password and it still does not work!!',
    'how do I add a teammate to my workspace?',
    'the export keeps failing with error 504',
    'this is ridiculous, nobody answers me',
    'thanks, that worked great :)',
    'can I talk to a real person please',
  ];
  const texts = [];
  for (let i = 0; i < N; i++) texts.push(`${openers[i % openers.length]}, ${asks[(i * 7) % asks.length]}`);
  return { name: 'synthetic support text (shared data not found)', texts };
}

const { name, texts } = corpus();
const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0) / texts.length;

const engine = new HandoffEngine();
let sink = 0;
const subjects = {
  'handoff (wasm, observe: every signal)': (t, i) => {
    // Conversations of 12 messages, as a widget would see them.
    if (i % 12 === 0) engine.reset();
    const d = engine.observe({ role: 'customer', text: t });
    sink += d.sentiment;
  },
  ...(Baseline && {
    'handoff baseline (--baseline build)': (() => {
      const base = new Baseline();
      return (t, i) => {
        if (i % 12 === 0) base.reset();
        sink += base.observe({ role: 'customer', text: t }).sentiment;
      };
    })(),
  }),
  'vader-sentiment 1.1.3': (t) => { sink += vader.SentimentIntensityAnalyzer.polarity_scores(t).compound; },
  'wink-sentiment 5.0.2': (t) => { sink += wink(t).normalizedScore; },
  'sentiment 5.0.2 (AFINN)': (() => { const s = new Sentiment(); return (t) => { sink += s.analyze(t).comparative; }; })(),
};

function timeOnce(fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < texts.length; i++) fn(texts[i], i);
  return Number(process.hrtime.bigint() - t0) / 1e3 / texts.length;
}

console.log(`corpus: ${texts.length} messages of ${name}, ${words.toFixed(1)} words on average`);
console.log(`rounds: ${ROUNDS}, interleaved (median reported), after ${WARMUP_MS} ms of warm-up rounds each; the first of`);
console.log('those is reported too: it sees every message for the first time (JIT warm-up for the JS libraries;');
console.log("cold word caches for handoff, whose explicit-request and sentiment word caches hold");
console.log('a few thousand words each)\n');
const results = {};
const firsts = {};
for (const [label, fn] of Object.entries(subjects)) {
  firsts[label] = timeOnce(fn);
  // Steady state for everyone: keep warming up (JIT tiers for the JS libraries, V8's
  // background tier-up of the wasm code) until WARMUP_MS have passed.
  const warmUntil = Date.now() + WARMUP_MS;
  while (Date.now() < warmUntil) timeOnce(fn);
}
// Rounds interleave the libraries, so a noisy stretch of the machine falls on all of them.
const times = Object.fromEntries(Object.keys(subjects).map((label) => [label, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [label, fn] of Object.entries(subjects)) times[label].push(timeOnce(fn));
}
for (const [label, t] of Object.entries(times)) {
  t.sort((a, b) => a - b);
  results[label] = t[Math.floor(t.length / 2)];
}
const vaderUs = results['vader-sentiment 1.1.3'];
const ours = results['handoff (wasm, observe: every signal)'];
console.log('library'.padEnd(40), 'us/message'.padStart(11), 'vs vader-sentiment'.padStart(20), 'handoff speed-up'.padStart(18), 'first pass us'.padStart(15));
for (const [label, us] of Object.entries(results)) {
  console.log(label.padEnd(40), us.toFixed(2).padStart(11), `${(us / vaderUs).toFixed(3)}x`.padStart(20), `${(us / ours).toFixed(2)}x`.padStart(18), firsts[label].toFixed(2).padStart(15));
}
console.log(`\nhandoff is ${(vaderUs / ours).toFixed(1)}x faster than vader-sentiment per message (target: >= 10x)`);
if (sink === 42) console.log('');
