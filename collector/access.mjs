// Who may do what. Loopback is not a trust boundary: any page the developer visits can send
// requests to the collector. So:
// - ingestion (/track, /engage, /groups) is open to every origin, without credentials: that is
//   its job, and it reveals nothing;
// - everything under /_/ (read API, stream, request log, fault injection) answers only the
//   collector's own origin and the origins it was started with (`allowOrigins`), and only when
//   the Host header names an address it listens on: a DNS-rebinding page (evil.example resolved
//   to 127.0.0.1) is same-origin with itself, not with the collector, and its Host says so.
// A request without Origin is the collector's own tooling (curl, the tests' Node fetch).

import os from 'node:os';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * The host names (lower case, IPv6 without brackets) a request may address the collector by.
 * Wildcard binds answer on every interface, so every interface address counts.
 */
export function listenHostNames(host) {
  const names = new Set([String(host).toLowerCase().replace(/^\[|\]$/g, '')]);
  const wildcard = host === '' || host === '0.0.0.0' || host === '::';
  if (wildcard || names.has('localhost') || [...names].some(isLoopbackAddress)) LOOPBACK_NAMES.forEach((n) => names.add(n));
  if (wildcard) {
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
    names.add(os.hostname().toLowerCase());
  }
  return names;
}

const isLoopbackAddress = (name) => /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1';

/** `Host` as [name, port]: 'a:1' → ['a', 1], '[::1]:1' → ['::1', 1], 'a' → ['a', 80]; null when malformed. */
function parseHost(value) {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(String(value ?? ''));
  return m ? [m[1].toLowerCase().replace(/^\[|\]$/g, ''), m[2] === undefined ? 80 : Number(m[2])] : null;
}

/** Origins given by the operator, normalised ('http://a:1/' → 'http://a:1'); throws on a bad one. */
export function parseAllowOrigins(list = []) {
  return new Set(
    [].concat(list).map((value) => {
      if (value === 'null') return 'null';
      let url;
      try {
        url = new URL(String(value));
      } catch {
        throw new Error(`allowOrigins: ${JSON.stringify(value)} is not an origin such as http://localhost:5173`);
      }
      if (url.origin === 'null') throw new Error(`allowOrigins: ${JSON.stringify(value)} has no http(s) origin`);
      return url.origin;
    }),
  );
}

/**
 * May this request use the /_/ API? Returns null when it may, else why not (for a 403).
 * Sets the CORS headers an allowed cross-origin page needs.
 */
export function privateAccess(ctx, req, res) {
  const host = parseHost(req.headers.host);
  if (!host || host[1] !== ctx.port || !ctx.hostNames.has(host[0])) {
    return `Host ${JSON.stringify(req.headers.host ?? '')} is not an address this collector listens on (DNS rebinding is refused)`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) {
    // No Origin: tooling, or a browser's no-cors GET (<script src>, <img>): the latter says where it came from.
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none' ? null : 'a cross-site request without Origin is refused';
  }
  if (origin !== `http://${req.headers.host}` && !ctx.allowOrigins.has(origin)) {
    return `origin ${origin} may not use the collector's API; start it with allowOrigins (--allow-origin) to allow it`;
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  allowPrivateNetwork(req, res);
  return null;
}

// Chrome's Private Network Access: lets pages on public origins reach a localhost collector.
function allowPrivateNetwork(req, res) {
  if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
}

/** Ingestion answers every origin, never with credentials. */
export function setIngestionCors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  // Echoed so a client's own headers (Content-Encoding, xhr_headers) pass the preflight; Node
  // bounds the size of a request's headers.
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || 'Content-Type');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Access-Control-Max-Age', '600');
  allowPrivateNetwork(req, res);
}
