// One endpoint's outbox as it sends: payloads wait until the server acknowledges them.
//
// - Each payload becomes JSON once, at push: every send of it is byte-identical, so `$insert_id`
//   and `time` never change and the server removes any copy it receives twice.
// - What is held and how it is stored, adopted and capped: outbox.ts, which this class extends.
// - At most one request in flight per endpoint per origin (lock.ts), unload posts aside; backoff
//   after a failure is shared through storage (sharedBackoff.ts), so other tabs wait too.
// - Unload (visibilitychange→hidden, pagehide): pending payloads go out with keepalive within the
//   browsers' budget (unload.ts) and stay queued until a reply acknowledges them.

import { Outbox, type Item } from './outbox';
import { encodeJson } from './encode';
import { post, beacon, gzip, type Reply } from './transport';
import { verdict, backoff, DONE, DROP, SPLIT, RETRY } from './retry';
import { withLock } from '../lib/lock';
import { requestUrl } from './url';
import { capOf } from './caps';
import { beatOf } from './record.mjs';
import { backoffKey, sharedRetryAt, shareRetryAt, clearSharedRetry } from './sharedBackoff';
import { wantsGzip } from './compression';
import { keepaliveSent, keepaliveRoom, EMPTY_BODY } from './unload';
import { guard } from '../guard/guard';
import { isObject, stringify } from '../lib/json';
import { now, offline } from '../lib/env';
import { report } from '../lib/report';
import type { Payload } from '../payload/shapes';
import type { Callback, PayloadFormat } from '../types';

export type { QueueOwner } from './outbox';

/** While items wait, the record is rewritten at least this often (the tab's heartbeat). */
const BEAT = 30e3;

const bodyOf = (batch: Item[], format: PayloadFormat): string => encodeJson(`[${batch.map((i) => i._json)}]`, format);

export class Queue extends Outbox {
  _timer?: ReturnType<typeof setTimeout>;
  _timerAt?: number;
  _busy?: Promise<boolean>;
  _attempt = 0;
  /** Batch size in force; halved by 413 replies. */
  _limit = 0;
  _retryAt = 0;
  _off?: boolean;
  /** The host refused a gzipped body once: plain bodies only. */
  _plain?: boolean;

  /** Adds a payload; returns at once. Unbatched sends call `cb` when the server replied. */
  _push(payload: Payload, cb: Callback | undefined, immediately: boolean): void {
    const cfg = this._owner._cfg;
    // Whoever built it (a call, a hook, an adopted queue), a payload enters through the guard.
    payload = guard(payload) as Payload;
    const json = stringify(payload);
    // Bigger than the whole queue may be: only this one goes.
    if (json.length > capOf(cfg, 'bytes')) {
      this._lose(1);
      if (cb) cb(0, payload);
      return;
    }
    const item: Item = { _json: json, _payload: payload };
    const props = payload.properties;
    if (this._dropped && this._endpoint == 'track' && isObject(props)) {
      props.$tracklet_dropped = this._dropped;
      this._dropped = 0;
      item._json = stringify(payload);
    }
    this._fit(item._json.length);
    this._items.push(item);
    this._markDirty();
    if (immediately) {
      item._callback = cb;
      this._schedule(0);
    } else {
      if (cb) Promise.resolve().then(() => cb(1, payload));
      this._schedule(this._items.length >= (cfg.batch_size || 50) ? 0 : cfg.batch_flush_interval_ms);
    }
  }

  /** Ensures a turn no later than `delay` ms from now (never before a pending retry time). */
  _schedule(delay: number): void {
    if ((!this._items.length && !this._look) || this._busy || this._off) return;
    const t = now();
    const at = Math.min(Math.max(t + delay, this._retryAt, offline() ? Infinity : 0), t + BEAT);
    if (this._timer) {
      if (this._timerAt! <= at) return;
      clearTimeout(this._timer);
    }
    this._timerAt = at;
    this._timer = setTimeout(() => {
      this._timer = undefined;
      if (now() < this._retryAt || offline()) {
        // Not due yet: only show the other tabs that this one is alive.
        this._beat(now());
        this._schedule(0);
      } else this._send();
    }, at - t);
  }

