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

export function isolate<T extends Core>(Kind: new (name: string) => T, token: string, config?: Partial<Config> & { name?: string }): T | undefined {
  try {
    if (!win()) return undefined; // server-side rendering: nothing to track
    const name = String((config && config.name) || 'tracklet');
    // The record's name doubles as the key: two instances with the same key would share it anyway.
    const key = `${token}_${name}`;
    const existing = live[key] as T | undefined;
    // Created again while live (React StrictMode, hot reload, a second embed): the same
    // instance, so nothing is set up or sent twice. After destroy(): a fresh one.
    if (existing && !existing._dead) {
      debugLog(existing._cfg, 'createInstance: already live; returned as is');
      return existing;
    }
    const inst = new Kind(name);
    const ready = start(inst, token, { persistence_name: key, ...config }, false);
    if (!ready) return undefined;
    ready();
    live[key] = inst;
    return inst;
  } catch {
    return undefined;
  }
}
