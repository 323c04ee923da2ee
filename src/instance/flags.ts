// The core's side of the flags module (modules/flags/): `instance.flags`. With the `flags`
// config the module loads when the instance starts and fetches the variants; after that every
// method is the module's. Until then the `*_sync` ones and are_flags_ready answer as upstream's do before the
// flags are ready (the caller's fallback), and the others resolve once the module answered
// (the fallback without the config, or when it cannot load). Nothing here throws.

import { need, type Waiter } from '../modules/need';
import { hostOf } from '../modules/host';
import { report } from '../lib/report';
import { win } from '../lib/env';
import { fallbackVariant } from '../modules/flags/fallback';
import type { FlagsManager } from '../types';

interface Inst extends Waiter {
  __loaded: boolean;
  /** The module's flags client, once loaded. */
  _flags?: any;
}

/** Runs `run` with the flags client, loading the module first if needed. */
function open(inst: Inst, run: (f: any) => void, fail?: () => void): void {
  if (inst._flags) return run(inst._flags);
  need(inst, 'flags', (m) => run((inst._flags = inst._flags || m.startFlags(hostOf(inst)))), fail);
}

/** The `flags` config at start (upstream fetches in init), after identify() changed the id, after reset(). */
export function fetchFlags(inst: Inst, how: 'fetch' | 'reset' = 'fetch'): void {
  if (inst._cfg.flags && win()) open(inst, (f) => f[how]());
}

/** What upstream's methods answer before the flags are ready: the caller's fallback. */
function notReady(m: string, a: unknown[]): unknown {
  let v: unknown;
  if (/all/.test(m)) v = new Map();
  else if (/are_/.test(m)) v = false;
  else if (/enabled/.test(m)) v = a[1] || false;
  else if (/^get_variant(_sync)?$/.test(m)) v = fallbackVariant(a[1], 'NOT_READY');
  else if (/value|data/.test(m)) v = a[1];
  return /sync|are_/.test(m) ? v : Promise.resolve(v);
}

function call(inst: Inst, m: string, a: unknown[]): unknown {
  const answer = () => notReady(m, a);
  try {
    const f = inst._flags;
    if (f && f[m]) return f[m](...a);
    if (/sync|are_/.test(m) || !inst._cfg.flags || !inst.__loaded || !win()) return answer();
    return new Promise((resolve) => open(inst, (f) => resolve(f[m] ? f[m](...a) : answer()), () => resolve(answer())));
  } catch (e) {
    report(inst._cfg, 'flags.' + m + ' failed; fallback answered', e);
    return answer();
  }
}

/** `instance.flags`: upstream's methods, told apart by name (no list to ship); others (`then`) absent. */
export const flagsOf = (inst: Inst): FlagsManager =>
  new Proxy({} as FlagsManager, {
    get: (_, m) => (typeof m == 'string' && /^[a-z]+_/.test(m) ? (...a: unknown[]) => call(inst, m, a) : undefined),
  });
