// Visibility, page hide and connectivity drive delivery; every listener is removable.

import { eachQueue, type Outboxes } from '../delivery/outboxes';
import type { Persistence } from '../storage/persistence';
import { win } from '../lib/env';
import { on } from '../lib/on';

export interface Listener extends Outboxes {
  _store: Persistence;
  _cleanup: (() => void)[];
}

/** Called at start, in a window. */
export function listen(inst: Listener): void {
  const w = win()!;
  const c = inst._cleanup;
  const onVisibility = () => {
    if (w.document.visibilityState == 'hidden') eachQueue(inst, (q) => q._unload());
    else inst._store._load();
  };
  on(w.document, 'visibilitychange', onVisibility, c);
  on(w, 'pagehide', () => eachQueue(inst, (q) => q._unload(true)), c);
  on(w, 'pageshow', () => eachQueue(inst, (q) => q._show()), c);
  on(w, 'online', () => eachQueue(inst, (q) => q._wake()), c);
  on(w, 'storage', (e: StorageEvent) => eachQueue(inst, (q) => q._seen(e.key, e.newValue)), c);
}
