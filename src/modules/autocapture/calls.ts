// The core's side of the autocapture module: the `autocapture` config loads it when the instance
// starts, set_config() stops it and starts it again with the new value (or not at all), and
// destroy() stops it; `record_heatmap_data` loads it too (autocapture.ts says what it captures
// then). With autocapture on, the module sends the page views (its `pageview` option, as
// upstream reads it) and the core does not follow `track_pageview`.

import { need, type Waiter } from '../need';
import { hostOf } from '../host';
import { win } from '../../lib/env';

interface Inst extends Waiter {
  _cleanup: (() => void)[];
  /** Stops the running autocapture, if any. */
  _uncapture?: () => void;
  track(event: string, properties?: object, options?: object): void;
  track_pageview(properties?: object): void;
}

export function capture(inst: Inst): void {
  if (inst._uncapture) inst._uncapture();
  inst._uncapture = undefined;
  const config = inst._cfg.autocapture;
  // record_heatmap_data: clicks and page leaves are captured while a replay runs, autocapture or not.
  if (!(config || inst._cfg.record_heatmap_data) || !win()) return;
  need(inst, 'autocapture', (m) => {
    const stop: () => void = m.startAutocapture(hostOf(inst), config);
    inst._uncapture = stop;
    inst._cleanup.push(stop);
  });
}
