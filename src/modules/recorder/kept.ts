// Batches kept across pages and tabs (localStorage): what a page had not sent when it went, each
// sealed with its seq (send.ts Parcel), so a later page of the origin (the same tab or another,
// however long after, within MAX_AGE_MS) sends it as this page would have. Upstream keeps its
// batches in IndexedDB; localStorage is written synchronously, so a closing tab's last write is
// done before the page is. The core learns cheaply that parcels wait: a tiny marker key
// (key.ts, no instance), read when the page is idle; only then does it load this module.
//
// Bounded: MAX_CHARS of parcels (the oldest are kept: a replay's later batches are nothing
// without its first) and MAX_AGE_MS. Delivery is at least once: a parcel stays until a reply
// took it, and the server takes a seq it already has as a retry (the collector keeps one copy):
// two pages starting at once may both send it.

import { postParcel, type Parcel } from './send';
import { recordingKey } from './key';
import { verdict, backoff, RETRY } from '../../delivery/retry';

const MAX_CHARS = 1_000_000;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const dataKey = (token: unknown) => `__tkrecq_${token}`;
const same = (a: Parcel, b: Parcel) => a.q.replay_id == b.q.replay_id && a.q.seq == b.q.seq;

function read(token: unknown): Parcel[] {
  try {
    const list = JSON.parse(localStorage.getItem(dataKey(token)) || '[]');
    const now = Date.now();
    return Array.isArray(list) ? list.filter((p) => p && typeof p.b == 'string' && p.q && now - p.at < MAX_AGE_MS) : [];
  } catch {
    return [];
  }
}

function write(token: unknown, list: Parcel[]): void {
  let size = 0;
  const kept = list.filter((p) => (size += p.b.length + 500) <= MAX_CHARS);
  try {
    if (kept.length) {
      localStorage.setItem(dataKey(token), JSON.stringify(kept));
      localStorage.setItem(recordingKey(token, ''), '1');
    } else {
      localStorage.removeItem(dataKey(token));
      localStorage.removeItem(recordingKey(token, ''));
    }
  } catch {
    // full or unusable: what did not fit is lost, as it would have been without keeping
  }
}

/** Adds parcels to the kept ones (after them: they were sealed later). */
export const keep = (token: unknown, more: Parcel[]): void => write(token, read(token).concat(more));

/** A reply took this parcel: it is no longer kept. */
export const forget = (token: unknown, p: Parcel): void => write(token, read(token).filter((k) => !same(k, p)));

/**
 * Sends the kept parcels, one at a time, in order; each stays kept until a reply took it (a page
 * closed meanwhile leaves it to the next one). A retryable failure waits a backoff and starts
 * over; a refused parcel (4xx) is dropped and reported. Opted out: they are dropped unsent.
 */
export function sendKept(token: unknown, may: () => boolean, report: (m: string, e?: unknown) => void, attempt = 0): void {
  const list = read(token);
  if (!list.length || !may()) return write(token, []);
  const next = (i: number): unknown => {
    const p = list[i];
    return (
      p &&
      postParcel(p, false).then((reply) => {
        if (verdict(reply) == RETRY) return setTimeout(() => sendKept(token, may, report, attempt + 1), backoff(attempt, reply._retryAfter));
        if (!reply._ok) report(`session replay: record/ refused a kept batch (${reply._status}); dropped`, reply._error);
        forget(token, p);
        return next(i + 1);
      })
    );
  };
  next(0);
}
