// One endpoint's outbox: payloads wait here until the server acknowledges them.
//
// - Each payload becomes JSON once, at push: every send of it is byte-identical, so `$insert_id`
//   and `time` never change and the server removes any copy it receives twice.
// - Storage: one key per queue and page, `<base>:<random>`, written by that page only, once per
//   burst of pushes (a microtask; at most once a second for a record over BIG) and at once when
//   the page is hidden or left. The record is lines: a header `{"t":…,"d":…}` (write time, 0
//   once the page left; dropped count), then a payload a line as `<n> <rest>`: its JSON is the
//   first n characters of the JSON on the line before (n is 0 on the first) and then `rest`.
//   Events of a page share device, page and super properties, so a line is about a quarter of
//   the JSON: the burst's write costs less and the storage bound holds four times the events.
//   (JSON text has no raw line breaks.)
// - Under the endpoint's lock a page adopts the records of pages that left or stopped writing
//   (STALE): a reload sends what the page before it could not, a tab sends a closed tab's.
//   Whether a page is alive is also told by a tiny key of its own (`__tkh…`, beside the record:
//   the time of its last sign of life, 0 once it left), written first at unload. A browser may
//   cut a closing page's last storage write short (Chromium drops a megabyte rewrite during
//   pagehide): were the record itself the signal, its page would look alive for STALE, and a
//   later visit would wait two minutes to send the backlog.
// - At most one request in flight per endpoint per origin (lock.ts), unload posts aside; backoff
//   after a failure is shared through storage, so other tabs wait too.
// - Bounded by `queue_max_events` / `queue_max_bytes` (JSON characters) in memory: the oldest go
//   first and their count rides on the next event as `$tracklet_dropped`. Storage keeps the
//   oldest up to MAX_STORED characters, so a burst never fills the origin's storage.
// - Unload (visibilitychange→hidden, pagehide): pending payloads go out with keepalive within the
//   browsers' 64 KiB budget and stay queued until a reply acknowledges them.

import { encodeJson } from './encode';
import { post, beacon, gzip, type Reply } from './transport';
import { verdict, backoff, DONE, DROP, SPLIT, RETRY } from './retry';
import { withLock } from './lock';
import { localGet, localSet, localRemove } from '../storage/localStore';
import { parseJSON, isObject, stringify } from '../lib/json';
import { guard } from '../guard/guard';
import { insertId } from '../lib/random';
import { win, attempt, now, offline } from '../lib/env';
import type { Payload } from '../payload/shapes';
import type { Callback, Config, PayloadFormat } from '../types';

export interface QueueHost {
  _cfg: Config;
  /** Full request URL for this endpoint (host, route, query). */
  _url(endpoint: string): string;
  _report(message: string, error?: unknown): void;
  /** Dropped counts of every queue are reported on the next event. */
  _queues: { track: Queue };
}

interface Item {
  /** The payload's JSON, fixed at push. */
  _j: string;
  _p: Payload;
  /** Callback awaiting the server's reply (unbatched sends); never persisted. */
  _cb?: Callback;
  /** In flight: 1 by fetch (cancelled if the page goes away), 2 by keepalive (outlives it). */
  _s?: number;
  /** Left the stored queue when posted at unload (a non-idempotent profile update). */
  _once?: number;
}

/** Keepalive requests share a 64 KiB in-flight budget per page; stay under it. */
const KEEPALIVE_BUDGET = 60000;
let keepaliveInFlight = 0;
/** A queue record not rewritten for this long belongs to a tab that is gone (or frozen). */
const STALE = 120e3;
/** While items wait, the record is rewritten at least this often (the tab's heartbeat). */
const BEAT = 30e3;
/** Defaults of `queue_max_events` and `queue_max_bytes` (what the queue holds in memory). */
const MAX_EVENTS = 10000;
const MAX_BYTES = 5e6;
/**
 * What a record may take of the origin's storage (about 10 MB in most browsers): the oldest
 * items, the next to go out, up to this many characters as stored. A burst beyond it waits in memory.
 */
