// A recording's outbox: its rrweb events waiting to leave, each kept as the JSON text it will be
// sent as (stringified once, when it arrives), sent in batches of at most 1,000 every 10 s as
// upstream's recorder does, under tracklet's delivery rules:
//   - one request at a time, in order (the next batch's seq follows the last one accepted);
//   - 5xx, 429, network errors: retried with jittered backoff, never sooner than Retry-After,
//     the wait shared with the origin's other tabs (delivery/sharedBackoff.ts);
//   - 4xx: that batch dropped and reported (a retry would not fix it); if it held a full
//     snapshot, the recording stops (what follows could not be replayed without it);
//   - memory bounded (MAX_BYTES of JSON waiting): past it, the recording stops, reported;
//   - at page hide everything waiting is handed to the recording (recording.ts seals and keeps
//     it, and sends the first batch with keepalive); the outbox then forgets it, and a reply to a
//     request still in flight no longer counts here.

import { verdict, backoff, DONE, RETRY } from '../../delivery/retry';
import { backoffKey, sharedRetryAt, shareRetryAt, clearSharedRetry } from '../../delivery/sharedBackoff';
import type { Reply } from '../../delivery/transport';

export const BATCH_EVENTS = 1000;
const INTERVAL_MS = 10_000;
const MAX_BYTES = 8 * 1024 * 1024;

/** One event as it waits: its JSON text, its timestamp, whether it is a full snapshot. */
export type Item = [json: string, time: number, full: boolean];

export interface OutboxHost {
  /** Posts one batch (a JSON array's text) with the next seq; resolves with the reply. */
  _post(json: string, times: number[]): Promise<Reply>;
  /** The batch was accepted: the next one gets the next seq. */
  _sent(): void;
  /** Whether sending may happen now (opted out: no; recording too short yet: no). */
  _may(): boolean;
  _url(): string;
  _report(message: string, error?: unknown): void;
  /** The recording must stop (memory full, or its full snapshot refused): says why. */
  _stop(why: string): void;
}

export class Outbox {
  _items: Item[] = [];
  _bytes = 0;
  _timer?: ReturnType<typeof setTimeout>;
  _busy?: Promise<void>;
  _attempt = 0;
  /** Set while a retry waits: no other send starts before it. */
  _waitUntil = 0;
  /** Events in the request in flight. */
  _flying = 0;
  /** Bumped at page hide: a run started before it no longer acts on its reply. */
  _gen = 0;
  _h: OutboxHost;

  constructor(host: OutboxHost) {
    this._h = host;
  }

  _add(item: Item): void {
    this._items.push(item);
    this._bytes += item[0].length;
    if (this._bytes > MAX_BYTES) return this._h._stop('more waits to be sent than memory allows');
    this._schedule(INTERVAL_MS);
  }

  _schedule(ms: number): void {
    if (this._timer || !this._items.length) return;
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
      while (this._items.length && this._h._may()) {
        const key = backoffKey(this._h._url());
        const wait = Math.max(this._waitUntil, sharedRetryAt(key)) - Date.now();
        if (wait > 0) return this._schedule(wait);
        const batch = this._items.slice(0, BATCH_EVENTS);
        this._flying = batch.length;
        const reply = await this._h._post('[' + batch.map((i) => i[0]).join(',') + ']', batch.map((i) => i[1]));
        if (gen != this._gen) return; // the page hid meanwhile: the recording keeps that batch
        this._flying = 0;
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
        this._take(batch.length);
        if (v == DONE) this._h._sent();
        else {
          this._h._report(`session replay: record/ refused a batch (${reply._status}); dropped`, reply._error);
          // Later batches hold only changes to the page this one described: nothing to replay.
          if (batch.some((i) => i[2])) return this._h._stop('the batch with the full snapshot was refused');
        }
      }
    };
    return (this._busy = run()
      .catch((e) => this._h._report('session replay: sending failed', e))
      .then(() => {
        if (gen == this._gen) this._busy = undefined;
      }));
  }

  _take(n: number): Item[] {
    const out = this._items.splice(0, n);
    for (const i of out) this._bytes -= i[0].length;
    return out;
  }

  /**
   * The page is going: everything waiting, in batches: first the one in flight (if a request is:
   * `flying` says so), then one of at most `room` characters (0: no limit), then at most
   * BATCH_EVENTS each. The outbox forgets them all.
   */
  _unload(room: number): [batches: Item[][], flying: boolean] {
    clearTimeout(this._timer);
    this._timer = undefined;
    const flying = this._flying;
    this._gen++;
    this._busy = undefined;
    this._flying = 0;
    const out: Item[][] = [];
    if (flying) out.push(this._take(flying));
    let n = 0;
    while (room && n < this._items.length && n < BATCH_EVENTS && (room -= this._items[n][0].length + 1) > 0) n++;
    if (n) out.push(this._take(n));
    while (this._items.length) out.push(this._take(BATCH_EVENTS));
    return [out, !!flying];
  }

  _clear(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._take(this._items.length);
  }
}
