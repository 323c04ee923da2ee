// Loopback is not a trust boundary: any page the developer visits can send requests to the
// collector. Ingestion stays open to every origin; the read API, the stream, the request log and
// fault injection answer only the collector's own origin (and allowOrigins), with a Host it
// listens on; fault injection takes only JSON and is off unless asked for.
import { test, expect, type Page } from '@playwright/test';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collector, otherOrigin, uniqueToken, received, faultState, waitForRecords } from './support/collector';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../collector/server.mjs';

const event = (token: string, name: string) => ({ event: name, properties: { token, distinct_id: 'u', time: Date.now(), $insert_id: `i-${name.replace(/\W/g, '')}` } });
const form = (value: unknown) => `data=${encodeURIComponent(JSON.stringify(value))}`;

/** What a page at `origin` gets when it tries each way in; run in the browser. */
async function attempts(page: Page, origin: string, api: string, token: string) {
  await page.goto(`${origin}/test-e2e/pages/blank.html`);
  return page.evaluate(async ({ api, token }) => {
    const outcome = (p: Promise<Response>) => p.then(async (r) => `${r.status} ${(await r.text()).slice(0, 80)}`, (e) => `failed: ${e.name}`);
    const form = (v: unknown) => `data=${encodeURIComponent(JSON.stringify(v))}`;
    const ev = { event: 'From another origin', properties: { token, distinct_id: 'x', time: Date.now(), $insert_id: 'other-origin-1' } };
    const rule = JSON.stringify({ token, status: 200, body: '1', count: -1 });
    const stream = await new Promise<string>((resolve) => {
      const es = new EventSource(`${api}/_/stream?token=${token}`);
      es.onopen = () => (es.close(), resolve('open'));
      es.onerror = () => (es.close(), resolve('error'));
    });
    return {
      track: await outcome(fetch(`${api}/track/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form([ev]) })),
      received: await outcome(fetch(`${api}/_/received?token=${token}`)),
      requests: await outcome(fetch(`${api}/_/requests`)),
      stream,
      // A simple POST needs no preflight: the server itself must refuse it.
      faultText: await outcome(fetch(`${api}/_/faults`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: rule })).then(() => 'sent'),
      faultJson: await outcome(fetch(`${api}/_/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: rule })),
    };
  }, { api, token });
}

