// The demo page: a fake product with hash-routed sections, the Handoff widget (loaded like any
// site loads it, through window.Handoff) with a scripted bot, and an inspector that shows every
// decision and its reasons. Customer text is only ever rendered with textContent.
import css from './demo.css';
import { botReply } from './demo-bot.js';

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

const $ = (id) => document.getElementById(id);

// --- Single-page navigation between the product's sections -------------------------------
function showSection() {
  const id = decodeURIComponent(location.hash.slice(1)) || 'dashboard';
  const target = document.getElementById(id) ? id : 'dashboard';
  for (const page of document.querySelectorAll('.page')) page.hidden = page.id !== target;
  for (const link of document.querySelectorAll('.sidenav a')) {
    if (link.getAttribute('href') === `#${target}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const section = document.getElementById(target).dataset.handoffSection;
  $('breadcrumb').replaceChildren(
    ...section.split(' > ').map((part) => {
      const li = document.createElement('li');
      li.textContent = part;
      return li;
    }),
  );
}
window.addEventListener('hashchange', showSection);
showSection();

// --- Decision inspector --------------------------------------------------------------------
function showDecision({ message, decision }) {
  if (message.role !== 'customer') return;
  const status = $('decision-status');
  status.textContent = decision.escalate
    ? `Handoff: ${decision.reasons.map((r) => r.reason).join(', ')}`
    : `No handoff (score ${decision.score.toFixed(2)})`;
  status.classList.toggle('handoff', decision.escalate);

  const li = document.createElement('li');
  li.className = `decision${decision.escalate ? ' escalate' : ''}`;
  li.dataset.testid = 'decision';
  const quote = document.createElement('div');
  quote.className = 'quote';
  quote.textContent = `“${message.text}”`;
  const line = document.createElement('div');
  line.textContent = decision.explanation;
  const meta = document.createElement('div');
  meta.textContent = `sentiment ${decision.sentiment.toFixed(2)} · skill ${decision.skill} · priority ${decision.priority}`;
  li.append(quote, line, meta);
  for (const r of decision.reasons) {
    const tag = document.createElement('span');
    tag.className = 'reason';
    tag.textContent = r.reason;
    li.append(tag);
  }
  $('decision-log').prepend(li);
}

const Handoff = window.Handoff;
Handoff.on('decision', showDecision);
Handoff.on('error', (err) => console.warn('Handoff rejected a message', err.code, err.message));
Handoff.init({
  relay: '/',
  site: 'demo',
  customer: { id: 'cus_demo', name: 'Dana Demo', tier: 'pro', plan: 'Growth' },
  chat: { title: 'Lumen support', greeting: 'Hi! I am the Lumen assistant. How can I help?' },
  bot: (text) => new Promise((resolve) => setTimeout(() => resolve(botReply(text)), 200)),
}).then(() => {
  Handoff.chat.open();
  window.handoffDemo = { ready: true };
});
