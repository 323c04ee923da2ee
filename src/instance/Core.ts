// What every tracklet instance has, full or lite: events, identity, super properties, consent,
// config and lifecycle, on top of the data path (guard → payload → queue → transport). Features
// a widget may leave out (people, groups, autotrack, stub replay) live in `Instance`, which
// extends this class; `Lite` adds only harmless stand-ins for them. Both keep the same record,
// outboxes and wire format, so a visitor seen by one and then the other keeps their ids.
//
// Public methods live on the prototype, each behind the shield; private state is `_`-prefixed
// so terser can mangle it; helpers are module functions.

import { shield } from './shield';
import { runHook, hookOf } from './hooks';
import { send, HOST_KEY } from './send';
import { mergeConfig, DEFAULTS } from '../guard/config';
import { tokenProblem } from '../guard/secrets';
import { distinctIdProblem } from '../guard/distinctId';
import { sanitizeProps, type Limits } from '../payload/sanitize';
import { deviceProperties, pageProperties, domainOf } from '../payload/defaultProperties';
import { campaignParams, searchInfo, utmOf, UTM_KEYS } from '../payload/campaign';
import { eventPayload, type Endpoint } from '../payload/shapes';
import { Persistence } from '../storage/persistence';
import { readConsent, writeConsent, optedOut } from '../storage/consent';
import { Queue } from '../delivery/queue';
import { report, debugLog, safeCallback, warn } from '../lib/report';
import { fixEventFields } from '../guard/eventFields';
import { uuid } from '../lib/random';
import { win, doc, now } from '../lib/env';
import { isObject, safeAssign, own } from '../lib/json';
import { on } from '../lib/on';
import { callTime } from '../lib/callTime'; // modules: a held call's event keeps its time
import type { Callback, Config, Properties, RegisterOptions, TrackOptions, Tracklet } from '../types';

const DEVICE_PREFIX = '$device:';

