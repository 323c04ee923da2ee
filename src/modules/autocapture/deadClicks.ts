// Dead clicks: a click on something that may be interactive after which nothing changed on the
// page within `timeout_ms` (500): no DOM mutation, no input, no selection, no scroll, no hash
// change. Watching for change costs something on a busy page, so it is switched on only from a
// pointer press (changes made on press count) until the last pending click is settled.

import type { Listen } from './listen';

const CHANGE_EVENTS = ['change', 'input', 'submit', 'select', 'toggle', 'selectionchange'];
const OBSERVE: MutationObserverInit = {
  subtree: true,
  childList: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['style', 'class', 'hidden', 'checked', 'selected', 'value', 'display', 'visibility'],
};
/** A change this much before the click still counts for it (the press that led to it). */
const TOLERANCE = 100;

export interface DeadClicks {
  /** A pointer pressed: start watching. */
  _press(): void;
  /** A click that may be dead; `dead` is called if nothing changes in time. */
  _click(path: EventTarget[], timeout: number, dead: () => void): void;
  _stop(): void;
}

export function deadClicks(listen: Listen): DeadClicks {
  let changedAt = 0;
  let off: (() => void)[] | null = null;
  let observer: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { t: number; timeout: number; dead: () => void }[] = [];
  const changed = () => void (changedAt = Date.now());

  const watch = () => {
    if (off) return;
    off = CHANGE_EVENTS.map((type) => listen(document, type, changed, { capture: true, passive: true }));
    off.push(listen(window, 'hashchange', changed), listen(window, 'scroll', changed, { passive: true }));
    if (typeof MutationObserver == 'function') {
      observer = new MutationObserver(changed);
      observer.observe(document.body || document.documentElement, OBSERVE);
    }
  };
  const unwatch = () => {
    if (off) off.forEach((f) => f());
    if (observer) observer.disconnect();
    off = null;
    observer = undefined;
  };
  const settle = () => {
    timer = undefined;
    const now = Date.now();
    const due = pending.filter((c) => now - c.t >= c.timeout);
    pending = pending.filter((c) => now - c.t < c.timeout);
    for (const c of due) if (changedAt < c.t - TOLERANCE) c.dead();
    if (pending.length) timer = setTimeout(settle, Math.max(0, pending[0].t + pending[0].timeout - now));
    else unwatch();
  };
  const later = (ms: number) => {
    if (timer === undefined) timer = setTimeout(settle, ms);
  };

  return {
    _press() {
      watch();
      later(1000); // a press that never becomes a click stops the watch again
    },
    _click(path, timeout, dead) {
      watch();
      // Changes inside open shadow roots on the click's path count too.
      for (const n of path) if (observer && (n as Element).shadowRoot) observer.observe((n as Element).shadowRoot as ShadowRoot, OBSERVE);
      pending.push({ t: Date.now(), timeout, dead });
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(settle, Math.max(0, pending[0].t + pending[0].timeout - Date.now()));
    },
    _stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = [];
      unwatch();
    },
  };
}
