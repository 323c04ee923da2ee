// How much a queue holds: in memory (`queue_max_events`, `queue_max_bytes` in JSON characters)
// and in storage.

import type { Config } from '../types';

/** Defaults of `queue_max_events` and `queue_max_bytes`. */
const DEFAULT_CAPS: Record<string, number> = { events: 10000, bytes: 5e6 };

/**
 * What a record may take of the origin's storage (about 10 MB in most browsers): the oldest
 * items, the next to go out, up to this many characters as stored. A burst beyond it waits in memory.
 */
export const MAX_STORED = 1e6;

/**
 * A queue holding this many characters of JSON is written at most once a second while the page
 * lives: rewriting a record of a few thousand events costs milliseconds, so with a backlog
 * (offline, the host down) each track() would. Hiding or leaving the page still writes at once.
 */
export const BIG = 65536;

/** The cap in force: `queue_max_events` or `queue_max_bytes`, else the default. */
export function capOf(cfg: Config, what: 'events' | 'bytes'): number {
  return Number(cfg['queue_max_' + what]) || DEFAULT_CAPS[what];
}
