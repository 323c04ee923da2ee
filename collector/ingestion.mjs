// The ingestion endpoints (/track, /engage, /groups): kept here, or passed on in proxy mode
// (forward.mjs). Both read a request the same way (receive), and keep what they accept the same
// way (keep): in the store, in the request log, and refused requests with why.

import { decodeIngest, endpointOf, MAX_BODY_BYTES } from './ingest.mjs';
import { lintBatch } from './lint.mjs';
import { basePath, forwardAndReply } from './forward.mjs';
import { injectFault } from './faults.mjs';
import { readBody } from './readBody.mjs';
import { requestEntry } from './requestLog.mjs';
import { sendJson, sendText } from './reply.mjs';

const tooLargeError = `body exceeds ${MAX_BODY_BYTES} bytes; split the batch`;

/** Reads and decodes one ingestion request; null when the client left before it was read. */
async function receive(req, pathname, query) {
  const { body, tooLarge, aborted } = await readBody(req, MAX_BODY_BYTES);
  if (aborted) return null;
  const result = tooLarge
    ? { ok: false, status: 413, error: tooLargeError, endpoint: endpointOf(pathname), encoding: null, payloads: [], readable: null, tokens: [], bodyText: '' }
    : decodeIngest({ method: req.method, path: pathname, query, headers: req.headers, body });
  return { body, tooLarge, result: { ...result, bytes: body.length } };
}

/** Stores what was accepted (before the reply: an acknowledged payload is on disk) and logs the request. */
function keep(ctx, req, pathname, query, result, facts = {}) {
  if (result.ok) ctx.store.append(result.endpoint, result.payloads, { ...requestFacts(req, query, result), ...facts });
  logRequest(ctx, req, pathname, query, result);
  if (!result.ok) rejectRequest(ctx, req, result);
}

export function logRequest(ctx, req, pathname, query, result) {
  ctx.requests.add(requestEntry(req, pathname, query, result));
}

export async function handleIngest(ctx, req, res, pathname, query) {
  const got = await receive(req, pathname, query);
  if (!got) return void res.destroy(); // nobody is left to answer, and nothing was sent
  const { result } = got;
  if (ctx.faults && (await injectFault(ctx, req, res, result, (status) => logRequest(ctx, req, pathname, query, { ...result, status })))) return;
  keep(ctx, req, pathname, query, result);

  // Mixpanel's replies: verbose=1 → JSON, else a bare 1 / 0. Errors that are not about the
  // payload (401, 404, 405, 413, 415) always explain themselves in JSON.
  const verbose = query.verbose === '1' || query.verbose === 'true';
  const reply = { status: result.ok ? 1 : 0, error: result.ok ? null : result.error };
  if (verbose || (result.status !== 200 && result.status !== 400)) sendJson(res, result.status, reply);
  else sendText(res, result.status, result.ok ? '1' : '0');
}

// Proxy mode: the body is read (and bounded) here, sent on unchanged, and the target's reply
// passed back. With `record`, what was forwarded is also kept and shown like any ingestion.
export async function handleForward(ctx, req, res, pathname, search, query) {
  // Only what the ingestion API takes goes out; anything else is answered here.
  if (req.method !== 'GET' && req.method !== 'POST') return sendJson(res, 405, { status: 0, error: `method ${req.method} not allowed; use GET or POST` });
  const got = await receive(req, pathname, query);
  if (!got) return void res.destroy();
  const { body, tooLarge, result } = got;
  if (tooLarge) return sendJson(res, 413, { status: 0, error: tooLargeError });
  const { target, trustProxy, timeoutMs, record } = ctx.forward;
  const status = await forwardAndReply({ target, req, res, pathname, search, body, trustProxy, timeoutMs, logError: ctx.logError });
  if (!record) return;
  // Kept only when the target took it: a refused or failed forward is retried by the client.
  const ok = result.ok && status === 200;
  const error = ok ? null : result.error ?? `the target answered ${status}`;
  keep(ctx, req, pathname, query, { ...result, ok, status, error }, { forwarded: { to: target.origin + basePath(target), status } });
}

// A refused request never reaches the store; the viewer still shows it, with why, and with the
// lint of whatever payloads could be read (a missing token is the usual reason).
function rejectRequest(ctx, req, result) {
  if (!result.endpoint || result.endpoint === 'import' || req.method === 'OPTIONS') return;
  ctx.store.reject({
    time: Date.now(),
    method: req.method,
    endpoint: result.endpoint,
    status: result.status,
    error: result.error,
    tokens: result.tokens,
    warnings: result.readable === null ? [] : lintBatch(result.endpoint, result.readable),
  });
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
