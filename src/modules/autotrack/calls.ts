// The core's side of the autotrack module: `track_links`, `track_forms` and the `track_pageview`
// config's following of navigation load it on first use (nothing else does).

import { need, loaded, type Waiter } from '../need';
import { hostOf } from '../host';
import { catchDom } from '../load';
import { win } from '../../lib/env';
import type { Host } from './autotrack';
import type { Properties } from '../../types';

type Inst = Waiter & Host['t'] & { __loaded: boolean };

const MODULE = 'autotrack';

/**
 * track_links / track_forms. The shield lets these through while a module loads (not before
 * init, when they wait like any call), so events are caught from the call on; the call itself
 * still takes its turn behind the pending one (need() holds it).
 */
export function trackDom(inst: Inst, type: 'click' | 'submit', args: unknown[]): void {
  if (inst._dead || !win()) return;
  if (!inst.__loaded) return void inst._pending.push(() => trackDom(inst, type, args));
  // The ES module build catches events that come before the module (same-task clicks).
  const catching = catchDom as typeof catchDom | undefined;
  const caught = catching && !loaded(MODULE) ? catching(inst._cfg, type, args, (e, p, o) => inst.track(e, p, o)) : undefined;
  need(
    inst,
    MODULE,
    (m) => m.trackDom(hostOf(inst), type, caught && caught.e(), ...args),
    () => caught && caught.e(true),
  );
}

/** The `track_pageview` config: the first page view now, then (modes) the module follows navigation. */
export function follow(inst: Inst, mode: unknown): void {
  const since = win()!.location.href;
  inst.track_pageview({ $mp_autocapture: true } as Properties);
  if (typeof mode == 'string') need(inst, MODULE, (m) => m.follow(hostOf(inst), mode, since));
}
