// One recording (one replay id): rrweb running or paused, its idle and maximum-length timers,
// its outbox, and its state kept in sessionStorage so the next page of the same tab carries on
// with the same replay id and the next seq (upstream keeps it in IndexedDB by tab id; the
// session store is the tab's own). Batches are sealed with their seqs and kept in localStorage
// (kept.ts) before they are sent, and while the page lives (outbox.ts CHUNK); at page hide the
// rest is sealed too, the first batch not in flight leaves at once with keepalive, and any later
// page of the origin sends what no reply took, so a closed tab loses nothing the bound keeps. A
// seq is given to a batch once, when it is sealed, and stays with it whatever happens to its
// requests: a keepalive that fails leaves its batch kept, sent again later with the same seq,
// never a gap or a seq used twice.

import { record } from '@rrweb/record';
import { Outbox, type Item } from './outbox';
import { postParcel, batchParams, type BatchFacts } from './send';
import { keep, forget, beat, pageId, type KeptParcel } from './kept';
import { keepaliveRoom, keepaliveSent } from '../../delivery/unload';
import { verdict, RETRY } from '../../delivery/retry';
import { rrwebOptions, ms, MAX_RECORDING_MS, MAX_MIN_MS } from './options';
import { uuid } from '../../lib/random';

type Cfg = Record<string, any>;

export interface RecordingHost {
  cfg(): Cfg;
  ids(): Record<string, string>;
  optedOut(): boolean;
  report(message: string, error?: unknown): void;
  /** The recording outgrew its memory or went idle / reached its maximum: start afresh. */
  _reset(stop: boolean): void;
  /** sessionStorage key of this instance's recording. */
  _key: string;
}

/** rrweb's sources of user activity (IncrementalSource: mouse, scroll, resize, input, touch, media, drag, selection). */
const ACTIVE = [1, 2, 3, 4, 5, 6, 7, 12, 14];

export interface Saved {
  id: string;
  seq: number;
  start: number;
  startUrl: string;
  batchUrl: string;
  idleAt: number;
  maxAt: number;
}

export class Recording {
  _s: Saved;
  _stopRrweb?: () => void;
  _outbox: Outbox;
  _h: RecordingHost;
  /** Nothing is sent until the user does something this long after the start (record_min_ms, or a reset). */
  _holdMs = 0;
  _held = false;
  _firstAt = 0;
  _idleTimer?: ReturnType<typeof setTimeout>;
  _maxTimer?: ReturnType<typeof setTimeout>;

  constructor(host: RecordingHost, saved?: Saved) {
    this._h = host;
    const now = Date.now();
    this._s = saved || { id: uuid(), seq: 0, start: 0, startUrl: location.href, batchUrl: location.href, idleAt: 0, maxAt: 0 };
    this._outbox = new Outbox({
      _seal: (items) => this._seal(items),
      _pack: (groups) => this._pack(groups),
      _post: (p) => {
        beat(p.t); // still here: the batches this page kept are its own to send
        return postParcel(p, false);
      },
      _forget: forget,
      _may: () => {
        if (host.optedOut()) {
          this._halt(false);
          return false;
        }
        return !this._held;
      },
      _url: () => this._facts()._url,
      _report: host.report,
      _stop: (why) => {
        host.report(`session replay: ${why}; recording stopped`);
        host._reset(true);
      },
    });
    if (!this._s.maxAt) this._s.maxAt = now + Math.min(ms(host.cfg(), 'record_max_ms'), MAX_RECORDING_MS);
  }

  get _running(): boolean {
    return !!this._stopRrweb;
  }

  _facts(): BatchFacts {
    const cfg = this._h.cfg();
    const hosts = cfg.api_hosts || {};
    const route = String((cfg.api_routes && cfg.api_routes.record) || 'record/').replace(/^\/+/, '');
    return {
      _url: String(hosts.record || cfg.api_host).replace(/\/+$/, '') + '/' + route,
      _replayId: this._s.id,
      _seq: this._s.seq,
      _start: this._s.start,
      _startUrl: this._s.startUrl,
      _batchUrl: this._s.batchUrl,
      _ids: this._h.ids(),
    };
  }

  /** Starts (or restarts after a pause) rrweb. `hold`: send nothing until the user is active. */
  _run(hold: boolean): void {
    if (this._stopRrweb) return;
    const h = this._h;
    const cfg = h.cfg();
    const min = Math.min(ms(cfg, 'record_min_ms'), MAX_MIN_MS);
    this._held = hold || min > 0;
    this._holdMs = min;
    this._firstAt = 0;
    if (!this._s.start) this._s.start = Date.now();
    this._idle();
    try {
      const stop = record({
        ...rrwebOptions(cfg, h.report),
        emit: (ev: any) => this._emit(ev),
      } as any);
      if (typeof stop != 'function') throw new Error('rrweb did not start');
      this._stopRrweb = stop;
    } catch (err) {
      h.report('session replay: rrweb could not start; no recording', err);
      this._halt(true);
      return;
    }
    this._maxTimer = setTimeout(() => h._reset(false), Math.max(0, this._s.maxAt - Date.now()));
    this._save();
  }

