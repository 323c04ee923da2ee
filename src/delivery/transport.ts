// One POST, and what its reply means. fetch with a timeout; `keepalive` while the page is being
// hidden so the request outlives it; sendBeacon only where asked or where fetch cannot keepalive.
// Bodies may be gzipped first (CompressionStream): the same form body, `Content-Encoding: gzip`.

import { win } from '../lib/env';

export interface Reply {
  /** HTTP status, 0 for a network error, timeout or offline. */
  _status: number;
  /** The server accepted the data (200 with `1` or `{"status":1}`). */
  _ok: boolean;
  /** The server's explanation, when it gave one. */
  _error?: string;
  /** Retry-After in ms, when the reply carried a readable one. */
  _retryAfter?: number;
}

const FORM = 'application/x-www-form-urlencoded';

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
  return isNaN(ms) ? undefined : Math.max(0, Math.min(ms, 3600e3));
}

/**
 * The body gzipped; undefined where the browser cannot (no CompressionStream, as in older
 * engines) or compressing failed, so the caller sends it as it is.
 */
export const gzip = (body: string): Promise<Blob | undefined> =>
  // The executor turns a missing CompressionStream (ReferenceError) into a rejection too.
  new Promise<Blob>((ok) => ok(new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).blob())).catch(() => undefined);

export async function post(url: string, body: string | Blob, headers: Record<string, string>, timeoutMs: number, keepalive: boolean): Promise<Reply> {
  const abort = typeof AbortController == 'function' ? new AbortController() : undefined;
  const timer = abort && timeoutMs > 0 ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
  try {
    // No window or no fetch (an old engine) throws here: a network error (status 0), retried later.
    const res = await win()!.fetch(url, {
      method: 'POST',
      headers: typeof body == 'string' ? { ...headers, 'Content-Type': FORM } : { ...headers, 'Content-Type': FORM, 'Content-Encoding': 'gzip' },
      body,
      keepalive,
      credentials: 'omit',
      signal: abort && abort.signal,
    });
    const text = await res.text();
    let ok = res.status == 200 && text.trim() == '1';
    let error: string | undefined;
    if (res.status == 200 && text.trim()[0] == '{') {
      try {
        const json = JSON.parse(text);
        ok = json.status == 1;
        error = json.error || undefined;
      } catch {
        // not JSON after all: judged by the plain body above
      }
    }
    return { _status: res.status, _ok: ok, _error: error || (ok ? undefined : text.slice(0, 200)), _retryAfter: parseRetryAfter(res.headers.get('Retry-After')) };
  } catch (e) {
    return { _status: 0, _ok: false, _error: String(e) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Hands the body to the browser to deliver after the page is gone; no reply is ever seen. */
export function beacon(url: string, body: string): boolean {
  try {
    // No window or no sendBeacon throws too: not handed over.
    return win()!.navigator.sendBeacon(url, new Blob([body], { type: FORM }));
  } catch {
    return false;
  }
}