export class Core {
  /** Set once `init` succeeded (Mixpanel's own marker, which stubs and snippets look for). */
  __loaded = false;
  /** `instance.people`: profile updates in the full build, a harmless stand-in in lite. */
  people!: { delete_user(): void };
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
  _page: [string, Properties, Properties] = ['', {}, {}];
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
    this._limits = { _maxString: 255, _onCredential: (k) => debugLog(this._cfg, `property "${k}" names a credential; removed`) };
  }

  // The queues call these two from timers and while destroy() drains them: own properties, not
  // prototype methods, so the shield (which holds calls on an instance that is not live) skips them.
  _url = (endpoint: string): string => {
    const c = this._cfg;
    const host = String((c.api_hosts && c.api_hosts[HOST_KEY[endpoint as Endpoint]]) || c.api_host).replace(/\/+$/, '');
    const route = String((c.api_routes && c.api_routes[endpoint as Endpoint]) || DEFAULTS.api_routes[endpoint as Endpoint]).replace(/^\/+/, '');
    // No `_=` cache buster: every request is a POST, whose replies are never cached, and a stable
    // URL lets the browser reuse a cross-origin CORS preflight.
    return `${host}/${route}${route.indexOf('?') < 0 ? '?' : '&'}verbose=1&ip=${c.ip ? 1 : 0}${c.test ? '&test=1' : ''}`;
  };

  _report = (message: string, error?: unknown): void => report(this._cfg, message, error);

  init(token: string, config?: Partial<Config>, name?: string): Core | undefined {
    if (this._dead) return void report(this._cfg, 'init: destroyed; create a new instance');
    if (name != null && name !== this._name && win()) {
      // Only own members count: `__proto__` or `toString` would answer a shared object.
      const existing = own(this, name) ? this[name] : name in this ? 'taken' : undefined;
      if (existing instanceof Core) return existing;
      if (existing !== undefined) return void warn(this._cfg, `init: "${name}" is taken on ${this}; choose another name`);
      const named = new (this.constructor as typeof Core)(String(name));
      if (!setup(named, token, config)) return undefined;
      named._adopt();
      this[name] = named;
      loaded(named);
      return named;
    }
    // Server-side rendering: nothing to track; the same calls run again in the browser.
    if (!win()) return this;
    // Called again (React StrictMode, hot reload): the live instance, nothing sent twice.
    if (this.__loaded) {
      if (token !== this._cfg.token) warn(this._cfg, `init: ${this} already has another token; ignored`);
      return this;
    }
    if (!setup(this, token, config)) return undefined;
    this._adopt();
    const held = this._pending.splice(0);
    for (const run of held) run();
    loaded(this);
    return this;
  }

  track(event: string, properties?: Properties, options?: TrackOptions | Callback, callback?: Callback): void {
    if (typeof options == 'function') (callback = options), (options = undefined);
    const cb = safeCallback(this._cfg, callback);
    const opts = isObject(options) ? (options as TrackOptions) : {};
    if (blocked(this, event)) return void (cb && cb(0));
    let props: Properties = sanitizeProps(properties, this._limits);
    // Only with a hook set: the default `hooks: {}` must not cost every call a second walk.
    if (!(opts as { skip_hooks?: boolean }).skip_hooks && hookOf(this._cfg, 'before_track')) {
      const out = runHook(this._cfg, 'before_track', [event, props]);
      if (!out) return void (cb && cb(0));
      (event = out[0] as string), (props = sanitizeProps(out[1], this._limits));
    }
    if ((typeof event != 'string' && typeof event != 'number') || event === '') {
      warn(this._cfg, 'track() needs a non-empty event name');
      return void (cb && cb(0));
    }
    event = String(event).slice(0, this._limits._maxString);
    const store = this._store;
    store._fresh();
    const timers = store._get('__timers') as Record<string, number> | undefined;
    if (timers && typeof timers[event] == 'number') {
      props.$duration = Math.round(now() - timers[event]) / 1000;
      delete timers[event];
      store._save();
    }
    const [, pageProps, campaign] = page(this);
    const all = safeAssign({}, this._device, pageProps, this._cfg.track_marketing && campaign, store._superProps(), this._volatile, props);
    const fixed = fixEventFields(all, callTime(), store._get('$device_id'));
    if (fixed.length) warn(this._cfg, `track("${event}"): replaced invalid ${fixed.join(', ')}`);
    const blacklist = this._cfg.property_blacklist;
    if (Array.isArray(blacklist)) for (const k of blacklist) delete all[k];
    send(this, 'track', eventPayload(event, all, this._cfg.token as string), cb, !!(opts.send_immediately || opts.transport == 'sendBeacon'));
  }

  /** An event with its group keys as properties: an event like any other, so lite has it too. */
  track_with_groups(event: string, properties: Properties, groups: Record<string, unknown>, callback?: Callback): void {
    const props = safeAssign({}, properties);
    if (isObject(groups)) for (const k of Object.keys(groups)) if (groups[k] != null) props[k] = groups[k];
    this.track(event, props, callback);
  }

  track_pageview(properties?: Properties, options?: { event_name?: string }): void {
    const d = doc();
    const loc = d && d.location;
    const page: Properties = {};
    // Upstream leaves out the empty ones (a page without a title or query string).
    if (loc) for (const [k, v] of [['current_page_title', d!.title], ['current_domain', loc.hostname], ['current_url_path', loc.pathname], ['current_url_protocol', loc.protocol], ['current_url_search', loc.search]]) if (v) page[k] = v;
    this.track((isObject(options) && typeof options.event_name == 'string' && options.event_name) || '$mp_web_page_view', safeAssign(page, properties));
  }

  time_event(event: string): void {
    const timers = safeAssign({}, this._store._get('__timers'));
    timers[String(event)] = now();
    this._store._set({ __timers: timers });
  }

  register(props: Properties, days_or_options?: number | RegisterOptions): void {
    const clean = sanitizeProps(props, this._limits);
    if (isObject(days_or_options) && days_or_options.persistent === false) safeAssign(this._volatile, clean);
    else keepFor(this, days_or_options), this._store._set(clean);
  }

  register_once(props: Properties, default_value?: unknown, days_or_options?: number | RegisterOptions): void {
    const clean = sanitizeProps(props, this._limits);
    const dflt = default_value === undefined ? 'None' : default_value;
    if (isObject(days_or_options) && days_or_options.persistent === false) {
      for (const k of Object.keys(clean)) if (!own(this._volatile, k) || this._volatile[k] === dflt) this._volatile[k] = clean[k];
    } else keepFor(this, days_or_options), this._store._set(clean, true, dflt);
  }

  unregister(prop: string, options?: RegisterOptions): void {
    if (isObject(options) && options.persistent === false) delete this._volatile[prop];
    else this._store._unset(String(prop));
  }

  identify(id?: string): void {
    const store = this._store;
    const previous = this.get_distinct_id(); // re-reads the record
    // Decided once: a number naming the current id (identify(123) with "123") is no change.
    const changed = id != null && id !== '' && String(id) !== previous;
    if (changed) {
      const problem = distinctIdProblem(id);
      if (problem) return void warn(this._cfg, 'identify: ' + problem);
      id = String(id);
      store._set({ $user_id: id });
      if (!store._get('$device_id')) store._set({ $had_persisted_distinct_id: true, $device_id: previous });
      if (id !== store._get('__alias')) {
        store._unset('__alias');
        store._set({ distinct_id: id });
      }
    }
    this._identified = true;
    this._flushHeld();
    if (changed) this.track('$identify', { distinct_id: id, $anon_distinct_id: previous }, { skip_hooks: true } as TrackOptions);
  }

  alias(alias: string, original?: string): number | void {
    if (alias === this.get_property('$people_distinct_id')) return void warn(this._cfg, 'alias: this id is already the profile id');
    const orig = original === undefined ? this.get_distinct_id() : original;
    const problem = distinctIdProblem(alias);
    if (problem || alias === orig) return void warn(this._cfg, 'alias: ' + (problem || 'same as the original id'));
    this._store._set({ __alias: alias });
    this.track('$create_alias', { alias, distinct_id: orig }, { skip_hooks: true } as TrackOptions);
    this.identify(alias);
  }

  reset(): void {
    this._store._clear();
    this._volatile = {};
    this._identified = false;
    this._page = ['', {}, {}]; // re-derive page super properties into the fresh record
    newDevice(this);
  }

  get_distinct_id(): string | undefined {
    return this._store ? (this._store._load(), this._store._get('distinct_id') as string | undefined) : undefined;
  }

  get_property(name: string): unknown {
    if (!this._store) return undefined;
    this._store._load();
    const v = this._store._get(name);
    return v === undefined ? this._volatile[name] : v;
  }

  get_config(key?: string): unknown {
    return key === undefined ? { ...this._cfg } : this._cfg[key];
  }

  set_config(config: Partial<Config>): void {
    const before = this._cfg;
    const c = configure(this, before, config);
    // Config that openStore reads (every key naming a cookie or persistence) reopens the store.
    if (this._store && Object.keys(c).some((k) => /cookie|persistence/.test(k) && before[k] !== c[k])) reopenStore(this, this._store._props);
  }

  disable(events?: string[]): void {
    if (events === undefined) this._disabled = true;
    else if (Array.isArray(events) && this._disabled !== true) this._disabled = (this._disabled || []).concat(events);
  }

  enable(events?: string[]): void {
    if (events === undefined || this._disabled === true) this._disabled = undefined;
    else if (Array.isArray(events) && this._disabled) this._disabled = this._disabled.filter((e) => events.indexOf(e) < 0);
  }

  opt_out_tracking(options?: { delete_user?: boolean; clear_persistence?: boolean }): void {
    if (isObject(options) && options.delete_user && this._identified) this.people.delete_user(), this.flush();
    // Opted out: nothing more is stored or sent. Identity lives on in memory only.
    consent(this, '0', isObject(options) && options.clear_persistence === false ? this._store._props : {});
    each(this, (q) => q._clear());
  }

  opt_in_tracking(options?: { track?: boolean; track_event_name?: string; track_properties?: Properties }): void {
    consent(this, '1', this._store._props);
    const o = isObject(options) ? options : {};
    if (o.track !== false) this.track(typeof o.track_event_name == 'string' ? o.track_event_name : '$opt_in', o.track_properties as Properties, { send_immediately: true });
  }

  has_opted_in_tracking(): boolean {
    return readConsent(this._cfg) == '1';
  }

  has_opted_out_tracking(): boolean {
    return optedOut(this._cfg);
  }

  clear_opt_in_out_tracking(): void {
    consent(this, null, this._store._props);
  }

  flush(): Promise<void> {
    return Promise.all(each(this, (q) => q._drain())).then(() => {});
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
      each(this, (q) => q && q._stop());
      this.__loaded = false;
    });
  }

  /** Upstream's tag for the current visitor: a super property. */
  name_tag(name: string): void {
    this.register({ mp_name_tag: name });
  }

  /** Starts the flush timers when `batch_autostart` was false. */
  start_batch_senders(): void {
    each(this, (q) => q._schedule(0));
  }

  /** Session replay is not part of tracklet; the call is accepted so pages do not break. */
  start_session_recording(): void {
    debugLog(this._cfg, 'session replay: not in tracklet; ignored');
  }

  stop_session_recording(): void {
    this.start_session_recording();
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
}

