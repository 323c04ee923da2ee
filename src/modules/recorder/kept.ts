// Batches kept across pages and tabs (localStorage), so a page that goes before its batches left
// loses none of them: a later page of the origin (the same tab or another, within MAX_AGE_MS)
// sends them as this page would have. Each batch is written when it is sealed (send.ts Parcel,
// its seq fixed), while the page still lives: a closing page's last writes can be lost (seen in
// Chromium under load: a 300 KB list written at pagehide, and the small key written after it,
// were both gone for the next page) and a page may be killed without a pagehide at all (mobile).
// Upstream keeps its batches in IndexedDB.
//
// One key per parcel, so every write is one batch's size: PARCEL<token>_<page>_<replay id>_<seq>.
// A page that keeps parcels has a beat key, the time of its last sign of life, '0' once it left:
// other pages send only the parcels of pages that left or went quiet (STALE_MS); a live page
// sends its own. The core learns cheaply that parcels wait: a tiny marker key (key.ts, no
// instance), set while any are kept and read when a page is idle; only then does it load this
// module. Nothing written at pagehide is needed for the parcels to be found and sent: a lost
// '0' only makes a later page wait STALE_MS.
//
// Bounded: MAX_CHARS of parcels per token (a parcel that does not fit is not kept: it lives in
// memory only, as every batch did before) and MAX_AGE_MS. Delivery is at least once: a parcel
// stays until a reply took it, and the server takes a seq it already has as a retry (the
// collector keeps one copy): two pages may both send it.

import { postParcel, type Parcel } from './send';
import { recordingKey } from './key';
import { verdict, backoff, RETRY } from '../../delivery/retry';
import { uuid } from '../../lib/random';

const PARCEL = '__tkrecq_';
const BEAT = '__tkrecb_';
const MAX_CHARS = 1_000_000;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** A page whose beat is older than this is gone (or frozen): its parcels are another page's to send. */
const STALE_MS = 120_000;

/** A kept parcel knows the page that sealed it (`g`). */
export type KeptParcel = Parcel & { g: string };

let page: string | undefined;
/** This page's id among the pages keeping parcels (made on first use: nothing runs at import). */
export const pageId = (): string => page || (page = uuid().slice(0, 8));

const keyOf = (p: KeptParcel): string => `${PARCEL}${p.t}_${p.g}_${p.q.replay_id}_${p.q.seq}`;
const beatOf = (token: string, g: string): string => `${BEAT}${token}_${g}`;
const marker = (token: string): string => recordingKey(token, '');

/** Runs `fn` on localStorage; a storage that cannot be used (or is full) answers `fallback`. */
function store<T>(fn: (s: Storage) => T, fallback: T): T {
  try {
    return fn(localStorage);
  } catch {
    return fallback;
  }
}

/** The keys that start with `prefix`. */
const keysFrom = (prefix: string): string[] => store((s) => Object.keys(s).filter((k) => k.indexOf(prefix) == 0), []);

/**
 * Lengths of kept parcels this page has seen, by key, so keeping one does not read every other
 * one again (a busy page seals several a second). Another page's rewrite of a key it already
 * measured goes unseen: the bound is a safeguard, not an exact count.
 */
const lengths = new Map<string, number>();
const lengthOf = (s: Storage, k: string): number => {
  let n = lengths.get(k);
  if (n === undefined) lengths.set(k, (n = (s.getItem(k) || '').length));
  return n;
};

/** `token`'s kept parcels with their keys (a key prefix may also match another token's: checked by `t`). */
function keptOf(token: string): [string, KeptParcel | undefined][] {
  return keysFrom(PARCEL + token + '_').map((k): [string, KeptParcel | undefined] => {
    try {
      const p = JSON.parse(localStorage.getItem(k) || 'null');
      return [k, p && p.t === token && typeof p.b == 'string' && p.q && typeof p.g == 'string' ? p : undefined];
    } catch {
      return [k, undefined];
    }
  });
}

/**
 * Keeps a parcel this page sealed; false when it does not fit (or storage cannot be used).
 * `repacked`: it holds parcels already kept (outbox.ts _pack), so it takes no more room.
 */
