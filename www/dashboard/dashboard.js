// The outcomes dashboard: reads GET /v1/metrics?bucket=day from the relay and shows the figures
// that judge a handoff system together (handoff rate with time to resolution after handoff,
// CSAT after transfer, too-early and too-late rates, missed handoffs), overall, per reason,
// per skill and over time, as tables and SVG charts. All text is set with textContent.
import css from './dashboard.css';

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

const SVG = 'http://www.w3.org/2000/svg';
const params = new URLSearchParams(location.search);
const relay = (params.get('relay') ?? '').replace(/\/$/, '');
const bucket = params.get('bucket') ?? 'day';

const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x, digits = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(digits));
/** A bucket boundary: RFC 3339 text or seconds since the epoch. */
const day = (t) => new Date(typeof t === 'number' ? t * 1000 : t).toISOString().slice(0, 10);
const secs = (x) => (x === null || x === undefined ? '–' : x >= 120 ? `${(x / 60).toFixed(1)} min` : `${Math.round(x)} s`);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const KPIS = [
  ['Handoff rate', (s) => pct(s.handoff_rate), 'handoff-rate'],
  ['Resolution p50 / p90', (s) => `${secs(s.resolution_secs.p50)} / ${secs(s.resolution_secs.p90)}`, 'resolution'],
  ['CSAT after transfer', (s) => `${num(s.csat_mean, 2)} (${s.csat_responses})`, 'csat'],
  ['Too early', (s) => pct(s.too_early_rate), 'too-early'],
  ['Too late', (s) => pct(s.too_late_rate), 'too-late'],
  ['Missed handoffs', (s) => `${s.missed_handoffs} (${pct(s.missed_rate)})`, 'missed'],
];

function kpis(summary) {
  return el('div', { class: 'kpis' }, ...KPIS.map(([label, f, id]) => el('div', { class: 'kpi' }, el('p', { class: 'label' }, label), el('p', { class: 'value', 'data-testid': `kpi-${id}` }, f(summary)))));
}

function table(caption, rows) {
  const head = el('tr', {}, ...['', 'Conversations', 'Handoffs', 'Resolution p50', 'CSAT', 'Too early', 'Too late', 'Right time'].map((h) => el('th', { scope: 'col' }, h)));
  const body = Object.entries(rows).map(([name, s]) =>
    el('tr', {}, el('th', { scope: 'row' }, name.replace(/_/g, ' ')), el('td', {}, s.conversations), el('td', {}, s.handoffs), el('td', {}, secs(s.resolution_secs.p50)), el('td', {}, num(s.csat_mean, 2)), el('td', {}, pct(s.too_early_rate)), el('td', {}, pct(s.too_late_rate)), el('td', {}, s.verdicts.right_time)),
  );
  return el('table', {}, el('caption', {}, caption), el('thead', {}, head), el('tbody', {}, ...body));
}

/** Bars of the handoff rate per bucket with a CSAT line over them (CSAT 1..5 on the right). */
function overTimeChart(buckets) {
  const width = 640;
  const height = 200;
  const pad = 30;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  const rates = buckets.map((b) => b.summary.handoff_rate ?? 0);
  chart.setAttribute('aria-label', `Handoff rate and CSAT per ${bucket} over ${buckets.length} ${bucket}s`);
  const slot = (width - 2 * pad) / Math.max(buckets.length, 1);
  chart.append(svg('line', { x1: pad, x2: width - pad, y1: height - pad, y2: height - pad, class: 'axis' }));
  buckets.forEach((b, i) => {
    const h = rates[i] * (height - 2 * pad);
    const bar = svg('rect', { x: pad + i * slot + slot * 0.15, y: height - pad - h, width: slot * 0.7, height: h, class: 'bar' });
    const title = svg('title');
    title.textContent = `${day(b.start)}: handoff rate ${pct(b.summary.handoff_rate)}, CSAT ${num(b.summary.csat_mean, 2)}`;
    bar.append(title);
    chart.append(bar);
    const label = svg('text', { x: pad + i * slot + slot / 2, y: height - pad + 14, class: 'tick' });
    label.textContent = day(b.start).slice(5);
    chart.append(label);
  });
  const points = buckets
    .map((b, i) => (b.summary.csat_mean === null ? null : [pad + i * slot + slot / 2, height - pad - ((b.summary.csat_mean - 1) / 4) * (height - 2 * pad)]))
    .filter(Boolean);
  if (points.length) chart.append(svg('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'csat' }));
  return chart;
}

async function main() {
  const status = document.getElementById('status');
  const res = await fetch(`${relay}/v1/metrics?bucket=${encodeURIComponent(bucket)}`);
  if (!res.ok) throw new Error(`the relay answered ${res.status}`);
  const m = await res.json();
  const app = document.getElementById('app');
  app.replaceChildren(
    el('section', { 'aria-labelledby': 'overall' }, el('h2', { id: 'overall' }, `Overall: ${m.overall.conversations} conversations`), kpis(m.overall)),
    el('section', { 'aria-labelledby': 'time' }, el('h2', { id: 'time' }, `Handoff rate (bars) and CSAT (line) per ${bucket}`), overTimeChart(m.over_time ?? [])),
    el('section', { 'aria-labelledby': 'reasons' }, el('h2', { id: 'reasons' }, 'Per reason'), table('Outcomes by the reason for the handoff', m.by_reason)),
    el('section', { 'aria-labelledby': 'skills' }, el('h2', { id: 'skills' }, 'Per skill'), table('Outcomes by the team the handoff went to', m.by_skill)),
  );
  status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  document.getElementById('status').textContent = `Could not load metrics: ${err.message}`;
});
