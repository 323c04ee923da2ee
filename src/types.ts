// Every public type, from here (the instance, config and values) and types/ (the rest). Names and shapes follow
// mixpanel-browser 2.84's index.d.ts, so code written against its types compiles against
// tracklet's unchanged (test-e2e/upstream.check.ts proves it); tracklet's additions are extra
// keys and methods, and its own names (Tracklet, Properties, ...) stay as aliases.

import type { FlagsConfig, FlagsManager } from './types/flags';
import type { AutocaptureConfig } from './types/autocapture';
import type { ReplayConfig, LegacyConfig } from './types/replay';
import type { Properties, Dict, Callback, RegisterOptions, TrackPageView } from './types/base';
import type { Hooks } from './types/hooks';
import type { People } from './types/people';
import type { Group } from './types/group';
import type { HasOptedInOutOptions, ClearOptOutInOutOptions, InTrackingOptions, OutTrackingOptions } from './types/consent';

export type * from './types/base';
export type * from './types/flags';
export type * from './types/autocapture';
export type * from './types/replay';
export type * from './types/response';
export type * from './types/hooks';
export type * from './types/people';
export type * from './types/group';
export type * from './types/consent';

/** Per-call options of `track()`. */
export interface RequestOptions {
  /** `'sendBeacon'` hands this event to the browser to deliver even if the page closes. */
  transport?: 'xhr' | 'sendBeacon' | undefined;
  /** Skip the batch queue and send this event right away. */
  send_immediately?: boolean | undefined;
}
/** tracklet's name for `RequestOptions`. */
export type TrackOptions = RequestOptions;

export type PersistenceType = 'cookie' | 'localStorage' | 'memory';
/** Upstream's name for `PersistenceType` (tracklet adds `'memory'`). */
export type Persistence = PersistenceType;
export type PayloadFormat = 'json' | 'base64';
export type ApiPayloadFormat = PayloadFormat;
/** `remote_settings_mode`: whether config comes from Mixpanel's settings endpoint. */
export type RemoteSettingType = 'disabled' | 'fallback' | 'strict';
/** Extra request headers (any value is sent as a string). */
export interface XhrHeadersDef {
  [header: string]: any;
}
/** Where links or forms are looked for: a selector, an element or a list of elements. */
export type Query = string | Element | Element[] | ArrayLike<Element>;
/** A queued call: `['track', 'Signup', {...}]`, or a function run with the instance as `this`. */
export type PushItem = Array<string | Dict | ((this: Tracklet) => void)>;

/**
 * Configuration. Every key has Mixpanel's name and default. Keys that would carry a credential
 * (`api_secret`, `password`, `api_key`, an `Authorization` header, ...) are refused. No other
 * keys: a typo is a type error. Session replay's `record_*` keys and upstream's legacy keys are
 * accepted (their types are upstream's) and ignored.
 */
