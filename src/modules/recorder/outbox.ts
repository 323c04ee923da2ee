// A recording's outbox: its rrweb events waiting to leave, each kept as the JSON text it will be
// sent as (stringified once, when it arrives), sent in batches of at most 1,000 every 10 s as
// upstream's recorder does, under tracklet's delivery rules:
//   - one request at a time, in order (the next batch's seq follows the last one accepted);
//   - 5xx, 429, network errors: retried with jittered backoff, never sooner than Retry-After,
//     the wait shared with the origin's other tabs (delivery/sharedBackoff.ts);
//   - 4xx: that batch dropped and reported (a retry would not fix it); if it held a full
//     snapshot, the recording stops (what follows could not be replayed without it);
//   - memory bounded (MAX_BYTES of JSON waiting): past it, the recording stops, reported;
//   - at page hide the batch goes with keepalive, as much as the browser's budget lets through;
//     what does not fit is left for the next page of this tab (recording.ts keeps it).

import { verdict, backoff, DONE, RETRY } from '../../delivery/retry';
import { backoffKey, sharedRetryAt, shareRetryAt, clearSharedRetry } from '../../delivery/sharedBackoff';
import { keepaliveRoom, keepaliveSent } from '../../delivery/unload';
import type { Reply } from '../../delivery/transport';

export const BATCH_EVENTS = 1000;
const INTERVAL_MS = 10_000;
const MAX_BYTES = 8 * 1024 * 1024;

/** One event as it waits: its JSON text, its timestamp, whether it is a full snapshot. */
export type Item = [json: string, time: number, full: boolean];

export interface OutboxHost {
  /** Posts one batch (a JSON array's text); resolves with the reply. */
  _post(json: string, times: number[], keepalive: boolean): Promise<Reply>;
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
    const run = async (): Promise<void> => {
      while (this._items.length && this._h._may()) {
        const key = backoffKey(this._h._url());
        const wait = Math.max(this._waitUntil, sharedRetryAt(key)) - Date.now();
        if (wait > 0) return this._schedule(wait);
        const batch = this._items.slice(0, BATCH_EVENTS);
        const reply = await this._h._post('[' + batch.map((i) => i[0]).join(',') + ']', batch.map((i) => i[1]), false);
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
        this._busy = undefined;
      }));
  }

  _take(n: number): Item[] {
    const out = this._items.splice(0, n);
    for (const i of out) this._bytes -= i[0].length;
    return out;
  }

  /**
   * The page is going: what the keepalive budget lets through leaves now (one batch, its seq
   * counted as sent: no reply will come); the rest is returned for the next page.
   */
  _unload(): Item[] {
    clearTimeout(this._timer);
    this._timer = undefined;
    if (this._busy || !this._h._may()) return this._take(this._items.length);
    // At most half the keepalive budget: the events' queue leaves at the same moment, and in the
    // script-tag build its count of the budget is not this one's.
    let room = Math.min(keepaliveRoom(), 32000) - 2000; // the query and headers
    let n = 0;
    while (n < this._items.length && n < BATCH_EVENTS && (room -= this._items[n][0].length + 1) > 0) n++;
    if (n) {
      const batch = this._take(n);
      const json = '[' + batch.map((i) => i[0]).join(',') + ']';
      keepaliveSent(json.length);
      this._h._post(json, batch.map((i) => i[1]), true).then(() => keepaliveSent(-json.length));
      this._h._sent();
    }
    return this._take(this._items.length);
  }

  _clear(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._take(this._items.length);
  }
}
