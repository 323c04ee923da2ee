// One record/ request, in mixpanel-browser 2.84's form: POST <api host>/record/?<the batch's
// facts>, `Authorization: Basic base64(token + ":")` (the token alone: the only credential
// tracklet ever holds), `Content-Type: application/octet-stream`, the body the batch's rrweb
// events as a JSON array, gzipped (format=gzip) where the browser can, else as is (format=body).
// Not delivery/transport.ts's post(), whose wire and verdict are the event endpoints': a form
// Content-Type with Content-Encoding: gzip, and only `1` or {"status":1} counts as taken. Here a
// 200 is taken whatever its body (unless it says status 0), as upstream's recorder takes it;
// making post() say both would cost the core bytes every visitor pays. gzip() and
// parseRetryAfter() are shared.

import { gzip, parseRetryAfter, type Reply } from '../../delivery/transport';
import { LIB_VERSION } from '../../payload/defaultProperties';

/** What a batch tells the server about its replay (upstream's query, in its order). */
export interface BatchFacts {
  _url: string;
  _replayId: string;
  _seq: number;
  _start: number;
  _startUrl: string;
  _batchUrl: string;
  _ids: Record<string, string>;
}

/**
 * A batch sealed with everything its request needs (its seq included), so any page of the
 * origin can send it: u the record/ URL, t the token, q the query (format aside), b the body,
 * at when it was sealed. Kept in localStorage by kept.ts; short names: it is stored.
 */
export interface Parcel {
  u: string;
  t: string;
  q: Record<string, string>;
  b: string;
  at: number;
}

/** The query of a batch whose events carry these timestamps (format aside: it is the sender's). */
export function batchParams(f: BatchFacts, times: number[]): Record<string, string> {
  const first = Math.min(...times);
  const last = Math.max(...times);
  const p: Record<string, unknown> = {
    $current_url: f._batchUrl,
    $lib_version: LIB_VERSION,
    batch_start_time: first / 1000,
    mp_lib: 'web',
    replay_id: f._replayId,
    replay_length_ms: last - f._start,
    replay_start_time: f._start / 1000,
    replay_start_url: f._startUrl,
    seq: f._seq,
    ...f._ids,
  };
  const out: Record<string, string> = {};
  for (const k of Object.keys(p)) out[k] = String(p[k]);
  return out;
}

/**
 * Posts one parcel; `keepalive` at page hide (uncompressed then: there is no time to gzip).
 * Resolves with the reply, never rejects.
 */
export async function postParcel(p: Parcel, keepalive: boolean): Promise<Reply> {
  const zipped = keepalive ? undefined : await gzip(p.b);
  const query = new URLSearchParams({ ...p.q, format: zipped ? 'gzip' : 'body' });
  const abort = typeof AbortController == 'function' ? new AbortController() : undefined;
  // upstream's batch_request_timeout_ms for the recorder
  const timer = abort && setTimeout(() => abort.abort(), 90_000);
  try {
    const res = await fetch(p.u + '?' + query, {
      method: 'POST',
      headers: { Authorization: 'Basic ' + btoa(p.t + ':'), 'Content-Type': 'application/octet-stream' },
      body: zipped || p.b,
      keepalive,
      credentials: 'omit',
      signal: abort && abort.signal,
    });
    let body: any;
    try {
      body = await res.json();
    } catch {
      // a reply that is not JSON: judged by its status
    }
    const ok = res.status == 200 && !(body && body.status === 0);
    return { _status: res.status, _ok: ok, _error: ok ? undefined : String((body && body.error) || res.status), _retryAfter: parseRetryAfter(res.headers.get('Retry-After')) };
  } catch (e) {
    return { _status: 0, _ok: false, _error: String(e) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
