// Instances for third-party widgets: isolated from the page's own `mixpanel` and from each
// other. Each keeps its own record (`mp_<token>_<name>`), queues, super properties and listeners.

import { Instance, setup, loaded } from './Instance';
import type { Config, Tracklet } from '../types';

/**
 * A new, initialized instance that shares nothing with any other. `config.name` names it
 * (default `tracklet`); storage keys are namespaced by token and that name.
 */
export function createInstance(token: string, config?: Partial<Config> & { name?: string }): Tracklet | undefined {
  try {
    if (typeof window == 'undefined') return undefined; // server-side rendering: nothing to track
    const name = String((config && config.name) || 'tracklet');
    const inst = new Instance(name);
    const cfg = { persistence_name: `${token}_${name}`, ...config };
    if (!setup(inst, token, cfg)) return undefined;
    loaded(inst);
    return inst as unknown as Tracklet;
  } catch {
    return undefined;
  }
}
