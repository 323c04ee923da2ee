// Methods of mixpanel-browser 2.84 that tracklet has no feature behind yet: `flags` and session
// replay's getters. They exist so code written for upstream runs unchanged: each answers as
// upstream does while the feature is off (flags: the caller's fallback), never throws, and says
// so in the debug log. The feature modules replace them.

import { debugLog, type ReportTarget } from '../lib/report';
import type { FlagsManager } from '../types';

interface Host {
  _cfg: ReportTarget;
}

const say = (inst: Host, what: string) => debugLog(inst._cfg, what + ': not in tracklet yet; ignored');

/**
 * `instance.flags`: upstream's methods, told apart by name (no list to ship). Each answers the
 * caller's fallback, as upstream's do before flags are ready: `is_enabled` a boolean (false
 * without one), `get_all_variants` an empty Map, `are_flags_ready` false. `*_sync` and
 * `are_flags_ready` answer at once, the others with a promise. Other names (`then`) are absent.
 */
function flagsStandIn(inst: Host): FlagsManager {
  return new Proxy({} as FlagsManager, {
    get: (_, m) =>
      typeof m == 'string' && /^[a-z]+_/.test(m)
        ? (_name: string, fallback?: unknown) => {
            say(inst, 'flags');
            const v = /all/.test(m) ? new Map() : /are_|enabled/.test(m) ? !!fallback : fallback;
            return /sync|are_/.test(m) ? v : Promise.resolve(v);
          }
        : undefined,
  });
}

/** Adds the stand-ins to an instance (called by its constructor; nothing runs until a call). */
export function addStandIns(inst: Host & Record<string, unknown>): void {
  inst.flags = flagsStandIn(inst);
  // Session replay's getters answer as upstream's without a recording.
  inst.get_session_recording_properties = () => (say(inst, 'session replay'), {});
  inst.get_session_replay_url = () => (say(inst, 'session replay'), null);
}
