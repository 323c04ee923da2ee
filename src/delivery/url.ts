// Where each endpoint's requests go: a function of the config alone, so the queue reads it from
// the config in force (set_config may change it) without asking the instance.

import { DEFAULTS } from '../guard/config';
import type { Endpoint } from '../payload/shapes';
import { isObject } from '../lib/json';
import type { Config } from '../types';

/** The `api_hosts` key and hook suffix of each endpoint. */
export const HOST_KEY: Record<Endpoint, 'events' | 'people' | 'groups'> = { track: 'events', engage: 'people', groups: 'groups' };

/**
 * The full request URL of `endpoint`: host, route, query. The host is `api_hosts` by type
 * (`events`, `people`: 2.84 unbatched) or by route (`track`, `engage`: 2.84 batched), else `api_host`.
 */
export function requestUrl(cfg: Config, endpoint: Endpoint): string {
  const hosts = cfg.api_hosts;
  const routes = cfg.api_routes;
  const host = String((hosts && (hosts[HOST_KEY[endpoint]] || (hosts as Record<string, string>)[endpoint])) || cfg.api_host).replace(/\/+$/, '');
  const route = String((routes && routes[endpoint]) || DEFAULTS.api_routes[endpoint]).replace(/^\/+/, '');
  const query = route.indexOf('?') < 0 ? '?' : '&';
  // No `_=` cache buster: every request is a POST, whose replies are never cached, and a stable
  // URL lets the browser reuse a cross-origin CORS preflight.
  let url = `${host}/${route}${query}verbose=1&ip=${cfg.ip ? 1 : 0}${cfg.test ? '&test=1' : ''}`;
  // `api_extra_query_params` (credential keys and values were refused with the config).
  const extra = cfg.api_extra_query_params as Record<string, unknown>;
  if (isObject(extra)) for (const k in extra) url += `&${encodeURIComponent(k)}=${encodeURIComponent(String(extra[k]))}`;
  return url;
}
