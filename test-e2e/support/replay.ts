// What the session replay proofs share: opening the same page under mixpanel-browser 2.84 or
// tracklet with recording on, seeing every request the page made (bodies included, gunzipped),
// and reading the record/ requests back as shapes that can be compared field by field.
import { expect, type Page, type Request } from '@playwright/test';
import { gunzipSync } from 'node:zlib';
import { collector, openWithSetup, bundleLoaded } from './collector';

declare const mixpanel: any;

export type Lib = 'mixpanel' | 'tracklet';
export const LIBS: Lib[] = ['mixpanel', 'tracklet'];

/** Each library installed by its own snippet, on the same markup. */
export const PAGE: Record<Lib, string> = { mixpanel: 'mixpanel-lib.html', tracklet: 'snippet.html' };
/** Upstream's script-tag build finds its recorder here (the devDependency); tracklet's loads its own beside the core. */
export const UPSTREAM_RECORDER = '/node_modules/mixpanel-browser/dist/mixpanel-recorder.min.js';

/** The init config of a recording page: `extra` on top of the fast delivery every test uses. */
export function recordConfig(lib: Lib, token: string, extra: Record<string, unknown> = {}) {
  return { token, config: { api_host: collector(), batch_flush_interval_ms: 100, ...(lib === 'mixpanel' ? { recorder_src: UPSTREAM_RECORDER } : {}), ...extra } };
}

/** One request as the page sent it. */
export interface Sent {
  url: URL;
  method: string;
  headers: Record<string, string>;
  /** The body as sent (null: none); `text` is it gunzipped when it was gzip. */
  body: Buffer | null;
  gzip: boolean;
  text: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export function decode(body: Buffer | null): { gzip: boolean; text: string } {
  if (!body) return { gzip: false, text: '' };
  if (body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1]) return { gzip: true, text: gunzipSync(body).toString('utf8') };
  return { gzip: false, text: body.toString('utf8') };
}