const MAX_STORED = 1e6;
/**
 * A queue holding this many characters of JSON is written at most once a second while the page
 * lives: rewriting a record of a few thousand events costs milliseconds, so with a backlog
 * (offline, the host down) each track() would. Hiding or leaving the page still writes at once.
 */
const BIG = 65536;

/** The key where the page owning record `key` shows it is alive. */
const beatOf = (key: string): string => '__tkh' + key.slice(5);

const keysOf = (prefix: string): string[] => attempt(() => Object.keys(win()!.localStorage).filter((k) => !k.indexOf(prefix)), []);

const bodyOf = (batch: Item[], format: PayloadFormat): string => encodeJson(`[${batch.map((i) => i._j)}]`, format);

export class Queue {
  _items: Item[] = [];
  /**
   * Characters of JSON held (each item plus one), kept exact: items come in through `_fit`
   * (counted there), adoption and a failed unload post; they leave through `_fit` and `_keep`.
   */
  _bytes = 0;
  /** Payloads dropped and not reported yet (kept by the track queue for every endpoint). */
  _dropped = 0;
  _timer?: ReturnType<typeof setTimeout>;
  _timerAt?: number;
  _busy?: Promise<boolean>;
  _attempt = 0;
  /** Batch size in force; halved by 413 replies. */
  _limit = 0;
  _retryAt = 0;
  _dirty?: boolean;
  /** Storage holds less or more than memory (set on every change, cleared by a write). */
  _behind?: boolean;
  /** Other pages' records exist that may need adopting. */
  _look: boolean;
  _off?: boolean;
  _warned?: boolean;
  /** When the record was last written. */
  _wrote = 0;
  /** The host refused a gzipped body once: plain bodies only. */
  _plain?: boolean;
  /** Reported once per page: the queue dropped payloads to fit its caps. */
  _full?: boolean;
  /** The page was left (1; 2 once its record says so): the record is free for adoption. */
  _left?: number;
  /** This page's storage key, '' when the queue lives in memory only. */
  _key: string;

  constructor(public _host: QueueHost, public _endpoint: string, public _base: string) {
    this._key = _base && _base + ':' + insertId().slice(0, 12);
    this._look = !!_base && !!keysOf(_base + ':').length;
  }

  /** Adds a payload; returns at once. Unbatched sends call `cb` when the server replied. */
  _push(payload: Payload, cb: Callback | undefined, now: boolean): void {
    const cfg = this._host._cfg;
    // Whoever built it (a call, a hook, an adopted queue), a payload enters through the guard.
    const json = stringify((payload = guard(payload) as Payload));
    // Bigger than the whole queue may be: only this one goes.
    if (json.length > this._cap('bytes', MAX_BYTES)) return this._lose(1), void (cb && cb(0, payload));
    const item: Item = { _j: json, _p: payload };
    const props = payload.properties;
    if (this._dropped && this._endpoint == 'track' && isObject(props)) {
      props.$tracklet_dropped = this._dropped;
      this._dropped = 0;
      item._j = stringify(payload);
    }
    this._fit(item._j.length);
    this._items.push(item);
    this._markDirty();
    if (now) {
      item._cb = cb;
      this._schedule(0);
    } else {
      if (cb) Promise.resolve().then(() => cb(1, payload));
      this._schedule(this._items.length >= (cfg.batch_size || 50) ? 0 : cfg.batch_flush_interval_ms);
    }
  }

  /** Empties the queue, in memory and storage (opt-out). */
  _clear(): void {
    this._items = [];
    this._bytes = 0;
    this._persist();
  }

  _cap(what: string, dflt: number): number {
    return Number(this._host._cfg['queue_max_' + what]) || dflt;
  }

  /** Drops the oldest until `len` more characters (and one more item, when len > 0) fit the caps. */
  _fit(len: number): void {
    // A running count, never a walk over the queue: at a cap, each push drops one and stays cheap.
    this._bytes += len && len + 1;
    while (this._items.length && (this._items.length + (len ? 1 : 0) > this._cap('events', MAX_EVENTS) || this._bytes > this._cap('bytes', MAX_BYTES))) {
      const it = this._items.shift()!;
      this._bytes -= it._j.length + 1;
      // An event that carried a dropped count passes it on.
      this._lose(1 + (Number(((it._p.properties || 0) as Payload).$tracklet_dropped) || 0));
      if (it._cb) it._cb(0, it._p);
    }
  }

