// Adoption of other pages' records: a reload sends what the page before it could not, a tab
// sends a closed tab's. A record is adopted once its page left (its `__tkh` key says 0) or
// stopped writing (STALE); a live page's record is left unread. The small key, written first at
// unload, is the signal because a browser may cut a closing page's last big write short
// (Chromium drops a megabyte rewrite during pagehide): a record that still looked alive made a
// later visit wait two minutes to send the backlog.

import { beatOf, headerOf, payloadsOf } from './record.mjs';
import { localGet, localRemove } from '../lib/localStore';
import { guard } from '../guard/guard';
import { parseJSON, isObject, stringify } from '../lib/json';
import { win, attempt, now } from '../lib/env';
import type { Payload } from '../payload/shapes';

/** A queue record not rewritten for this long belongs to a tab that is gone (or frozen). */
const STALE = 120e3;

/** What adoption reads and changes of an outbox (named here, not imported: no cycle). */
export interface Adopter {
  _base: string;
  _key: string;
  /** Set while records of live pages remain. */
  _look: boolean;
  _items: { _json: string; _payload: Payload }[];
  _bytes: number;
  _track: { _dropped: number; _persist(): void };
  _fit(len: number): void;
  _persist(): void;
}

/** The storage keys that start with `prefix`. */
export const recordKeys = (prefix: string): string[] => attempt(() => Object.keys(win()!.localStorage).filter((k) => k.indexOf(prefix) == 0), []);

const alive = (t: number): boolean => t > 0 && now() - t < STALE;

/**
 * Takes over the records of pages that left or stopped writing, into `box`. Runs under the
 * endpoint lock. A payload held twice (a crash between the two writes below) goes out twice,
 * byte-identical.
 */
export function adoptOrphans(box: Adopter): void {
  box._look = false;
  const gone: string[] = [];
  const got: Adopter['_items'] = [];
  for (const key of recordKeys(box._base + ':')) {
    if (key == box._key) continue;
    // A live tab's record is left unread when its sign of life is recent.
    const beat = localGet(beatOf(key));
    if (beat != '0' && alive(Number(beat))) {
      box._look = true;
      continue;
    }
    const text = localGet(key) || '';
    const header = parseJSON(headerOf(text));
    // Alive by its last write (a page beats only at hide and while it waits to send), unless
    // its own key says it left.
    if (beat != '0' && isObject(header) && alive(Number(header.t))) {
      box._look = true;
      continue;
    }
    if (isObject(header)) {
      for (const json of payloadsOf(text)) {
        // What another page stored passes the guard again (unchanged, it comes out byte-identical).
        const payload = guard(parseJSON(json));
        const clean = isObject(payload) && stringify(payload);
        if (clean) {
          got.push({ _json: clean, _payload: payload as Payload });
          box._bytes += clean.length + 1;
        }
      }
      box._track._dropped += Number(header.d) || 0;
    }
    gone.push(key);
  }
  if (!gone.length) return;
  box._items = got.concat(box._items);
  box._fit(0);
  // Written here before the other records go: a crash in between costs a copy, not an event.
  box._persist();
  box._track._persist();
  removeRecords(gone);
}

/** Removes adopted records and their liveness keys (after the adopter stored their payloads). */
export function removeRecords(keys: string[]): void {
  for (const key of keys) {
    localRemove(key);
    localRemove(beatOf(key));
  }
}
