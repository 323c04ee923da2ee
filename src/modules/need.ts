// Runs a call that needs a module: at once when the module is here, else after it loads. While
// it loads, every later call on the instance waits behind it (the shield holds them in
// `_pending`, as before init), so calls keep their order. A module that fails to load (404, CSP
// refusal, offline, timeout) is reported and its calls skipped; the held calls then run. A page
// left (pagehide) or an instance destroyed while it loads runs the held calls at once, so their
// events reach the persisted queue with their own time; the calls that need the module are
// dropped with a debug note (they bind to this page, which is going).

import { load } from './load';
import { report, debugLog } from '../lib/report';
import { win } from '../lib/env';
import type { Config } from '../types';

export interface Waiter {
  _cfg: Config;
  _pending: (() => void)[];
  _cleanup: (() => void)[];
  _dead?: boolean;
  /** Set while a module this instance needs is loading. */
  _wait?: (() => void) | false;
}

const ready: Record<string, any> = {};
const loading: Record<string, Promise<any>> = {};
let dropping = false;

/** The module if it is already here. */
export const loaded = (name: string): any => ready[name];

/** Starts loading `name` (once per page); resolves with the module. */
export const fetchModule = (name: string, cfg: Config): Promise<any> =>
  (loading[name] = loading[name] || load(name, cfg).then((m) => (ready[name] = m)));

/**
 * Runs `run` with module `name` once it is here, holding no other call (what it does may come
 * late); a module that does not load is reported as `code`.
 */
export const withModule = (inst: { _cfg: Config; _dead?: boolean }, name: string, code: number, run: (m: any) => void): void =>
  void fetchModule(name, inst._cfg).then(
    (m) => inst._dead || run(m),
    (e) => report(inst._cfg, code, [], e),
  );

/** Runs `fn` with module-needing calls dropped: the page is going, or the instance is. */
export function dropped(fn: () => void): void {
  dropping = true;
  try {
    fn();
  } finally {
    dropping = false;
  }
}

/** Stops waiting and runs the held calls, in order. */
export function release(inst: Waiter): void {
  const leave = inst._wait;
  if (!leave) return;
  inst._wait = false;
  const w = win();
  if (w) w.removeEventListener('pagehide', leave, true);
  for (const run of inst._pending.splice(0)) run();
}

export function need(inst: Waiter, name: string, run: (m: any) => void, fail?: () => void): void {
  if (dropping) return debugLog(inst._cfg, 2, [name]), fail && fail();
  if (inst._wait) return void inst._pending.push(() => need(inst, name, run, fail));
  if (ready[name]) return run(ready[name]);
  const w = win()!;
  // Capture: runs before the queues' own pagehide handler, so the released events go out with them.
  const leave = (inst._wait = () => {
    if (fail) fail();
    dropped(() => release(inst));
  });
  w.addEventListener('pagehide', leave, true);
  fetchModule(name, inst._cfg)
    .then((m) => {
      if (!inst._dead && inst._wait == leave) run(m);
    })
    .catch((e) => {
      report(inst._cfg, 3, [name], e);
      if (fail) fail();
    })
    .then(() => inst._wait == leave && release(inst));
}
