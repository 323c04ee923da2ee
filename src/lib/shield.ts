// Every public method runs behind this: an exception inside tracklet is reported, never thrown
// into the host page; calls made before `init` are held and run, in order, once it happens;
// calls after `destroy()` are dropped.

import { report } from './report';
import { win } from './env';
import { callTime, asAt } from './callTime';
import type { Config } from '../types';

export interface Shielded {
  __loaded?: boolean;
  _dead?: boolean;
  _pending: (() => void)[];
  _cfg: Config;
  /** Set while a module this instance needs loads: calls wait behind it (modules/need.ts). */
  _wait?: unknown;
}

const MAX_PENDING = 1000;

/**
 * Wraps each method of `proto`. `owner` finds the instance a receiver belongs to (people and
 * groups belong to one); methods named in `direct` run even before init (getters, init itself).
 * With `chain`, a call held, dropped or failed still returns its receiver (group updates chain).
 */
export function shield(proto: object, owner: (self: any) => Shielded, direct: string[], chain?: boolean): void {
  const p = proto as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const fn = p[name];
    if (name == 'constructor' || typeof fn != 'function') continue;
    const async = name == 'flush' || name == 'destroy';
    const wrapped = (p[name] = function (this: unknown, ...args: unknown[]) {
      const inst = owner(this);
      if ((!inst.__loaded || inst._dead || inst._wait) && direct.indexOf(name) < 0) {
        // Under server-side rendering, or once destroyed, there is nothing to wait for: drop.
        // Held again through the shield, so a call that waits for a module holds the rest; its
        // event keeps the time of the call.
        const t = inst._wait ? callTime() : 0;
        let ran: (out?: unknown) => void;
        const answer = new Promise((r) => (ran = r));
        if (!inst._dead && win() && inst._pending.length < MAX_PENDING) inst._pending.push(() => ran(t ? asAt(t, () => wrapped.apply(this, args)) : wrapped.apply(this, args)));
        else ran!();
        // A flush() held behind a loading module answers once it ran (a load always ends: here,
        // failed, timed out or the page left), so `await flush()` still means sent.
        return async ? (t ? answer : Promise.resolve()) : chain ? this : undefined;
      }
      try {
        return fn.apply(this, args);
      } catch (e) {
        report(inst._cfg, 46, [name], e);
        return async ? Promise.resolve() : chain ? this : undefined;
      }
    });
  }
}
