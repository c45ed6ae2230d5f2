// The embeddable Handoff widget. One script tag:
//   <script src=".../handoff-widget.js" data-relay="https://relay.example" data-site="site_123"
//           data-chat="reference"></script>
// or an npm import. It exposes window.Handoff:
//   Handoff.init({ relay, siteKey, policy, customer, chat, bot, zendesk, intercom }) -> Promise
//   Handoff.observe({ role, text, ts? }) -> Promise<Decision>
//   Handoff.on('decision' | 'handoff' | 'delivered' | 'error', fn) -> unsubscribe
//   Handoff.reset()
// The engine comes in two wasm modules, each in its own lazily loaded chunk: the scoring module
// (pkg/score: observe, page tracking) loads with init(); the full module (pkg: redaction, the
// package, the outbox) loads once a customer writes, or at init when packages from an earlier
// page still wait for the relay. At handoff the conversation is replayed into the full module,
// which decides exactly as the scoring module did, and the package is built there. Calls made
// before a module is ready wait for it.
import { Emitter } from './events.js';
import { mountChat } from './chat-ui.js';
import { runBridges } from './bridges.js';

const TRANSITION = 'Connecting you with a person; they will see what you have told us.';

export function createHandoff(win = window) {
  const events = new Emitter();
  let engine = null;
  let scoringPromise = null;
  let packagingPromise = null;
  // The messages the engine accepted, in order: replayed into the full module at handoff.
  let transcript = [];
  // Handoffs whose package is still being built (they count as pending deliveries).
  let building = 0;
  let options = {};
  let chat = null;
  let handedOff = false;
  let queue = Promise.resolve();

  let outbox = null;
  let listening = false;
  let retryTimer = null;
  let conversationId = null;

  const loadScoring = () => {
    scoringPromise ??= import(/* webpackChunkName: "handoff-engine" */ 'handoff-score');
    return scoringPromise;
  };

  /** The full module; a failed load is forgotten, so the next call fetches it again. */
  const loadPackaging = () => {
    packagingPromise ??= import(/* webpackChunkName: "handoff-package" */ 'handoff').catch((err) => {
      packagingPromise = null;
      throw err;
    });
    return packagingPromise;
  };

  /** The full module, retried with backoff (1 s doubling to 30 s) while the network is down. */
  async function packaging() {
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30000)) {
      try {
        return await loadPackaging();
      } catch (err) {
        events.emit('error', Object.assign(new Error(`the packaging module did not load (${err.message}); retrying`), { code: 'module_unavailable' }));
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The outbox (in the full module), made on first use; null without a relay. */
  async function ensureOutbox() {
    if (!options.relay) return null;
    if (!outbox) {
      const { Outbox } = await packaging();
      outbox ??= new Outbox(options.relay, options.siteKey ?? options.site ?? undefined);
    }
    return outbox;
  }

  /**
   * Flushes the outbox and sets the retry timer from what is still queued. Packages stored by
   * an earlier page may wait while the full module is still on its way: the outbox is made
   * here if the module loads at once; if it cannot, nothing is delivered yet and the result
   * says how many wait (the `init` load, the `online` event or a later flush sends them).
   */
  async function flush() {
    if (!outbox && options.relay && storedPackages(win) > 0) {
      try {
        const { Outbox } = await loadPackaging();
        outbox ??= new Outbox(options.relay, options.siteKey ?? options.site ?? undefined);
      } catch {
        // The module did not load; `init`'s load retries it with backoff.
      }
    }
    if (!outbox) return { delivered: 0, rejected: 0, pending: building + storedPackages(win), errors: [] };
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
    const { HandoffEngine } = await loadScoring();
    engine?.free();
    if (options.relay && !listening) {
      listening = true;
      win.addEventListener?.('online', () => flush());
    }
    // Packages left from an earlier page (the relay was down) go out now, once the full module
    // is here; init does not wait for it (they count as pending meanwhile).
    if (options.relay && storedPackages(win) > 0) {
      ensureOutbox()
        .then(() => flush())
        .catch((err) => events.emit('error', err));
    }
    conversationId = newConversationId(win);
    transcript = [];
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
      transcript.push({ ...message });
      // Once a customer writes, the full module loads in the background, ready for a handoff.
      if (message.role === 'customer') loadPackaging().catch(() => {});
      events.emit('decision', { message, decision });
      if (decision.escalate && !handedOff) {
        handedOff = true;
        startHandoff(decision, transcript.slice());
      }
      return decision;
    };
    const result = queue.then(run);
    queue = result.catch(() => {});
    return result;
  }

  /** Builds the package in the full module, then bridges and sends it. Never rejects. */
  async function startHandoff(decision, messages) {
    // The status line is a polite live region: screen readers announce the transition once.
    chat?.status(TRANSITION);
    building += 1;
    const id = conversationId;
    try {
      // The page as it is now, with the trail the scoring module has tracked since it loaded.
      let page;
      try {
        page = engine.capturePage();
      } catch (err) {
        events.emit('error', err);
      }
      const { HandoffEngine } = await packaging();
      // The package is built and redacted here, in the page, before anything leaves it.
      let pkg = null;
      let compact = {};
      const packer = new HandoffEngine(options.policy ?? undefined);
      try {
        if (options.customer) packer.setCustomer(options.customer);
        for (const m of messages) packer.observe(m);
        pkg = packer.buildPackage({ page, ...(options.customer ? { customer: options.customer } : {}) });
        compact = packer.compactPackage(pkg);
      } catch (err) {
        events.emit('error', err);
      } finally {
        packer.free();
      }
      const bridges = runBridges(win, compact, options);
      events.emit('handoff', { decision, package: pkg, compact, bridges });
      const box = pkg ? await ensureOutbox() : null;
      if (box) {
        box
          .send(pkg, id)
          .then(() => flush())
          .catch((err) => events.emit('error', err));
      }
    } catch (err) {
      events.emit('error', err);
    } finally {
      building -= 1;
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
    transcript = [];
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
    /** Packages waiting for the relay, those still being built included. */
    get pending() {
      return building + (outbox ? outbox.pending() : storedPackages(win));
    },
  };
  return api;
}

/** The outbox's storage key: `Outbox.storageKey()` of the full module, which loads later
 * (tests/js/node-api.test.mjs checks the two agree). */
const OUTBOX_KEY = 'handoff.outbox.v1';

/** How many packages wait in the outbox's storage (before the full module has loaded). */
function storedPackages(win) {
  try {
    const queue = JSON.parse(win.localStorage?.getItem(OUTBOX_KEY) ?? '[]');
    return Array.isArray(queue) ? queue.length : 0;
  } catch {
    return 0;
  }
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
