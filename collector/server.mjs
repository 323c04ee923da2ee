// The local collector: an HTTP server that speaks Mixpanel's ingestion API (/track, /engage,
// /groups), its flags/ (answered from a file of definitions) and record/ (session recordings,
// replays.mjs); it keeps what it receives (store.mjs) and serves a read API, a live SSE stream,
// the viewer page and the repo's dist/ and examples/ so tests and demos need one origin.
// Routing and who may do what: routes.mjs and access.mjs.
//
//   node collector/server.mjs [--faults] [--allow-origin URL]...   PORT, HOST, TRACKLET_DATA env vars

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from './store.mjs';
import { RequestLog } from './requestLog.mjs';
import { parseTarget } from './forward.mjs';
import { route } from './routes.mjs';
import { listenHostNames, parseAllowOrigins } from './access.mjs';
import { sendJson } from './reply.mjs';
import { runFromCommandLine } from './cli.mjs';
import { flagSource } from './flags.mjs';
import { openReplays } from './replays.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PING_MS = 15_000;

/**
 * Start a collector. port 0 picks a free port.
 * @returns {Promise<{url: string, port: number, close(): Promise<void>, server: http.Server,
 *                    store: object, requests: RequestLog}>}
 */
export async function startCollector({
  port = 8080,
  host = '127.0.0.1',
  dataDir = '.tracklet',
  root = REPO_ROOT,
  quiet = false,
  // Folders of `root` served as /<folder>/...; tests add their own fixture pages.
  staticDirs = ['dist', 'examples'],
  // Proxy mode (forward.mjs): pass /track, /engage, /groups on to this Mixpanel-compatible host.
  // Nothing is kept and nothing else is served, unless `record` is true.
  forward = null,
  record = !forward,
  trustProxy = false,
  forwardTimeoutMs = undefined,
  // Fault injection (/_/faults) is for tests only: off unless asked for.
  faults = false,
  // Origins besides the collector's own that may use the read API, the stream and faults.
  allowOrigins = [],
  // A JSON file of feature-flag definitions answered on flags/ (flags.mjs); none: every flag falls back.
  flags = null,
} = {}) {
  const flagFile = flags ? flagSource(flags) : null;
  flagFile?.read(); // a broken file stops the start with its reason, before anything listens
  const forwardTarget = forward ? parseTarget(forward) : null;
  const allowed = parseAllowOrigins(allowOrigins);
  const store = openStore(path.resolve(dataDir));
  const requests = new RequestLog();
  // Open event streams, each with its ping.
  const streams = new Map();
  const logError = quiet ? () => {} : (...args) => console.error('tracklet collector:', ...args);
  if (store.skipped) logError(`skipped ${store.skipped} unreadable line(s) in ${store.file}`);

  const ctx = {
    store,
    requests,
    streams,
    root: path.resolve(root),
    logError,
    staticDirs,
    faults: faults === true,
    flags: flagFile,
    replays: openReplays(path.resolve(dataDir)),
    allowOrigins: allowed,
    hostNames: listenHostNames(host),
    port: 0, // known once listening
    forward: forwardTarget && { target: forwardTarget, record, trustProxy, timeoutMs: forwardTimeoutMs },
  };
  const server = http.createServer((req, res) => {
    route(ctx, req, res).catch((err) => {
      logError(err?.stack ?? err);
      if (res.headersSent || res.destroyed) return void res.destroy();
      sendJson(res, 500, { status: 0, error: `internal error: ${err?.message ?? err}` });
    });
  });

  const ping = setInterval(() => {
    for (const pingStream of streams.values()) pingStream();
  }, PING_MS);
  ping.unref();

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    clearInterval(ping);
    store.close();
    throw err;
  }

  ctx.port = server.address().port;
  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      clearInterval(ping);
      // Open event streams never end on their own; close() would wait for them forever.
      for (const res of streams.keys()) res.end();
      streams.clear();
      server.close(() => {
        store.close();
        resolve();
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
    return closing;
  };

  return { url: `http://${urlHost(host)}:${ctx.port}/`, port: ctx.port, close, server, store, requests };
}

function urlHost(host) {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function isMain() {
  try {
    return fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) runFromCommandLine(startCollector, process.argv.slice(2), process.env);
