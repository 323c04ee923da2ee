// The autotrack module, loaded on demand: page views that follow single-page navigation, and
// link and form tracking. Listeners are delegated (one per call, on the document or the widget's
// own root) and read the event's composed path, so elements added later and elements inside
// shadow roots are covered. The core hands it a `Host` of public names only: the module is
// minified apart from the core, so no mangled `_` member may cross.

import { matching, leaves, go, propsOf, type Query, type Seen, type PropsArg } from './dom';
import { on } from '../../lib/on';
import { report, warn } from '../../lib/report';
import { win, doc } from '../../lib/env';
import type { Config, Properties } from '../../types';

export interface Host {
  /** The instance: its public methods. */
  t: { track(event: string, props?: Properties, options?: object, cb?: () => void): void; track_pageview(props?: Properties): void };
  /** Its current config. */
  c(): Config;
  /** Its cleanup list, emptied by destroy(). */
  x: (() => void)[];
}

const AUTO = { $mp_autocapture: true };

/** The part of a URL whose change counts as a new page, per Mixpanel's `track_pageview` modes. */
const pageKey = (mode: unknown, url: string): string =>
  mode == 'full-url' ? url : mode == 'url-with-path' ? url.split(/[?#]/)[0] : url.split('#')[0];

/** Follows navigation from `since` (the URL of the page view the core sent at init). */
export function follow(host: Host, mode: string, since: string): void {
  const w = win()!;
  let last = pageKey(mode, since);
  const check = () => {
    const key = pageKey(mode, w.location.href);
    if (key !== last) (last = key), host.t.track_pageview(AUTO);
  };
  check(); // the URL may have changed while the module loaded
  const cleanup = host.x;
  on(w, 'popstate', check, cleanup);
  on(w, 'hashchange', check, cleanup);
  // The Navigation API sees pushState/replaceState without touching the page's history object.
  const nav = (w as unknown as { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener == 'function') return on(nav, 'currententrychange', check, cleanup);
  const h = w.history as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['pushState', 'replaceState']) {
    const native = h[m];
    if (typeof native != 'function') continue;
    const wrapped = function (this: unknown, ...a: unknown[]) {
      const r = native.apply(this, a);
      check();
      return r;
    };
    h[m] = wrapped;
    cleanup.push(() => {
      if (h[m] === wrapped) h[m] = native; // someone wrapped after us: leave their chain alone
    });
  }
}

type UserCallback = (timedOut: boolean, props: Properties) => unknown;

/**
 * `track_links` (`click`) and `track_forms` (`submit`): tracks the event, delaying the
 * navigation or submission until it is sent or `track_links_timeout` passed, never longer.
 * Clicks that open a new tab, and events the page already handled (preventDefault, as SPA
 * routers do), are tracked without any delay. `caught`: events held while the module loaded.
 */
export function trackDom(host: Host, type: 'click' | 'submit', caught: Seen[] | undefined, query: Query, event: string, properties?: PropsArg, userCallback?: UserCallback): void {
  const d = doc();
  const cfg = host.c();
  const root = (cfg.autotrack_root as EventTarget | undefined) || d;
  const what = `track_${type == 'click' ? 'links' : 'forms'}`;
  if (!root) return;
  if (typeof query == 'string') {
    try {
      d!.querySelector(query); // a selector that cannot parse is reported once, not per click
    } catch {
      return warn(cfg, `${what}: "${query}" is not a valid selector`);
    }
  } else if (!query || typeof query != 'object') return warn(cfg, `${what} needs a selector or elements`);

  const handle = (seen: Seen, held?: boolean) => {
    const el = matching(query, seen[1]);
    if (!el) return;
    const cfg = host.c();
    const props = propsOf(type, el, properties, (err) => report(cfg, `${what}: properties function threw`, err));
    const later = leaves(seen, el);
    let done = false;
    const proceed = (timedOut: boolean) => {
      // seen[3]: the catcher already asked the callback and let the navigation go.
      if (done || seen[3]) return;
      done = true;
      try {
        if (userCallback && userCallback(timedOut, props) === false) return;
      } catch (err) {
        report(cfg, `${what}: callback threw`, err);
      }
      if (later) go(type, el);
    };
    if (later && !held) seen[0].preventDefault();
    setTimeout(() => proceed(true), cfg.track_links_timeout);
    host.t.track(event, props, { send_immediately: true }, () => proceed(false));
  };
  for (const seen of caught || []) handle(seen, true);
  on(root, type, (e: MouseEvent & SubmitEvent) => handle([e, e.composedPath ? e.composedPath() : [e.target!], e.defaultPrevented]), host.x);
}
