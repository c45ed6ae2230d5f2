// The reference chat UI for sites without a chat of their own: a launcher button and a panel
// in a shadow root (host styles do not leak in, ours do not leak out), usable with the
// keyboard alone, with an ARIA live log and an honest transition message at handoff. Every
// message is rendered with textContent: customer text is never HTML.

const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { position: fixed; right: var(--handoff-right, 20px); bottom: var(--handoff-bottom, 20px);
  z-index: 2147483000; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c2430; }
.launcher { display: block; margin-left: auto; padding: .7rem 1.1rem; border: 0; border-radius: 999px;
  background: #2346b0; color: #fff; font: inherit; font-weight: 600; cursor: pointer;
  box-shadow: 0 6px 18px rgba(20, 30, 60, .25); }
.panel { width: 340px; margin-bottom: .6rem; display: flex; flex-direction: column; background: #fff;
  border: 1px solid #c8d1df; border-radius: 12px; box-shadow: 0 10px 28px rgba(20, 30, 60, .22); }
.panel[hidden] { display: none; }
.header { display: flex; align-items: center; justify-content: space-between; padding: .55rem .8rem;
  background: #2346b0; color: #fff; border-radius: 12px 12px 0 0; }
.header h2 { margin: 0; font-size: 1rem; }
.close { border: 0; background: transparent; color: #fff; font: inherit; font-size: 1.3rem; line-height: 1;
  cursor: pointer; padding: .1rem .4rem; border-radius: 4px; }
.log { list-style: none; margin: 0; padding: .6rem; height: 280px; overflow-y: auto; display: flex;
  flex-direction: column; gap: .4rem; }
.msg { max-width: 85%; padding: .4rem .65rem; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.customer { align-self: flex-end; background: #2346b0; color: #fff; }
.msg.bot, .msg.agent { align-self: flex-start; background: #eef1f6; }
.msg.system { align-self: stretch; background: #fff4dc; color: #5c3b00; font-size: .9rem; text-align: center; }
.who { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.status { margin: 0 .6rem; padding: .45rem .6rem; border-radius: 8px; background: #fff4dc; color: #5c3b00;
  font-size: .9rem; }
.status:empty { display: none; }
form { display: flex; gap: .4rem; padding: .55rem; border-top: 1px solid #dde3ec; }
label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
input { flex: 1; min-width: 0; padding: .45rem .6rem; border: 1px solid #8a96ab; border-radius: 8px; font: inherit; color: inherit; }
.send { padding: .45rem .85rem; border: 0; border-radius: 8px; background: #2346b0; color: #fff; font: inherit; cursor: pointer; }
button:focus-visible, input:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
`;

const ROLE_LABEL = { customer: 'You', bot: 'Assistant', agent: 'Agent', system: 'Notice' };

let nextId = 0;

/** Mounts the reference chat UI on `document.body` (or `mount`); returns its controller. */
export function mountChat({ title = 'Support chat', onSend, mount } = {}) {
  const id = `handoff-chat-${++nextId}`;
  const host = document.createElement('div');
  host.setAttribute('data-handoff-widget', '');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;

  const root = el('div', { class: 'root' });
  const panel = el('section', { class: 'panel', id: `${id}-panel`, 'aria-labelledby': `${id}-title`, hidden: '' });
  const header = el('div', { class: 'header' });
  const h2 = el('h2', { id: `${id}-title` }, title);
  const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
  header.append(h2, close);
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
  const status = el('p', { class: 'status', role: 'status' });
  const form = el('form', {});
  const label = el('label', { for: `${id}-input` }, 'Message');
  const input = el('input', { id: `${id}-input`, name: 'message', autocomplete: 'off', placeholder: 'Type a message…' });
  const send = el('button', { type: 'submit', class: 'send' }, 'Send');
  form.append(label, input, send);
  panel.append(header, log, status, form);
  const launcher = el('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': panel.id }, 'Chat with us');
  root.append(panel, launcher);
  shadow.append(style, root);
  (mount ?? document.body).append(host);

  const setOpen = (open) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.textContent = open ? 'Hide chat' : 'Chat with us';
    if (open) input.focus();
    else launcher.focus();
  };
  launcher.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    onSend?.(text);
  });

  return {
    host,
    open: () => setOpen(true),
    close: () => setOpen(false),
    /** Appends a message, rendered as text. */
    add(role, text) {
      const li = el('div', { class: `msg ${role}` });
      li.append(el('span', { class: 'who' }, `${ROLE_LABEL[role] ?? role}: `), document.createTextNode(text));
      log.append(li);
      log.scrollTop = log.scrollHeight;
      return li;
    },
    /** Shows a persistent status line (the handoff transition). */
    status(text) {
      status.textContent = text;
    },
  };
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
