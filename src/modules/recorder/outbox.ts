// A recording's outbox: its rrweb events waiting to leave, each kept as the JSON text it will be
// sent as (stringified once, when it arrives), sent in batches of at most 1,000 every 10 s as
// upstream's recorder does, under tracklet's delivery rules:
//   - a batch is sealed (its seq fixed) and kept in storage (kept.ts) before it is sent, and as
//     soon as the events waiting reach CHUNK characters: what a page that goes has not sent is
//     in storage already but for less than CHUNK, and a later page sends it;
//   - one request at a time, in order;
//   - 5xx, 429, network errors: retried with jittered backoff, never sooner than Retry-After,
//     the wait shared with the origin's other tabs (delivery/sharedBackoff.ts);
//   - 4xx: that batch dropped and reported (a retry would not fix it); if it held a full
//     snapshot, the recording stops (what follows could not be replayed without it);
//   - memory bounded (MAX_BYTES of JSON waiting): past it, the recording stops, reported;
//   - at page hide the rest is sealed and kept, the first batch not in flight leaves with
//     keepalive (recording.ts), and the outbox forgets them all: a later page sends what no
//     reply took, and a reply to a request still in flight no longer counts here.

import { verdict, backoff, DONE, RETRY } from '../../delivery/retry';
import { backoffKey, sharedRetryAt, shareRetryAt, clearSharedRetry } from '../../delivery/sharedBackoff';
import type { Reply } from '../../delivery/transport';
import type { KeptParcel } from './kept';

export const BATCH_EVENTS = 1000;
/** Events waiting past this many characters are sealed and kept at once (under the keepalive budget, so the rest at page hide fits it). */
export const CHUNK = 24_000;
const INTERVAL_MS = 10_000;
const MAX_BYTES = 8 * 1024 * 1024;

/** One event as it waits: its JSON text, its timestamp, whether it is a full snapshot. */
export type Item = [json: string, time: number, full: boolean];

/** A sealed batch: its parcel (kept in storage when it fitted), whether it holds a full snapshot, its size, whether a request took it out. */
export type Sealed = [parcel: KeptParcel, full: boolean, chars: number, events: number, posted?: boolean];

export interface OutboxHost {
  /** Seals events into a batch with the next seq, and keeps it (kept.ts). */
  _seal(items: Item[]): KeptParcel;
  /** Packs groups of sealed batches none of which was sent yet into one batch each, numbered on from the first's seq; keeps them instead. */
  _pack(groups: KeptParcel[][]): KeptParcel[];
  /** Posts one sealed batch; resolves with the reply. */
  _post(p: KeptParcel): Promise<Reply>;
  /** A batch is done with (taken, or refused): no longer kept. */
  _forget(p: KeptParcel): void;
  /** Whether sending may happen now (opted out: no; recording too short yet: no). */
  _may(): boolean;
  _url(): string;
  _report(message: string, error?: unknown): void;
  /** The recording must stop (memory full, or its full snapshot refused): says why. */
  _stop(why: string): void;
}

export class Outbox {
  /** Events not sealed yet. */
  _items: Item[] = [];
  /** Characters not sealed yet. */
  _open = 0;
  /** Sealed batches, oldest first; the first may be in flight. */
  _sealed: Sealed[] = [];
  /** Characters in memory, sealed or not (MAX_BYTES). */
  _bytes = 0;
  _timer?: ReturnType<typeof setTimeout>;
  _busy?: Promise<void>;
  _attempt = 0;
  /** Set while a retry waits: no other send starts before it. */
  _waitUntil = 0;
  /** Set while the first sealed batch is in flight. */
  _flying = false;
  /** Bumped at page hide: a run started before it no longer acts on its reply. */
  _gen = 0;
  _h: OutboxHost;

  constructor(host: OutboxHost) {
    this._h = host;
  }

  _add(item: Item): void {
    this._items.push(item);
    this._open += item[0].length;
    this._bytes += item[0].length;
    if (this._bytes > MAX_BYTES) return this._h._stop('more waits to be sent than memory allows');
    // (Not while nothing may be sent: a recording too short yet may still be dropped whole.)
    if (this._open >= CHUNK && this._h._may()) this._seal();
    this._schedule(INTERVAL_MS);
  }

