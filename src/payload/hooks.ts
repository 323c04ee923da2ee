// Mixpanel's hooks (`before_identify`, `before_register`, `before_register_once`,
// `before_unregister`, `before_track`, `on_track`, `before_send_events/people/groups`): a
// function or a list of functions, each given the previous one's result, as upstream. Returning
// nothing (undefined or null) drops the call, as upstream; a hook that throws drops it too,
// reported, never thrown.

import { report } from '../lib/report';
import type { Config } from '../types';

/** The hook set for `name`, if any: callers skip the hook path (and its re-sanitizing) without one. */
export const hookOf = (cfg: Config, name: string): unknown => cfg.hooks && (cfg.hooks as Record<string, unknown>)[name];

/** The hooks for `name` as a fresh list (the config may hold one function or a list). */
export const hookList = (cfg: Config, name: string): unknown[] => {
  const h = hookOf(cfg, name);
  return typeof h == 'function' ? [h] : Array.isArray(h) ? h.slice() : [];
};

/** The arguments after every hook for `name`, or null when one dropped the call. `self` is each hook's `this`. */
export function runHook(cfg: Config, name: string, args: unknown[], self?: unknown): unknown[] | null {
  let data = args;
  for (const fn of hookList(cfg, name)) {
    if (typeof fn != 'function') continue;
    let out: unknown;
    try {
      out = fn.apply(self, data);
    } catch (e) {
      return report(cfg, 42, [name], e), null;
    }
    if (out == null) return report(cfg, 43, [name]), null;
    // An array replaces the first arguments, a value the first one (upstream's splice).
    data = Array.isArray(out) ? out.concat(data.slice(out.length)) : [out].concat(data.slice(1));
  }
  return data;
}