shield(Core.prototype, (self: Core) => self, ['init', 'get_distinct_id', 'get_property', 'get_config', 'has_opted_in_tracking', 'has_opted_out_tracking', 'toString', 'destroy']);

/** Applies token and config; false (and a loud error) when the token is unusable. */
export function setup(inst: Core, token: unknown, config: unknown): boolean {
  const problem = tokenProblem(token);
  if (problem) return warn(inst._cfg, `init: ${problem}; ${inst} stays inactive`), false;
  configure(inst, { ...DEFAULTS, token: token as string }, config);
  openStore(inst);
  inst._device = deviceProperties();
  const prefix = `__tkq_${token}_${inst._name}_`;
  for (const ep of inst._eps) inst._queues[ep] = new Queue(inst, ep, inst._store._kind == 'memory' ? '' : prefix + ep);
  listen(inst);
  inst.__loaded = true;
  // First-touch campaign on the profile, as upstream: all UTM keys together, nulls included.
  const utm = campaignParams(doc() ? doc()!.location.href : '', UTM_KEYS);
  if (!inst._cfg.skip_first_touch_marketing && Object.keys(utm).length) {
    const initial: Record<string, unknown> = {};
    for (const k of UTM_KEYS) initial['initial_' + k] = utm[k] || null;
    inst._profile('$set_once', initial);
  }
  // Records other pages left behind go out at once, not after a flush interval: the visitor may
  // not stay long.
  if (inst._cfg.batch_autostart) each(inst, (q) => q._schedule(q._look ? 0 : inst._cfg.batch_flush_interval_ms));
  return true;
}