  _url(): string {
    return requestUrl(this._owner._cfg, this._endpoint);
  }

  /** The lock's name: the endpoint's URL without its query. */
  _name(): string {
    return this._url().split('?')[0];
  }

  /** The storage key where tabs share a backoff; none for a queue kept in memory only. */
  _shared(): string {
    return this._key && backoffKey(this._name());
  }

  _max(): number {
    return this._limit || this._owner._cfg.batch_size || 50;
  }

  /** One turn under the endpoint's lock: adopt, then send one batch. True when it settled. */
  _send(): Promise<boolean> {
    if (this._busy) return this._busy;
    const cfg = this._owner._cfg;
    const shared = this._shared();
    // A queue in memory only leaves nothing in storage, not even a lease.
    const lease = this._key ? cfg.batch_request_timeout_ms + 5e3 : 0;
    const turn = withLock(this._name(), lease, async () => {
      try {
        this._adopt();
        const until = sharedRetryAt(shared);
        if (until > this._retryAt) this._retryAt = until;
        if (this._retryAt > now() || offline()) return false;
        const batch = this._items.filter((i) => !i._sending).slice(0, this._max());
        if (!batch.length) return true;
        const settled = await this._post(batch, false);
        if (this._retryAt > now()) shareRetryAt(shared, this._retryAt);
        else if (until) clearSharedRetry(shared);
        return settled;
      } catch {
        // never expected; wait rather than spin
        this._retryAt = now() + BEAT;
        return false;
      }
    });
    this._busy = turn.then((settled) => {
      this._busy = undefined;
      const n = this._items.length;
      this._schedule(!settled || n >= this._max() ? 0 : n ? cfg.batch_flush_interval_ms : BEAT);
      return settled;
    });
    return this._busy;
  }

  async _post(batch: Item[], keepalive: boolean, body = bodyOf(batch, this._owner._cfg.api_payload_format)): Promise<boolean> {
    const cfg = this._owner._cfg;
    const flag = keepalive ? 2 : 1;
    for (const it of batch) it._sending = flag;
    if (keepalive) keepaliveSent(body.length);
    const url = this._url();
    const zipped = wantsGzip(cfg, this._endpoint, url, keepalive, this._plain) ? await gzip(body) : undefined;
    const send = (b: string | Blob) => post(url, b, cfg.xhr_headers || {}, cfg.batch_request_timeout_ms, keepalive);
    let reply = await send(zipped || body);
    const refused = reply._status;
    // Refused as gzip (415, 400, a 200 saying 0, a failed preflight or connection): the same
    // batch again at once, plain. Taken so, it was the gzip: this queue stays plain from now on.
    if (zipped && (!refused || verdict(reply) == DROP)) {
      reply = await send(body);
      if (reply._ok) {
        this._plain = true;
        report(cfg, 7, [refused]);
      }
    }
    if (keepalive) keepaliveSent(-body.length);
    for (const it of batch) if (it._sending == flag) it._sending = 0;
    return this._settle(batch, reply);
  }

