// Page views that follow single-page navigation, and link and form tracking. Listeners are
// delegated (one per instance, on the document or the widget's own root) and read the event's
// composed path, so elements added later and elements inside shadow roots are covered.

import type { Instance } from './Instance';
import { on } from '../lib/on';
import { report, warn } from '../lib/report';
import { win, doc } from '../lib/env';
import { isObject, safeAssign } from '../lib/json';
import type { Properties } from '../types';

const AUTO = { $mp_autocapture: true };

/** The part of a URL whose change counts as a new page, per Mixpanel's `track_pageview` modes. */
const pageKey = (mode: unknown, url: string): string =>
  mode == 'full-url' ? url : mode == 'url-with-path' ? url.split(/[?#]/)[0] : url.split('#')[0];

export function followPageviews(inst: Instance, mode: unknown): void {
  const w = win();
  if (!w) return;
  let last = pageKey(mode, w.location.href);
  inst.track_pageview(AUTO);
  if (typeof mode != 'string') return; // `true`: the first page view only
  const check = () => {
    const key = pageKey(mode, w.location.href);
    if (key !== last) (last = key), inst.track_pageview(AUTO);
  };
  const cleanup = inst._cleanup;
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

type Query = string | Element | ArrayLike<Element>;
type PropsArg = Properties | ((el: Element) => Properties);
type UserCallback = (timedOut: boolean, props: Properties) => unknown;

/**
 * `track_links` (`click`) and `track_forms` (`submit`): tracks the event, delaying the
 * navigation or submission until it is sent or `track_links_timeout` passed, never longer.
 * Clicks that open a new tab, and events the page already handled (preventDefault, as SPA
 * routers do), are tracked without any delay.
 */
export function trackDom(inst: Instance, type: 'click' | 'submit', query: Query, event: string, properties?: PropsArg, userCallback?: UserCallback): void {
  const d = doc();
  const root = (inst._cfg.autotrack_root as EventTarget | undefined) || d;
  if (!root) return;
  if (typeof query == 'string') {
    try {
      d!.querySelector(query); // a selector that cannot parse is reported once, not per click
    } catch {
      return warn(inst._cfg, `track_${type == 'click' ? 'links' : 'forms'}: "${query}" is not a valid selector`);
    }
  } else if (!query || typeof query != 'object') return warn(inst._cfg, `track_${type == 'click' ? 'links' : 'forms'} needs a selector or elements`);
  const matches = (el: Element): boolean =>
    typeof query == 'string' ? el.matches(query) : 'length' in query ? Array.prototype.indexOf.call(query, el) >= 0 : el === query;

  on(root, type, (e: MouseEvent & SubmitEvent) => {
    const el = (e.composedPath ? e.composedPath() : [e.target]).find((n): n is Element => !!n && (n as Element).nodeType == 1 && matches(n as Element)) as
      | (HTMLAnchorElement & HTMLFormElement)
      | undefined;
    if (!el) return;
    let props: Properties = {};
    try {
      props = safeAssign({}, typeof properties == 'function' ? properties(el) : isObject(properties) ? properties : {});
    } catch (err) {
      report(inst._cfg, 'track_links/track_forms: properties function threw', err);
    }
    const href = type == 'click' ? el.href : '';
    if (href) props.url = href;
    const later = !e.defaultPrevented && (type == 'submit' || (!!href && e.button == 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && el.target != '_blank'));
    let done = false;
    const proceed = (timedOut: boolean) => {
      if (done) return;
      done = true;
      try {
        if (userCallback && userCallback(timedOut, props) === false) return;
      } catch (err) {
        report(inst._cfg, 'track_links/track_forms: callback threw', err);
      }
      if (later) type == 'click' ? win()!.location.assign(href) : HTMLFormElement.prototype.submit.call(el);
    };
    if (later) e.preventDefault();
    setTimeout(() => proceed(true), inst._cfg.track_links_timeout);
    inst.track(event, props, { send_immediately: true }, () => proceed(false));
  }, inst._cleanup);
}
