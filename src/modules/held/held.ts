// The held module (dist/tracklet-held.min.js, or its ES chunk): what the core leaves out of its
// rare paths. It merges an anonymous visitor's profile updates into the record under
// mixpanel-browser's keys, takes them out at identify(), and adopts mixpanel-browser's own left
// outboxes. Its functions take plain data and callbacks only: it is minified apart from the core.

import { hold, takeHeld } from './merge';
import { UNMERGED } from './unmerged';
import { attempt } from '../../lib/env';

export { adopt } from './adopt';

/** Merges the updates the core appended unmerged into the record's held queues, in call order. */
export function fold(rec: Record<string, any>): void {
  const list = rec[UNMERGED];
  delete rec[UNMERGED];
  // A record anyone may have written: an entry of the wrong shape is skipped, never thrown.
  if (Array.isArray(list)) for (const e of list) attempt(() => void (Array.isArray(e) && hold(rec, e[0], e[1])), undefined);
}

/** At identify(): empties the held queues and returns the updates to send, in upstream's order. */
export function take(rec: Record<string, any>): [string, any][] {
  fold(rec);
  return attempt(() => takeHeld(rec), []);
}