test('a page on another origin can send events but cannot read, stream, or steer the collector', async ({ page }) => {
  const token = uniqueToken('xorigin');
  // The page is on localhost, the collector on 127.0.0.1: another origin and another site.
  const got = await attempts(page, otherOrigin(), collector(), token);
  expect(got.track).toBe('200 1');
  expect(got.received).toBe('failed: TypeError');
  expect(got.requests).toBe('failed: TypeError');
  expect(got.stream).toBe('error');
  expect(got.faultText).toBe('sent');
  expect(got.faultJson).toBe('failed: TypeError');
  // No rule was installed: the next event is stored as usual.
  expect((await faultState(token)).rules).toEqual([]);
  await fetch(`${collector()}/track/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form([event(token, 'After the attempt')]) });
  expect((await waitForRecords({ token }, 2)).map((r) => r.payload.event).sort()).toEqual(['After the attempt', 'From another origin']);

  // Ingestion answers any origin, never with credentials; /_/ refuses one that is not its own.
  const ingest = await fetch(`${collector()}/track/`, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: form([event(token, 'Header check')]) });
  expect(ingest.headers.get('access-control-allow-origin')).toBe('*');
  expect(ingest.headers.get('access-control-allow-credentials')).toBeNull();
  const read = await fetch(`${collector()}/_/received?token=${token}`, { headers: { Origin: 'http://evil.example' } });
  expect(read.status).toBe(403);
  expect(read.headers.get('access-control-allow-origin')).toBeNull();
  expect((await read.json()).error).toMatch(/origin http:\/\/evil.example may not use the collector's API/);
});

test('an origin given in allowOrigins may read; the collector\'s own origin always may', async ({ page }) => {
  const allowed = await startCollector({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'tracklet-allow-')), quiet: true, faults: true, allowOrigins: [otherOrigin()] });
  try {
    const api = allowed.url.replace(/\/$/, '');
    const token = uniqueToken('allowed');
    const got = await attempts(page, otherOrigin(), api, token);
    expect(got.track).toBe('200 1');
    expect(got.received).toMatch(/^200 \{"records":\[/);
    expect(got.stream).toBe('open');
    expect(got.faultJson).toMatch(/^200 /);
    // The text/plain POST still installed nothing; the JSON one did (one rule).
    expect((await (await fetch(`${api}/_/faults?token=${token}`)).json()).rules.length).toBe(1);
    // A page on the global collector's own origin is not this one's: refused.
    const stranger = await attempts(page, collector(), api, uniqueToken('stranger'));
    expect(stranger.received).toBe('failed: TypeError');
    // The viewer on the collector's own origin reads and streams.
    await page.goto(allowed.url);
    await expect(page.locator('#status')).toHaveClass('live');
  } finally {
    await allowed.close();
  }
});

/** A raw request with a chosen Host header (fetch cannot set one). */
function withHost(url: string, host: string | undefined, init: { method?: string; body?: string; type?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = { 'Content-Type': init.type ?? 'application/json' };
    if (host !== undefined) headers.Host = host;
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

test('DNS rebinding: /_/ refuses a Host the collector does not listen on; ingestion still works', async ({ browser }) => {
  const api = collector();
  const port = new URL(api).port;
  const token = uniqueToken('rebind');
  for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `127.0.0.1:${port}@evil.example`]) {
    for (const path of [`/_/received?token=${token}`, '/_/requests', '/_/stream', '/_/faults']) {
      const res = await withHost(`${api}${path}`, host);
      expect(res.status, `${host} ${path}`).toBe(403);
      expect(res.body, host).toMatch(/is not an address this collector listens on/);
    }
    const steer = await withHost(`${api}/_/faults`, host, { method: 'POST', body: JSON.stringify({ token, status: 503, count: -1 }) });
    expect(steer.status).toBe(403);
  }
  expect((await faultState(token)).rules).toEqual([]);
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await withHost(`${api}/_/received?token=${token}`, host)).status, host).toBe(200);
  // Ingestion does not care which name it was reached by.
  const ingest = await withHost(`${api}/track/`, `evil.example:${port}`, { method: 'POST', type: 'application/x-www-form-urlencoded', body: form([event(token, 'Any host')]) });
  expect(ingest).toEqual({ status: 200, body: '1' });

  // In a real browser: a name that resolves to 127.0.0.1 (as a rebinding attacker's does) makes
  // the page same-origin with whatever answers there; the Host it sends gives it away.
  const page = await browser.newPage();
  await page.goto(`http://rebind.example.co.uk:${port}/test-e2e/pages/blank.html`);
  const sameOrigin = await page.evaluate(async (token) => ({
    read: (await fetch(`/_/received?token=${token}`)).status,
    steer: (await fetch('/_/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, status: 503, count: -1 }) })).status,
  }), token);
  expect(sameOrigin).toEqual({ read: 403, steer: 403 });
  expect((await faultState(token)).rules).toEqual([]);
  expect((await received({ token })).length).toBe(1);
  await page.close();
});

test('fault injection: off unless asked for, JSON only, bounded', async () => {
  const plain = await startCollector({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'tracklet-nofaults-')), quiet: true });
  try {
    const res = await fetch(`${plain.url}_/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 503 }) });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/fault injection is off; start the collector with faults: true \(--faults\)/);
  } finally {
    await plain.close();
  }
  const token = uniqueToken('faultapi');
  const post = (body: string, type?: string) => fetch(`${collector()}/_/faults`, { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body });
  const text = await post(JSON.stringify({ token, status: 503 }), 'text/plain');
  expect(text.status).toBe(415);
  expect((await text.json()).error).toMatch(/application\/json/);
  expect((await post(JSON.stringify({ token, status: 503 }), 'application/x-www-form-urlencoded')).status).toBe(415);
  const big = await post(JSON.stringify({ token, status: 503, body: 'x'.repeat(70_000) }), 'application/json');
  expect(big.status).toBe(413);
  const bad = await post(JSON.stringify({ token, status: 'soon' }), 'application/json');
  expect(bad.status).toBe(400);
  expect((await bad.json()).error).toMatch(/status must be an HTTP status/);
  expect((await post(JSON.stringify(Array.from({ length: 1001 }, () => ({ token, status: 503 }))), 'application/json')).status).toBe(400);
  expect((await faultState(token)).rules).toEqual([]);
});
