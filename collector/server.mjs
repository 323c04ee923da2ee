// The local collector: an HTTP server that speaks Mixpanel's ingestion API (/track, /engage,
// /groups), keeps what it receives (store.mjs), and serves a read API, a live SSE stream,
// the viewer page and the repo's dist/ and examples/ so tests and demos need one origin.
//
//   node collector/server.mjs        PORT, HOST, TRACKLET_DATA env vars; prints its URL

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDataValue, decodeIngest, endpointOf, MAX_BODY_BYTES } from './ingest.mjs';
import { openStore, recordMatcher, rejectionMatcher, RequestLog } from './store.mjs';
import { lintBatch } from './lint.mjs';
import { basePath, FORWARDED_PATH, forwardAndReply, parseTarget } from './forward.mjs';
import { handleFaults, injectFault } from './faults.mjs';
import { sendJson } from './reply.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const PAGE = path.join(HERE, 'page.html');
const STREAM_BACKLOG = 200;
const PING_MS = 15_000;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

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
} = {}) {
  const forwardTarget = forward ? parseTarget(forward) : null;
  const store = openStore(path.resolve(dataDir));
  const requests = new RequestLog();
  const streams = new Set();
  const logError = quiet ? () => {} : (...args) => console.error('tracklet collector:', ...args);
  if (store.skipped) logError(`skipped ${store.skipped} unreadable line(s) in ${store.file}`);

  const ctx = { store, requests, streams, root: path.resolve(root), logError, staticDirs, forward: forwardTarget && { target: forwardTarget, record, trustProxy, timeoutMs: forwardTimeoutMs } };
  const server = http.createServer((req, res) => {
    handle(ctx, req, res).catch((err) => {
      logError(err?.stack ?? err);
      if (res.headersSent || res.destroyed) return void res.destroy();
      sendJson(res, 500, { status: 0, error: `internal error: ${err?.message ?? err}` });
    });
  });

  const ping = setInterval(() => {
    for (const res of streams) res.write(': ping\n\n');
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

  const actualPort = server.address().port;
  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      clearInterval(ping);
      // Open event streams never end on their own; close() would wait for them forever.
      for (const res of streams) res.end();
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

  return { url: `http://${urlHost(host)}:${actualPort}/`, port: actualPort, close, server, store, requests };
}

function urlHost(host) {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

// ---------------------------------------------------------------------------------------
// Routing

async function handle(ctx, req, res) {
  const { pathname, search } = splitUrl(req.url);
  const query = Object.fromEntries(new URLSearchParams(search));
  setCommonHeaders(req, res);

  const isIngestion = !pathname.startsWith('/_/') && !isStaticPath(ctx, pathname);

  if (req.method === 'OPTIONS') {
    // Preflights are logged too (hidden from /_/requests by default): a client asking to send
    // an Authorization header is worth seeing even if it never follows through.
    if (isIngestion && (!ctx.forward || ctx.forward.record)) logRequest(ctx, req, pathname, query, { status: 204, bodyText: '', tokens: [], endpoint: endpointOf(pathname) });
    res.writeHead(204).end();
    return;
  }
  if (ctx.forward) {
    if (FORWARDED_PATH.test(pathname)) return handleForward(ctx, req, res, pathname, search, query);
    // A production proxy serves nothing else: no stored data, no files.
    if (!ctx.forward.record && pathname !== '/_/health') return sendJson(res, 404, { error: `not forwarded: ${pathname}; this proxy passes on /track, /engage and /groups` });
  }
  if (pathname === '/_/faults') return handleFaults(ctx, req, res, query);
  if (pathname.startsWith('/_/')) return handleReadApi(ctx, req, res, pathname, query);
  if (!isIngestion) return serveStatic(ctx, req, res, pathname, search);
  return handleIngest(ctx, req, res, pathname, query);
}

// Not `new URL(req.url, base)`: a path like //evil.com/x would be read as a host.
function splitUrl(rawUrl = '/') {
  let url = rawUrl;
  if (/^https?:\/\//i.test(url)) url = url.replace(/^https?:\/\/[^/?]*/i, '') || '/';
  const q = url.indexOf('?');
  return { pathname: q < 0 ? url : url.slice(0, q), search: q < 0 ? '' : url.slice(q + 1) };
}

function setCommonHeaders(req, res) {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || 'Content-Type');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Access-Control-Max-Age', '600');
  // Chrome's Private Network Access: lets pages on public origins reach a localhost collector.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Vary', 'Origin');
  res.setHeader('Cache-Control', 'no-store');
}

// ---------------------------------------------------------------------------------------
// Ingestion

async function handleIngest(ctx, req, res, pathname, query) {
  const { body, tooLarge, aborted } = await readBody(req, MAX_BODY_BYTES);
  if (aborted) return void res.destroy(); // nobody is left to answer, and nothing was sent
  const result = tooLarge
    ? { ok: false, status: 413, error: `body exceeds ${MAX_BODY_BYTES} bytes; split the batch`, endpoint: endpointOf(pathname), encoding: null, payloads: [], tokens: [], bodyText: '' }
    : decodeIngest({ method: req.method, path: pathname, query, headers: req.headers, body });
  result.bytes = body.length;
  if (await injectFault(ctx, req, res, result, (status) => logRequest(ctx, req, pathname, query, { ...result, status }))) return;

  if (result.ok) ctx.store.append(result.endpoint, result.payloads, requestFacts(req, query, result));
  logRequest(ctx, req, pathname, query, result);
  if (!result.ok) rejectRequest(ctx, req, pathname, query, result);

  // Mixpanel's replies: verbose=1 → JSON, else a bare 1 / 0. Errors that are not about the
  // payload (401, 404, 405, 413, 415) always explain themselves in JSON.
  const verbose = query.verbose === '1' || query.verbose === 'true';
  const reply = { status: result.ok ? 1 : 0, error: result.ok ? null : result.error };
  if (verbose || (result.status !== 200 && result.status !== 400)) sendJson(res, result.status, reply);
  else sendText(res, result.status, result.ok ? '1' : '0');
}

// A refused request never reaches the store; the viewer still shows it, with why, and with the
// lint of whatever payloads could be read (a missing token is the usual reason).
function rejectRequest(ctx, req, pathname, query, result) {
  if (!result.endpoint || result.endpoint === 'import' || req.method === 'OPTIONS') return;
  ctx.store.reject({
    time: Date.now(),
    method: req.method,
    endpoint: result.endpoint,
    status: result.status,
    error: result.error,
    tokens: result.tokens,
    warnings: lintBatch(result.endpoint, readableItems(result.bodyText, query)),
  });
}

function readableItems(bodyText, query) {
  const text = (bodyText || '').trim();
  try {
    if (text.startsWith('{') || text.startsWith('[')) return JSON.parse(text);
    const data = text.includes('data=') ? new URLSearchParams(text).get('data') : query.data;
    return typeof data === 'string' ? decodeDataValue(data).value : [];
  } catch {
    return [];
  }
}

// Proxy mode: the body is read (and bounded) here, sent on unchanged, and the target's reply
// passed back. With `record`, what was forwarded is also kept and shown like any ingestion.
async function handleForward(ctx, req, res, pathname, search, query) {
  const { body, tooLarge, aborted } = await readBody(req, MAX_BODY_BYTES);
  if (aborted) return void res.destroy();
  if (tooLarge) return sendJson(res, 413, { status: 0, error: `body exceeds ${MAX_BODY_BYTES} bytes; split the batch` });
  const { target, trustProxy, timeoutMs, record } = ctx.forward;
  const status = await forwardAndReply({ target, req, res, pathname, search, body, trustProxy, timeoutMs, logError: ctx.logError });
  if (!record) return;
  const result = decodeIngest({ method: req.method, path: pathname, query, headers: req.headers, body });
  result.bytes = body.length;
  if (result.ok) ctx.store.append(result.endpoint, result.payloads, { ...requestFacts(req, query, result), forwarded: { to: target.origin + basePath(target), status } });
  logRequest(ctx, req, pathname, query, { ...result, status });
  if (!result.ok) rejectRequest(ctx, req, pathname, query, result);
}

function logRequest(ctx, req, pathname, query, result) {
  ctx.requests.add({
    time: Date.now(),
    method: req.method,
    path: pathname,
    query,
    headers: { ...req.headers },
    body: result.bodyText,
    // What crossed the wire: the body's size as received (compressed, when it was) and its
    // Content-Encoding; `body` above is the decoded text.
    bytes: result.bytes ?? 0,
    content_encoding: req.headers['content-encoding'] ?? null,
    status: result.status,
    endpoint: result.endpoint,
    token: result.tokens[0] ?? null,
    tokens: result.tokens,
    error: result.error ?? null,
  });
}

// Reads the whole body, but stops keeping it past the limit: the rest is drained so the
// client still gets to read the 413 instead of a reset connection.
function readBody(req, limit) {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge, aborted: false }));
    // A client that gives up mid-upload never sends 'end'; settle so nothing waits forever.
    const abort = () => resolve({ body: Buffer.alloc(0), tooLarge, aborted: true });
    req.on('error', abort);
    req.on('close', () => {
      if (!req.complete) abort();
    });
  });
}