  /** Keeps the items `keep` accepts, and the count of what is held. */
  _keep(keep: (it: Item) => boolean): void {
    this._behind = true;
    this._items = this._items.filter((it) => keep(it) || ((this._bytes -= it._j.length + 1), false));
  }

  _lose(n: number): void {
    const t = this._host._queues.track;
    t._dropped += n;
    t._markDirty();
    if (!this._full) {
      this._full = true;
      this._host._report(`${this._endpoint} queue full: oldest dropped`);
    }
  }

  /**
   * Persists the queue once per burst of pushes, before the browser runs any other task; a BIG
   * record at most once a second.
   */
  _markDirty(): void {
    this._behind = true;
    if (this._dirty || !this._key) return;
    this._dirty = true;
    const write = () => this._dirty && this._persist();
    const wait = this._bytes > BIG ? this._wrote + 1000 - now() : 0;
    if (wait > 0) setTimeout(write, wait);
    else Promise.resolve().then(write);
  }

  /** Writes this page's record (marked free for adoption once the page was left). */
  _persist(): void {
    this._dirty = false;
    // Once left, the record is another tab's to adopt: writing it again could bring it back
    // after adoption (tabs see each other's writes late). Acknowledged items may stay in it.
    if (!this._key || this._left == 2) return;
    this._behind = false;
    if (!this._items.length && !this._dropped) return localRemove(this._key), localRemove(beatOf(this._key));
    const lines = [`{"t":${this._left ? 0 : now()},"d":${this._dropped}}`];
    const max = Math.min(MAX_STORED, this._cap('bytes', MAX_BYTES));
    // The oldest items, up to `max` stored characters. The shared prefix is first guessed to be
    // as long as the line before's (a native compare), then extended a character at a time: a
    // character loop from the start costs a burst ~10 ms, about what the smaller write saves.
    let size = 0;
    let prev = '';
    let n = 0;
    for (const { _j: j } of this._items) {
      if (!j.startsWith(prev.slice(0, n))) n = 0;
      while (j.charCodeAt(n) === prev.charCodeAt(n)) n++;
      const line = n + ' ' + j.slice(n);
      if ((size += line.length + 1) > max) break;
      lines.push(line);
      prev = j;
    }
    this._wrote = now();
    if (!localSet(this._key, lines.join('\n')) && !this._warned) {
      this._warned = true;
      this._host._report(`${this._endpoint} queue kept in memory: storage full or blocked`);
    }
  }

  /** Tells other tabs this page is alive (0: it left, its record is theirs to adopt). A few bytes. */
  _beat(t: number): void {
    // Only beside a record: an empty queue leaves no key behind.
    if (this._key && this._left != 2 && (this._items.length || this._dropped)) localSet(beatOf(this._key), '' + t);
  }

  /**
   * Takes over the records of pages that left or stopped writing. Runs under the endpoint lock.
   * A payload held twice (a crash between the two writes below) goes out twice, byte-identical.
   */
  _adopt(): void {
    if (!this._look) return;
    this._look = false;
    const gone: string[] = [];
    const got: Item[] = [];
    const live = (t: number) => t > 0 && now() - t < STALE;
    for (const k of keysOf(this._base + ':')) {
      if (k == this._key) continue;
      // A live tab's record is left unread when its sign of life is recent.
      const beat = localGet(beatOf(k));
      if (beat != '0' && live(Number(beat))) {
        this._look = true;
        continue;
      }
      const text = localGet(k) || '';
      const rec = parseJSON(text.split('\n', 1)[0]);
      // Alive by its last write (a page beats only at hide and while it waits to send), unless
      // its own key says it left.
      if (beat != '0' && isObject(rec) && live(Number(rec.t))) {
        this._look = true;
        continue;
      }
      if (isObject(rec)) {
        let prev = '';
        for (const line of text.split('\n').slice(1)) {
          const j = prev.slice(0, parseInt(line)) + line.slice(line.indexOf(' ') + 1);
          // What another page stored passes the guard again (unchanged, it comes out byte-identical).
          const p = guard(parseJSON(j));
          const s = isObject(p) && stringify(p);
          if (s) got.push({ _j: s, _p: p as Payload }), (this._bytes += s.length + 1);
          prev = j;
        }
        this._host._queues.track._dropped += Number(rec.d) || 0;
      }
      gone.push(k);
    }
    if (!gone.length) return;
    this._items = got.concat(this._items);
    this._fit(0);
    // Written here before the other records go: a crash in between costs a copy, not an event.
    this._persist();
    this._host._queues.track._persist();
    for (const k of gone) localRemove(k), localRemove(beatOf(k));
  }

