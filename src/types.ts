// Every public type in one place. Names and semantics follow Mixpanel's browser library so
// code written against `mixpanel-browser` type-checks against tracklet unchanged.

/** Any JSON-able value; Dates become ISO strings, other odd values are sanitized away. */
export type PropertyValue = unknown;

/** A bag of event, super or profile properties. */
export interface Properties {
  [key: string]: PropertyValue;
}

/**
 * Called once per request outcome: `1` accepted (or safely queued when batching), `0` refused
 * or dropped, `-1` held until `identify()` (profile updates of an anonymous visitor).
 */
export type Callback = (status: number, data?: unknown) => void;

/** Per-call options of `track()`. */
export interface TrackOptions {
  /** `'sendBeacon'` hands this event to the browser to deliver even if the page closes. */
  transport?: 'xhr' | 'sendBeacon';
  /** Skip the batch queue and send this event right away. */
  send_immediately?: boolean;
}

/** Options of `register()` / `register_once()`. */
export interface RegisterOptions {
  /** `false` keeps the super properties for this page only, never written to storage. */
  persistent?: boolean;
}

export type PersistenceType = 'cookie' | 'localStorage' | 'memory';
export type PayloadFormat = 'json' | 'base64';

/** Mixpanel's config hooks; returning `null` from `before_track` drops the event. */
export interface Hooks {
  before_track?: (event: string, properties: Properties) => [string, Properties] | null | void;
  before_send_events?: (payload: Properties) => Properties | null | void;
  before_send_people?: (payload: Properties) => Properties | null | void;
  before_send_groups?: (payload: Properties) => Properties | null | void;
}

/**
 * Configuration. Every key has Mixpanel's name and default. Keys that would carry a credential
 * (`api_secret`, `password`, `api_key`, an `Authorization` header, ...) are refused.
 */
export interface Config {
  /** Ingestion host. Default `https://api-js.mixpanel.com`. */
  api_host: string;
  /** Per-endpoint hosts: `{ events, people, groups }`; missing ones use `api_host`. */
  api_hosts: { events?: string; people?: string; groups?: string };
  /** Paths under the host. Default `{ track: 'track/', engage: 'engage/', groups: 'groups/' }`. */
  api_routes: { track?: string; engage?: string; groups?: string };
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
  opt_out_tracking_persistence_type: 'localStorage' | 'cookie';
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
  track_pageview: boolean | 'full-url' | 'url-with-path-and-query-string' | 'url-with-path';
  /** Longest delay of a navigation by `track_links` / `track_forms`. Default `300` ms. */
  track_links_timeout: number;
  /** Called with the instance once it is ready. */
  loaded: (instance: Tracklet) => void;
  /** Hooks to rewrite or drop data before it is queued or sent. */
  hooks: Hooks;
  /** Log what the library does and why it refuses input. Default `false`. */
  debug: boolean;
  /** Receives every problem the library meets: `(message, error?)`. */
  error_reporter: (message: string, error?: unknown) => void;
  /** Ask the server for JSON replies. Always on for batches. */
  verbose: boolean;
  /** Mark requests as test data (`test=1`). */
  test: boolean;
  /** Extra request headers (never `Authorization`: refused). */
  xhr_headers: Record<string, string>;
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
  /** Any other key: accepted for compatibility (out-of-scope features are ignored). */
  [key: string]: unknown;
}

/** A group profile, from `get_group(group_key, group_id)`. */
export interface Group {
  set(prop: string | Properties, to?: PropertyValue, callback?: Callback): void;
  set_once(prop: string | Properties, to?: PropertyValue, callback?: Callback): void;
  unset(prop: string | string[], callback?: Callback): void;
  union(list_name: string | Properties, values?: PropertyValue, callback?: Callback): void;
  remove(list_name: string | Properties, value?: PropertyValue, callback?: Callback): void;
  delete(callback?: Callback): void;
  toString(): string;
}

/** The user profile of the current distinct id. */
export interface People {
  set(prop: string | Properties, to?: PropertyValue, callback?: Callback): void;
  set_once(prop: string | Properties, to?: PropertyValue, callback?: Callback): void;
  unset(prop: string | string[], callback?: Callback): void;
  increment(prop: string | Record<string, number>, by?: number | Callback, callback?: Callback): void;
  append(list_name: string | Properties, value?: PropertyValue, callback?: Callback): void;
  union(list_name: string | Properties, values?: PropertyValue, callback?: Callback): void;
  remove(list_name: string | Properties, value?: PropertyValue, callback?: Callback): void;
  delete_user(): void;
  clear_charges(callback?: Callback): void;
  /** Deprecated upstream; does nothing. */
  track_charge(amount?: number, properties?: Properties, callback?: Callback): void;
  toString(): string;
}

/** A tracklet instance: Mixpanel's instance API plus `flush()` and `destroy()`. */
export interface Tracklet {
  /**
   * Initialize with the project's public token. Returns the instance (the primary one too).
   * With a `name`, creates a named instance reachable as `instance[name]`.
   */
  init(token: string, config?: Partial<Config>, name?: string): Tracklet | undefined;
  track(event_name: string, properties?: Properties, optionsOrCallback?: TrackOptions | Callback, callback?: Callback): void;
  track_pageview(properties?: Properties, options?: { event_name?: string }): void;
  /**
   * Tracks clicks on matching links (also ones added later or inside shadow roots), delaying the
   * navigation until the event is sent or `track_links_timeout` passed. `callback(timedOut,
   * props)` may return false to cancel the navigation.
   */
  track_links(query: string | Element | ArrayLike<Element>, event_name: string, properties?: Properties | ((el: Element) => Properties), callback?: (timedOut: boolean, props: Properties) => unknown): void;
  /** As `track_links`, for form submissions. */
  track_forms(query: string | Element | ArrayLike<Element>, event_name: string, properties?: Properties | ((el: Element) => Properties), callback?: (timedOut: boolean, props: Properties) => unknown): void;
  track_with_groups(event_name: string, properties: Properties, groups: Record<string, unknown>, callback?: Callback): void;
  time_event(event_name: string): void;
  register(props: Properties, days_or_options?: number | RegisterOptions): void;
  register_once(props: Properties, default_value?: PropertyValue, days_or_options?: number | RegisterOptions): void;
  unregister(prop: string, options?: RegisterOptions): void;
  identify(unique_id?: string): void;
  alias(alias: string, original?: string): void;
  reset(): void;
  get_distinct_id(): string | undefined;
  get_property(name: string): PropertyValue;
  get_config(): Config;
  get_config<K extends keyof Config>(key: K): Config[K];
  set_config(config: Partial<Config>): void;
  set_group(group_key: string, group_ids: unknown, callback?: Callback): void;
  add_group(group_key: string, group_id: unknown, callback?: Callback): void;
  remove_group(group_key: string, group_id: unknown, callback?: Callback): void;
  get_group(group_key: string, group_id: unknown): Group;
  disable(events?: string[]): void;
  enable(events?: string[]): void;
  opt_in_tracking(options?: { track?: boolean; track_event_name?: string; track_properties?: Properties }): void;
  opt_out_tracking(options?: { delete_user?: boolean; clear_persistence?: boolean }): void;
  has_opted_in_tracking(): boolean;
  has_opted_out_tracking(): boolean;
  clear_opt_in_out_tracking(): void;
  /** Run a queued call: `push(['track', 'Signup'])` or `push(function () { this.track(...) })`. */
  push(item: unknown[] | ((this: Tracklet) => void)): void;
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
  init(token: string, config?: Partial<Config>, name?: string): TrackletLite | undefined;
}
