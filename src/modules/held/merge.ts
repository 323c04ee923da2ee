// The held module's merge: profile updates of an anonymous visitor wait in the identity record
// until identify(), merged exactly as Mixpanel's library merges them and under its keys (`__mps`,
// `__mpso`, `__mpus`, `__mpa`, `__mpu`, `__mpap`, `__mpr`), so held updates survive a reload and
// carry over between the two libraries in either direction. (The core merges a lone $set_once
// itself: calls.ts.)

import { isObject, own } from '../../lib/json';

type Props = Record<string, any>;

/** In the order takeHeld sends them. */
const KEYS: Record<string, string> = {
  $set: '__mps', $set_once: '__mpso', $unset: '__mpus', $add: '__mpa', $union: '__mpu', $append: '__mpap', $remove: '__mpr',
};

const queue = (rec: Props, op: string): any => {
  const k = KEYS[op];
  const listy = op == '$append' || op == '$remove';
  const q = rec[k];
  return (rec[k] = listy ? (Array.isArray(q) ? q : []) : isObject(q) ? q : {});
};

/** Drops from queue `op` what `data` supersedes (for lists: only entries with the same value). */
function pop(rec: Props, op: string, data: Props): void {
  const q = queue(rec, op);
  for (const k of Object.keys(data)) {
    if (Array.isArray(q)) for (const entry of q) entry && entry[k] === data[k] && delete entry[k];
    else delete q[k];
  }
}

/** Merges one update into the held queues of `rec` (the record's props). */
export function hold(rec: Props, op: string, value: any): void {
  if (!(op in KEYS)) return;
  const q = queue(rec, op);
  if (op == '$set') {
    Object.assign(q, value);
    for (const other of ['$add', '$union', '$unset']) pop(rec, other, value);
  } else if (op == '$set_once') {
    for (const k of Object.keys(value)) if (!own(q, k)) q[k] = value[k];
    pop(rec, '$unset', value);
  } else if (op == '$unset') {
    for (const name of value as string[]) {
      for (const other of ['$set', '$set_once', '$add', '$union']) delete queue(rec, other)[name];
      for (const entry of queue(rec, '$append')) if (entry) delete entry[name];
      q[name] = true;
    }
  } else if (op == '$add') {
    const set = queue(rec, '$set');
    for (const k of Object.keys(value)) {
      if (own(set, k)) set[k] += value[k];
      else q[k] = (own(q, k) ? q[k] : 0) + value[k];
    }
    pop(rec, '$unset', value);
  } else if (op == '$union') {
    for (const k of Object.keys(value)) {
      const list: unknown[] = (q[k] = own(q, k) && Array.isArray(q[k]) ? q[k] : []);
      for (const item of value[k]) if (list.indexOf(item) < 0) list.push(item);
    }
    pop(rec, '$unset', value);
  } else {
    q.push(value);
    pop(rec, op == '$remove' ? '$append' : '$unset', value);
  }
}

/**
 * Empties the held queues of `rec` and returns the updates to send, in Mixpanel's order:
 * $set, $set_once, $unset, $add, $union, then each $append and $remove (newest first, as
 * upstream pops them).
 */
export function takeHeld(rec: Props): [string, any][] {
  const out: [string, any][] = [];
  for (const op in KEYS) {
    const q = rec[KEYS[op]];
    delete rec[KEYS[op]];
    if (Array.isArray(q)) {
      for (let i = q.length - 1; i >= 0; i--) if (q[i] && Object.keys(q[i]).length) out.push([op, q[i]]);
    } else if (isObject(q) && Object.keys(q).length) out.push([op, op == '$unset' ? Object.keys(q) : q]);
  }
  return out;
}
