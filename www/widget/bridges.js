// Bridges to helpdesk widgets already on the page. With Zendesk's messaging Web Widget (`zE`)
// present, the handoff sets conversation fields and tags; with Intercom's Messenger
// (`Intercom`) present, it updates the visitor's custom attributes, records an event, and
// opens the composer with the summary. Values come from the compact package, which is already
// redacted. Every call is guarded: a missing or throwing vendor widget never breaks the page.

const TAG_SAFE = /[^a-z0-9_]+/g;

/** A Zendesk tag: lower case, no spaces (Zendesk splits tags on spaces). */
export function zendeskTag(text) {
  return String(text).toLowerCase().replace(TAG_SAFE, '_').replace(/^_+|_+$/g, '').slice(0, 80);
}

/**
 * Zendesk messaging Web Widget: `fields` maps compact-package keys to ticket field ids, for
 * example `{ handoff_sentiment: 360001, handoff_page_url: 360002 }`.
 */
export function bridgeZendesk(zE, compact, config = {}) {
  const calls = [];
  const fields = Object.entries(config.fields ?? {})
    .filter(([key]) => compact[key] !== undefined)
    .map(([key, id]) => ({ id, value: compact[key] }));
  if (fields.length) calls.push(['messenger:set', 'conversationFields', fields]);
  const tags = ['bot_handoff'];
  for (const reason of String(compact.handoff_reasons ?? '').split(',')) {
    if (reason.trim()) tags.push(zendeskTag(`handoff_${reason}`));
  }
  if (compact.handoff_skill) tags.push(zendeskTag(`skill_${compact.handoff_skill}`));
  calls.push(['messenger:set', 'conversationTags', tags]);
  if (config.open !== false) calls.push(['messenger', 'open']);
  for (const args of calls) zE(...args);
  return calls.length;
}

/** Intercom Messenger: attributes must exist in Intercom with `messenger_writable: true`. */
export function bridgeIntercom(Intercom, compact, config = {}) {
  const prefix = config.attributePrefix ?? 'handoff_';
  const attributes = {};
  for (const key of ['package_id', 'reasons', 'skill', 'priority', 'sentiment', 'page_url', 'page_section']) {
    if (compact[`handoff_${key}`] !== undefined) attributes[prefix + key] = compact[`handoff_${key}`];
  }
  Intercom('update', attributes);
  // trackEvent metadata: at most 20 keys, strings up to 255 characters, no '.' or '$' in keys.
  const metadata = {};
  for (const [key, value] of Object.entries(attributes).slice(0, 20)) {
    metadata[key.replace(/[.$]/g, '_')] = typeof value === 'string' ? value.slice(0, 255) : value;
  }
  Intercom('trackEvent', 'handoff-requested', metadata);
  if (config.openComposer !== false) {
    Intercom('showNewMessage', String(compact.handoff_summary ?? ''));
  }
  return 3;
}

/** Runs whichever bridges the page supports; returns the names of those that ran. */
export function runBridges(win, compact, config = {}) {
  const ran = [];
  const attempt = (name, fn) => {
    try {
      fn();
      ran.push(name);
    } catch (err) {
      console.error(`Handoff: the ${name} bridge failed`, err);
    }
  };
  if (typeof win.zE === 'function' && config.zendesk !== false) {
    attempt('zendesk', () => bridgeZendesk(win.zE, compact, config.zendesk ?? {}));
  }
  if (typeof win.Intercom === 'function' && config.intercom !== false) {
    attempt('intercom', () => bridgeIntercom(win.Intercom, compact, config.intercom ?? {}));
  }
  return ran;
}
