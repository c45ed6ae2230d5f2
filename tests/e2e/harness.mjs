// Shared end-to-end harness: a static server for dist/ on loopback and Debian's Chromium driven
// by playwright-core (Playwright's own browser download cannot work on these machines).
import { createServer, request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { readFile, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const RESULTS = path.join(ROOT, 'test-results');

/**
 * Serves `dir` on 127.0.0.1 at a free port; `routes` may answer extra paths first, and with
 * `relay` (a base URL, or a function returning one) every /v1/ path is proxied to it, as the
 * demo's dev server does. When the function returns null the relay is unreachable: the
 * connection is dropped, which the browser sees as a network error.
 */
export async function serveStatic(dir, routes = {}, { relay: relayOption } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (routes[url.pathname]) return routes[url.pathname](req, res);
    const relay = typeof relayOption === 'function' ? relayOption() : relayOption;
    if (relayOption && url.pathname.startsWith('/v1/')) {
      if (!relay) {
        req.socket.destroy();
        return;
      }
      const target = new URL(req.url, relay);
      const upstream = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"relay_unreachable"}}');
      });
      req.pipe(upstream);
      return;
    }
    const rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's headless Chromium with the flags this closed network needs. */
export async function launch() {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'handoff-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return context;
}

/** Collects page errors and console errors, so a test can assert the page loaded cleanly. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Saves a screenshot under test-results/ and returns its path. */
export async function screenshot(page, name) {
  await mkdir(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Runs axe-core on the page; returns violations of impact serious or critical. */
export async function seriousA11yViolations(page, context = undefined) {
  const axePath = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(
    (ctx) => window.axe.run(ctx ?? document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }),
    context,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const srv = createNetServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * Starts the relay (`HANDOFF_RELAY_BIN`, else the debug build in `CARGO_TARGET_DIR` or `target/`)
 * with its local inbox on `port` (a free one when omitted) and a database in a fresh temporary
 * folder, or `db` to reuse one.
 */
export async function startRelay({ port, db } = {}) {
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(ROOT, 'target');
  const bin = process.env.HANDOFF_RELAY_BIN || path.join(targetDir, 'debug/handoff-relay');
  const dbPath = db ?? path.join(await mkdtemp(path.join(tmpdir(), 'handoff-relay-')), 'relay.sqlite');
  const listen = `127.0.0.1:${port ?? (await freePort())}`;
  const child = spawn(bin, ['--listen', listen, '--db', dbPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${log}`)), 15000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      // Only a whole line: stderr may arrive in pieces mid-address.
      const m = /listening on (http:\/\/[^\s,]+)[,\s]/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`relay exited with ${code}:\n${log}`)));
  });
  return {
    url,
    db: dbPath,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', resolve);
      child.kill('SIGTERM');
    }),
    inbox: async () => {
      const res = await fetch(`${url}/v1/inbox`);
      const text = await res.text();
      if (!res.ok) throw new Error(`inbox answered ${res.status}: ${text}`);
      return JSON.parse(text).handoffs;
    },
  };
}

/**
 * Registers `before` and `after` hooks that start the whole loop (see `startLoop`) for the
 * calling test file and close it. Returns the loop, whose `relay`, `server` and `browser` are
 * set once `before` has run.
 */
export function useLoop(routes = {}) {
  const loop = {};
  before(async () => {
    Object.assign(loop, await startLoop(routes));
  });
  after(async () => {
    await loop.close?.();
  });
  return loop;
}

/**
 * The whole loop for a test file: a relay, dist/ served with /v1/ proxied to it (plus extra
 * `routes`), and a browser, with `close()`. Test files take it through `useLoop`.
 */
export async function startLoop(routes = {}) {
  const relay = await startRelay();
  const server = await serveStatic(path.join(ROOT, 'dist'), routes, { relay: relay.url });
  const browser = await launch();
  return {
    relay,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await relay.stop();
    },
  };
}
