// One holder at a time per name, across every tab of the origin: Web Locks where the browser has
// them, else a lease in localStorage. The lease is best effort (two tabs racing for a free lease
// can both win, which costs one extra request, never an event); calls of one page always take
// turns. Locks are held only while `fn` runs, never across a page's life: a held Web Lock keeps
// the page out of the back/forward cache.

import { win, now } from './env';
import { localGet, localSet, localRemove } from './localStore';
import { insertId } from './random';

const turns: Record<string, Promise<boolean>> = {};
let me = '';

const leased = (name: string, ms: number, fn: () => Promise<boolean>): Promise<boolean> => {
  const go = async () => {
    const key = '__tkl' + name;
    me = me || insertId();
    // Claim a free (or expired) lease, then look again after a pause: tabs write storage
    // concurrently and see each other's writes late, so the last claim standing wins.
    for (let i = 0; ms && i < 200; i++) {
      const [owner, until] = (localGet(key) || '').split(' ');
      if (owner == me) break;
      // No storage (blocked, sandboxed): nothing to share with other tabs either.
      if (!(+until > now()) && !localSet(key, me + ' ' + (now() + ms))) break;
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 70));
    }
    try {
      return await fn();
    } finally {
      if ((localGet(key) || '').split(' ')[0] == me) localRemove(key);
    }
  };
  const prev = turns[name];
  return (turns[name] = prev ? prev.then(go, go) : go());
};

/**
 * Runs `fn` while holding `name`; `ms` bounds how long a storage lease may outlive its tab
 * (0: take turns within this page only, writing nothing).
 */
export function withLock(name: string, ms: number, fn: () => Promise<boolean>): Promise<boolean> {
  let ran = 0;
  const run = () => ((ran = 1), fn());
  try {
    const locks = win()!.navigator.locks;
    // Refused in opaque origins (sandboxed frames): the lease path works with what is left.
    if (locks) return locks.request('tracklet' + name, run).then(Boolean, () => (ran ? false : leased(name, ms, fn)));
  } catch {
    // no Web Locks here
  }
  return leased(name, ms, fn);
}
