// The ES module build's stand-in while the autotrack module loads: a page may call track_links
// and click in the same task. Clicks and submits on the tracked elements are kept for the module
// to track once it is here, and their navigation held at most `track_links_timeout`.

import { matching, leaves, go, type Query, type Seen } from './dom';
import { doc } from '../../lib/env';
import { report } from '../../lib/report';
import type { Config } from '../../types';

export interface Caught {
  /**
   * Stops catching and hands over the events still waiting (their held navigations are the
   * module's now); `failed`: the module will not come, so held navigations go at once.
   */
  e(failed?: boolean): Seen[];
}

export function catchDom(cfg: Config, type: string, query: Query, callback?: unknown): Caught | undefined {
  const root = (cfg.autotrack_root as EventTarget | undefined) || doc();
  if (!root) return;
  const seen: Seen[] = [];
  const fn = (e: MouseEvent & SubmitEvent) => {
    const s: Seen = [e, e.composedPath(), e.defaultPrevented];
    let el;
    try {
      el = matching(query, s[1]);
    } catch {
      return; // an invalid selector: the module reports it
    }
    if (!el) return;
    seen.push(s);
    if (leaves(s, el)) {
      e.preventDefault();
      setTimeout(() => free(s, el), cfg.track_links_timeout);
    }
  };
  // Held as long as track_links_timeout allows: the navigation goes now, but the event stays for
  // the module to track (a slow module must not lose it), marked as let through so the module
  // neither holds nor repeats the navigation. Once handed over (not in `seen`), it is the module's.
  const free = (s: Seen, el: Element) => {
    if (seen.indexOf(s) < 0 || s[3]) return;
    s[3] = true;
    let stay = false;
    try {
      // As the module would at its timeout: the caller's callback may keep the page (false).
      stay = typeof callback == 'function' && callback(true, {}) === false;
    } catch (err) {
      report(cfg, 52, [], err);
    }
    if (!stay) go(s[0].type, el as HTMLAnchorElement & HTMLFormElement);
  };
  root.addEventListener(type, fn as EventListener);
  return {
    e(failed) {
      root.removeEventListener(type, fn as EventListener);
      if (failed) for (const s of seen.slice()) if (leaves(s, matching(query, s[1])!)) free(s, matching(query, s[1])!);
      return seen.splice(0);
    },
  };
}
