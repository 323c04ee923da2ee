// One profile update (/engage) of an instance: sent when the visitor is identified, held under
// Mixpanel's keys until identify() otherwise. Its own module so People and Instance share it
// without importing each other.

import { blocked, type Gate } from '../guard/decision';
import { profilePayload } from '../payload/shapes';
import { send, type Sender } from '../delivery/handoff';
import type { Persistence } from '../storage/persistence';
import { safeCallback } from '../lib/report';
import type { Callback } from '../types';

/** What a profile update needs of an instance (named here, not imported from Instance: no cycle). */
export interface Profiler extends Sender, Gate {
  _store: Persistence;
  _identified?: boolean;
  /** Keeps an anonymous visitor's update in the record (the instance's held module side, modules/held/calls.ts). */
  _hold(op: string, value: unknown): void;
}

/** A profile update: sent when the visitor is identified, otherwise held (persisted) until then. */
export function profileUpdate(inst: Profiler, op: string, value: unknown, callback?: Callback): void {
  const cb = safeCallback(inst._cfg, callback);
  if (blocked(inst)) {
    if (cb) cb(0);
    return;
  }
  const store = inst._store;
  store._fresh();
  if (!inst._identified) {
    inst._hold(op, value);
    if (cb) cb(-1);
    return;
  }
  send(inst, 'engage', profilePayload(op, value, inst._cfg.token as string, store._props), cb, false);
}
