// What one endpoint's outbox holds, and how it is kept: items in memory within the caps, this
// page's record in storage (record.mjs), written by this page only, once per burst of pushes (a
// microtask; at most once a second for a record over BIG) and at once when the page is hidden or
// left; this page's sign of life; adoption of other pages' records (adopt.ts). When and how
// items go out is queue.ts's, which extends this class.

import { capOf, MAX_STORED, BIG } from './caps';
import { beatOf, encodeRecord } from './record.mjs';
import { adoptOrphans, removeRecords, recordKeys } from './adopt';
import { localSet } from '../lib/localStore';
import { insertId } from '../lib/random';
import { now } from '../lib/env';
import { report } from '../lib/report';
import type { Endpoint, Payload } from '../payload/shapes';
import type { Callback, Config } from '../types';

/** What a queue reads of its instance: the config in force (set_config may replace it). */
export interface QueueOwner {
  _cfg: Config;
}

export interface Item {
  /** The payload's JSON, fixed at push. */
  _json: string;
  _payload: Payload;
  /** Callback awaiting the server's reply (unbatched sends); never persisted. */
  _callback?: Callback;
  /** In flight: 1 by fetch (cancelled if the page goes away), 2 by keepalive (outlives it). */
  _sending?: number;
  /** Left the stored queue when posted at unload (a non-idempotent profile update). */
  _once?: number;
}

export class Outbox {
  _items: Item[] = [];
  /**
   * Characters of JSON held (each item plus one), kept exact: items come in through `_fit`
   * (counted there), adoption and a failed unload post; they leave through `_fit` and `_keep`.
   */
  _bytes = 0;
  /** Payloads dropped and not reported yet (kept by the track queue for every endpoint). */
  _dropped = 0;
  _dirty?: boolean;
  /** Storage holds less or more than memory (set on every change, cleared by a write). */
  _behind?: boolean;
  /** Other pages' records exist that may need adopting. */
  _look: boolean;
  _warned?: boolean;
  /** When the record was last written. */
  _wrote = 0;
  /** Reported once per page: the queue dropped payloads to fit its caps. */
  _full?: boolean;
  /** The page was left (1; 2 once its record says so): the record is free for adoption. */
  _left?: number;
  /** This page's storage key, '' when the queue lives in memory only. */
  _key: string;
  /** The instance's track queue, which reports every queue's dropped count on its next event. */
  _track: Outbox;

  constructor(public _owner: QueueOwner, public _endpoint: Endpoint, public _base: string, track?: Outbox) {
    this._key = _base && _base + ':' + insertId().slice(0, 12);
    this._look = !!_base && recordKeys(_base + ':').length > 0;
    this._track = track || this;
  }

  /** Empties the queue, in memory and storage (opt-out). */
  _clear(): void {
    this._items = [];
    this._bytes = 0;
    this._persist();
  }

  /** Drops the oldest until `len` more characters (and one more item, when len > 0) fit the caps. */
  _fit(len: number): void {
    const cfg = this._owner._cfg;
    // A running count, never a walk over the queue: at a cap, each push drops one and stays cheap.
    if (len) this._bytes += len + 1;
    const extra = len ? 1 : 0;
    while (this._items.length && (this._items.length + extra > capOf(cfg, 'events') || this._bytes > capOf(cfg, 'bytes'))) {
      const it = this._items.shift()!;
      this._bytes -= it._json.length + 1;
      // An event that carried a dropped count passes it on.
      this._lose(1 + (Number(((it._payload.properties || 0) as Payload).$tracklet_dropped) || 0));
      if (it._callback) it._callback(0, it._payload);
    }
  }

  /** Keeps the items `keep` accepts, and the count of what is held. */
  _keep(keep: (it: Item) => boolean): void {
    this._behind = true;
    this._items = this._items.filter((it) => {
      if (keep(it)) return true;
      this._bytes -= it._json.length + 1;
      return false;
    });
  }

  _lose(n: number): void {
    this._track._dropped += n;
    this._track._markDirty();
    if (!this._full) {
      this._full = true;
      report(this._owner._cfg, 5, [this._endpoint]);
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
    if (!this._items.length && !this._dropped) return removeRecords([this._key]);
    const max = Math.min(MAX_STORED, capOf(this._owner._cfg, 'bytes'));
    const text = encodeRecord(this._left ? 0 : now(), this._dropped, this._items.map((i) => i._json), max);
    this._wrote = now();
    if (!localSet(this._key, text) && !this._warned) {
      this._warned = true;
      report(this._owner._cfg, 6, [this._endpoint]);
    }
  }

  /** Tells other tabs this page is alive (0: it left, its record is theirs to adopt). A few bytes. */
  _beat(t: number): void {
    // Only beside a record: an empty queue leaves no key behind.
    if (this._key && this._left != 2 && (this._items.length || this._dropped)) localSet(beatOf(this._key), '' + t);
  }

  /** Takes over the records of pages that left or stopped writing (adopt.ts). */
  _adopt(): void {
    if (this._look) adoptOrphans(this);
  }

  /** The page shows again (back/forward cache): its record is its own again. */
  _show(): void {
    if (!this._left) return;
    this._left = 0;
    this._beat(now());
    this._persist();
  }
}