/** Merges `config` over `base` through the guard (its problems reported with the debug and error_reporter it sets). */
function configure(inst: Core, base: Config, config: unknown): Config {
  const c = (inst._cfg = mergeConfig(base, config, { ...base, ...(isObject(config) ? config : {}) }));
  inst._limits._maxString = c.max_string_length > 0 ? c.max_string_length : 255;
  return c;
}

/** Runs the `loaded` callback and the automatic page view, after any queued calls. */
export function loaded(inst: Core): void {
  const c = inst._cfg;
  try {
    if (typeof c.loaded == 'function') c.loaded(inst as unknown as Tracklet);
  } catch (e) {
    report(c, 'the loaded callback threw', e);
  }
  page(inst);
  // Upstream records the first referrer on the profile too (held until identify).
  const ref = { $initial_referrer: inst._store._get('$initial_referrer'), $initial_referring_domain: inst._store._get('$initial_referring_domain') };
  if (ref.$initial_referrer !== undefined) inst._profile('$set_once', ref);
  if (c.stop_utm_persistence) for (const k of UTM_KEYS) inst._store._unset(k);
  if (c.track_pageview) inst._follow(c.track_pageview);
}

/** `register(props, days)`: the record's cookie lives that many days from now on, as upstream. */
function keepFor(inst: Core, days: unknown): void {
  if (typeof days == 'number' && days > 0) inst._store._cookie._days = days;
}

