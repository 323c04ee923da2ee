// Runs calls queued by a stub (ours or Mixpanel's official snippet) in Mixpanel's order:
// functions at once, then `alias`, then configuration and identity calls, then tracking calls
// and `get_group(...).op(...)` chains, each group in the order it was queued.

import { report } from '../lib/report';
import type { Config } from '../types';

type Call = unknown[];

function call(target: any, item: Call, cfg: Config): any {
  const name = item[0];
  const fn = typeof name == 'string' && name[0] != '_' && name != 'constructor' && target ? target[name] : undefined;
  if (typeof fn != 'function') return report(cfg, 28, [name]);
  return fn.apply(target, item.slice(1));
}

export function replay(target: any, queue: unknown, cfg: Config): void {
  if (!Array.isArray(queue)) return;
  const alias: Call[] = [];
  const other: Call[] = [];
  const tracking: Call[] = [];
  for (const item of queue) {
    if (typeof item == 'function') {
      try {
        item.call(target);
      } catch (e) {
        report(cfg, 29, [], e);
      }
    } else if (Array.isArray(item)) {
      const head = item[0];
      (Array.isArray(head) || (typeof head == 'string' && head.indexOf('track') >= 0 && typeof target[head] == 'function')
        ? tracking
        : head == 'alias'
          ? alias
          : other
      ).push(item);
    }
  }
  for (const item of alias.concat(other, tracking)) {
    try {
      if (Array.isArray(item[0])) {
        let ctx = target;
        for (const step of item) ctx = call(ctx, step as Call, cfg);
      } else call(target, item, cfg);
    } catch (e) {
      report(cfg, 30, [], e);
    }
  }
}
