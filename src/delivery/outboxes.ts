// An instance's outboxes: one queue per endpoint of its build, opened at start.

import { Queue, type QueueOwner } from './queue';
import type { Endpoint } from '../payload/shapes';

export interface Outboxes extends QueueOwner {
  /** The endpoints this build sends to; one outbox each, 'track' first. */
  _eps: Endpoint[];
  _queues: Record<Endpoint, Queue>;
}

/** Opens a queue per endpoint; records are stored under `base` + endpoint, or nowhere when base is ''. */
export function openOutboxes(inst: Outboxes, base: string): void {
  let track: Queue | undefined;
  for (const ep of inst._eps) {
    const queue = new Queue(inst, ep, base && base + ep, track);
    if (ep == 'track') track = queue;
    inst._queues[ep] = queue;
  }
}

/** Runs `fn` on each of the instance's outboxes. */
export const eachQueue = <T>(inst: Outboxes, fn: (q: Queue) => T): T[] => inst._eps.map((ep) => fn(inst._queues[ep]));
