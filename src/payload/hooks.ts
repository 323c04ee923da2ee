// Mixpanel's hooks (`before_track`, `before_send_events`, `before_send_people`,
// `before_send_groups`): a function or a list of functions, each given the previous one's
// result. Returning nothing (undefined or null) drops the data, as upstream; a hook that throws
// drops it too, reported, never thrown.

import { report } from '../lib/report';
import type { Config } from '../types';

/** The hook set for `name`, if any: callers skip the hook path (and its re-sanitizing) without one. */
export const hookOf = (cfg: Config, name: string): unknown => cfg.hooks && (cfg.hooks as Record<string, unknown>)[name];

export function runHook(cfg: Config, name: string, args: unknown[]): unknown[] | null {
  const h = hookOf(cfg, name);
  let data = args;
  for (const fn of typeof h == 'function' ? [h] : Array.isArray(h) ? h : []) {
    if (typeof fn != 'function') continue;
    let out: unknown;
    try {
      out = fn(...data);
    } catch (e) {
      return report(cfg, `the ${name} hook threw; data dropped`, e), null;
    }
    if (out == null) return report(cfg, `the ${name} hook returned nothing; data dropped`), null;
    data = Array.isArray(out) ? out.concat(data.slice(out.length)) : [out].concat(data.slice(1));
  }
  return data;
}
