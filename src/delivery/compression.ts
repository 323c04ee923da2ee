// Whether a request body is gzipped (see `api_compression`).

import type { Config } from '../types';

/**
 * /track only, the endpoint the wire contract says takes it; never at unload, which cannot wait
 * for it; never once the host refused it (`plain`). Cross-origin, gzip needs a CORS preflight the
 * host may refuse: only when asked for. Same origin: the page's origin, or a path (a first-party
 * proxy given as `api_host: '/mp'`).
 */
export function wantsGzip(cfg: Config, endpoint: string, url: string, keepalive: boolean, plain: boolean | undefined): boolean {
  if (keepalive || endpoint != 'track' || plain) return false;
  const c = cfg.api_compression;
  if (c == 'none') return false;
  return c == 'gzip' || url.indexOf(location.origin + '/') == 0 || /^\/(?!\/)/.test(url);
}