// ---------------------------------------------------------------------------------------
// Read API: what tests and the viewer page ask

function handleReadApi(ctx, req, res, pathname, query) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { error: `method ${req.method} not allowed` });
  }
  switch (pathname.replace(/\/+$/, '')) {
    case '/_/health':
      return sendJson(res, 200, { ok: true });
    case '/_/received':
      // ?before=SEQ&limit=N pages back from the newest; also total, last_seq and more.
      return sendJson(res, 200, ctx.store.page(query));
    case '/_/rejected':
      return sendJson(res, 200, { rejected: ctx.store.rejections(query) });
    case '/_/requests':
      return sendJson(res, 200, { requests: ctx.requests.query(query) });
    case '/_/stream':
      return openStream(ctx, req, res, query);
    default:
      return sendJson(res, 404, { error: `no such path ${pathname}` });
  }
}

// Server-Sent Events: a backlog first (the last 200, or everything after Last-Event-ID /
// ?since=), then each new record as it is stored. Filters are the same as /_/received.
function openStream(ctx, req, res, query) {
  const { since: querySince, ...filter } = query;
  const since = req.headers['last-event-id'] ?? querySince;
  const match = recordMatcher(filter);

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  if (req.method === 'HEAD') return void res.end();

  const send = (record) => res.write(`id: ${record.seq}\ndata: ${JSON.stringify(record)}\n\n`);
  res.write('retry: 2000\n\n');
  for (const record of ctx.store.page({ ...filter, since, limit: since ? undefined : STREAM_BACKLOG }).records) send(record);

  const unsubscribe = ctx.store.subscribe((record) => {
    if (match(record)) send(record);
  });
  // Refused requests go out as `event: rejected` (no id: they are not part of the replay).
  const rejectedFor = rejectionMatcher(filter);
  const unsubscribeRejected = ctx.store.subscribeRejected((entry) => {
    if (rejectedFor(entry)) res.write(`event: rejected\ndata: ${JSON.stringify(entry)}\n\n`);
  });
  ctx.streams.add(res);
  const done = () => {
    unsubscribe();
    unsubscribeRejected();
    ctx.streams.delete(res);
  };
  res.on('close', done);
  res.on('error', done);
}