  /** Seals what waits into batches of at most BATCH_EVENTS, each kept in storage. */
  _seal(): void {
    while (this._items.length) {
      const items = this._items.splice(0, BATCH_EVENTS);
      const chars = items.reduce((n, i) => n + i[0].length, 0);
      this._open -= chars;
      this._sealed.push([this._h._seal(items), items.some((i) => i[2]), chars, items.length]);
    }
  }

  /**
   * Before the first request of a batch: the batches that wait (none of them sent yet) are packed
   * into as few as BATCH_EVENTS allows, so a page keeps upstream's one request per interval however
   * often it sealed to keep its events safe.
   */
  _pack(): void {
    const groups: Sealed[][] = [];
    let events = BATCH_EVENTS;
    for (const s of this._sealed) {
      if (events + s[3] > BATCH_EVENTS) groups.push([]), (events = 0);
      groups[groups.length - 1].push(s);
      events += s[3];
    }
    if (groups.length == this._sealed.length) return;
    const packed = this._h._pack(groups.map((g) => g.map((s) => s[0])));
    this._sealed = groups.map((g, i) => [packed[i], g.some((s) => s[1]), g.reduce((n, s) => n + s[2], 0), g.reduce((n, s) => n + s[3], 0)]);
  }

  _schedule(ms: number): void {
    if (this._timer || !(this._items.length || this._sealed.length)) return;
    this._timer = setTimeout(() => {
      this._timer = undefined;
      this._send();
    }, ms);
  }

  /** Sends what waits, batch after batch; resolves when the outbox is empty or must wait. */
  _send(): Promise<void> {
    if (this._busy) return this._busy;
    const gen = this._gen;
    const run = async (): Promise<void> => {
      while (this._h._may()) {
        this._seal();
        if (this._sealed[0] && !this._sealed[0][4]) this._pack();
        const first = this._sealed[0];
        if (!first) return;
        const key = backoffKey(this._h._url());
        const wait = Math.max(this._waitUntil, sharedRetryAt(key)) - Date.now();
        if (wait > 0) return this._schedule(wait);
        this._flying = first[4] = true;
        const reply = await this._h._post(first[0]);
        if (gen != this._gen) return; // the page hid meanwhile: storage keeps that batch
        this._flying = false;
        const v = verdict(reply);
        if (v == RETRY) {
          const ms = backoff(this._attempt++, reply._retryAfter);
          this._waitUntil = Date.now() + ms;
          shareRetryAt(key, this._waitUntil);
          this._h._report(`session replay: record/ answered ${reply._status}; retrying in ${Math.round(ms)} ms`, reply._error);
          return this._schedule(ms);
        }
        this._attempt = 0;
        this._waitUntil = 0;
        clearSharedRetry(key);
        this._sealed.shift();
        this._bytes -= first[2];
        this._h._forget(first[0]);
        if (v != DONE) {
          this._h._report(`session replay: record/ refused a batch (${reply._status}); dropped`, reply._error);
          // Later batches hold only changes to the page this one described: nothing to replay.
          if (first[1]) return this._h._stop('the batch with the full snapshot was refused');
        }
      }
    };
    return (this._busy = run()
      .catch((e) => this._h._report('session replay: sending failed', e))
      .then(() => {
        if (gen == this._gen) this._busy = undefined;
      }));
  }

  /**
   * The page is going: what waits is sealed (and kept), and the outbox forgets it all. Returns
   * the sealed batches and whether the first is in flight.
   */
  _unload(): [batches: KeptParcel[], flying: boolean] {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._seal();
    const flying = this._flying;
    this._gen++;
    this._busy = undefined;
    this._flying = false;
    const out = this._sealed.splice(0).map((s) => s[0]);
    this._bytes = 0;
    return [out, flying];
  }

  /** Drops everything, kept copies included (opted out, or a recording too short to keep). */
  _clear(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._gen++;
    this._busy = undefined;
    this._flying = false;
    for (const s of this._sealed.splice(0)) this._h._forget(s[0]);
    this._items = [];
    this._open = this._bytes = 0;
  }
}
