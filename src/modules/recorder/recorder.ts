// Session replay's recorder, a module loaded on demand (dist/tracklet-recorder.min.js, the ES
// chunk dist/tracklet-recorder.mjs): rrweb (@rrweb/record) records the page, and recording.ts
// sends it to record/ in mixpanel-browser 2.84's format.
//
// The seam, all an instance and this module share:
//
//   startRecorder(instance) → recorder
//
//   The instance is used through its public methods only (the module is minified apart from
//   the core): get_config(), get_distinct_id(), get_property('$device_id' | '$user_id'),
//   has_opted_out_tracking() (nothing is sent then, and the recording stops), toString() (its
//   name, in the key of its tab's recording: key.ts). Problems go to its debug log /
//   error_reporter (its config's).
//
//   recorder.start()    start_session_recording(): resumes a paused recording, carries on this
//                       tab's recording from the previous page, or starts a new one
//   recorder.resume()   resume_session_recording(): the paused or carried-on one, never a new one
//   recorder.pause()    stops rrweb, sends what waits; the replay id is kept for resume()
//   recorder.stop()     stops rrweb, sends what waits, forgets the recording
//   recorder.props()    { $mp_replay_id } while rrweb runs, else {}
//   recorder.url()      upstream's replay link while rrweb runs, else null
//   recorder.flush()    sends what waits now
//
// It never throws.

import { Recording, type RecordingHost, type Saved } from './recording';
import { recordingKey } from './key';
import { report as reportTo } from '../../lib/report';

export interface RecorderHost {
  get_config(): unknown;
  get_distinct_id(): unknown;
  get_property(key: string): unknown;
  has_opted_out_tracking(): boolean;
}

export interface Recorder {
  start(): void;
  resume(): void;
  pause(): Promise<void>;
  stop(): Promise<void>;
  props(): { $mp_replay_id?: string };
  url(): string | null;
  flush(): Promise<void>;
}

const done = Promise.resolve();

export function startRecorder(host: RecorderHost): Recorder {
  let active: Recording | undefined;
  const cfg = () => host.get_config() as Record<string, any>;
  const report = (message: string, error?: unknown) => reportTo(cfg(), message, [], error);
  const key = recordingKey(cfg().token, host);
  const rhost: RecordingHost = {
    cfg,
    ids: () => {
      const ids: Record<string, string> = { distinct_id: String(host.get_distinct_id()) };
      for (const k of ['$device_id', '$user_id']) if (host.get_property(k)) ids[k] = String(host.get_property(k));
      return ids;
    },
    optedOut: () => host.has_opted_out_tracking(),
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

  const id = () => (active && active._running ? active._s.id : null);
  const resume = (startNew: boolean) => {
    if (host.has_opted_out_tracking()) return;
    if (active) return active._run(false);
    const s = saved();
    if (s || startNew) begin(s, false);
  };

  // The page going: a last batch, the rest kept for this tab's next page.
  addEventListener('pagehide', safe('pagehide', () => active && active._leave(), undefined));
  // Hidden (it may never come back on mobile): what waits goes now, while fetch still works.
  document.addEventListener('visibilitychange', safe('hide', () => document.visibilityState == 'hidden' && active && active._outbox._send(), undefined));

  return {
    start: safe('start', () => resume(true), undefined),
    resume: safe('resume', () => resume(false), undefined),
    pause: safe('pause', () => (active ? active._halt(true) : done), done),
    stop: safe('stop', () => {
      const old = active;
      forget();
      return old ? old._halt(true) : done;
    }, done),
    props: safe('props', () => (id() ? { $mp_replay_id: id()! } : {}), {}),
    url: safe('url', () => {
      const q = (k: string, v: unknown) => `${k}=${encodeURIComponent(String(v))}`;
      return id() ? `https://mixpanel.com/projects/replay-redirect?${q('replay_id', id())}&${q('distinct_id', host.get_distinct_id())}&${q('token', cfg().token)}` : null;
    }, null),
    flush: safe('flush', () => (active ? active._outbox._send() : done), done),
  };
}
