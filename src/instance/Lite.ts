// The `tracklet/lite` instance: the core alone (events, identity, super properties, consent,
// lifecycle). What the full build adds (people, groups, link and form tracking, stub replay) is
// here only as stand-ins that send nothing, say so in the debug log and never throw, so code
// written for the full build keeps running; the lite types leave them out.

import { Core } from './Core';
import { debugLog, safeCallback } from '../lib/report';

/** Methods of the full build that lite leaves out. */
const MISSING = 'track_links track_forms set_group add_group remove_group get_group push start_session_recording stop_session_recording pause_session_recording resume_session_recording'.split(' ');
/** Methods of `people` and of a group, together: one stand-in object serves both. */
const PROFILE = 'set set_once unset increment append union remove delete delete_user clear_charges track_charge'.split(' ');

/**
 * Logs that `what` is not in lite. A callback among the arguments hears `0` (nothing sent), as
 * after an opt-out, so a caller waiting on it goes on; link/form callbacks are not of that kind.
 */
function absent(inst: unknown, what: string, args: unknown[], answer: boolean): void {
  const cfg = (inst && (inst as Core)._cfg) || {};
  debugLog(cfg, 23, [what]);
  const cb = answer ? safeCallback(cfg, args.filter((a) => typeof a == 'function').pop()) : undefined;
  if (cb) cb(0);
}

/** A `people` or group object whose every method is a stand-in. */
function standIn(inst: Core, owner: string): Record<string, unknown> {
  const o: Record<string, unknown> = { toString: () => owner };
  // Each returns the object: group updates chain in the full build.
  for (const m of PROFILE) o[m] = (...args: unknown[]) => (absent(inst, `${owner}.${m}()`, args, true), o);
  return o;
}

export class Lite extends Core {
  constructor(name?: string) {
    super(name);
    this.people = standIn(this, 'people') as unknown as Core['people'];
  }

  /** `track_pageview` config: the first page view; following navigation is autotrack's. */
  override _follow(mode: unknown): void {
    this.track_pageview({ $mp_autocapture: true });
    if (typeof mode == 'string') debugLog(this._cfg, 24, [mode]);
  }

  override _capture(): void {
    if (this._cfg.autocapture) debugLog(this._cfg, 25);
  }

  /** Upstream's tab id serves session replay only, which lite leaves out: null, as upstream where it keeps none. */
  get_tab_id(): null {
    return null;
  }
}

for (const m of MISSING)
  (Lite.prototype as unknown as Record<string, unknown>)[m] = function (this: Lite, ...args: unknown[]) {
    // get_group() returns something to chain on, as in the full build.
    if (m == 'get_group') return standIn(this, 'get_group()');
    absent(this, m + '()', args, m.indexOf('group') > 0);
  };
