// What the collector keeps: every accepted payload as one line of <dataDir>/received.jsonl
// (append-only, reloaded on start so a restart loses nothing), and, in memory only, every raw
// ingestion request so tests can scan them for leaked secrets.

import fs from 'node:fs';
import path from 'node:path';
import { distinctIdOf, nameOf, tokenOf } from './ingest.mjs';

export const FILE_NAME = 'received.jsonl';

/** Open (or create) the store in dataDir; synchronous so the server starts with history loaded. */
export function openStore(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE_NAME);
  const { records, skipped, endsWithNewline } = load(file);
  const fd = fs.openSync(file, 'a');
  // A crash mid-write can leave a partial last line; never glue the next record onto it.
  if (!endsWithNewline) fs.writeSync(fd, '\n');
  return new Store(file, fd, records, skipped);
}

function load(file) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  const records = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line);
      if (Number.isInteger(record?.seq)) records.push(record);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  records.sort((a, b) => a.seq - b.seq);
  return { records, skipped, endsWithNewline: text === '' || text.endsWith('\n') };
}

class Store {
  constructor(file, fd, records, skipped) {
    this.file = file;
    this.records = records;
    /** Lines of the file that could not be read back (reported, never fatal). */
    this.skipped = skipped;
    this._fd = fd;
    this._seq = records.length ? records[records.length - 1].seq : 0;
    this._listeners = new Set();
  }

  get lastSeq() {
    return this._seq;
  }

  /**
   * Record each payload of one accepted request. Written before the client gets its reply,
   * so an acknowledged payload is on disk.
   */
  append(endpoint, payloads, request, receivedAt = Date.now()) {
    const added = payloads.map((payload) => ({
      seq: ++this._seq,
      received_at: receivedAt,
      endpoint,
      token: tokenOf(endpoint, payload),
      payload,
      request,
    }));
    if (added.length === 0) return added;
    fs.writeSync(this._fd, added.map((r) => JSON.stringify(r) + '\n').join(''));
    this.records.push(...added);
    for (const listener of this._listeners) {
      for (const record of added) listener(record);
    }
    return added;
  }

  /** Records matching the filter (see recordMatcher), oldest first. */
  query(filter = {}) {
    const match = recordMatcher(filter);
    const from = firstAfter(this.records, filter.since);
    const out = [];
    for (let i = from; i < this.records.length; i++) {
      if (match(this.records[i])) out.push(this.records[i]);
    }
    return out;
  }

  /** Call listener(record) for each new record; returns the unsubscribe function. */
  subscribe(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  close() {
    this._listeners.clear();
    if (this._fd !== null) fs.closeSync(this._fd);
    this._fd = null;
  }
}

// Records are sorted by seq, so `since` is a binary search rather than a scan.
function firstAfter(records, since) {
  const after = Number(since);
  if (since === undefined || since === null || since === '' || !Number.isFinite(after)) return 0;
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid].seq <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A predicate for the read API and the stream. Every field is optional:
 * token, endpoint, event (event name, or profile op such as $set), distinct_id, since (seq).
 */
export function recordMatcher({ token, endpoint, event, distinct_id: distinctId, since } = {}) {
  const after = since === undefined || since === '' ? null : Number(since);
  return (r) =>
    (!token || r.token === token) &&
    (!endpoint || r.endpoint === endpoint.replace(/\//g, '')) &&
    (!event || nameOf(r.endpoint, r.payload) === event) &&
    (!distinctId || distinctIdOf(r.endpoint, r.payload) === distinctId) &&
    (after === null || !Number.isFinite(after) || r.seq > after);
}

/** Raw ingestion requests, newest last, capped so a long session cannot exhaust memory. */
export class RequestLog {
  constructor(cap = 50_000) {
    this.cap = cap;
    this.entries = [];
    this._id = 0;
  }

  add(entry) {
    const stored = { id: ++this._id, ...entry };
    this.entries.push(stored);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
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
