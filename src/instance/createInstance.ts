// `createInstance` of the full build: an isolated instance with people, groups and autotrack.

import { Instance } from './Instance';
import { isolate } from './isolate';
import type { Config, Tracklet } from '../types';

/**
 * A new, initialized instance that shares nothing with any other. `config.name` names it
 * (default `tracklet`); storage keys are namespaced by token and that name. Called again with
 * the same token and name while that instance is live, it returns it (config unchanged); after
 * its `destroy()`, a fresh one. Never `undefined`: under server-side rendering it is inert (every
 * call does nothing), and after a refused token it is dead (calls are dropped).
 */
export function createInstance(token: string, config?: Partial<Config> & { name?: string }): Tracklet {
  return isolate(Instance, token, config) as unknown as Tracklet;
}
