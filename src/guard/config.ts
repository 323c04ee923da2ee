// Configuration: Mixpanel's names and defaults for everything in scope, merged through the
// secrets guard. Keys of features tracklet leaves out (console and network recording, remote
// settings) are accepted and ignored with one debug warning each.

import { withoutSecrets } from './secrets';
import { debugLog, warn, noReporter, type ReportTarget } from '../lib/report';
import type { Config } from '../types';

// Inside the library, config is read by computed key and carries the token: widened here, not in
// the published `Config`, which keeps no catch-all so that a user's typo is a type error.
declare module '../types' {
  interface Config {
    token?: string;
    [key: string]: unknown;
  }
}

const noop = () => {};

/** Mixpanel's defaults for the keys tracklet reads; the others stay absent (upstream's are unused). */
export const DEFAULTS = {
  api_host: 'https://api-js.mixpanel.com',
  api_hosts: {},
  api_routes: { track: 'track/', engage: 'engage/', groups: 'groups/' },
  api_payload_format: 'json',
  api_method: 'POST',
  api_transport: 'XHR',
  ip: true,
  batch_requests: true,
  batch_size: 50,
  batch_flush_interval_ms: 5000,
  batch_request_timeout_ms: 90000,
  batch_autostart: true,
  persistence: 'cookie',
  persistence_name: '',
  cookie_name: '',
  cookie_domain: '',
  cookie_expiration: 365,
  cross_subdomain_cookie: true,
  cross_site_cookie: false,
  secure_cookie: false,
  disable_persistence: false,
  disable_cookie: false,
  ignore_dnt: false,
  opt_out_tracking_by_default: false,
  opt_out_persistence_by_default: false,
  opt_out_tracking_persistence_type: 'localStorage',
  opt_out_tracking_cookie_prefix: null,
  property_blacklist: [],
  track_marketing: true,
  skip_first_touch_marketing: false,
  stop_utm_persistence: false,
  save_referrer: true,
  track_pageview: false,
  track_links_timeout: 300,
  loaded: noop,
  hooks: {},
  debug: false,
  error_reporter: noReporter,
  verbose: false,
  test: false,
  xhr_headers: {},
  max_string_length: 255,
} as Partial<Config> as Config;

const OUT_OF_SCOPE = /^(record_(console|network)|remote_settings|targeting_|mp_loader)/;

const kindOf = (v: unknown): string => (v == null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * What `value` should have been for `key`, or '' when it is fine. Known keys must keep the type
 * of their default, so a typo cannot stop delivery (a negative batch size, a string timeout).
 */
function valueProblem(key: string, value: unknown): string {
  if (!(key in DEFAULTS)) return '';
  const want = key == 'track_pageview' || key == 'opt_out_tracking_cookie_prefix' ? 'boolean, string or null' : kindOf(DEFAULTS[key]);
  const min = key == 'batch_size' ? 1 : 0;
  if (want == 'number') return isFinite(value as number) && (value as number) >= min && typeof value == 'number' ? '' : 'number ≥ ' + min;
  return want.indexOf(kindOf(value)) < 0 ? want : '';
}

/** `base` updated with `patch`, minus credentials and invalid values; the token is fixed at init. */
export function mergeConfig(base: Config, patch: unknown, target: ReportTarget): Config {
  const clean = withoutSecrets(patch, target);
  const next = { ...base } as Config;
  for (const key of Object.keys(clean)) {
    if (key == 'token' && base.token) continue;
    if (OUT_OF_SCOPE.test(key)) debugLog({ debug: clean.debug || base.debug }, 50, [key]);
    const value = typeof DEFAULTS[key] == 'boolean' && key != 'track_pageview' ? !!clean[key] : clean[key];
    const problem = valueProblem(key, value);
    if (problem) warn(target, 51, [key, problem]);
    else next[key] = value;
  }
  return next;
}
