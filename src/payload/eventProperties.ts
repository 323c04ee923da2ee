// An event's properties as sent: device, page, campaign, super and volatile properties under
// the caller's, the replay id while recording, `$duration` of a timed event, event fields kept valid, the blacklist applied.

import { page, type PageHolder } from './page';
import { fixEventFields } from '../guard/eventFields';
import { warn } from '../lib/report';
import { now } from '../lib/env';
import { callTime } from '../lib/callTime';
import { safeAssign } from '../lib/json';
import type { Properties } from '../types';

export interface EventSource extends PageHolder {
  _device: Properties;
  _volatile: Properties;
  /** The session recorder (full build, once loaded): its replay id goes on every event while it records. */
  _rec?: { props(event: string): Properties };
}

/** The properties of `event`, on top of the caller's `props` (sanitized; changed in place). */
export function eventProperties(inst: EventSource, event: string, props: Properties): Properties {
  const store = inst._store;
  const cfg = inst._cfg;
  store._fresh();
  const timers = store._get('__timers') as Record<string, number> | undefined;
  if (timers && typeof timers[event] == 'number') {
    props.$duration = Math.round(now() - timers[event]) / 1000;
    delete timers[event];
    store._save();
  }
  const [, pageProps, campaign] = page(inst);
  const all = safeAssign({}, inst._device, pageProps, cfg.track_marketing && campaign, store._superProps(), inst._volatile, inst._rec && inst._rec.props(event), props);
  // A call held while a module loaded keeps the time it was made (modules/need.ts).
  const fixed = fixEventFields(all, callTime(), store._get('$device_id'));
  if (fixed.length) warn(cfg, 44, [event, fixed.join(', ')]);
  const blacklist = cfg.property_blacklist;
  if (Array.isArray(blacklist)) for (const k of blacklist) delete all[k];
  return all;
}