  /** Ensures a turn no later than `delay` ms from now (never before a pending retry time). */
  _schedule(delay: number): void {
    if ((!this._items.length && !this._look) || this._busy || this._off) return;
    const t = now();
    const at = Math.min(Math.max(t + delay, this._retryAt, offline() ? 1 / 0 : 0), t + BEAT);
    if (this._timer) {
      if (this._timerAt! <= at) return;
      clearTimeout(this._timer);
    }
    this._timerAt = at;
    this._timer = setTimeout(() => {
      this._timer = undefined;
      // Not due yet: only show the other tabs that this one is alive.
      if (now() < this._retryAt || offline()) this._beat(now()), this._schedule(0);
      else this._send();
    }, at - t);
  }

  _name(): string {
    return this._host._url(this._endpoint).split('?')[0];
  }

  /** The storage key where tabs share a backoff; none for a queue kept in memory only. */
  _shared(): string {
    return this._key && '__tkb' + this._name();
  }

  _max(): number {
    return this._limit || this._host._cfg.batch_size || 50;
  }

  /** One turn under the endpoint's lock: adopt, then send one batch. True when it settled. */
  _send(): Promise<boolean> {
    if (this._busy) return this._busy;
    const cfg = this._host._cfg;
    const shared = this._shared();
    // A queue in memory only leaves nothing in storage, not even a lease.
    return (this._busy = withLock(this._name(), this._key ? cfg.batch_request_timeout_ms + 5e3 : 0, async () => {
      try {
        this._adopt();
        const until = (shared && Number(localGet(shared))) || 0;
        if (until > this._retryAt) this._retryAt = until;
        if (this._retryAt > now() || offline()) return false;
        const batch = this._items.filter((i) => !i._s).slice(0, this._max());
        if (!batch.length) return true;
        const settled = await this._post(batch, false);
        if (this._retryAt > now()) shared && localSet(shared, '' + this._retryAt);
        else if (until) localRemove(shared);
        return settled;
      } catch {
        // never expected; wait rather than spin
        this._retryAt = now() + BEAT;
        return false;
      }
    }).then((settled) => {
      this._busy = undefined;
      const n = this._items.length;
      this._schedule(!settled || n >= this._max() ? 0 : n ? cfg.batch_flush_interval_ms : BEAT);
      return settled;
    }));
  }

  async _post(batch: Item[], keepalive: boolean, body = bodyOf(batch, this._host._cfg.api_payload_format)): Promise<boolean> {
    const cfg = this._host._cfg;
    const flag = keepalive ? 2 : 1;
    for (const it of batch) it._s = flag;
    if (keepalive) keepaliveInFlight += body.length;
    const url = this._host._url(this._endpoint);
    const c = cfg.api_compression;
    // Gzipped (see `api_compression`): /track only, the endpoint the wire contract says takes it;
    // never at unload, which cannot wait for it. Cross-origin, gzip needs a CORS preflight the
    // host may refuse: only when asked for. Same origin: the page's origin, or a path (a
    // first-party proxy given as `api_host: '/mp'`).
    const zipped = !keepalive && this._endpoint == 'track' && !this._plain && c != 'none' && (c == 'gzip' || !url.indexOf(location.origin + '/') || /^\/(?!\/)/.test(url)) ? await gzip(body) : undefined;
    const send = (b: string | Blob) => post(url, b, cfg.xhr_headers || {}, cfg.batch_request_timeout_ms, keepalive);
    let reply = await send(zipped || body);
    const refused = reply._status;
    // Refused as gzip (415, 400, a 200 saying 0, a failed preflight or connection): the same
    // batch again at once, plain. Taken so, it was the gzip: this queue stays plain from now on.
    if (zipped && (!refused || verdict(reply) == DROP) && (reply = await send(body))._ok) {
      this._plain = true;
      this._host._report(`gzip refused (HTTP ${refused}): sending plain`);
    }
    if (keepalive) keepaliveInFlight -= body.length;
    for (const it of batch) if (it._s == flag) it._s = 0;
    return this._settle(batch, reply);
  }

