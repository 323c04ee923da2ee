// Adoption of other pages' records: a reload sends what the page before it could not, a tab
// sends a closed tab's. A record is adopted once its page left (its `__tkh` key says 0) or
// stopped writing (STALE); a live page's record is left unread.

import { beatOf, headerOf, payloadsOf } from './record.mjs';
import { localGet, localRemove } from '../lib/localStore';
import { guard } from '../guard/guard';
import { parseJSON, isObject, stringify } from '../lib/json';
import { win, attempt, now } from '../lib/env';
import type { Payload } from '../payload/shapes';

/** A queue record not rewritten for this long belongs to a tab that is gone (or frozen). */
const STALE = 120e3;

/** What adoption found: the payloads (JSON and value), their dropped counts, the records read. */
export interface Adopted {
  _items: { _json: string; _payload: Payload }[];
  _dropped: number;
  _gone: string[];
  /** Some record belongs to a live page: look again later. */
  _live: boolean;
}

/** The storage keys that start with `prefix`. */
export const recordKeys = (prefix: string): string[] => attempt(() => Object.keys(win()!.localStorage).filter((k) => k.indexOf(prefix) == 0), []);

const alive = (t: number): boolean => t > 0 && now() - t < STALE;

/** Reads the records under `base` other than `own` whose pages are gone; removes nothing. */
export function readOrphans(base: string, own: string): Adopted {
  const found: Adopted = { _items: [], _dropped: 0, _gone: [], _live: false };
  for (const key of recordKeys(base + ':')) {
    if (key == own) continue;
    // A live tab's record is left unread when its sign of life is recent.
    const beat = localGet(beatOf(key));
    if (beat != '0' && alive(Number(beat))) {
      found._live = true;
      continue;
    }
    const text = localGet(key) || '';
    const header = parseJSON(headerOf(text));
    // Alive by its last write (a page beats only at hide and while it waits to send), unless
    // its own key says it left.
    if (beat != '0' && isObject(header) && alive(Number(header.t))) {
      found._live = true;
      continue;
    }
    if (isObject(header)) {
      for (const json of payloadsOf(text)) {
        // What another page stored passes the guard again (unchanged, it comes out byte-identical).
        const payload = guard(parseJSON(json));
        const clean = isObject(payload) && stringify(payload);
        if (clean) found._items.push({ _json: clean, _payload: payload as Payload });
      }
      found._dropped += Number(header.d) || 0;
    }
    found._gone.push(key);
  }
  return found;
}

/** Removes adopted records and their liveness keys (after the adopter stored their payloads). */
export function removeRecords(keys: string[]): void {
  for (const key of keys) {
    localRemove(key);
    localRemove(beatOf(key));
  }
}
