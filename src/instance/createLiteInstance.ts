// `createInstance` of `tracklet/lite`: the same isolated instance, without people, groups or
// autotrack. Same record and outboxes as the full build's, so the two can follow each other.

import { Lite } from './Lite';
import { isolate } from './isolate';
import type { Config, TrackletLite } from '../types';

/**
 * A new, initialized lite instance that shares nothing with any other; see the full build's
 * `createInstance`, whose storage (`mp_<token>_<name>`) it shares.
 */
export function createLiteInstance(token: string, config?: Partial<Config> & { name?: string }): TrackletLite {
  return isolate(Lite, token, config) as unknown as TrackletLite;
}
