// The hand-off from a public call to delivery: the `before_send_*` hook, then the endpoint's
// queue (where the guard stands). Core, Group and profile updates all send through it.

import { HOST_KEY } from './url';
import { runHook, hookOf } from '../payload/hooks';
import { sanitizeProps, type Limits } from '../payload/sanitize';
import type { Endpoint, Payload } from '../payload/shapes';
import { debugLog } from '../lib/report';
import { isObject } from '../lib/json';
import type { Queue } from './queue';
import type { Callback, Config, Properties } from '../types';

/** What sending needs of an instance (named here, not imported from Core: no cycle). */
export interface Sender {
  _cfg: Config;
  _limits: Limits;
  _queues: Record<Endpoint, Queue>;
}

/** Hands a payload to its endpoint's queue, after the `before_send_*` hook. */
export function send(inst: Sender, ep: Endpoint, payload: Payload, cb: Callback | undefined, now: boolean): void {
  const c = inst._cfg;
  const name = 'before_send_' + HOST_KEY[ep];
  if (hookOf(c, name)) {
    const out = runHook(c, name, [payload], inst);
    if (!out || !isObject(out[0])) {
      if (cb) cb(0);
      return;
    }
    // A hook's result is caller data again: sanitized, and the token is the instance's own.
    const o = out[0] as Payload;
    payload = ep == 'track' ? { event: String(o.event), properties: sanitizeProps(o.properties, inst._limits) } : sanitizeProps(o, inst._limits);
    if (ep == 'track') (payload.properties as Properties).token = c.token;
    else payload.$token = c.token;
  }
  debugLog(inst._cfg, 4, [ep], payload);
  inst._queues[ep]._push(payload, cb, now || !inst._cfg.batch_requests);
}
