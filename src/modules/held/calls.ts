// The core's side of the held module: cheap checks that load it only when a rare path needs it.
// - Anonymous profile updates: the core merges a $set_once itself while the record holds nothing
//   else (the first-touch referrer and UTM updates every anonymous page makes), and sends it at
//   identify(). Any other update is appended unmerged to the record (UNMERGED) and saved at the
//   call, so a page left while the module loads keeps it; the module then merges it under
//   upstream's keys. Until it has, mixpanel-browser does not see that update (it keeps the entry
//   and hands it back when the visitor returns to tracklet).
// - identify() with updates only the module can take waits for it (need(): later calls wait
//   behind, so held updates go out before those made after identify()).
// - mixpanel-browser's left outboxes (`__mpq_<token>_ev/_pp/_gr`): adopted by the module, loaded
//   only when one exists; later calls wait for it (a one-time migration visit).
// A module that does not load is reported (code 55); what it would have handled stays stored.

import { need, withModule, type Waiter } from '../need';
import { UNMERGED } from './unmerged';
import { isObject, own } from '../../lib/json';
import { localGet } from '../../lib/localStore';
import type { Persistence } from '../../storage/persistence';

const MODULE = 'held';
/** Upstream's held queues but $set_once's (`__mpso`), which the core merges itself. */
const OTHERS = ['__mps', '__mpus', '__mpa', '__mpu', '__mpap', '__mpr'];

export interface HeldInst extends Waiter {
  _store: Persistence;
}

/** Whether the record holds updates only the module merges or sends. */
const needsModule = (rec: Record<string, any>): boolean => UNMERGED in rec || OTHERS.some((k) => rec[k] && Object.keys(rec[k]).length);

/** Runs `run` once the module is here (not holding other calls); one that does not load is reported (55). */
const withHeld = (inst: HeldInst, run: (m: any) => void) => withModule(inst, MODULE, 55, run);

/** Holds one profile update of an anonymous visitor in the record (the caller re-read it). */
export function hold(inst: HeldInst, op: string, value: any): void {
  const store = inst._store;
  const rec = store._props;
  if (op == '$set_once' && !needsModule(rec)) {
    // Upstream's merge, for $set_once with nothing else held: a key already held is kept.
    const q = (rec.__mpso = isObject(rec.__mpso) ? rec.__mpso : {});
    for (const k of Object.keys(value)) if (!own(q, k)) q[k] = value[k];
  } else {
    // Merged by the module a turn later (the whole list, in call order), so the record is
    // readable by mixpanel-browser again.
    (rec[UNMERGED] = Array.isArray(rec[UNMERGED]) ? rec[UNMERGED] : []).push([op, value]);
    withHeld(inst, (m) => {
      store._load();
      m.fold(store._props);
      store._save();
    });
  }
  store._save();
}

/** At identify(): sends the held updates through `send`, with the module if they need it. */
export function flushHeld(inst: HeldInst, send: (op: string, value: any) => void): void {
  const store = inst._store;
  if (needsModule(store._props))
    return need(inst, MODULE, (m) => {
      store._load();
      const updates = m.take(store._props);
      store._save();
      for (const [op, value] of updates) send(op, value);
    });
  const q = store._props.__mpso;
  if (q === undefined) return;
  delete store._props.__mpso;
  store._save();
  if (isObject(q) && Object.keys(q).length) send('$set_once', q);
}

/**
 * At init() (not createInstance()): adopts mixpanel-browser's left outboxes, if it left any. The
 * calls made meanwhile wait (need()), as they did when adoption ran at init: its events queue
 * before this page's, a flush() covers them, and none of the page's payloads is stored beside a
 * left outbox not yet read. A page left while the module loads leaves the outboxes for the next.
 */
export function adoptMixpanel(inst: HeldInst, push: (i: number, payload: Record<string, unknown>) => void): void {
  const keys = ['ev', 'pp', 'gr'].map((s) => `__mpq_${inst._cfg.token}_${s}`);
  if (keys.some((k) => localGet(k) != null)) need(inst, MODULE, (m) => m.adopt(keys, push));
}
