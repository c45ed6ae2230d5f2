// The demo page: a fake product with hash-routed sections, a chat driven by the Handoff wasm
// engine and a scripted bot, and an inspector that shows every decision and its reasons.
// Customer text is only ever rendered with textContent, never as HTML.
import { HandoffEngine } from 'handoff';
import css from './demo.css';
import { botReply } from './demo-bot.js';

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

const $ = (id) => document.getElementById(id);
const engine = new HandoffEngine();
let handedOff = false;

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
  const crumbs = $('breadcrumb');
  crumbs.replaceChildren(
    ...section.split(' > ').map((part) => {
      const li = document.createElement('li');
      li.textContent = part;
      return li;
    }),
  );
}
window.addEventListener('hashchange', showSection);
showSection();

// --- Chat ----------------------------------------------------------------------------------
function addMessage(role, text) {
  const li = document.createElement('li');
  li.className = `msg ${role}`;
  li.textContent = text;
  $('chat-log').append(li);
  li.scrollIntoView({ block: 'end' });
}

function showDecision(decision, text) {
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
  quote.textContent = `“${text}”`;
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

function observe(role, text) {
  try {
    return engine.observe({ role, text, ts: new Date().toISOString() });
  } catch (err) {
    // The engine rejects bad input with a coded error; show it rather than lose the message.
    addMessage('system', `Could not score this message (${err.code}): ${err.message}`);
    return null;
  }
}

$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('chat-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  addMessage('customer', text);
  const decision = observe('customer', text);
  if (!decision) return;
  showDecision(decision, text);
  if (decision.escalate && !handedOff) {
    handedOff = true;
    addMessage('system', 'Connecting you with a person; they will see what you have told us.');
    return;
  }
  if (handedOff) return; // The bot stays silent once a person is on the way.
  const reply = botReply(text);
  setTimeout(() => {
    addMessage('bot', reply);
    observe('bot', reply);
  }, 250);
});

addMessage('bot', 'Hi! I am the Lumen assistant. How can I help?');
observe('bot', 'Hi! I am the Lumen assistant. How can I help?');
window.handoffDemo = { ready: true };