// ---------------------------------------------------------------------------------------
// Static files: the viewer page, dist/ and examples/

const PAGE_PATHS = new Set(['/', '/index.html', '/favicon.ico']);
/** The served folder ('dist', 'examples', ...) the path lies under, else null. */
function staticDir(ctx, pathname) {
  return ctx.staticDirs.find((dir) => pathname === `/${dir}` || pathname.startsWith(`/${dir}/`)) ?? null;
}

function isStaticPath(ctx, pathname) {
  return PAGE_PATHS.has(pathname) || staticDir(ctx, pathname) !== null;
}

async function serveStatic(ctx, req, res, pathname, search) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { error: `method ${req.method} not allowed` });
  }
  if (pathname === '/favicon.ico') return void res.writeHead(204).end();
  if (pathname === '/' || pathname === '/index.html') return sendFile(req, res, PAGE);

  const base = path.join(ctx.root, staticDir(ctx, pathname));
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'bad path encoding');
  }
  const segments = decoded.split('/');
  if (segments.includes('..') || decoded.includes('\0') || decoded.includes('\\')) {
    return sendText(res, 400, 'path must not contain .., \\ or NUL');
  }
  // segments: ['', 'dist' | 'examples', ...rest]
  const file = path.join(base, ...segments.slice(2));
  if (file !== base && !file.startsWith(base + path.sep)) return sendText(res, 400, 'path escapes its folder');

  let stat;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return sendText(res, 404, `not found: ${pathname}`);
  }
  if (stat.isDirectory()) {
    // Relative links inside examples/x/index.html only resolve against a trailing slash.
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { Location: pathname + '/' + (search ? `?${search}` : '') });
      return void res.end();
    }
    return sendStaticFile(ctx, req, res, path.join(file, 'index.html'), pathname);
  }
  return sendStaticFile(ctx, req, res, file, pathname);
}