  _settle(batch: Item[], reply: Reply): boolean {
    const v = verdict(reply);
    // An at-most-once update (see _unload) whose post failed while the page lived on: queue it again.
    if (v == SPLIT || v == RETRY)
      for (const it of batch)
        if (it._once) {
          it._once = 0;
          this._items.unshift(it);
          this._bytes += it._json.length + 1;
          this._markDirty();
        }
    batch = batch.filter((i) => this._items.indexOf(i) >= 0);
    if (!batch.length) return true;
    if (v == SPLIT && batch.length > 1) {
      this._limit = Math.ceil(batch.length / 2);
      return false;
    }
    if (v == RETRY) {
      this._retryAt = now() + backoff(this._attempt++, reply._retryAfter);
      return false;
    }
    if (v != DONE) report(this._owner._cfg, 8, [reply._status, reply._error || '', batch.length, this._endpoint]);
    this._keep((i) => batch.indexOf(i) < 0);
    // Acknowledged items may stay in the record until the next write (a push, unload, or this at
    // most every BEAT, the tab's heartbeat): a crash meanwhile costs copies the server removes,
    // where rewriting up to MAX_STORED characters after every batch would cost a draining burst
    // a megabyte of storage writes per request.
    if (!this._items.length || now() - this._wrote > BEAT) this._markDirty();
    this._attempt = this._retryAt = 0;
    for (const it of batch) if (it._callback) it._callback(v == DONE ? 1 : 0, it._payload);
    return true;
  }

  /** The page is hidden, or `left`: persist now, then post what is pending with keepalive. */
  _unload(left?: boolean): void {
    if (left && !this._left) this._left = 1;
    // A Retry-After (or backoff) still holds at unload.
    const sending = this._retryAt <= now() && !offline();
    // Profile updates that add up ($add, $append) cannot be deduplicated by the server, and an
    // unload post's reply is never seen: those sent now leave the stored queue first, so no later
    // page sends them again (at most once, rather than a doubled counter).
    const once = sending ? this._items.filter((it) => !it._sending && ('$add' in it._payload || '$append' in it._payload)).slice(0, 20) : [];
    for (const it of once) it._once = 1;
    if (once.length) this._keep((it) => !it._once);
    // The small write first: should the browser cut the page's last big write short, other
    // tabs still learn at once that this record is theirs to send.
    this._beat(this._left ? 0 : now());
    // Rewritten only when storage is behind: a backlog already stored (a megabyte offline) is
    // not written again at every hide.
    if (this._behind) this._persist();
    if (this._left) this._left = 2;
    if (!sending) return;
    const cfg = this._owner._cfg;
    const viaBeacon = cfg.api_transport == 'sendBeacon';
    const max = this._max();
    let room = keepaliveRoom();
    let batch: Item[] = [];
    let size = EMPTY_BODY;
    const fire = () => {
      if (!batch.length) return;
      const body = bodyOf(batch, cfg.api_payload_format);
      room -= body.length;
      if (viaBeacon) beacon(this._url(), body);
      else this._post(batch, true, body);
      batch = [];
      size = EMPTY_BODY;
    };
    for (const it of once.concat(this._items)) {
      // Encoded is never shorter than raw: what cannot fit raw is skipped before paying to encode
      // it (a full queue is megabytes; the budget is 60 KB).
      if (it._sending == 2 || size + it._json.length + 3 > room) continue;
      const n = encodeURIComponent(it._json).length + 3;
      if (size + n > room) continue;
      batch.push(it);
      size += n;
      if (batch.length >= max) fire();
    }
    fire();
  }

  /** Connectivity is back: forget the backoff and send now. */
  _wake(): void {
    this._attempt = this._retryAt = 0;
    clearSharedRetry(this._shared());
    this._schedule(0);
  }

  /** Another tab wrote `key`: a record whose page just left is adopted right away. */
  _seen(key: string | null, value: string | null): void {
    if (this._base && key && value == '0' && key.indexOf(beatOf(this._base + ':')) == 0) {
      this._look = true;
      this._schedule(0);
    }
  }

  /** Sends until empty; stops at the first failure (the retry timer carries on). Never rejects. */
  async _drain(): Promise<void> {
    for (let round = 0; (this._items.length || this._look) && round < 1000; round++) {
      if (this._retryAt > now() || offline()) return;
      const settled = await this._send();
      if (!this._items.length || (!settled && this._retryAt)) return;
    }
  }

  _stop(): void {
    this._off = true;
    if (this._timer) clearTimeout(this._timer);
    this._timer = undefined;
    if (this._dirty) this._persist();
  }
}
