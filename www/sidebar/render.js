// Renders a handoff package for an agent at a glance: the reasons and the message each fired
// in, the summary, attempted solutions with their outcome, the page and section with the trail,
// customer data, a sentiment chart (SVG drawn from the package) and the redacted transcript
// with triggering messages highlighted. Shared by the Zendesk app and the demo's agent view.
// Every piece of customer-derived text is set with textContent: never HTML.

const SVG = 'http://www.w3.org/2000/svg';
const OUTCOME = { failed: 'tried, failed', worked: 'tried, worked', no_answer: 'never answered', unclear: 'unclear' };
const VERDICTS = [
  ['right_time', 'Right time'],
  ['too_early', 'Too early'],
  ['too_late', 'Too late'],
  ['not_needed', 'Not needed'],
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function section(title, ...body) {
  const id = `h-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), ...body);
}

/** The sentiment trajectory as a small line chart, -1 at the bottom and +1 at the top. */
export function sentimentChart(points, width = 280, height = 64) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  const values = points.map(([, v]) => v);
  const label = values.length
    ? `Sentiment over ${values.length} customer messages, from ${values[0].toFixed(2)} to ${values.at(-1).toFixed(2)}`
    : 'No customer messages';
  svg.setAttribute('aria-label', label);
  const y = (v) => ((1 - Math.max(-1, Math.min(1, v))) / 2) * (height - 8) + 4;
  const zero = document.createElementNS(SVG, 'line');
  for (const [k, v] of Object.entries({ x1: 0, x2: width, y1: y(0), y2: y(0), class: 'zero' })) zero.setAttribute(k, String(v));
  svg.append(zero);
  if (values.length) {
    const step = values.length > 1 ? (width - 8) / (values.length - 1) : 0;
    const coords = values.map((v, i) => [4 + i * step, y(v)]);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', coords.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' '));
    line.setAttribute('class', 'trend');
    svg.append(line);
    coords.forEach(([cx, cy], i) => {
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', cx.toFixed(1));
      dot.setAttribute('cy', cy.toFixed(1));
      dot.setAttribute('r', '3');
      dot.setAttribute('class', values[i] < -0.05 ? 'neg' : values[i] > 0.05 ? 'pos' : 'neu');
      svg.append(dot);
    });
  }
  return svg;
}

/** Renders `pkg` into `root`; `onRate(verdict)` is called when the agent rates the handoff. */
export function renderPackage(root, pkg, { onRate } = {}) {
  const d = pkg.decision ?? {};
  const reasons = d.reasons ?? [];
  const triggerAt = new Map(reasons.map((r) => [r.message_index, r.reason]));
  const parts = [];

  parts.push(
    el(
      'header',
      { class: `verdict ${d.priority ?? 'normal'}` },
      el('p', { class: 'headline' }, d.escalate ? 'Handoff' : 'No handoff', ` · ${d.skill ?? 'general'} · priority ${d.priority ?? 'normal'}`),
      el('p', { class: 'explanation' }, d.explanation ?? ''),
    ),
  );

  parts.push(
    section(
      'Reasons',
      reasons.length
        ? el('ol', { class: 'reasons' }, ...reasons.map((r) => el('li', {}, el('strong', {}, r.reason.replace(/_/g, ' ')), ` in message ${r.message_index + 1}: `, el('span', { class: 'evidence' }, r.evidence ?? ''))))
        : el('p', {}, 'No trigger fired.'),
    ),
  );

  const s = pkg.summary ?? {};
  const facts = s.facts ?? {};
  const factItems = [
    ...(facts.order_numbers ?? []).map((x) => `Order ${x}`),
    ...(facts.invoice_numbers ?? []).map((x) => `Invoice ${x}`),
    ...(facts.error_codes ?? []).map((x) => `Error ${x}`),
    facts.plan ? `Plan ${facts.plan}` : null,
  ].filter(Boolean);
  parts.push(
    section(
      'Summary',
      el('blockquote', {}, s.problem ?? ''),
      factItems.length ? el('ul', { class: 'facts' }, ...factItems.map((f) => el('li', {}, f))) : null,
    ),
  );

  const attempts = pkg.attempted_solutions ?? [];
  parts.push(
    section(
      'Already tried',
      attempts.length
        ? el('ul', { class: 'attempts' }, ...attempts.map((a) => el('li', { class: `outcome-${a.outcome}` }, el('span', { class: 'badge' }, OUTCOME[a.outcome] ?? a.outcome), ' ', a.text)))
        : el('p', {}, 'The bot suggested nothing.'),
    ),
  );

  const page = pkg.page ?? {};
  const trail = (page.trail ?? []).map((v) => v.section || v.title || v.url).filter(Boolean);
  parts.push(
    section(
      'Page',
      el(
        'dl',
        {},
        el('dt', {}, 'Section'),
        el('dd', { 'data-testid': 'page-section' }, page.section ?? 'unknown'),
        el('dt', {}, 'URL'),
        el('dd', { class: 'url' }, page.url ?? 'unknown'),
        trail.length ? el('dt', {}, 'Trail') : null,
        trail.length ? el('dd', { 'data-testid': 'page-trail' }, trail.join(' → ')) : null,
        page.last_click ? el('dt', {}, 'Last click') : null,
        page.last_click ? el('dd', {}, page.last_click) : null,
        (page.errors ?? []).length ? el('dt', {}, 'Errors shown') : null,
        (page.errors ?? []).length ? el('dd', {}, page.errors.join(' · ')) : null,
      ),
    ),
  );

  const c = pkg.customer ?? {};
  const rows = [
    ['Customer', c.name ?? c.id],
    ['Tier', c.tier],
    ['Plan', c.plan],
    ['Tenure', c.tenure_days !== undefined ? `${c.tenure_days} days` : undefined],
    ['Open tickets', c.open_tickets],
  ].filter(([, v]) => v !== undefined && v !== null);
  parts.push(section('Customer', el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]))));

  parts.push(section('Sentiment', sentimentChart(pkg.sentiment_trajectory ?? [])));

  const transcript = pkg.transcript ?? {};
  parts.push(
    section(
      'Transcript',
      el(
        'ol',
        { class: 'transcript' },
        ...(transcript.messages ?? []).map((m) => {
          const reason = triggerAt.get(m.index);
          return el(
            'li',
            { class: `msg ${m.role}${reason ? ' trigger' : ''}`, value: String(m.index + 1), 'data-index': String(m.index) },
            el('span', { class: 'role' }, m.role),
            reason ? el('span', { class: 'trigger-tag' }, reason.replace(/_/g, ' ')) : null,
            el('span', { class: 'text' }, m.text),
          );
        }),
      ),
      (transcript.omitted ?? []).length ? el('p', { class: 'muted' }, `${transcript.total_messages} messages; some were compacted.`) : null,
    ),
  );

  if (onRate) {
    const status = el('p', { class: 'rate-status', role: 'status' });
    const buttons = VERDICTS.map(([verdict, label]) => {
      const b = el('button', { type: 'button' }, label);
      b.addEventListener('click', async () => {
        for (const x of buttons) x.disabled = true;
        try {
          await onRate(verdict);
          status.textContent = `Thanks: rated “${label}”.`;
        } catch (err) {
          status.textContent = `Could not send the rating (${err.code ?? err.message}).`;
          for (const x of buttons) x.disabled = false;
        }
      });
      return b;
    });
    parts.push(section('Was this handoff timed well?', el('div', { class: 'rate' }, ...buttons), status));
  }

  root.replaceChildren(...parts);
}