/** What a stored record keeps about the request that carried it. */
function requestFacts(req, query, result) {
  const { data, ...recordedQuery } = query; // data is the payload itself; no need to keep it twice
  return {
    method: req.method,
    content_type: req.headers['content-type'] ?? null,
    content_encoding: req.headers['content-encoding'] ?? null,
    encoding: result.encoding,
    user_agent: req.headers['user-agent'] ?? null,
    origin: req.headers.origin ?? null,
    query: recordedQuery,
  };
}

// Example (and test) pages install tracklet the way a real site does, with the snippet pasted
// inline: each marker below becomes the current contents of its file, read on every request so
// a page never shows a stale copy. Mixpanel's own official snippet is available the same way
// (from the mixpanel-browser devDependency) to prove tracklet's bundle accepts it.
const INLINE_SCRIPTS = {
  '<!-- tracklet:snippet -->': 'dist/snippet.min.js',
  '<!-- mixpanel:snippet -->': 'node_modules/mixpanel-browser/dist/mixpanel-jslib-snippet.min.js',
};

function sendStaticFile(ctx, req, res, file, shownPath) {
  if (path.extname(file).toLowerCase() !== '.html') return sendFile(req, res, file, shownPath);
  return sendPage(ctx, req, res, file, shownPath);
}

async function sendPage(ctx, req, res, file, shownPath) {
  let html;
  try {
    html = await fs.promises.readFile(file, 'utf8');
  } catch {
    return sendText(res, 404, `not found: ${shownPath}`);
  }
  for (const [marker, source] of Object.entries(INLINE_SCRIPTS)) {
    if (!html.includes(marker)) continue;
    let script;
    try {
      // Carries the page's nonce, so the inline snippet runs under a strict CSP too.
      script = `<script nonce="{{CSP_NONCE}}">${await fs.promises.readFile(path.join(ctx.root, source), 'utf8')}</script>`;
    } catch {
      script = `<!-- tracklet collector: ${source} is missing; run npm run build / npm install -->`;
    }
    html = html.split(marker).join(script);
  }
  // A page may come with response headers in `<page>.headers.json` (a CSP, for instance);
  // `{{CSP_NONCE}}` in them and in the page becomes a fresh nonce for every response.
  const headers = { 'Content-Type': CONTENT_TYPES['.html'] };
  const nonce = crypto.randomBytes(16).toString('base64');
  try {
    // `{ "variants": { name: headers } }` serves one page under several policies (`?variant=name`).
    const sidecar = JSON.parse(await fs.promises.readFile(file + '.headers.json', 'utf8'));
    const variant = new URL(req.url, 'http://x').searchParams.get('variant');
    const extra = sidecar.variants ? sidecar.variants[variant] ?? {} : sidecar;
    for (const [k, v] of Object.entries(extra)) headers[k] = String(v).split('{{CSP_NONCE}}').join(nonce);
  } catch {
    // no sidecar: plain page
  }
  const data = Buffer.from(html.split('{{CSP_NONCE}}').join(nonce), 'utf8');
  res.writeHead(200, { ...headers, 'Content-Length': data.length });
  res.end(req.method === 'HEAD' ? undefined : data);
}

async function sendFile(req, res, file, shownPath = '/') {
  let data;
  try {
    data = await fs.promises.readFile(file);
  } catch {
    return sendText(res, 404, `not found: ${shownPath}`);
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': data.length });
  res.end(req.method === 'HEAD' ? undefined : data);
}

// ---------------------------------------------------------------------------------------
// Replies (JSON ones: reply.mjs)

function sendText(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

// ---------------------------------------------------------------------------------------
// Run directly

function isMain() {
  try {
    return fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  const env = process.env;
  startCollector({
    port: env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT),
    host: env.HOST || '127.0.0.1',
    dataDir: env.TRACKLET_DATA || '.tracklet',
  }).then(
    (collector) => {
      console.log(`tracklet collector: ${collector.url}`);
      console.log(`  live events:  ${collector.url}`);
      console.log(`  examples:     ${collector.url}examples/`);
      console.log(`  stored in:    ${path.resolve(env.TRACKLET_DATA || '.tracklet')}/received.jsonl`);
      const stop = () => collector.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(`tracklet collector: cannot start: ${err.message}`);
      process.exit(1);
    },
  );
}