// A Blob body (upstream's gzipped batches, built by CompressionStream) is not visible to
// Playwright's request events: the page itself hands every body it sends to the test, as bytes,
// from fetch, sendBeacon and XMLHttpRequest, before the browser sends it.
function tapBodies() {
  const w = window as any;
  const kept: { url: string; body: Promise<string | null> }[] = (w.__sentBodies = []);
  const b64 = (buf: ArrayBuffer) => {
    let s = '';
    const bytes = new Uint8Array(buf);
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const bytesOf = (body: any): Promise<string | null> => {
    if (body == null) return Promise.resolve(null);
    if (typeof body === 'string') return Promise.resolve(b64(new TextEncoder().encode(body).buffer as ArrayBuffer));
    if (body instanceof Blob) return body.arrayBuffer().then(b64);
    if (body instanceof ArrayBuffer) return Promise.resolve(b64(body));
    if (ArrayBuffer.isView(body)) return Promise.resolve(b64(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer));
    if (body instanceof URLSearchParams) return bytesOf(String(body));
    return new Response(body).arrayBuffer().then(b64, () => null);
  };
  const keep = (url: any, body: any) => kept.push({ url: new URL(String(url), location.href).href, body: bytesOf(body) });
  const fetch0 = w.fetch;
  w.fetch = function (input: any, init?: any) {
    keep(input instanceof Request ? input.url : input, init && init.body);
    return fetch0.apply(this, arguments as any);
  };
  const beacon0 = navigator.sendBeacon;
  if (beacon0) Navigator.prototype.sendBeacon = function (url: any, data?: any) {
    keep(url, data);
    return beacon0.apply(this, arguments as any);
  };
  const open0 = XMLHttpRequest.prototype.open;
  const send0 = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (this: any, _m: string, url: any) {
    this.__url = url;
    return open0.apply(this, arguments as any);
  };
  XMLHttpRequest.prototype.send = function (this: any, body?: any) {
    keep(this.__url, body);
    return send0.apply(this, arguments as any);
  };
}

/**
 * Every request the page makes from now on (documents, scripts, beacons, fetches): URL, method
 * and headers as Playwright saw them; bodies from the page's tap (bodies()).
 */
export async function watchRequests(page: Page): Promise<Sent[]> {
  await page.addInitScript(tapBodies);
  const seen: Sent[] = [];
  page.on('request', (r: Request) => {
    const body = r.postDataBuffer();
    seen.push({ url: new URL(r.url()), method: r.method(), headers: r.headers(), body, ...decode(body) });
  });
  return seen;
}

/** The bodies the page sent so far, by URL, gunzipped where they were gzip. */
export async function bodies(page: Page): Promise<{ url: URL; body: Buffer | null; gzip: boolean; text: string }[]> {
  const raw: { url: string; body: string | null }[] = await page.evaluate(async () => {
    const kept = (window as any).__sentBodies || [];
    return Promise.all(kept.map(async (k: any) => ({ url: k.url, body: await k.body })));
  });
  return raw.map(({ url, body }) => {
    const buf = body === null ? null : Buffer.from(body, 'base64');
    return { url: new URL(url), body: buf, ...decode(buf) };
  });
}

export const recordRequests = (sent: Sent[]) => sent.filter((s) => /\/record\/?$/.test(s.url.pathname) && s.method === 'POST');
/** Script files of a recorder that the page fetched (upstream's or tracklet's). */
export const recorderFiles = (sent: Sent[]) => sent.filter((s) => /recorder/.test(s.url.pathname)).map((s) => s.url.pathname);

/** Opens `lib`'s page with `mixpanel.init(token, config)` run right after the snippet. */
export async function openRecording(page: Page, lib: Lib, token: string, extra: Record<string, unknown> = {}) {
  await openWithSetup(page, PAGE[lib], ({ token, config }) => mixpanel.init(token, config), recordConfig(lib, token, extra));
}

/** Waits until the page reports a replay id (the recorder loaded and started); returns it. */
export async function replayIdOf(page: Page, timeout = 20_000): Promise<string> {
  await page.waitForFunction(() => !!((window as any).mixpanel?.get_session_recording_properties?.() || {}).$mp_replay_id, null, { timeout });
  return page.evaluate(() => mixpanel.get_session_recording_properties().$mp_replay_id);
}

/** The recording as the collector keeps it: { batches, event_count, events, ... }, or null. */
export async function storedReplay(replayId: string): Promise<any> {
  const res = await fetch(`${collector()}/_/replays/${encodeURIComponent(replayId)}`);
  return res.status === 200 ? res.json() : null;
}

/** Waits until the collector holds `replayId` with every batch up to the newest (no gap); returns it. */
export async function waitForReplay(replayId: string, test: (replay: any) => boolean = () => true, timeout = 25_000): Promise<any> {
  let last: any = null;
  await expect
    .poll(async () => {
      last = await storedReplay(replayId);
      if (process.env.REPLAY_DEBUG) console.log('poll', replayId, JSON.stringify(last)?.slice(0, 200));
      return !!last && last.complete && test(last);
    }, { timeout, message: `waiting for replay ${replayId} at the collector` })
    .toBe(true);
  return last;
}

/** What kind of value a query parameter holds, so that two libraries' values compare by shape. */
export function kindOf(value: string): string {
  // Upstream writes times as seconds with a fraction, which is sometimes whole: one kind.
  if (/^-?\d+(\.\d+)?$/.test(value)) return 'number';
  if (/^https?:\/\//.test(value)) return 'url';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'uuid';
  if (value === '') return 'empty';
  return 'string';
}

/** tracklet's snippet page, init with `config`; every problem its error_reporter hears lands in window.__reports. */
export async function openReporting(page: Page, token: string, config: Record<string, unknown>) {
  await openWithSetup(
    page,
    'snippet.html',
    ({ token, config }) => {
      (window as any).__reports = [];
      mixpanel.init(token, { batch_flush_interval_ms: 100, error_reporter: (m: string) => (window as any).__reports.push(m), ...config });
    },
    { token, config: { api_host: collector(), ...config } },
  );
  await bundleLoaded(page);
}
