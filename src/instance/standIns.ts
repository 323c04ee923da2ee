// Methods of mixpanel-browser 2.84 that tracklet has no feature behind yet: session replay's
// getters. They exist so code written for upstream runs unchanged: each answers as upstream does
// while the feature is off, never throws, and says so in the debug log.

import { debugLog, type ReportTarget } from '../lib/report';

interface Host {
  _cfg: ReportTarget;
}

const say = (inst: Host, what: string) => debugLog(inst._cfg, 27, [what]);

/** Adds the stand-ins to an instance (called by its constructor; nothing runs until a call). */
export function addStandIns(inst: Host & Record<string, unknown>): void {
  // Session replay's getters answer as upstream's without a recording.
  inst.get_session_recording_properties = () => (say(inst, 'session replay'), {});
  inst.get_session_replay_url = () => (say(inst, 'session replay'), null);
}
