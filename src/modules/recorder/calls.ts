// The core's side of session replay: the switch that loads the recorder module, and nothing
// more. The module loads when the instance starts sampled in (`record_sessions_percent`), when
// this tab's recording from the previous page goes on, or at start_session_recording(); never
// while opted out. Loading holds no other call
// (a recording may start late; events must not wait for it). A recorder that does not load is
// reported; nothing else changes. The module gets the instance's ModuleHost, as every module.

import { withModule } from '../need';
import { hostOf } from '../host';
import { recordingKey } from './key';
import { optedOut } from '../../guard/consent';
import { attempt, win } from '../../lib/env';
import { uuid } from '../../lib/random';
import type { Recorder } from './recorder';
import type { Config } from '../../types';

export interface RecInst {
  _cfg: Config;
  _cleanup: (() => void)[];
  _name: string;
  _dead?: boolean;
  /** The recorder, once its module loaded. */
  _rec?: Recorder;
}

/** Runs `run` with the recorder, loading its module first (once per page). */
export function withRecorder(inst: RecInst, run: (r: Recorder) => void): void {
  if (inst._rec) return run(inst._rec);
  // (Without MutationObserver, which every supported browser has, rrweb fails to start: reported.)
  if (optedOut(inst._cfg)) return;
  withModule(inst, 'recorder', 54, (m) => run((inst._rec = inst._rec || m.startRecorder(hostOf(inst)))));
}

/** At start and after reset(): sampled in, this tab's recording from the previous page, or batches a page left to send (kept.ts). */
export function sample(inst: RecInst): void {
  const p = inst._cfg.record_sessions_percent as number;
  if (p > 0 && Math.random() * 100 <= p) return withRecorder(inst, (r) => r.start());
  // Whether the previous page left a recording is asked when the page is idle, not at init: a
  // page's first touch of sessionStorage blocks on the browser (0.9-6.3 ms measured in fresh
  // Chromium contexts), a cost every visitor would pay for a rare feature.
  const w = win() as (Window & { requestIdleCallback?: (fn: () => void) => void }) | undefined;
  const goOn = () => {
    if (inst._dead || inst._rec) return; // gone, or recording already (start_session_recording)
    const k = inst._cfg.token;
    if (attempt(() => sessionStorage[recordingKey(k, inst)] || localStorage[recordingKey(k, '')], 0)) withRecorder(inst, (r) => r.resume());
  };
  if (w) (w.requestIdleCallback || setTimeout)(goOn);
}

/** Upstream's tab id: one per tab and instance, kept in sessionStorage. */
export function tabId(inst: RecInst): string | null {
  const key = `mp_tab_id_${inst._name}_${inst._cfg.token}`;
  // Storage properties are its items (a storage that cannot be used throws: null).
  return attempt(() => sessionStorage[key] || (sessionStorage[key] = '$tab-' + uuid()), null);
}
