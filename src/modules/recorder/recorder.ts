// Session replay's recorder, a module loaded on demand (dist/tracklet-recorder.min.js, the ES
// chunk dist/tracklet-recorder.mjs): rrweb (@rrweb/record) records the page, and recording.ts
// sends it to record/ in mixpanel-browser 2.84's format.
//
// The seam, all an instance and this module share:
//
//   startRecorder(host) → recorder
//
//   `host` is the instance's ModuleHost (modules/ModuleHost.ts), as every module gets it: its
//   config (host.c()), its public methods (host.t: get_distinct_id(), get_property('$device_id'
//   | '$user_id'), has_opted_out_tracking() (nothing is sent then, and the recording stops),
//   identify(), toString() (its name, in the key of its tab's recording: key.ts)), its debug log
//   / error_reporter (host.report), its cleanup list (host.x: destroy() stops the recording and
//   removes the listeners, the iframes' too) and the core's loader (host.l: the property
//   filters' evaluator).
//
//   recorder.start()    start_session_recording(): resumes a paused recording, carries on this
//                       tab's recording from the previous page, or starts a new one
//   recorder.resume()   resume_session_recording(): the paused or carried-on one, never a new one
//   recorder.pause()    stops rrweb, sends what waits; the replay id is kept for resume()
//   recorder.stop()     stops rrweb, sends what waits, forgets the recording
//   recorder.props(ev)  { $mp_replay_id } while rrweb runs (an iframe: its parent's), else {};
//                       with record_heatmap_data, a page view (`ev`) also gets
//                       $captured_for_heatmap: true, as upstream's track_pageview adds it
//   recorder.url()      upstream's replay link while rrweb runs, else null
//   recorder.flush()    sends what waits now; resolves once that settled (the instance's
//                       flush() calls it too: startRecorder wraps it)
//   recorder.trigger(event, properties)
//                       a tracked event the `recording_event_triggers` config names: starts a
//                       recording unless one runs, when the event passes the trigger's
//                       property filters and its percentage samples it in. Filters (JsonLogic)
//                       are evaluated by the targeting module, loaded through the core only
//                       when a trigger has some (as upstream loads its targeting bundle): the
//                       decision then comes once it is here. One that does not load is
//                       reported, and its triggers start nothing (as upstream's).
//
// When it starts, the module also sends the batches earlier pages kept (kept.ts), and with
// `record_allowed_iframe_origins` links the page with its cross-origin iframes (iframes.ts).
//
// It never throws.

import { Recording, type RecordingHost, type Saved } from './recording';
import { recordingKey } from './key';
import { sendKept } from './kept';
import { allowedOrigins, linkFrames } from './iframes';
import { on } from '../../lib/on';
import type { FiltersPass } from '../../lib/targeting';
import type { ModuleHost } from '../ModuleHost';

export interface Recorder {
  start(): void;
  resume(): void;
  pause(): Promise<void>;
  stop(): Promise<void>;
  props(event?: string): { $mp_replay_id?: string; $captured_for_heatmap?: true };
  url(): string | null;
  flush(): Promise<void>;
  trigger(event: string, properties: object): void;
}

const done = Promise.resolve();