export interface Config extends ReplayConfig, LegacyConfig {
  /** Ingestion host. Default `https://api-js.mixpanel.com`. */
  api_host: string;
  /** Per-endpoint hosts: `{ events, people, groups }` (or 2.84's batched keys `track`, `engage`); missing ones use `api_host`. */
  api_hosts: { events?: string; people?: string; groups?: string; track?: string; engage?: string; flags?: string; record?: string; settings?: string };
  /** Query parameters added to every request URL. */
  api_extra_query_params: Record<string, string>;
  /** Paths under the host. Default `{ track: 'track/', engage: 'engage/', groups: 'groups/' }`. */
  api_routes: { track?: string; engage?: string; groups?: string; record?: string; flags?: string };
  /** `'json'` (default: smaller) or `'base64'` (Mixpanel's default for custom hosts). */
  api_payload_format: PayloadFormat;
  /** Only `'POST'` is used; `'GET'` is accepted for compatibility and sent as POST. */
  api_method: string;
  /** `'XHR'` (fetch) or `'sendBeacon'` for every request. */
  api_transport: string;
  /**
   * Gzip `/track` batches: `'auto'` where the api host is the page's own origin or a path such
   * as `'/mp'` (no CORS preflight), `'gzip'` for any host, `'none'` never. Default `'auto'`. `'gzip'` with a
   * cross-origin host needs its CORS preflight reply to allow `Content-Encoding`. Bodies go
   * plain where the browser has no CompressionStream, at unload (no time to compress), and once
   * the host refused a gzipped batch (re-sent plain at once).
   */
  api_compression?: 'auto' | 'gzip' | 'none';
  /** Let the server geolocate from the request IP (`ip=1`). Default `true`. */
  ip: boolean;
  /** Queue and batch requests. Default `true`. */
  batch_requests: boolean;
  /** Most events per request. Default `50`. */
  batch_size: number;
  /** How long an event may wait in the queue before a flush. Default `5000` ms. */
  batch_flush_interval_ms: number;
  /** Abort a request that has not answered after this long. Default `90000` ms. */
  batch_request_timeout_ms: number;
  /** Start the flush timers at init. Default `true`. */
  batch_autostart: boolean;
  /** Where identity and super properties live. Default `'cookie'`. */
  persistence: PersistenceType;
  /** Record name suffix: the record is `mp_<persistence_name>`. */
  persistence_name: string;
  /** Older spelling of `persistence_name`. */
  cookie_name: string;
  /** Explicit cookie domain, e.g. `.example.com`. */
  cookie_domain: string;
  /** Cookie lifetime in days. Default `365`. */
  cookie_expiration: number;
  /** Share the cookie across subdomains of the registrable domain. Default `true`. */
  cross_subdomain_cookie: boolean;
  /** `SameSite=None; Secure` for third-party contexts (on https; browsers refuse it on http). Default `false`. */
  cross_site_cookie: boolean;
  /** Accepted for compatibility: tracklet always adds `Secure` on https, and never on http, where browsers refuse it. Default `false`. */
  secure_cookie: boolean;
  /** Keep everything in memory only. Default `false`. */
  disable_persistence: boolean;
  /** Older spelling of `disable_persistence`. */
  disable_cookie: boolean;
  /** Ignore the browser's Do-Not-Track setting. Default `false`. */
  ignore_dnt: boolean;
  /** Start opted out until `opt_in_tracking()`. Default `false`. */
  opt_out_tracking_by_default: boolean;
  /** Start with persistence off until opted in. Default `false`. */
  opt_out_persistence_by_default: boolean;
  /** Where the consent flag is kept. Default `'localStorage'`. */
  opt_out_tracking_persistence_type: 'cookie' | 'localStorage';
  /** Consent flag name prefix. Default `__mp_opt_in_out_`. */
  opt_out_tracking_cookie_prefix: string | null;
  /** Event properties never sent. */
  property_blacklist: string[];
  /** Add UTM parameters and click ids to events. Default `true`. */
  track_marketing: boolean;
  /** Skip `initial_utm_*` profile properties. Default `false`. */
  skip_first_touch_marketing: boolean;
  /** Do not keep UTM parameters as super properties. Default `false`. */
  stop_utm_persistence: boolean;
  /** Record `$initial_referrer` / `$initial_referring_domain`. Default `true`. */
  save_referrer: boolean;
  /** Track a page view at load: `true`, `'full-url'`, `'url-with-path-and-query-string'`, `'url-with-path'`. */
  track_pageview: TrackPageView;
  /** Longest delay of a navigation by `track_links` / `track_forms`. Default `300` ms. */
  track_links_timeout: number;
  /** Called with the instance once it is ready. */
  loaded: (instance: Tracklet) => void;
  /** Hooks to rewrite or drop data before it is queued or sent. */
  hooks: Hooks;
  /** Log what the library does and why it refuses input (in full sentences: fetches the messages module). Default `false`. */
  debug: boolean;
  /** Receives every problem the library meets: `(message, error?)`, as a full sentence once the messages module (fetched when this is set) arrived: a moment after the problem. */
  error_reporter: (message: string, error?: Error) => void;
  /** Ask the server for JSON replies. Always on for batches. */
  verbose: boolean;
  /** Mark requests as test data (`test=1`). */
  test: boolean;
  /** Extra request headers (never `Authorization`: refused). */
  xhr_headers: XhrHeadersDef;
  /** Where track_links/track_forms listen: an element or shadow root of a widget. Default: the document. */
  autotrack_root?: EventTarget;
  /** Honour the browser's Global Privacy Control signal as an opt-out. Default `false`. */
  respect_gpc?: boolean;
  /**
   * Most payloads an outbox (one per endpoint, per tab) holds while it cannot deliver. When full,
   * the oldest are dropped and counted in `$tracklet_dropped` on the next event. Default `10000`.
   */
  queue_max_events?: number;
  /**
   * The same cap in characters of JSON. Default `5000000`. Storage keeps the oldest of them up to
   * 1,000,000 characters, so the queue never fills the origin's storage; the rest waits in memory.
   */
  queue_max_bytes?: number;
  /** Longest string property; longer ones are truncated. Default `255`. */
  max_string_length: number;
  /** Feature flags: `true` or `{ context, persistence }` (persistence: 2.84's lookup policies and TTL; docs/feature-flags.md). */
  flags: boolean | FlagsConfig;
  /** Autocapture of clicks, inputs, scrolls, submits, page views. Not in tracklet yet: accepted and ignored (debug log). */
  autocapture: boolean | AutocaptureConfig;
  /** Config from Mixpanel's settings endpoint. Not in tracklet yet: accepted and ignored (debug log). */
  remote_settings_mode: RemoteSettingType;
}

