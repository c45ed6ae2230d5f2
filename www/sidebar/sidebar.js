// The agent sidebar: a Zendesk ticket_sidebar app (ZAF v2) that loads the handoff package of
// the open ticket through the relay and shows it at a glance. The ticket's external_id is the
// package id (the relay's Zendesk adapter sets it). In Zendesk, requests go through Zendesk's
// proxy with secure settings ({{setting.inbox_key}}), so the relay's key never reaches the
// browser. Outside Zendesk (the demo, the tests) a stand-in client reads the local inbox.
import css from './sidebar.css';
import { renderPackage } from './render.js';
import { standinClient } from './zaf-standin.js';

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

const root = document.getElementById('app');
const zaf = typeof window.ZAFClient !== 'undefined' ? window.ZAFClient.init() : false;
const client = zaf || standinClient();
let shownId = null;

function message(text) {
  const p = document.createElement('p');
  p.className = 'empty';
  p.textContent = text;
  root.replaceChildren(p);
}

async function load() {
  const { settings = {} } = await client.metadata();
  const relay = (settings.relay_url ?? '').replace(/\/$/, '');
  const headers = zaf ? { 'X-Handoff-Inbox-Key': '{{setting.inbox_key}}' } : {};
  const id = (await client.get('ticket.externalId'))['ticket.externalId'];
  if (!id) {
    message('No handoff package for this ticket yet.');
    return;
  }
  if (id === shownId) return;
  const pkg = await client.request({
    url: `${relay}/v1/handoffs/${encodeURIComponent(id)}/package`,
    type: 'GET',
    secure: Boolean(zaf),
    headers,
  });
  shownId = id;
  renderPackage(root, pkg, {
    onRate: (verdict) =>
      client.request({
        url: `${relay}/v1/outcomes`,
        type: 'POST',
        contentType: 'application/json',
        secure: Boolean(zaf),
        headers,
        // The relay fills in the conversation id it stored with the package.
        data: JSON.stringify({
          handoff_id: pkg.id,
          verdict,
          ts: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        }),
      }),
  });
  document.body.dataset.packageId = id;
  client.invoke('resize', { width: '100%', height: `${Math.min(document.body.scrollHeight + 20, 1200)}px` });
}

function refresh() {
  load().catch((err) => message(`Could not load the handoff package (${err.code ?? err.message}).`));
}

refresh();
// The demo's stand-in follows the newest handoff; in Zendesk the ticket does not change under
// the app, but a new one opens it afresh.
if (!zaf) setInterval(refresh, 1500);
else client.on('app.activated', refresh);
