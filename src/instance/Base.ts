// What every instance is before any public call that sends: its state, init() and the other
// ways it starts (start.ts), its config, flush() and destroy(). `Core` extends it with events,
// identity, super properties and consent; the full and lite instances extend `Core`.
//
// Public methods live on the prototype, each behind the shield; private state is `_`-prefixed
// so terser can mangle it; helpers are module functions.

import { shield } from '../lib/shield';
import { start, configure } from './start';
import { reopenStore } from '../storage/openStore';
import { DEFAULTS } from '../guard/config';
import { hookList } from '../payload/hooks';
import type { Limits } from '../payload/sanitize';
import type { PageState } from '../payload/page';
import type { Endpoint } from '../payload/shapes';
import { eachQueue } from '../delivery/outboxes';
import type { Queue } from '../delivery/queue';
import type { Persistence } from '../storage/persistence';
import { debugLog, warn, report } from '../lib/report';
import { win } from '../lib/env';
import { own, isObject } from '../lib/json';
import type { Config, Properties } from '../types';

export class Base {
  /** Set once `init` succeeded (Mixpanel's own marker, which stubs and snippets look for). */
  __loaded = false;
  _name: string;
  _cfg: Config = { ...DEFAULTS };
  _pending: (() => void)[] = [];
  /** Set by destroy(): from then on every call is dropped. (Flags start undefined: falsy.) */
  _dead?: boolean;
  _store!: Persistence;
  /** The endpoints this build sends to; one outbox each. */
  _eps: Endpoint[] = ['track'];
  _queues = {} as Record<Endpoint, Queue>;
  _device: Properties = {};
  _page: PageState = ['', {}, {}];
  _optOut?: boolean;
  _optAt = 0;
  _volatile: Properties = {};
  _identified?: boolean;
  _disabled: string[] | true | undefined;
  _cleanup: (() => void)[] = [];
  _limits: Limits;
  [name: string]: unknown;

  constructor(name = 'mixpanel') {
    this._name = name;
    this._limits = { _maxString: 255, _onCredential: (k) => debugLog(this._cfg, 37, [k]) };
  }

  init(token: string, config?: Partial<Config>, name?: string): Base | undefined {
    if (this._dead) {
      report(this._cfg, 38);
      return undefined;
    }
    if (name != null && name !== this._name && win()) return initNamed(this, token, config, name);
    // Server-side rendering: nothing to track; the same calls run again in the browser.
    if (!win()) return this;
    // Called again (React StrictMode, hot reload): the live instance, nothing sent twice.
    if (this.__loaded) {
      if (token !== this._cfg.token) warn(this._cfg, 39, [this]);
      return this;
    }
    const ready = start(this, token, config, true);
    if (!ready) return undefined;
    const held = this._pending.splice(0);
    for (const run of held) run();
    ready();
    return this;
  }

  get_config(key?: string): unknown {
    return key === undefined ? { ...this._cfg } : this._cfg[key];
  }

  set_config(config: Partial<Config>): void {
    const before = this._cfg;
    const c = configure(this, before, config);
    // Config that openStore reads (every key naming a cookie or persistence) reopens the store.
    if (this._store && Object.keys(c).some((k) => /cookie|persistence/.test(k) && before[k] !== c[k])) reopenStore(this, this._store._props);
    if (this.__loaded && isObject(config) && 'autocapture' in config) this._capture();
  }

  /** Sends what every outbox holds; resolves once all settled. (The session recorder adds its own batch: recorder.ts.) */
  flush(): Promise<void> {
    return Promise.all(eachQueue(this, (q) => q._drain())).then(() => {});
  }

  /**
   * Inert at once (later calls are dropped, and createInstance() makes a fresh instance for the
   * same token), then flushes what it can and removes every listener and timer.
   */
  destroy(): Promise<void> {
    const flushed = this.flush();
    this._dead = true;
    return flushed.then(() => {
      for (const off of this._cleanup.splice(0)) off();
      eachQueue(this, (q) => q && q._stop());
      this.__loaded = false;
    });
  }

  /** Starts the flush timers when `batch_autostart` was false, or again after stop_batch_senders(). */
  start_batch_senders(): void {
    eachQueue(this, (q) => ((q._off = false), q._schedule(0)));
  }

  /** Pauses sending. Upstream drops what is queued; tracklet keeps it (stored) for start_batch_senders() or the next page. */
  stop_batch_senders(): void {
    eachQueue(this, (q) => q._stop());
  }

  get_api_host(type: string): string {
    const hosts = this._cfg.api_hosts as Record<string, string>;
    return (hosts && hosts[type]) || (this._cfg.api_host as string);
  }

  /** Adds `fn` to the `hooks` config's list for `name` (a new object: the default `{}` is shared). */
  add_hook(name: string, fn: unknown): void {
    this._cfg.hooks = { ...this._cfg.hooks, [name]: hookList(this._cfg, name).concat(fn) };
  }

  remove_hook(name: string, fn: unknown): void {
    this._cfg.hooks = { ...this._cfg.hooks, [name]: hookList(this._cfg, name).filter((f) => f !== fn) };
  }

  toString(): string {
    return this._name == 'mixpanel' ? 'mixpanel' : 'mixpanel.' + this._name;
  }

  // What the full build adds at these points; lite does without. Called only on a live instance.

  /** Takes over what Mixpanel's library left in its outboxes (init() instances only). */
  _adopt(): void {}

  /** A profile update the instance makes itself (first-touch campaign, first referrer). */
  _profile(_op: string, _value: unknown): void {}

  /** After identify(): sends the profile updates held while the visitor was anonymous. */
  _flushHeld(): void {}

  /** The automatic page views of the `track_pageview` config. */
  _follow(_mode: unknown): void {}

  /** The `autocapture` config: (re)starts or stops it. */
  _capture(): void {}

  /** The `flags` config: fetches the variants (at start, for a new distinct id, after reset). */
  _fetchFlags(_how?: 'reset'): void {}

  /** `record_sessions_percent`: loads the recorder when sampled in (at start, after reset). */
  _record(): void {}

  /** Every event tracked, with its final properties, as it is queued (first-time flag events, replay triggers). */
  _saw(_event: string, _props: Properties): void {}
}

shield(Base.prototype, (self: Base) => self, ['init', 'get_config', 'toString', 'destroy', 'get_api_host']);

/** Upstream's routes, on every instance as in 2.84 (tracklet sends to the first three only). */
Base.prototype.DEFAULT_API_ROUTES = { ...DEFAULTS.api_routes, record: 'record/', flags: 'flags/', settings: 'settings/' };

/** `init(token, config, name)`: a second instance, reachable as `parent[name]`. */
function initNamed(parent: Base, token: string, config: Partial<Config> | undefined, name: string): Base | undefined {
  // Only own members count: `__proto__` or `toString` would answer a shared object.
  const existing = own(parent, name) ? parent[name] : name in parent ? 'taken' : undefined;
  if (existing instanceof Base) return existing;
  if (existing !== undefined) {
    warn(parent._cfg, 41, [name, parent]);
    return undefined;
  }
  const named = new (parent.constructor as typeof Base)(String(name));
  const ready = start(named, token, config, true);
  if (!ready) return undefined;
  parent[name] = named;
  ready();
  return named;
}
