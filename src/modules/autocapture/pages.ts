// Pages: `$mp_web_page_view` on start and on single-page navigation (per the `pageview` mode),
// and `$mp_page_leave` (off by default) when a page is left: hidden, or navigated away from
// inside the app. Navigation is seen through the Navigation API where the engine has it, else by
// wrapping history.pushState/replaceState, unwrapped again at stop.

import type { Listen, Safe } from './listen';
import type { Options } from './options';
import { pageHeight, viewportHeight, type Scroll } from './scroll';

type Props = Record<string, unknown>;

export interface PageSinks {
  _pageview(props: Props): void;
  _leave(props: Props): void;
  _blocked(): boolean;
  /** record_heatmap_data is on; _heat(): and a replay runs now; _heatViews: navigations make page views while it does. */
  _heatOn: boolean;
  _heat(): boolean;
  _heatViews: boolean;
}

/** The part of a URL whose change makes a new page in each `pageview` mode. */
const pageKey = (mode: unknown, url: string): string =>
  mode == 'full-url' ? url : mode == 'url-with-path' ? url.split(/[?#]/)[0] : url.split('#')[0];
const pathOf = (url: string) => url.split(/[?#]/)[0];

/** Calls `changed` after every same-document navigation; returns the undo of any wrapping. */
function onNavigation(listen: Listen, safe: Safe, changed: () => void): () => void {
  const nav = (window as any).navigation as EventTarget | undefined;
  if (nav && typeof nav.addEventListener == 'function') return listen(nav, 'currententrychange', changed);
  listen(window, 'popstate', changed);
  listen(window, 'hashchange', changed);
  const h = history as any;
  const undo: (() => void)[] = [];
  for (const m of ['pushState', 'replaceState']) {
    const native = h[m];
    if (typeof native != 'function') continue;
    const after = safe('navigation', changed);
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const r = native.apply(this, args);
      after();
      return r;
    };
    h[m] = wrapped;
    undo.push(() => h[m] === wrapped && (h[m] = native)); // wrapped again since: leave that chain alone
  }
  return () => undo.forEach((f) => f());
}

export function followPages(listen: Listen, safe: Safe, o: Options, scroll: Scroll, sinks: PageSinks): () => void {
  let viewed = '';
  let leftUrl = location.href;
  let left = false;

  if (o.pageview && !sinks._blocked()) sinks._pageview({ $mp_autocapture: true }), (viewed = location.href);

  const leave = (type: string, height: number) => {
    const heat = sinks._heat();
    if (!(o.page_leave || heat) || left) return;
    left = true;
    const vh = viewportHeight();
    const depth = scroll._depth();
    const fits = height <= vh;
    sinks._leave({
      $max_scroll_view_depth: depth,
      $max_scroll_percentage: fits ? 100 : Math.round((Math.max(depth - vh, 0) / (height - vh)) * 100),
      $fold_line_percentage: fits ? 100 : Math.round((vh / height) * 100),
      $scroll_height: height,
      $event_type: type,
      $current_url: leftUrl,
      $viewportHeight: vh,
      $viewportWidth: Math.max(document.documentElement.clientWidth, window.innerWidth || 0),
      $captured_for_heatmap: heat,
      $mp_autocapture: true,
    });
  };

  let height = pageHeight();
  let path = pathOf(leftUrl);
  const changed = () => {
    if (sinks._blocked()) return;
    const url = location.href;
    if (url == leftUrl) return;
    leave('mp_locationchange', height);
    (leftUrl = url), (left = false);
    const mode = typeof o.pageview == 'string' ? o.pageview : sinks._heatViews && sinks._heat() && 'full-url';
    if (mode && pageKey(mode, url) != pageKey(mode, viewed)) {
      sinks._pageview({ $mp_autocapture: true });
      viewed = url;
    }
    // A new path is a new page: scroll checkpoints start over.
    scroll._reset(pathOf(url) != path);
    path = pathOf(url);
    height = pageHeight();
  };

  const undo = typeof o.pageview == 'string' || o.page_leave || sinks._heatOn ? onNavigation(listen, safe, changed) : () => {};
  if (o.page_leave || sinks._heatOn) {
    listen(document, 'visibilitychange', () => document.visibilityState == 'hidden' && leave('visibilitychange', pageHeight()));
    listen(window, 'scrollend', () => (height = pageHeight()), { passive: true });
  }
  return undo;
}
