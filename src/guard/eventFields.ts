// The fields of an event the server keys on: a caller may set them, but only to values the
// ingestion API accepts; anything else is replaced (and reported) rather than silently dropped
// by the server later.

import { distinctIdProblem } from './distinctId';
import { insertId } from '../lib/random';

const DAY = 864e5;
const INSERT_ID = /^[A-Za-z0-9-]{1,36}$/;

/** Fixes `time`, `$insert_id` and `distinct_id` in place; returns the names of those it changed (docs/messages.md#44 has the rules). */
export function fixEventFields(props: Record<string, unknown>, now: number, deviceId: unknown): string[] {
  const fixed: string[] = [];
  let t = props.time;
  if (typeof t == 'number' && isFinite(t)) {
    // Seconds (Mixpanel's own library sends them) or milliseconds: always integer ms on the wire.
    t = Math.round(t < 1e11 ? t * 1000 : t);
    if ((t as number) < now - 5 * DAY || (t as number) > now + DAY) {
      fixed.push('time');
      t = now;
    }
  } else {
    if (t !== undefined) fixed.push('time');
    t = now;
  }
  props.time = t;
  const id = props.$insert_id;
  if (typeof id != 'string' || !INSERT_ID.test(id)) {
    if (id !== undefined) fixed.push('$insert_id');
    props.$insert_id = insertId();
  }
  // The library's own anonymous ids carry the `$device:` prefix that identify() refuses.
  const did = props.distinct_id;
  const problem = typeof did == 'string' && did.indexOf('$device:') == 0 ? '' : distinctIdProblem(did);
  if (problem) {
    fixed.push('distinct_id');
    props.distinct_id = deviceId ? '$device:' + deviceId : undefined;
  }
  return fixed;
}