/**
 * A tracklet instance: Mixpanel's instance API (every method of mixpanel-browser 2.84's types)
 * plus `flush()` and `destroy()`. Methods whose return upstream types as `any` keep `any`.
 */
export interface Tracklet {
  /**
   * Initialize with the project's public token. Returns the instance (the primary one too).
   * With a `name`, creates a named instance reachable as `instance[name]`.
   */
  init(token: string, config: Partial<Config> | undefined, name: string): Tracklet;
  init(token: string, config?: Partial<Config>, name?: string): Tracklet | undefined;
  track(event_name: string, properties?: Properties, optionsOrCallback?: RequestOptions | Callback, callback?: Callback): void;
  track_pageview(properties?: Properties, options?: { event_name?: string | undefined }): void;
  /**
   * Tracks clicks on matching links (also ones added later or inside shadow roots), delaying the
   * navigation until the event is sent or `track_links_timeout` passed. `callback(timedOut,
   * props)` may return false to cancel the navigation.
   */
  track_links(query: Query, event_name: string, properties?: Properties | ((el: Element) => Properties | void), callback?: (timedOut: boolean, props: Properties) => unknown): void;
  /** As `track_links`, for form submissions. */
  track_forms(query: Query, event_name: string, properties?: Properties | ((el: Element) => Properties | void), callback?: (timedOut: boolean, props: Properties) => unknown): void;
  track_with_groups(event_name: string, properties: Properties, groups: Properties, callback?: Callback): void;
  time_event(event_name: string): void;
  register(props: Properties, days_or_options?: number | Partial<RegisterOptions>): void;
  register_once(props: Properties, default_value?: any, days_or_options?: number | Partial<RegisterOptions>): void;
  unregister(property: string, options?: Partial<RegisterOptions>): void;
  identify(unique_id?: string): any;
  alias(alias: string, original?: string): void;
  reset(): void;
  /** The current distinct id (a string once initialized). */
  get_distinct_id(): any;
  get_property(property_name: string): any;
  /** The whole config (a copy), or one key's value. */
  get_config(prop_name?: string): any;
  set_config(config: Partial<Config>): void;
  set_group(group_key: string, group_ids: string | number | Array<string | number>, callback?: Callback): void;
  add_group(group_key: string, group_id: string | number, callback?: Callback): void;
  remove_group(group_key: string, group_ids: string | number | Array<string | number>, callback?: Callback): void;
  get_group(group_key: string, group_id: string | number): Group;
  disable(events?: string[]): void;
  enable(events?: string[]): void;
  opt_in_tracking(options?: Partial<InTrackingOptions>): void;
  opt_out_tracking(options?: Partial<OutTrackingOptions>): void;
  has_opted_in_tracking(options?: Partial<HasOptedInOutOptions>): boolean;
  has_opted_out_tracking(options?: Partial<HasOptedInOutOptions>): boolean;
  clear_opt_in_out_tracking(options?: Partial<ClearOptOutInOutOptions>): void;
  /** Run a queued call: `push(['track', 'Signup'])` or `push(function () { this.track(...) })`. */
  push(item: PushItem | unknown[] | ((this: Tracklet) => void)): void;
  /** Starts the flush timers when `batch_autostart` was false. */
  start_batch_senders(): void;
  /** Pauses sending (queued events are kept, unlike upstream, which drops them) until `start_batch_senders()`. */
  stop_batch_senders(): void;
  /** Upstream's tag for the current visitor: the `mp_name_tag` super property. */
  name_tag(name: string): void;
  /** `api_hosts[type]` (`events`, `people`, `groups`), else `api_host`. */
  get_api_host(endpoint_type: string): string;
  /** Upstream's routes by endpoint (`track`, `engage`, `groups`, `record`, `flags`, `settings`). */
  DEFAULT_API_ROUTES: Record<string, string>;
  /** `$tab-<uuid>`, one per tab and instance (sessionStorage); `null` where it cannot be kept, and in tracklet/lite. */
  get_tab_id(): string | null;
  /** Adds a function to the `hooks` config's list for `hook_name`. */
  add_hook<K extends keyof Hooks>(hook_name: K, hook_fn: NonNullable<Hooks[K]>): void;
  /** Removes a function `add_hook` (or the config) put there. */
  remove_hook<K extends keyof Hooks>(hook_name: K, hook_fn: NonNullable<Hooks[K]>): void;
  /** Feature flags: the `flags` module, loaded with the `flags` config or on first use. */
  flags: FlagsManager;
  /** Session replay (docs/session-replay.md): loads the recorder module and records this page (resumes a paused recording). Never while opted out. */
  start_session_recording(): void;
  /** Stops recording and sends what waits; the next start is a new replay. */
  stop_session_recording(): void;
  /** Stops recording and sends what waits; resume_session_recording() carries on with the same replay id. */
  pause_session_recording(): void;
  /** Carries on the paused recording (or this tab's from its previous page); never starts a new one. */
  resume_session_recording(): void;
  /** `{ $mp_replay_id }` while recording, else `{}`. */
  get_session_recording_properties(): { $mp_replay_id?: string } | {};
  /** Upstream's replay link while recording, `null` otherwise (upstream's type says string; its runtime also answers null). */
  get_session_replay_url(): string;
  /** Send everything queued now; settles when the queue is drained or the attempt failed. */
  flush(): Promise<void>;
  /**
   * The instance ignores every call from now on; this flushes what it can, then removes every
   * listener and timer. `createInstance` with the same token and name then starts a fresh one.
   */
  destroy(): Promise<void>;
  toString(): string;
  people: People;
  /** Named instances created by `init(token, config, name)`. */
  [name: string]: unknown;
}

