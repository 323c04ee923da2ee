// First-party proxy mode: the collector runs on the site's own domain and passes each ingestion
// request on, unchanged, to a Mixpanel-compatible host (`tracklet collector --forward URL`).
// Blockers that block the vendor's host see only the site's own origin.
//
// What goes out: the same method, path (under the target's base path), query string and body
// bytes, with the same Content-Type and Content-Encoding; the visitor's IP in X-Forwarded-For.
// What never goes out: Authorization, Cookie and the other credential or hop-by-hop headers.
// What comes back: the target's status and body (and its Content-Type, Content-Encoding and
// Retry-After). A target that cannot be reached is a 502, one that does not answer in time a
// 504: the client keeps the batch and retries both.

import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Paths that are forwarded: the three endpoints a browser client uses, with or without the slash. */
export const FORWARDED_PATH = /^\/(track|engage|groups)\/?$/;

/** Request headers passed on as they are; everything else is dropped. */
const PASSED_REQUEST_HEADERS = ['content-type', 'content-encoding', 'user-agent', 'accept', 'accept-language', 'origin', 'referer'];
/** Reply headers passed back; CORS is the collector's own (set before forwarding). */
const PASSED_REPLY_HEADERS = ['content-type', 'content-encoding', 'retry-after'];

/**
 * The target as a URL: http(s), no credentials, no query or fragment. Throws a readable Error.
 * @param {string} value e.g. https://api-js.mixpanel.com or https://proxy.example.com/mp
 */
export function parseTarget(value) {
  let url;
  try {
    url = new URL(String(value));
  } catch {
    throw new Error(`--forward needs an absolute http(s) URL such as https://api-js.mixpanel.com, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--forward needs an http(s) URL, got ${url.protocol}`);
  if (url.username || url.password) throw new Error('--forward must not carry user:password@: the browser ingestion API takes no credentials');
  if (url.search || url.hash) throw new Error('--forward takes a host and an optional base path, without ?query or #fragment');
  return url;
}

/** The target's base path without its trailing slash: '' for a bare host, '/mp' for https://x/mp/. */
export const basePath = (target) => target.pathname.replace(/\/+$/, '');

/** The client's address as a plain IP (IPv4-mapped IPv6 unwrapped). */
export function clientIp(remoteAddress) {
  const ip = String(remoteAddress ?? '');
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * Headers of the forwarded request. Pure.
 * trustProxy: the collector itself sits behind a proxy that sets X-Forwarded-For; keep that list
 * and append the peer (nginx's $proxy_add_x_forwarded_for). Otherwise the peer is the visitor,
 * and a client-sent X-Forwarded-For is replaced so no visitor can choose its own geolocation.
 */
export function forwardHeaders(incoming, remoteAddress, { trustProxy = false, host, bodyLength }) {
  const out = {};
  for (const name of PASSED_REQUEST_HEADERS) {
    const v = incoming[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  const peer = clientIp(remoteAddress);
  const prior = trustProxy ? String(incoming['x-forwarded-for'] ?? '').trim() : '';
  const forwardedFor = [prior, peer].filter(Boolean).join(', ');
  if (forwardedFor) out['x-forwarded-for'] = forwardedFor;
  if (trustProxy && incoming['x-real-ip']) out['x-real-ip'] = String(incoming['x-real-ip']);
  else if (peer) out['x-real-ip'] = peer;
  out.host = host;
  out['content-length'] = String(bodyLength);
  return out;
}

/** Headers of the reply to the client, from the target's reply (its length when it gave one). Pure. */
export function replyHeaders(targetHeaders, bodyLength = targetHeaders['content-length']) {
  const out = {};
  for (const name of PASSED_REPLY_HEADERS) {
    if (targetHeaders[name] !== undefined) out[name] = targetHeaders[name];
  }
  if (bodyLength !== undefined) out['content-length'] = String(bodyLength);
  return out;
}

/**
 * Send one request to the target. Resolves with the target's reply as it starts (status,
 * headers, and the body still to stream: never held, never decompressed); rejects with err.code
 * 'TIMEOUT' or the socket error.
 */
function forwardRequest(target, { method, pathname, search, headers, body }, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || undefined,
        method,
        path: `${basePath(target)}${pathname}${search ? `?${search}` : ''}`,
        headers,
      },
      resolve,
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Forward one ingestion request whose body was already read, and answer the client: the target's
 * reply is streamed through (backpressure included), so a huge reply costs no memory here.
 * @returns {Promise<number>} the status sent to the client
 */
export async function forwardAndReply({ target, req, res, pathname, search, body, trustProxy = false, timeoutMs, logError = () => {} }) {
  const headers = forwardHeaders(req.headers, req.socket.remoteAddress, { trustProxy, host: target.host, bodyLength: body.length });
  let reply;
  try {
    reply = await forwardRequest(target, { method: req.method, pathname, search, headers, body }, { timeoutMs });
  } catch (err) {
    const status = err.code === 'TIMEOUT' ? 504 : 502;
    logError(`forwarding ${req.method} ${pathname} to ${target.origin} failed: ${err.message}`);
    const text = JSON.stringify({ status: 0, error: `${target.host} ${status === 504 ? 'did not answer in time' : 'cannot be reached'} (${err.code || err.message}); retry later` });
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }
    return status;
  }
  const status = reply.statusCode ?? 502;
  if (res.headersSent || res.destroyed) {
    reply.destroy();
    return status;
  }
  res.writeHead(status, replyHeaders(reply.headers));
  await new Promise((resolve) => {
    pipeline(reply, res, (err) => {
      if (err) logError(`the reply of ${target.origin} to ${req.method} ${pathname} was cut: ${err.message}`);
      resolve();
    });
  });
  return status;
}
