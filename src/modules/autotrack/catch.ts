// The ES module build's stand-in while the autotrack module loads: a page may call track_links
// and click in the same task. Clicks and submits on the tracked elements are kept for the module
// to track once it is here, and their navigation held at most `track_links_timeout`.

import { matching, leaves, go, propsOf, type Query, type Seen } from './dom';
import { doc } from '../../lib/env';
import { report } from '../../lib/report';
import type { Config, Properties } from '../../types';

type Track = (event: string, props: Properties, options: object) => void;

export interface Caught {
  /**
   * Stops catching and hands over the events still waiting (their held navigations are the
   * module's now); `failed`: the module will not come, so held navigations go at once.
   */
  e(failed?: boolean): Seen[];
}

/** `args`: the track_links / track_forms call's (query, event, properties, callback). */
export function catchDom(cfg: Config, type: string, [query, event, properties, callback]: unknown[], track: Track): Caught | undefined {
  const root = (cfg.autotrack_root as EventTarget | undefined) || doc();
  if (!root) return;
  const seen: Seen[] = [];
  const fn = (e: MouseEvent & SubmitEvent) => {
    const s: Seen = [e, e.composedPath(), e.defaultPrevented];
    let el;
    try {
      el = matching(query as Query, s[1]);
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
  // Held as long as track_links_timeout allows. As the module would at its timeout, the caller's
  // callback may keep the page (false): the event then stays for the module to track, marked as
  // let through so the module does not ask again. If the page goes, the event is tracked now (the
  // module may never arrive on this page): the core keeps it behind the loading module, and the
  // page's leaving sends or stores it. Once handed over (not in `seen`), an event is the module's.
  const free = (s: Seen, el: HTMLAnchorElement & HTMLFormElement) => {
    const at = seen.indexOf(s);
    if (at < 0 || s[3]) return;
    s[3] = true;
    const props = propsOf(type, el, properties, (err) => report(cfg, 'track_links/track_forms: properties function threw', err));
    let stay = false;
    try {
      stay = typeof callback == 'function' && callback(true, props) === false;
    } catch (err) {
      report(cfg, 'track_links/track_forms: callback threw', err);
    }
    if (stay) return;
    seen.splice(at, 1);
    track(event as string, props, { send_immediately: true });
    go(s[0].type, el);
  };
  root.addEventListener(type, fn as EventListener);
  return {
    e(failed) {
      root.removeEventListener(type, fn as EventListener);
      if (failed) for (const s of seen.slice()) if (leaves(s, matching(query as Query, s[1])!)) free(s, matching(query as Query, s[1])!);
      return seen.splice(0);
    },
  };
}