/** Upstream's names for the instance type: `Mixpanel`, and `OverridedMixpanel` for the default export. */
export type Mixpanel = Tracklet;
export type OverridedMixpanel = Tracklet;

/** The `Tracklet` methods a `tracklet/lite` instance has. */
type LiteMethods =
  | 'track' | 'track_pageview' | 'track_with_groups' | 'time_event'
  | 'register' | 'register_once' | 'unregister' | 'identify' | 'alias' | 'reset'
  | 'get_distinct_id' | 'get_property' | 'get_config' | 'set_config' | 'disable' | 'enable'
  | 'opt_in_tracking' | 'opt_out_tracking' | 'has_opted_in_tracking' | 'has_opted_out_tracking' | 'clear_opt_in_out_tracking'
  | 'flush' | 'destroy' | 'toString';

/**
 * An instance from `tracklet/lite`: events, identity, super properties, consent and lifecycle,
 * with the same wire format and storage as the full build. What it leaves out (`people`, groups,
 * `track_links`/`track_forms`, `push`) still exists at run time as no-ops that say so in the
 * debug log, so untyped callers never break.
 */
export interface TrackletLite extends Pick<Tracklet, LiteMethods> {
  /** As `Tracklet.init`; returns a lite instance. */
  init(token: string, config: Partial<Config> | undefined, name: string): TrackletLite;
  init(token: string, config?: Partial<Config>, name?: string): TrackletLite | undefined;
}
