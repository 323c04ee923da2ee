// The one way an instance starts, whatever starts it (init(), init() of a named instance, the
// script tag's stub queue, createInstance): token and config, the record, the outboxes and
// listeners, then (when the caller is ready) the `loaded` callback and the automatic page view.

import { openStore } from '../storage/openStore';
import { listen, type Listener } from './listen';
import { mergeConfig, DEFAULTS } from '../guard/config';
import { tokenProblem } from '../guard/secrets';
import { openOutboxes, eachQueue } from '../delivery/outboxes';
import type { Limits } from '../payload/sanitize';
import { deviceProperties } from '../payload/defaultProperties';
import { campaignParams, UTM_KEYS } from '../payload/campaign';
import { page, type PageHolder } from '../payload/page';
import { report, warn } from '../lib/report';
import { doc } from '../lib/env';
import { isObject } from '../lib/json';
import type { Config, Properties, Tracklet } from '../types';

/** What starting reads and sets on an instance (named here, not imported from Core: no cycle). */
export interface Startable extends Listener, PageHolder {
  __loaded: boolean;
  _name: string;
  _limits: Limits;
  _device: Properties;
  _adopt(): void;
  _profile(op: string, value: unknown): void;
  _follow(mode: unknown): void;
  _capture(): void;
  _fetchFlags(): void;
}

/**
 * Starts `inst` with `token` and `config`, taking over Mixpanel's outboxes when `adopt` (init()
 * instances). Returns the last step, to run once the caller has run queued calls and installed
 * the instance (so `loaded` sees it in place), or undefined when the token is unusable.
 */
export function start(inst: Startable, token: unknown, config: unknown, adopt: boolean): (() => void) | undefined {
  if (!setup(inst, token, config)) return undefined;
  if (adopt) inst._adopt();
  return () => loaded(inst);
}

/** Merges `config` over `base` through the guard (its problems reported with the debug and error_reporter it sets). */
export function configure(inst: { _cfg: Config; _limits: Limits }, base: Config, config: unknown): Config {
  const c = mergeConfig(base, config, { ...base, ...(isObject(config) ? config : {}) });
  inst._cfg = c;
  inst._limits._maxString = c.max_string_length > 0 ? c.max_string_length : 255;
  return c;
}

/** Applies token and config; false (and a loud error) when the token is unusable. */
function setup(inst: Startable, token: unknown, config: unknown): boolean {
  const problem = tokenProblem(token);
  if (problem) {
    warn(inst._cfg, `init: ${problem}; ${inst} stays inactive`);
    return false;
  }
  configure(inst, { ...DEFAULTS, token: token as string }, config);
  openStore(inst);
  inst._device = deviceProperties();
  openOutboxes(inst, inst._store._kind == 'memory' ? '' : `__tkq_${token}_${inst._name}_`);
  listen(inst);
  inst.__loaded = true;
  // First-touch campaign on the profile, as upstream: all UTM keys together, nulls included.
  const utm = campaignParams(doc()!.location.href, UTM_KEYS);
  if (!inst._cfg.skip_first_touch_marketing && Object.keys(utm).length) {
    const initial: Record<string, unknown> = {};
    for (const k of UTM_KEYS) initial['initial_' + k] = utm[k] || null;
    inst._profile('$set_once', initial);
  }
  // Records other pages left behind go out at once, not after a flush interval: the visitor may
  // not stay long.
  if (inst._cfg.batch_autostart) eachQueue(inst, (q) => q._schedule(q._look ? 0 : inst._cfg.batch_flush_interval_ms));
  return true;
}

/** Runs the `loaded` callback and the automatic page view, after any queued calls. */
function loaded(inst: Startable): void {
  const c = inst._cfg;
  inst._fetchFlags();
  try {
    if (typeof c.loaded == 'function') c.loaded(inst as unknown as Tracklet);
  } catch (e) {
    report(c, 'the loaded callback threw', e);
  }
  page(inst);
  // Upstream records the first referrer on the profile too (held until identify).
  const store = inst._store;
  const ref = { $initial_referrer: store._get('$initial_referrer'), $initial_referring_domain: store._get('$initial_referring_domain') };
  if (ref.$initial_referrer !== undefined) inst._profile('$set_once', ref);
  if (c.stop_utm_persistence) for (const k of UTM_KEYS) store._unset(k);
  inst._capture();
  if (c.track_pageview) inst._follow(c.track_pageview);
}