export function keep(p: KeptParcel, repacked?: boolean): boolean {
  return store((s) => {
    const text = JSON.stringify(p);
    let size = text.length;
    if (!repacked) for (const k of keysFrom(PARCEL + p.t + '_')) size += lengthOf(s, k);
    if (size > MAX_CHARS) return false;
    s.setItem(keyOf(p), text);
    lengths.set(keyOf(p), text.length);
    s.setItem(beatOf(p.t, p.g), String(Date.now()));
    s.setItem(marker(p.t), '1');
    return true;
  }, false);
}

/** A reply took this parcel (or it was dropped): no longer kept. The page's beat goes with its last one, the marker with the token's. */
export function forget(p: KeptParcel): void {
  store((s) => {
    s.removeItem(keyOf(p));
    lengths.delete(keyOf(p));
    const rest = keysFrom(`${PARCEL}${p.t}_`);
    if (!rest.some((k) => k.indexOf(`${PARCEL}${p.t}_${p.g}_`) == 0)) s.removeItem(beatOf(p.t, p.g));
    if (!rest.length) s.removeItem(marker(p.t));
  }, undefined);
}

/**
 * This page's sign of life, if it keeps parcels: still here (it sends them itself), or `gone`
 * (they are other pages' to send now; a tiny write at pagehide: if it is lost, they are after STALE_MS).
 */
export function beat(token: string, gone?: boolean): void {
  store((s) => {
    const k = beatOf(token, pageId());
    if (s.getItem(k)) s.setItem(k, gone ? '0' : String(Date.now()));
  }, undefined);
}

/** Whether the (other) page that kept `p` still lives. */
function alive(p: KeptParcel, now: number): boolean {
  const t = Number(store((s) => s.getItem(beatOf(p.t, p.g)), null) || 0);
  return t > 0 && now - t < STALE_MS;
}

/**
 * The parcels of pages that left or went quiet, in the order they were sealed, and whether other
 * live pages hold some (this page's own are its outbox's to send); unreadable, too old or (`may`
 * false: opted out) all of them are removed.
 */
function orphans(token: string, may: boolean): [KeptParcel[], boolean] {
  const now = Date.now();
  const list: KeptParcel[] = [];
  let live = false;
  let mine = false;
  for (const [k, p] of keptOf(token)) {
    if (!p || !(now - p.at < MAX_AGE_MS) || !may) store((s) => s.removeItem(k), undefined);
    else if (p.g == pageId()) mine = true;
    else if (!alive(p, now)) list.push(p);
    else live = true;
  }
  // None kept at all: the core of a later page need not load this module for them.
  if (!list.length && !live && !mine) store((s) => s.removeItem(marker(token)), undefined);
  return [list.sort((a, b) => a.at - b.at || Number(a.q.seq) - Number(b.q.seq)), live];
}

/**
 * Sends the parcels of pages that left or went quiet, one at a time, in the order they were
 * sealed; each stays kept until a reply took it (a page closed meanwhile leaves it to the next
 * one). A retryable failure waits a backoff and starts over; a refused parcel (4xx) is dropped and
 * reported. Opted out: they are dropped unsent. Unreadable or too old ones are removed.
 */
export function sendKept(token: string, may: () => boolean, report: (m: string, e?: unknown) => void, attempt = 0): void {
  const [list, live] = orphans(token, may());
  // Another page's: looked at again once that page would count as gone if it never said so.
  if (live && !list.length) return void setTimeout(() => sendKept(token, may, report), STALE_MS);
  const next = (i: number): unknown => {
    const p = list[i];
    if (!p) return live && sendKept(token, may, report);
    return postParcel(p, false).then((reply) => {
      if (verdict(reply) == RETRY) return setTimeout(() => sendKept(token, may, report, attempt + 1), backoff(attempt, reply._retryAfter));
      if (!reply._ok) report(`session replay: record/ refused a kept batch (${reply._status}); dropped`, reply._error);
      forget(p);
      return next(i + 1);
    });
  };
  next(0);
}
