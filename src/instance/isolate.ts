// Instances for third-party widgets, whatever the build: isolated from the page's own
// `mixpanel` and from each other. Each keeps its own record (`mp_<token>_<name>`), outboxes,
// super properties, timers and listeners.

import type { Core } from './Core';
import { start } from './start';
import { debugLog } from '../lib/report';
import { win } from '../lib/env';
import type { Config } from '../types';

/** The live instance of each token and name, so creating it again returns it (module scope: no global). */
const live: Record<string, Core> = {};

/**
 * Always an instance, so `createInstance(...).track(...)` never breaks a page: under server-side
 * rendering an uninitialized one (the shield drops its calls), on a refused token a dead one.
 */
export function isolate<T extends Core>(Kind: new (name: string) => T, token: string, config?: Partial<Config> & { name?: string }): T {
  const name = String((config && config.name) || 'tracklet');
  const inert = new Kind(name);
  try {
    if (!win()) return inert; // server-side rendering: nothing to track
    // The record's name doubles as the key: two instances with the same key would share it anyway.
    const key = `${token}_${name}`;
    const existing = live[key] as T | undefined;
    // Created again while live (React StrictMode, hot reload, a second embed): the same
    // instance, so nothing is set up or sent twice. After destroy(): a fresh one.
    if (existing && !existing._dead) {
      debugLog(existing._cfg, 22);
      return existing;
    }
    const ready = start(inert, token, { persistence_name: key, ...config }, false);
    if (ready) {
      ready();
      live[key] = inert;
      return inert;
    }
  } catch {
    // reported by setup where it can; the instance stays inert
  }
  inert._dead = true;
  return inert;
}
