// One profile update (/engage) of an instance: sent when the visitor is identified, held under
// Mixpanel's keys until identify() otherwise. Its own module so People and Instance share it
// without importing each other.

import { blocked } from './Core';
import { send } from './send';
import type { Instance } from './Instance';
import { profilePayload } from '../payload/shapes';
import { hold } from '../storage/heldProfile';
import { safeCallback } from '../lib/report';
import type { Callback } from '../types';

/** A profile update: sent when the visitor is identified, otherwise held (persisted) until then. */
export function profileUpdate(inst: Instance, op: string, value: unknown, callback?: Callback): void {
  const cb = safeCallback(inst._cfg, callback);
  if (blocked(inst)) return void (cb && cb(0));
  const store = inst._store;
  store._fresh();
  if (!inst._identified) {
    hold(store._props, op, value);
    store._save();
    return void (cb && cb(-1));
  }
  send(inst, 'engage', profilePayload(op, value, inst._cfg.token as string, store._props), cb, false);
}