  _settle(batch: Item[], reply: Reply): boolean {
    const v = verdict(reply);
    // An at-most-once update (see _unload) whose post failed while the page lived on: queue it again.
    if (v == SPLIT || v == RETRY) for (const it of batch) if (it._once) (it._once = 0), this._items.unshift(it), (this._bytes += it._j.length + 1), this._markDirty();
    batch = batch.filter((i) => this._items.indexOf(i) >= 0);
    if (!batch.length) return true;
    if (v == SPLIT && batch.length > 1) return (this._limit = Math.ceil(batch.length / 2)), false;
    if (v == RETRY) return (this._retryAt = now() + backoff(this._attempt++, reply._retryAfter)), false;
    if (v != DONE) this._host._report(`HTTP ${reply._status} ${reply._error || ''}: ${batch.length} ${this._endpoint} payload(s) refused, dropped`);
    this._keep((i) => batch.indexOf(i) < 0);
    // Acknowledged items may stay in the record until the next write (a push, unload, or this at
    // most every BEAT, the tab's heartbeat): a crash meanwhile costs copies the server removes,
    // where rewriting up to MAX_STORED characters after every batch would cost a draining burst
    // a megabyte of storage writes per request.
    if (!this._items.length || now() - this._wrote > BEAT) this._markDirty();
    this._attempt = this._retryAt = 0;
    for (const it of batch) if (it._cb) it._cb(v == DONE ? 1 : 0, it._p);
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
    const once = sending ? this._items.filter((it) => !it._s && ('$add' in it._p || '$append' in it._p)).slice(0, 20) : [];
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
    const cfg = this._host._cfg;
    const max = this._max();
    const viaBeacon = cfg.api_transport == 'sendBeacon';
    let room = KEEPALIVE_BUDGET - keepaliveInFlight;
    let batch: Item[] = [];
    let size = 11; // data=%5B%5D
    const fire = () => {
      if (!batch.length) return;
      const body = bodyOf(batch, cfg.api_payload_format);
      room -= body.length;
      if (viaBeacon) beacon(this._host._url(this._endpoint), body);
      else this._post(batch, true, body);
      batch = [];
      size = 11;
    };
    for (const it of once.concat(this._items)) {
      // Encoded is never shorter than raw: what cannot fit raw is skipped before paying to encode
      // it (a full queue is megabytes; the budget is 60 KB).
      if (it._s == 2 || size + it._j.length + 3 > room) continue;
      const n = encodeURIComponent(it._j).length + 3;
      if (size + n > room) continue;
      batch.push(it);
      size += n;
      if (batch.length >= max) fire();
    }
    fire();
  }

  /** The page shows again (back/forward cache): its record is its own again. */
  _show(): void {
    if (this._left) (this._left = 0), this._beat(now()), this._persist();
  }

  /** Connectivity is back: forget the backoff and send now. */
  _wake(): void {
    this._attempt = this._retryAt = 0;
    const shared = this._shared();
    if (shared) localRemove(shared);
    this._schedule(0);
  }

  /** Another tab wrote `key`: a record whose page just left is adopted right away. */
  _seen(key: string | null, value: string | null): void {
    if (this._base && key && value == '0' && !key.indexOf(beatOf(this._base + ':'))) {
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
