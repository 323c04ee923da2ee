// Raw ingestion requests, in memory only, so tests can see what crossed the wire and scan it for
// leaked secrets. Bounded: each entry keeps at most BODY_KEPT characters of the (decoded) body,
// credential headers are redacted, and the whole log stays under a byte budget and an entry cap.

import { detach } from './detach.mjs';

const BODY_KEPT = 64 * 1024;
const REDACTED = ['authorization', 'proxy-authorization', 'cookie'];

/** The log entry of one request: what the client sent and what it was answered. */
export function requestEntry(req, pathname, query, result) {
  const headers = { ...req.headers };
  // Never kept: a client that sends credentials should see that it did, not what they were.
  for (const name of REDACTED) if (name in headers) headers[name] = '[redacted]';
  const text = result.bodyText ?? '';
  return {
    time: Date.now(),
    method: req.method,
    path: pathname,
    query,
    headers,
    body: detach(text, BODY_KEPT),
    // The decoded body's full length; `body` holds at most its first 64 KiB characters.
    body_length: text.length,
    // What crossed the wire: the body's size as received (compressed, when it was) and its
    // Content-Encoding; `body` above is the decoded text.
    bytes: result.bytes ?? 0,
    content_encoding: req.headers['content-encoding'] ?? null,
    status: result.status,
    endpoint: result.endpoint,
    token: result.tokens[0] ?? null,
    tokens: result.tokens,
    error: result.error ?? null,
  };
}

// A rough size, enough to bound memory: two bytes a character of what the entry holds.
const sizeOf = (entry) => 2 * (entry.body.length + JSON.stringify(entry.headers).length + JSON.stringify(entry.query).length + JSON.stringify(entry.tokens).length) + 256;

export class RequestLog {
  constructor({ cap = 50_000, maxBytes = 64 * 1024 * 1024 } = {}) {
    this.cap = cap;
    this.maxBytes = maxBytes;
    this.entries = [];
    this.bytes = 0;
    this._sizes = [];
    this._id = 0;
  }

  add(entry) {
    const stored = { id: ++this._id, ...entry };
    const size = sizeOf(stored);
    this.entries.push(stored);
    this._sizes.push(size);
    this.bytes += size;
    let drop = 0;
    while (this.entries.length - drop > this.cap || (this.bytes > this.maxBytes && drop < this.entries.length - 1)) this.bytes -= this._sizes[drop++];
    if (drop) {
      this.entries.splice(0, drop);
      this._sizes.splice(0, drop);
    }
    return stored;
  }

  /**
   * Filter: token (any token the request carried), endpoint, method, since (id).
   * CORS preflights are left out unless method=OPTIONS is asked for: they carry no data,
   * and counting them would make request counts depend on the browser.
   */
  query({ token, endpoint, method, since } = {}) {
    const after = Number(since);
    return this.entries.filter((e) =>
      (method ? e.method === method.toUpperCase() : e.method !== 'OPTIONS') &&
      (!token || e.tokens.includes(token)) &&
      (!endpoint || e.endpoint === endpoint.replace(/\//g, '')) &&
      (!since || !Number.isFinite(after) || e.id > after));
  }
}