export function startRecorder(host: ModuleHost): Recorder {
  const inst = host.t;
  let active: Recording | undefined;
  const cfg = () => host.c() as Record<string, any>;
  const report = (message: string, error?: unknown) => host.report(message, error);
  const key = recordingKey(cfg().token, inst);
  const rhost: RecordingHost = {
    cfg,
    ids: () => {
      const ids: Record<string, string> = { distinct_id: String(inst.get_distinct_id()) };
      for (const k of ['$device_id', '$user_id']) if (inst.get_property(k)) ids[k] = String(inst.get_property(k));
      return ids;
    },
    optedOut: () => inst.has_opted_out_tracking(),
    report,
    _key: key,
    // Idle or too long: this recording ends, a new one waits for the user's next move. Too big
    // (the server has not taken its batches): it ends, and none follows.
    _reset: (full) => {
      const old = active;
      forget();
      if (old) old._halt(true);
      if (!full) begin(undefined, true);
    },
  };

  /** This tab's recording from the previous page, if it is still current. */
  function saved(): Saved | undefined {
    try {
      const s = JSON.parse(sessionStorage.getItem(key) || 'null');
      const now = Date.now();
      return s && typeof s.id == 'string' && now < s.maxAt && now < s.idleAt ? s : undefined;
    } catch {
      return undefined;
    }
  }

  function forget(): void {
    active = undefined;
    try {
      sessionStorage.removeItem(key);
    } catch {
      // nothing kept
    }
  }

  function begin(s: Saved | undefined, hold: boolean): void {
    active = new Recording(rhost, s);
    active._run(hold);
  }

  const safe = <A extends unknown[], R>(what: string, fn: (...a: A) => R, fallback: R) => (...a: A): R => {
    try {
      return fn(...a);
    } catch (err) {
      report(`session replay: ${what} failed`, err);
      return fallback;
    }
  };

  /** Set once the instance is destroyed (its cleanup ran): nothing starts any more. */
  let gone = false;
  /** In a cross-origin iframe: the replay id of the page that embeds it, once it answered. */
  let parentId: string | undefined;
  const id = () => parentId || (active && active._running ? active._s.id : null);
  const resume = (startNew: boolean) => {
    // A cross-origin iframe with origins listed records only as part of its parent's replay.
    if (gone || inst.has_opted_out_tracking() || (child && !parentId)) return;
    if (active) return active._run(false);
    const s = saved();
    if (s || startNew) begin(s, false);
  };

  const origins = allowedOrigins(cfg().record_allowed_iframe_origins, report);
  const child = origins.length > 0 && parent != window;
  if (origins.length)
    host.x.push(linkFrames(origins, {
      token: cfg().token,
      ids: () => (id() ? [id()!, inst.get_distinct_id()] : null),
      joined: safe('iframe', (replayId: string, distinctId: unknown) => {
        parentId = replayId;
        if (distinctId) inst.identify(String(distinctId));
        resume(true);
      }, undefined),
    }));
  sendKept(cfg().token, () => !inst.has_opted_out_tracking(), report);

  const flush = safe('flush', () => (active ? active._outbox._send() : done), done);
  // The instance's flush() also sends the recording's pending batch and waits for it: wrapped
  // here (an own property over the prototype's), so the core pays nothing for it.
  const flushEvents = inst.flush;
  inst.flush = () => Promise.all([flushEvents.call(inst), flush()]).then(() => {});

  // The property filters' evaluator (the targeting module), asked for once a trigger has filters.
  let targeting: Promise<FiltersPass | void> | undefined;
  const trigger = (event: string, properties: object) => {
    const t = (cfg().recording_event_triggers || {})[event];
    if (id() || !t || typeof t.percentage != 'number') return;
    const filters = t.property_filters;
    // Checked again when the filters' verdict comes: a recording may have started meanwhile.
    const sample = () => !id() && t.percentage > 0 && Math.random() * 100 <= t.percentage && resume(true);
    if (!filters || typeof filters != 'object' || !Object.keys(filters).length) return void sample();
    (targeting = targeting || host.l('targeting').then(
      (m: { filtersPass: FiltersPass }) => m.filtersPass,
      (e) => report('session replay: the property filters evaluator did not load; triggers with filters start no recording', e),
    )).then(safe('trigger', (pass: FiltersPass | void) => {
      let ok = false;
      try {
        ok = !!pass && pass(filters, properties);
      } catch (e) {
        // As upstream: a filter that cannot be evaluated does not match.
        report(`session replay: the property filters of trigger "${event}" could not be evaluated; no recording`, e);
      }
      if (ok) sample();
    }, undefined));
  };

  // The page going: a last batch, the rest kept for a later page.
  on(window, 'pagehide', safe('pagehide', () => active && active._leave(), undefined), host.x);
  // Hidden (it may never come back on mobile): what waits goes now, while fetch still works.
  on(document, 'visibilitychange', safe('hide', () => document.visibilityState == 'hidden' && active && active._outbox._send(), undefined), host.x);

  const stop = safe('stop', () => {
    const old = active;
    forget();
    return old ? old._halt(true) : done;
  }, done);
  // Destroyed: a trigger whose filters were still being evaluated starts nothing.
  host.x.push(() => {
    gone = true;
    stop();
  });

  return {
    start: safe('start', () => resume(true), undefined),
    resume: safe('resume', () => resume(false), undefined),
    pause: safe('pause', () => (active ? active._halt(true) : done), done),
    stop,
    props: safe('props', (event?: string) => {
      if (!id()) return {};
      const heat = event == '$mp_web_page_view' && cfg().record_heatmap_data ? { $captured_for_heatmap: true as const } : {};
      return { $mp_replay_id: id()!, ...heat };
    }, {}),
    url: safe('url', () => {
      const q = (k: string, v: unknown) => `${k}=${encodeURIComponent(String(v))}`;
      return id() ? `https://mixpanel.com/projects/replay-redirect?${q('replay_id', id())}&${q('distinct_id', inst.get_distinct_id())}&${q('token', cfg().token)}` : null;
    }, null),
    flush,
    trigger: safe('trigger', trigger, undefined),
  };
}
