// A stand-in for the Zendesk Apps Framework client, for the local demo and tests: the "open
// ticket" is the newest handoff in the relay's local inbox, settings come from the page URL,
// and requests go straight to the relay (in Zendesk they go through its proxy, which fills in
// secure settings so no key ever reaches the agent's browser).

export function standinClient(params = new URLSearchParams(location.search)) {
  const relay = params.get('relay') ?? '';
  return {
    standin: true,
    async get(path) {
      if (path !== 'ticket.externalId') return { [path]: undefined };
      const res = await fetch(`${relay}/v1/inbox?limit=1`);
      if (!res.ok) throw Object.assign(new Error(`inbox answered ${res.status}`), { code: 'inbox_unavailable' });
      const { handoffs } = await res.json();
      return { 'ticket.externalId': handoffs[0]?.id };
    },
    async metadata() {
      return { settings: { relay_url: relay } };
    },
    async request({ url, type = 'GET', data, contentType }) {
      const res = await fetch(url, {
        method: type,
        body: data,
        headers: contentType ? { 'content-type': contentType } : {},
      });
      const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
      if (!res.ok) throw Object.assign(new Error(`relay answered ${res.status}`), { code: body?.error?.code ?? 'http_error', status: res.status });
      return body;
    },
    invoke() {
      return Promise.resolve();
    },
    on() {},
  };
}