/** Records the consent change, then re-opens storage to match it, keeping `props`. */
function consent(inst: Core, value: '0' | '1' | null, props: Record<string, unknown>): void {
  writeConsent(inst._cfg, value);
  inst._optAt = 0; // blocked() re-reads at once
  reopenStore(inst, props);
}

/** Storage follows config and consent: the old record is cleared, a new one opened (memory or real) with `props` and a device id. */
function reopenStore(inst: Core, props: Record<string, unknown>): void {
  inst._store._clear();
  openStore(inst, props);
}

/** Opens the record config and consent allow (memory or real), adds `props`, ensures a device id. */
function openStore(inst: Core, props?: Record<string, unknown>): void {
  const c = inst._cfg;
  // Opted out, or persistence off until opt-in: the record stays in memory.
  const off = c.disable_persistence || c.disable_cookie || optedOut(c) || (c.opt_out_persistence_by_default && readConsent(c) != '1');
  inst._store = new Persistence('mp_' + (c.persistence_name || c.cookie_name || c.token + '_mixpanel'), {
    _kind: off ? 'memory' : c.persistence,
    _days: c.cookie_expiration,
    _crossSubdomain: c.cross_subdomain_cookie,
    _domain: c.cookie_domain,
    _crossSite: c.cross_site_cookie,
  });
  if (props) inst._store._set(props);
  if (!inst._store._get('distinct_id')) newDevice(inst);
}

function newDevice(inst: Core): void {
  const id = uuid();
  inst._store._set({ distinct_id: DEVICE_PREFIX + id, $device_id: id });
}

/** Runs `fn` on each of the instance's outboxes. */
const each = <T>(inst: Core, fn: (q: Queue) => T): T[] => inst._eps.map((ep) => fn(inst._queues[ep]));

/** Visibility, page hide and connectivity drive delivery; every listener is removable. */
function listen(inst: Core): void {
  const w = win();
  if (!w || !w.addEventListener) return;
  const c = inst._cleanup;
  on(w.document, 'visibilitychange', () => (w.document.visibilityState == 'hidden' ? each(inst, (q) => q._unload()) : inst._store._load()), c);
  on(w, 'pagehide', () => each(inst, (q) => q._unload(true)), c);
  on(w, 'pageshow', () => each(inst, (q) => q._show()), c);
  on(w, 'online', () => each(inst, (q) => q._wake()), c);
  on(w, 'storage', (e: StorageEvent) => each(inst, (q) => q._seen(e.key, e.newValue)), c);
}

export function blocked(inst: Core, event?: unknown): boolean {
  const d = inst._disabled;
  // Consent is re-read at most once a second (another tab may change it); this tab's own
  // opt-in/out calls reset the clock.
  if (Date.now() - inst._optAt > 1000) (inst._optOut = optedOut(inst._cfg)), (inst._optAt = Date.now());
  // disable() concerns events only (as upstream); profile and group updates are not events.
  return (event !== undefined && (d === true || (!!d && d.indexOf(event as string) >= 0))) || (inst._optOut as boolean);
}

/**
 * Page and campaign properties, and the super properties Mixpanel derives from the page (search
 * engine and keyword of the referrer, UTM parameters unless `stop_utm_persistence`, the first
 * referrer): all re-derived only when the URL changed, so track() writes no storage for them.
 */
function page(inst: Core): [string, Properties, Properties] {
  const d = doc();
  const href = d && d.location ? d.location.href : '';
  if (href === inst._page[0]) return inst._page;
  const campaign = campaignParams(href);
  inst._page = [href, pageProperties(), campaign];
  const ref = (d && d.referrer) || '';
  const store = inst._store;
  store._set(safeAssign(searchInfo(ref), inst._cfg.stop_utm_persistence ? {} : utmOf(campaign)));
  if (inst._cfg.save_referrer && store._get('$initial_referrer') === undefined)
    store._set({ $initial_referrer: ref || '$direct', $initial_referring_domain: ref ? domainOf(ref) : '$direct' });
  return inst._page;
}
