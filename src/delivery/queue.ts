// One endpoint's outbox: payloads wait here, persisted, until the server acknowledges them.
// A burst of track() calls costs one storage write (coalesced in a microtask); a flush sends at
// most `batch_size` payloads per request with one request in flight; replies are judged by
// retry.ts. Items keep their payload byte for byte across retries, so `$insert_id` and `time`
// never change and the server can deduplicate any re-send.

import { encodeBody } from './encode';
import { post, beacon, type Reply } from './transport';
import { verdict, backoff, DONE, SPLIT, RETRY } from './retry';
import { localGet, localSet, localRemove } from '../storage/localStore';
import { parseJSON, isObject } from '../lib/json';
import { insertId } from '../lib/random';
import { win } from '../lib/env';
import type { Payload } from '../payload/shapes';
import type { Callback, Config } from '../types';

export interface QueueHost {
  _cfg: Config;
  /** Full request URL for this endpoint (host, route, query). */
  _url(endpoint: string): string;
  _report(message: string, error?: unknown): void;
}

interface Item {
  id: string;
  payload: Payload;
  /** Callback awaiting the server's reply (unbatched sends); never persisted. */
  _cb?: Callback;
  _sending?: boolean;
}

/** Keepalive requests share a 64 KiB in-flight budget per page; stay under it. */
const KEEPALIVE_BUDGET = 60000;
let keepaliveInFlight = 0;

export class Queue {
  _items: Item[] = [];
  _timer?: ReturnType<typeof setTimeout>;
  _busy?: Promise<boolean>;
  _attempt = 0;
  /** Batch size in force; halved by 413 replies. */
  _limit = 0;
  _dirty = false;
  _retryAt = 0;
  _timerAt = 0;

  constructor(public _host: QueueHost, public _endpoint: string, public _key: string) {
    const stored = parseJSON(_key ? localGet(_key) : null);
    if (Array.isArray(stored)) {
      for (const it of stored) if (isObject(it) && isObject(it.payload)) this._items.push({ id: String(it.id || insertId()), payload: it.payload });
    }
  }

  /** Adds a payload; returns at once. Unbatched sends call `cb` when the server replied. */
  _push(payload: Payload, cb: Callback | undefined, now: boolean): void {
    const item: Item = { id: insertId(), payload };
    this._items.push(item);
    this._markDirty();
    const cfg = this._host._cfg;
    if (now) {
      item._cb = cb;
      this._schedule(0);
    } else {
      if (cb) Promise.resolve().then(() => cb(1, payload));
      this._schedule(this._items.length >= (cfg.batch_size || 50) ? 0 : cfg.batch_flush_interval_ms);
    }
  }

  /** Persists the queue once per burst of pushes, before the browser runs any other task. */
  _markDirty(): void {
    if (this._dirty || !this._key) return;
    this._dirty = true;
    Promise.resolve().then(() => this._persist());
  }

  _persist(): void {
    this._dirty = false;
    if (!this._key) return;
    if (!this._items.length) return localRemove(this._key);
    if (!localSet(this._key, JSON.stringify(this._items.map((i) => ({ id: i.id, payload: i.payload })))))
      this._host._report(`could not persist the ${this._endpoint} queue (storage full or blocked); it stays in memory`);
  }

  /** Ensures a flush no later than `delay` ms from now (never before a pending retry time). */
  _schedule(delay: number): void {
    if (!this._items.length || this._busy) return;
    const at = Math.max(Date.now() + delay, this._retryAt);
    if (this._timer) {
      if (this._timerAt <= at) return;
      clearTimeout(this._timer);
    }
    this._timerAt = at;
    this._timer = setTimeout(() => {
      this._timer = undefined;
      this._send(false);
    }, at - Date.now());
  }

  /** Sends one batch. Resolves true when the batch was settled (acknowledged or dropped). */
  _send(unloading: boolean): Promise<boolean> {
    if (this._busy && !unloading) return this._busy;
    if (!unloading && offline()) return Promise.resolve(false); // the 'online' event resumes
    const cfg = this._host._cfg;
    const max = this._limit || cfg.batch_size || 50;
    const batch: Item[] = [];
    let body = '';
    for (const it of this._items) {
      if (it._sending) continue;
      if (batch.length >= max) break;
      const next = encodeBody(batch.concat(it).map((i) => i.payload), cfg.api_payload_format);
      if (unloading && batch.length && next.length + keepaliveInFlight > KEEPALIVE_BUDGET) break;
      batch.push(it);
      body = next;
    }
    if (!batch.length) return Promise.resolve(true);
    const url = this._host._url(this._endpoint);
    if (unloading && (body.length + keepaliveInFlight > KEEPALIVE_BUDGET || cfg.api_transport == 'sendBeacon')) {
      // Too big for a keepalive fetch: the beacon may still make it. The items stay queued and
      // persisted, so a later visit re-sends them and the server deduplicates by $insert_id.
      beacon(url, body);
      return Promise.resolve(false);
    }
    for (const it of batch) it._sending = true;
    if (unloading) keepaliveInFlight += body.length;
    const sent = post(url, body, cfg.xhr_headers || {}, cfg.batch_request_timeout_ms, unloading).then((reply) => {
      if (unloading) keepaliveInFlight -= body.length;
      for (const it of batch) it._sending = false;
      const settled = this._settle(batch, reply);
      if (!unloading) this._busy = undefined;
      this._schedule(this._items.length >= max || !settled ? 0 : cfg.batch_flush_interval_ms);
      return settled;
    });
    if (!unloading) this._busy = sent;
    return sent;
  }

  _settle(batch: Item[], reply: Reply): boolean {
    const v = verdict(reply);
    if (v == SPLIT && batch.length > 1) {
      this._limit = Math.ceil(batch.length / 2);
      return false;
    }
    if (v == RETRY) {
      this._retryAt = Date.now() + backoff(this._attempt++, reply._retryAfter);
      return false;
    }
    if (v != DONE)
      this._host._report(
        `the server refused ${batch.length} ${this._endpoint} payload(s) (HTTP ${reply._status}${reply._error ? ': ' + reply._error : ''}); dropped, not retried`,
      );
    this._items = this._items.filter((i) => batch.indexOf(i) < 0);
    this._markDirty();
    this._attempt = this._retryAt = 0;
    for (const it of batch) if (it._cb) it._cb(v == DONE ? 1 : 0, it.payload);
    return true;
  }

  /** Sends until empty; stops at the first failure (the retry timer carries on). Never rejects. */
  async _drain(): Promise<void> {
    for (let round = 0; this._items.length && round < 1000; round++) {
      if (this._retryAt > Date.now() || offline()) return;
      if (!(await this._send(false)) && this._retryAt) return;
    }
  }

  _stop(): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = undefined;
    if (this._dirty) this._persist();
  }
}

const offline = (): boolean => {
  const w = win();
  return !!w && w.navigator.onLine === false;
};