  _emit(ev: any): void {
    if (this._s.idleAt < ev.timestamp) return this._h._reset(false);
    if (!this._firstAt) this._firstAt = ev.timestamp;
    if (ev.type == 3 && ACTIVE.indexOf(ev.data && ev.data.source) >= 0) {
      if (this._held && ev.timestamp - this._firstAt >= this._holdMs) this._held = false;
      this._idle();
    }
    this._outbox._add([JSON.stringify(ev), ev.timestamp, ev.type == 2]);
  }

  _idle(): void {
    clearTimeout(this._idleTimer);
    const idle = ms(this._h.cfg(), 'record_idle_timeout_ms');
    this._s.idleAt = Date.now() + idle;
    this._idleTimer = setTimeout(() => this._h._reset(false), idle);
  }

  /** Stops rrweb and the timers; sends what waits (`flush`) or drops it (held: never long enough). */
  _halt(flush: boolean): Promise<void> {
    if (this._stopRrweb) {
      try {
        this._stopRrweb();
      } catch (err) {
        this._h.report('session replay: rrweb failed to stop', err);
      }
      this._stopRrweb = undefined;
    }
    clearTimeout(this._idleTimer);
    clearTimeout(this._maxTimer);
    if (this._held || !flush) {
      this._outbox._clear();
      return Promise.resolve();
    }
    return this._outbox._send();
  }

  /** Seals events into a batch with the next seq and everything its request needs, and keeps it (kept.ts). */
  _seal(items: Item[]): KeptParcel {
    const times = items.map((i) => i[1]);
    // As upstream: the replay starts with its first batch's first event.
    if (!this._s.seq) this._s.start = Math.min(...times);
    const f = this._facts();
    this._s.seq++;
    this._s.batchUrl = location.href;
    // Only a running recording is carried to the next page (a stopped one is forgotten).
    if (this._running) this._save();
    const p: KeptParcel = { u: f._url, t: String(this._h.cfg().token), q: batchParams(f, times), b: '[' + items.map((i) => i[0]).join(',') + ']', at: Date.now(), g: pageId() };
    keep(p);
    return p;
  }

  /**
   * Batches sealed one after the other, none sent yet, packed: one per group, numbered on from
   * the first's seq. Written before the ones they replace go: a page killed in between could
   * leave events twice, never none.
   */
  _pack(groups: KeptParcel[][]): KeptParcel[] {
    const first = Number(groups[0][0].q.seq);
    const packed = groups.map((g, i): KeptParcel => {
      const last = g[g.length - 1];
      return { ...g[0], q: { ...g[0].q, seq: String(first + i), replay_length_ms: last.q.replay_length_ms }, b: '[' + g.map((p) => p.b.slice(1, -1)).join(',') + ']' };
    });
    for (const p of packed) keep(p, true);
    for (const g of groups) for (const p of g) if (Number(p.q.seq) >= first + packed.length) forget(p);
    this._s.seq = first + packed.length;
    if (this._running) this._save();
    return packed;
  }

  /** The page is going: what waits is sealed and kept; the first batch not in flight leaves now with keepalive. */
  _leave(): void {
    if (this._held || this._h.optedOut()) return this._outbox._clear();
    // At most half the keepalive budget: the events' queue leaves at the same moment, and in the
    // script-tag build its count of the budget is not this one's.
    const room = Math.max(Math.min(keepaliveRoom(), 32000) - 2000, 1); // the query and headers
    const [parcels, flying] = this._outbox._unload();
    const now = parcels[flying ? 1 : 0];
    if (now && now.b.length < room) {
      keepaliveSent(now.b.length);
      // Still here when the reply comes (a page kept in the back/forward cache): a batch taken or
      // refused is no longer kept; one that failed stays for a later page.
      postParcel(now, true).then((reply) => {
        keepaliveSent(-now.b.length);
        if (verdict(reply) != RETRY) forget(now);
      });
    }
    beat(this._h.cfg().token, true);
    if (this._running) this._save();
  }

  _save(): void {
    try {
      sessionStorage.setItem(this._h._key, JSON.stringify(this._s));
    } catch {
      // no session storage (or full): the next page starts a new recording
      try {
        sessionStorage.removeItem(this._h._key);
      } catch {
        // nothing kept either way
      }
    }
  }
}
