// The embeddable Handoff widget. One script tag:
//   <script src=".../handoff-widget.js" data-relay="https://relay.example" data-site="site_123"
//           data-chat="reference"></script>
// or an npm import. It exposes window.Handoff:
//   Handoff.init({ relay, siteKey, policy, customer, chat, bot, zendesk, intercom }) -> Promise
//   Handoff.observe({ role, text, ts? }) -> Promise<Decision>
//   Handoff.on('decision' | 'handoff' | 'delivered' | 'error', fn) -> unsubscribe
//   Handoff.reset()
// The wasm engine loads lazily in its own chunk; calls made before it is ready wait for it.
import { Emitter } from './events.js';
import { mountChat } from './chat-ui.js';
import { runBridges } from './bridges.js';

const TRANSITION = 'Connecting you with a person; they will see what you have told us.';

export function createHandoff(win = window) {
  const events = new Emitter();
  let engine = null;
  let enginePromise = null;
  let options = {};
  let chat = null;
  let handedOff = false;
  let queue = Promise.resolve();

  let outbox = null;
  let retryTimer = null;
  let conversationId = null;

  const loadEngine = () => {
    enginePromise ??= import(/* webpackChunkName: "handoff-engine" */ 'handoff');
    return enginePromise;
  };

  /** Flushes the outbox and sets the retry timer from what is still queued. */
  async function flush() {
    if (!outbox) return null;
    clearTimeout(retryTimer);
    const result = await outbox.flush();
    if (result.delivered) events.emit('delivered', result);
    for (const message of result.errors) events.emit('error', Object.assign(new Error(String(message)), { code: 'delivery_rejected' }));
    const wait = outbox.nextDelay();
    if (wait >= 0) retryTimer = setTimeout(flush, Math.max(wait, 250));
    return result;
  }

  async function init(opts = {}) {
    options = { ...opts };
    const { HandoffEngine, Outbox } = await loadEngine();
    engine?.free();
    if (options.relay && !outbox) {
      outbox = new Outbox(options.relay, options.siteKey ?? options.site ?? undefined);
      win.addEventListener?.('online', () => flush());
      // Packages left from an earlier page (the relay was down) go out now.
      flush();
    }
    conversationId = newConversationId(win);
    // A bad policy throws a coded Error here, before any message is lost.
    engine = new HandoffEngine(options.policy ?? undefined);
    if (options.customer) engine.setCustomer(options.customer);
    handedOff = false;
    if (options.chat && !chat) {
      chat = mountChat({
        title: options.chat.title,
        mount: options.chat.mount,
        onSend: (text) => onCustomerText(text),
      });
      if (options.chat.greeting) {
        chat.add('bot', options.chat.greeting);
        observe({ role: 'bot', text: options.chat.greeting });
      }
    }
    return api;
  }

  /** Observes one message; decisions are serialised so they arrive in message order. */
  function observe(message) {
    const run = async () => {
      if (!engine) await init(options);
      let decision;
      try {
        decision = engine.observe(message);
      } catch (err) {
        events.emit('error', err);
        throw err;
      }
      events.emit('decision', { message, decision });
      if (decision.escalate && !handedOff) {
        handedOff = true;
        startHandoff(decision);
      }
      return decision;
    };
    const result = queue.then(run);
    queue = result.catch(() => {});
    return result;
  }

  function startHandoff(decision) {
    // The status line is a polite live region: screen readers announce the transition once.
    chat?.status(TRANSITION);
    // The package is built and redacted here, in the page, before anything leaves it.
    let pkg = null;
    let compact = {};
    try {
      pkg = engine.buildPackage(options.customer ? { customer: options.customer } : undefined);
      compact = engine.compactPackage(pkg);
    } catch (err) {
      events.emit('error', err);
    }
    const bridges = runBridges(win, compact, options);
    events.emit('handoff', { decision, package: pkg, compact, bridges });
    if (pkg && outbox) {
      outbox
        .send(pkg, conversationId)
        .then(() => flush())
        .catch((err) => events.emit('error', err));
    }
  }

  async function onCustomerText(text) {
    chat.add('customer', text);
    let decision;
    try {
      decision = await observe({ role: 'customer', text, ts: new Date().toISOString() });
    } catch (err) {
      chat.add('system', `Sorry, that message could not be processed (${err.code ?? 'error'}).`);
      return;
    }
    // Once a person is on the way, the bot stays silent.
    if (handedOff || decision.escalate || typeof options.bot !== 'function') return;
    const reply = await options.bot(text);
    if (reply && !handedOff) {
      chat.add('bot', reply);
      observe({ role: 'bot', text: reply });
    }
  }

  function reset() {
    engine?.reset();
    conversationId = newConversationId(win);
    handedOff = false;
    chat?.status('');
  }

  const api = {
    init,
    observe,
    reset,
    on: (event, fn) => events.on(event, fn),
    get handedOff() {
      return handedOff;
    },
    get chat() {
      return chat;
    },
    /** Retries queued deliveries now; resolves to {delivered, rejected, pending, errors}. */
    flush,
    /** Packages waiting for the relay. */
    get pending() {
      return outbox ? outbox.pending() : 0;
    },
  };
  return api;
}

function newConversationId(win) {
  const c = win.crypto;
  if (c?.randomUUID) return `conv_${c.randomUUID()}`;
  return `conv_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
}

// Script-tag use: configure from data attributes and expose window.Handoff.
if (typeof window !== 'undefined' && !window.Handoff) {
  const script = document.currentScript;
  const api = createHandoff(window);
  window.Handoff = api;
  const data = script?.dataset ?? {};
  if (data.relay || data.site || data.chat) {
    api
      .init({
        relay: data.relay,
        siteKey: data.site,
        chat: data.chat === 'reference' ? { title: data.title } : undefined,
      })
      .catch((err) => console.error('Handoff: init failed', err));
  }
}
