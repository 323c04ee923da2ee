// The send decision: whether a call may send at all, by consent (opt-out, DNT/GPC) and by
// disable(). Checked by every public call that sends before anything is built.

import { optedOut } from './consent';
import type { Config } from '../types';

/** What the decision reads and caches on an instance. */
export interface Gate {
  _cfg: Config;
  /** disable()'s events, or true for all of them. */
  _disabled: string[] | true | undefined;
  /** Consent as last read, and when (0: read again at once). */
  _optOut?: boolean;
  _optAt: number;
}

/** True when nothing may be sent: opted out, or `event` disabled (events only, as upstream). */
export function blocked(gate: Gate, event?: unknown): boolean {
  const disabled = gate._disabled;
  // Consent is re-read at most once a second (another tab may change it); this tab's own
  // opt-in/out calls reset the clock.
  if (Date.now() - gate._optAt > 1000) {
    gate._optOut = optedOut(gate._cfg);
    gate._optAt = Date.now();
  }
  // disable() concerns events only (as upstream); profile and group updates are not events.
  const eventOff = event !== undefined && (disabled === true || (!!disabled && disabled.indexOf(event as string) >= 0));
  return eventOff || !!gate._optOut;
}
