// What the collector keeps: every accepted payload as one line of <dataDir>/received.jsonl
// (append-only, reloaded on start so a restart loses nothing), and, in memory only, the last
// refused requests. The raw request log is requestLog.mjs.

import fs from 'node:fs';
import path from 'node:path';
import { distinctIdOf, nameOf, tokenOf } from './ingest.mjs';
import { lintPayload } from './lint.mjs';

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
      if (Number.isInteger(record?.seq)) {
        // Files written before the lint existed: lint each record as of when it arrived.
        if (!Array.isArray(record.warnings)) record.warnings = lintPayload(record.endpoint, record.payload, { now: record.received_at });
        records.push(record);
      } else skipped++;
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
    /** Refused requests (memory only, newest last, capped): the viewer shows why they were refused. */
    this.rejected = [];
    this._rejectedId = 0;
    this._rejectedListeners = new Set();
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
      // What breaks the wire contract (Mixpanel would truncate or drop it); see lint.mjs.
      warnings: lintPayload(endpoint, payload, { now: receivedAt }),
    }));
    if (added.length === 0) return added;
    // Everything that can fail is done before the write: a request answered with an error must
    // have stored nothing, or its retry stores it twice.
    const text = added.map((r) => JSON.stringify(r) + '\n').join('');
    fs.writeSync(this._fd, text);
    for (const record of added) this.records.push(record);
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

  /**
   * One page of the records matching the filter: with `limit`, the newest `limit` of those
   * before seq `before` (both optional), oldest first. `more` tells whether older matches exist.
   */
  page(filter = {}) {
    const match = recordMatcher(filter);
    const from = firstAfter(this.records, filter.since);
    const before = Number(filter.before);
    const to = filter.before === undefined || filter.before === '' || !Number.isFinite(before) ? this.records.length : firstAfter(this.records, before - 1);
    const limit = Number(filter.limit);
    // total: the records matching the filter (any page); stored: every record in the store.
    let total = 0;
    for (let i = from; i < this.records.length; i++) if (match(this.records[i])) total++;
    const base = { total, stored: this.records.length, last_seq: this._seq };
    if (!(limit > 0)) {
      const records = [];
      for (let i = from; i < to; i++) if (match(this.records[i])) records.push(this.records[i]);
      return { records, more: false, ...base };
    }
    const records = [];
    let i = to - 1;
    for (; i >= from && records.length < limit; i--) if (match(this.records[i])) records.push(this.records[i]);
    let more = false;
    for (; i >= from && !more; i--) more = match(this.records[i]);
    return { records: records.reverse(), more, ...base };
  }

  /** Keep a refused request (memory only) and tell the stream. */
  reject(entry) {
    const stored = { id: ++this._rejectedId, ...entry };
    this.rejected.push(stored);
    if (this.rejected.length > REJECTED_CAP) this.rejected.splice(0, this.rejected.length - REJECTED_CAP);
    for (const listener of this._rejectedListeners) listener(stored);
    return stored;
  }

  /** Refused requests matching token / endpoint (contains=1: substring), newest `limit`, oldest first. */
  rejections(filter = {}) {
    const list = this.rejected.filter(rejectionMatcher(filter));
    const n = Number(filter.limit);
    return n > 0 ? list.slice(-n) : list;
  }

  subscribeRejected(listener) {
    this._rejectedListeners.add(listener);
    return () => this._rejectedListeners.delete(listener);
  }

  /** Call listener(record) for each new record; returns the unsubscribe function. */
  subscribe(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  close() {
    this._listeners.clear();
    this._rejectedListeners.clear();
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

const REJECTED_CAP = 1000;

/**
 * A predicate for the read API and the stream. Every field is optional:
 * token, endpoint, event (event name, or profile op such as $set), distinct_id, since (seq),
 * warned=1 (only records with warnings). Matches are exact unless contains=1: then token, event
 * and distinct_id match case-insensitive substrings (distinct_id also matches a group's key=id).
 */
export function recordMatcher({ token, endpoint, event, distinct_id: distinctId, since, contains, warned } = {}) {
  const after = since === undefined || since === '' ? null : Number(since);
  const loose = contains === '1' || contains === 'true' || contains === true;
  const onlyWarned = warned === '1' || warned === 'true' || warned === true;
  const same = (wanted) => {
    if (!loose) return (value) => value === wanted;
    const needle = String(wanted).toLowerCase();
    return (value) => value !== null && value !== undefined && String(value).toLowerCase().includes(needle);
  };
  const tokenIs = token ? same(token) : null;
  const eventIs = event ? same(event) : null;
  const idIs = distinctId ? same(distinctId) : null;
  return (r) =>
    (!tokenIs || tokenIs(r.token)) &&
    (!endpoint || r.endpoint === endpoint.replace(/\//g, '')) &&
    (!eventIs || eventIs(nameOf(r.endpoint, r.payload))) &&
    (!idIs || idIs(distinctIdOf(r.endpoint, r.payload)) || (loose && r.endpoint === 'groups' && idIs(groupIdOf(r.payload)))) &&
    (!onlyWarned || (Array.isArray(r.warnings) && r.warnings.length > 0)) &&
    (after === null || !Number.isFinite(after) || r.seq > after);
}

function groupIdOf(payload) {
  return payload && payload.$group_key != null ? `${payload.$group_key}=${payload.$group_id}` : null;
}

/** A predicate over refused requests: token (any token they carried), endpoint, contains=1. */
export function rejectionMatcher({ token, endpoint, contains } = {}) {
  const loose = contains === '1' || contains === 'true' || contains === true;
  const needle = String(token ?? '').toLowerCase();
  const has = loose ? (t) => String(t).toLowerCase().includes(needle) : (t) => t === token;
  return (e) => (!endpoint || e.endpoint === endpoint.replace(/\//g, '')) && (!token || e.tokens.some(has));
}
