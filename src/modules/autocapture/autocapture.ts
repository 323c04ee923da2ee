// Autocapture, Mixpanel 2.84's `autocapture` config, as a module loaded on demand.
//
// The seam, all an instance and this module share:
//
//   startAutocapture(host, config) → stop
//
//   host.t                                   the instance (ModuleHost.ts): its public track()
//                                            (options is only ever { transport: 'sendBeacon' }:
//                                            page leave), track_pageview() and
//                                            get_session_recording_properties()
//   host.c()                                 its config (record_heatmap_data, track_pageview)
//   host.report(message, error?)             the instance's debug log / error_reporter
//   config                                   the `autocapture` config value: true, an object
//                                            (options.ts), or falsy (nothing starts)
//   stop()                                   removes every listener, observer and timer, and
//                                            unwraps history; safe to call twice
//
// Only public names cross: the module is minified apart from the core, so mangled `_` members
// would not match. It starts nothing without window and document, and never throws: a failing
// handler is reported through host.report. While it runs, the instance must not follow page
// views itself (with autocapture on, Mixpanel reads `autocapture.pageview`, not `track_pageview`).
//
// `record_heatmap_data` (as 2.84): while a session replay runs, clicks, rage clicks and dead
// clicks are captured whatever the autocapture config says, those it did not ask for marked
// `$captured_for_heatmap: true`; page leaves are captured (their `$captured_for_heatmap` says
// whether a replay ran) with the scroll depth followed for them; and single-page navigations
// make page views ('full-url') where nothing else sends them. The privacy rules are the same
// for all of it: an element autocapture may not describe is not described for heatmaps either.

import { clickOption, readOptions, NONE, type Options } from './options';
import { listeners } from './listen';
import { describe, rules } from './describe';
import { surelyInert } from './interactive';
import { rageClicks } from './rageClicks';
import { deadClicks } from './deadClicks';
import { followScroll } from './scroll';
import { followPages } from './pages';
import type { ModuleHost } from '../ModuleHost';

type Props = Record<string, unknown>;

/** What the module uses of the ModuleHost every module gets (ModuleHost.ts). */
export type AutocaptureHost = Pick<ModuleHost, 't' | 'c' | 'report'>;

export type { Options as AutocaptureOptions };

const noop = () => {};

/** Whether the current URL is left alone: not on the allow list (when there is one), or on the block list. */
function urlBlocked(o: Options, report: AutocaptureHost['report']): boolean {
  const url = location.href;
  const test = (list: (RegExp | string)[]) =>
    list.some((re) => (typeof re == 'string' ? new RegExp(re) : re).test(url));
  try {
    return o.allow_url_regexes.length ? !test(o.allow_url_regexes) : test(o.block_url_regexes);
  } catch (err) {
    report('autocapture: a URL regex failed; nothing captured', err);
    return true;
  }
}

export function startAutocapture(host: AutocaptureHost, config: unknown): () => void {
  const report = (message: string, error?: unknown) => {
    try {
      host.report(message, error);
    } catch {
      // the host's reporter failing is no reason to fail the page
    }
  };
  if (typeof window != 'object' || !window || typeof document != 'object' || !document) return noop;
  const { _listen: listen, _safe: safe, _stop: unlisten } = listeners(report);
  const stops: (() => void)[] = [unlisten];
  const stop = () => stops.splice(0).forEach((f) => safe('stop', f)());
  try {
    const t = host.t;
    const send = (event: string, props: Props, options?: { transport: 'sendBeacon' }) => t.track(event, props, options);
    const heatOn = !!host.c().record_heatmap_data;
    // upstream's is_recording_heatmap_data(): the config, and a replay running now
    const heat = () => heatOn && !!(t.get_session_recording_properties() || {}).$mp_replay_id;
    const o = readOptions(config) || (heatOn ? readOptions(NONE) : null);
    if (!o) return noop;
    if (typeof Element != 'function' || typeof Element.prototype.matches != 'function') return report('autocapture: this browser lacks Element.matches'), noop;
    const blocked = () => urlBlocked(o, report);
    const track = (event: string) => (props: Props) => send(event, props);
    const rage = rageClicks();
    const dead = deadClicks(listen);
    stops.push(dead._stop);

    // Capture phase on window: before the page's own handlers can stop the event. Passive:
    // autocapture only watches, it never prevents anything.
    const opts = { capture: true, passive: true };
    const dom = (type: string, event: string, enabled: () => boolean) =>
      listen(window, type, (ev: Event) => {
        if (!enabled() || blocked()) return;
        const props = describe(ev, o, rules(o, ev, report), ev.target, ev.composedPath());
        if (props) track(event)(props);
      }, opts);
    dom('change', '$mp_input_change', () => o.input);
    dom('submit', '$mp_submit', () => o.submit);

    const rageOpts = clickOption(o.rage_click);
    const deadOpts = clickOption(o.dead_click);
    if (o.click || rageOpts || deadOpts || heatOn) {
      listen(window, 'click', (ev: MouseEvent) => {
        if (blocked()) return;
        const h = heat();
        const path = ev.composedPath();
        const target = ev.target;
        const r = rules(o, ev, report);
        // Described at most once per click, for every event it makes (and at click time: a
        // shadow tree's event loses its target once dispatched).
        let props: Props | null | undefined;
        const desc = () => (props === undefined ? (props = describe(ev, o, r, target, path)) : props);
        const send = (event: string, forHeat: boolean) => {
          const p = desc();
          if (p) track(event)(forHeat ? { ...p, $captured_for_heatmap: true } : { ...p });
        };
        if (o.click || h) send('$mp_click', !o.click);
        const inert = surelyInert((path[0] || target) as Element);
        const rageNow = rageOpts || (h ? {} : null);
        if (rageNow && rage(ev, rageNow, inert)) send('$mp_rage_click', !rageOpts);
        const deadNow = deadOpts || (h ? {} : null);
        if (deadNow && !inert) {
          desc();
          dead._click(path, deadNow.timeout_ms || 500, safe('dead click', () => blocked() || send('$mp_dead_click', !deadOpts && heat())));
        }
      }, opts);
      if (deadOpts || heatOn) listen(window, 'pointerdown', () => dead._press(), opts);
    }

    const scroll = followScroll(listen, safe, o, track('$mp_scroll'), blocked, heatOn);
    stops.push(scroll._stop);
    stops.push(
      followPages(listen, safe, o, scroll, {
        _pageview: (p) => t.track_pageview(p),
        _leave: (p) => send('$mp_page_leave', p, { transport: 'sendBeacon' }),
        _blocked: blocked,
        _heatOn: heatOn,
        _heat: heat,
        // Autocapture off: the core follows `track_pageview`; navigation page views are its.
        _heatViews: heatOn && !(config ? o.pageview : host.c().track_pageview),
      }),
    );
    return stop;
  } catch (err) {
    report('autocapture could not start', err);
    stop();
    return noop;
  }
}
