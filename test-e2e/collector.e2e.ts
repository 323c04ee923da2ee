// What a developer meets first: the collector's live page (events, profiles, groups, and a
// warning on everything Mixpanel would silently truncate or drop), the first-party proxy mode
// against a second collector, and the snippet generator's output running in a strict page.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { collector, uniqueToken, waitForRecords, received, openWithSetup, watchPage, eventNames } from './support/collector';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../collector/server.mjs';

declare const mixpanel: any;

const CLI = path.join(process.cwd(), 'bin/tracklet.mjs');
const snippet = (...args: string[]) => execFileSync(process.execPath, [CLI, 'snippet', ...args], { encoding: 'utf8' });
const sha384 = (file: string) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const form = (value: unknown) => `data=${encodeURIComponent(JSON.stringify(value))}`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** The viewer, filtered to one token (through its address) and connected to the live stream. */
async function openViewer(page: Page, filter: Record<string, string>) {
  await page.goto(`${collector()}/?${new URLSearchParams(filter)}`);
  await expect(page.locator('#status')).toHaveClass('live');
  await expect(page.locator('#f-token')).toHaveValue(filter.token ?? '');
}

const row = (page: Page, text: string) => page.locator('#rows tr', { hasText: text });

test('the collector page streams events, profile and group updates live, each with its wire-contract warnings', async ({ page, context }) => {
  // Two pages and a dozen waits on the viewer: ~5 s idle, past 30 s with two suites on 2 cores.
  test.setTimeout(90_000);
  const seen = watchPage(page);
  const token = uniqueToken('viewer');
  await openViewer(page, { token });

  // An example page: tracklet itself (told to keep long strings), plus a careless client that
  // sends raw requests breaking the contract the way hand-written integrations do.
  const site = await context.newPage();
  await openWithSetup(
    site,
    'snippet.html',
    ({ token, api }) => {
      mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, max_string_length: 1000 });
      mixpanel.track('Signup', { plan: 'pro' });
      mixpanel.track('Long text', { description: 'x'.repeat(300) });
      mixpanel.identify('viewer-user');
      mixpanel.people.set({ name: 'Ada' });
      mixpanel.get_group('company', 'acme').set({ seats: 5 });

      const now = Date.now();
      const base = { token, distinct_id: 'raw-client', time: now };
      const many: Record<string, number> = {};
      for (let i = 0; i < 260; i++) many[`p${i}`] = i;
      const send = (body: unknown) =>
        fetch(`${api}/track/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `data=${encodeURIComponent(JSON.stringify(body))}` });
      send([
        { event: 'Bad insert id', properties: { ...base, $insert_id: 'not valid!' } },
        { event: 'Old float time', properties: { ...base, $insert_id: 'r1', time: (now - 6 * 86400000) / 1000 + 0.25 } },
        { event: 'Leaky', properties: { ...base, $insert_id: 'r2', api_secret: 'oops' } },
        { event: 'Many props', properties: { ...base, $insert_id: 'r3', ...many } },
      ]);
      // One item without its token: Mixpanel drops the whole batch, the good event with it.
      send([{ event: 'Fine', properties: { ...base, $insert_id: 'r4' } }, { event: 'No token', properties: { distinct_id: 'raw-client', time: now, $insert_id: 'r5' } }]);
    },
    { token, api: collector() },
  );

  const badge = (text: string) => row(page, text).locator('.badge');
  await expect(row(page, 'Signup')).toBeVisible();
  await expect(badge('Signup')).toHaveCount(0);
  await expect(badge('Long text')).toHaveText('1');
  await expect(badge('Long text')).toHaveAttribute('title', /string_too_long: properties.description — 300 characters/);
  await expect(badge('Bad insert id')).toHaveAttribute('title', /insert_id/);
  await expect(badge('Old float time')).toHaveText('2');
  await expect(badge('Old float time')).toHaveAttribute('title', /time: .*not an integer[\s\S]*more than 5 days old/);
  await expect(badge('Leaky')).toHaveAttribute('title', /credential: properties.api_secret/);
  await expect(badge('Many props')).toHaveAttribute('title', /too_many_properties/);
  // Profile and group updates arrive on the same stream.
  await expect(page.locator('#rows tr', { has: page.locator('td:text-is("$set")') }).filter({ hasText: 'viewer-user' })).toContainText('engage');
  await expect(row(page, 'company=acme')).toContainText('groups');
  // The refused batch is shown with why, and with the lint of each item.
  await expect(page.locator('#rejected')).toBeVisible();
  await expect(page.locator('#rejected-title')).toHaveText(/1 refused request/);
  await expect(page.locator('#rejected-list li').first()).toContainText('item 1: token missing');
  await expect(page.locator('#rejected-list li[data-code="token_missing"]')).toContainText('[1].properties.token');

  // The full payload and its warnings, one click away.
  await row(page, 'Leaky').click();
  await expect(page.locator('#detail li[data-code="credential"]')).toContainText('properties.api_secret');
  await expect(page.locator('#detail pre').first()).toContainText('"api_secret": "oops"');
  await row(page, 'Signup').click();
  await expect(page.locator('#detail .ok')).toContainText('Fits the wire contract');
  await expect(page.locator('#detail pre').first()).toContainText(`"token": "${token}"`);

  // The read API carries the same warnings.
  const stored = await received({ token, event: 'Many props' });
  expect(stored[0]).toMatchObject({ warnings: [expect.objectContaining({ code: 'too_many_properties', path: 'properties' })] });
  expect((await received({ token, event: 'Signup' }))[0]).toMatchObject({ warnings: [] });

  // Filters: server-side, case-insensitive substrings; the address follows them.
  await page.locator('#f-event').fill('LEAK');
  await expect(page.locator('#rows tr')).toHaveCount(1);
  await expect(page).toHaveURL(/event=LEAK/);
  await page.locator('#f-event').fill('');
  await page.locator('#f-distinct').fill('raw-cl');
  await expect(page.locator('#rows tr')).toHaveCount(4);
  await page.locator('#f-distinct').fill('');
  await page.locator('#f-warned').check();
  await expect(page.locator('#rows tr')).toHaveCount(5);
  await expect(row(page, 'Signup')).toHaveCount(0);
  await page.locator('#f-endpoint').selectOption('groups');
  await expect(page.locator('#rows tr')).toHaveCount(0);
  expect(seen.errors).toEqual([]);
});

test('the page shows the newest 200 and pages back on demand', async ({ page }) => {
  const token = uniqueToken('paging');
  const now = Date.now();
  const batch = Array.from({ length: 250 }, (_, i) => ({ event: `E${i}`, properties: { token, distinct_id: 'pager', time: now, $insert_id: `p-${i}` } }));
  const res = await fetch(`${collector()}/track/`, { method: 'POST', headers: FORM, body: form(batch) });
  expect(await res.text()).toBe('1');
  await openViewer(page, { token });
  await expect(page.locator('#rows tr')).toHaveCount(200);
  await expect(page.locator('#rows tr').first()).toContainText('E249');
  await expect(page.locator('#rows tr').last()).toContainText('E50');
  await expect(page.locator('#count')).toHaveText(/200 shown\+/);
  await page.locator('#older').click();
  await expect(page.locator('#rows tr')).toHaveCount(250);
  await expect(page.locator('#rows tr').last()).toContainText('E0');
  await expect(page.locator('#more')).toBeHidden();

  // The read API behind it.
  const newest = await (await fetch(`${collector()}/_/received?token=${token}&limit=10`)).json();
  expect(newest.records.map((r: any) => r.payload.event)).toEqual(Array.from({ length: 10 }, (_, i) => `E${240 + i}`));
  expect(newest.more).toBe(true);
  const before = newest.records[0].seq;
  const older = await (await fetch(`${collector()}/_/received?token=${token}&limit=10&before=${before}`)).json();
  expect(older.records.map((r: any) => r.payload.event)).toEqual(Array.from({ length: 10 }, (_, i) => `E${230 + i}`));
});

test('with 100,000 stored records the page opens, pages and filters', async ({ page }, info) => {
  test.setTimeout(90_000);
  // A store as a long session leaves it: 100,000 lines of received.jsonl.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-100k-'));
  const now = Date.now();
  const lines: string[] = [];
  for (let seq = 1; seq <= 100_000; seq++) {
    const payload = { event: `Event ${seq % 37}`, properties: { token: `tk_big_${seq % 5}`, distinct_id: `user-${seq % 1000}`, time: now, $insert_id: `i${seq}`, $current_url: `https://example.com/p/${seq % 100}` } };
    lines.push(JSON.stringify({ seq, received_at: now, endpoint: 'track', token: payload.properties.token, payload, request: { method: 'POST' }, warnings: [] }));
  }
  writeFileSync(path.join(dataDir, 'received.jsonl'), lines.join('\n') + '\n');
  const big = await startCollector({ port: 0, dataDir, quiet: true });
  try {
    const base = big.url.replace(/\/$/, '');
    const timed = async (url: string) => {
      const t = performance.now();
      const body = await (await fetch(base + url)).json();
      return { ms: performance.now() - t, body };
    };
    // total counts the records matching the filter (whatever the page), stored every record.
    const totals = { '/_/received?limit=200': 100_000, '/_/received?limit=200&before=50000': 100_000, '/_/received?limit=200&contains=1&distinct_id=user-999': 100, '/_/received?limit=200&contains=1&token=nothing': 0 };
    for (const [url, total] of Object.entries(totals)) {
      const { ms, body } = await timed(url);
      expect(body.total, url).toBe(total);
      expect(body.stored).toBe(100_000);
      // Timings are reported, not asserted: a loaded machine would fail a fixed bound.
      info.annotations.push({ type: 'timing', description: `${url}: ${Math.round(ms)} ms` });
    }
    const t = performance.now();
    await page.goto(big.url);
    await expect(page.locator('#rows tr')).toHaveCount(200);
    info.annotations.push({ type: 'timing', description: `page open → 200 rows: ${Math.round(performance.now() - t)} ms` });
    await expect(page.locator('#count')).toHaveText('200 shown+ · 100,000 stored');
    await expect(page.locator('#rows tr').first()).toContainText('100000');
    await page.locator('#older').click();
    await expect(page.locator('#rows tr')).toHaveCount(400);
    await page.locator('#f-distinct').fill('user-999');
    await expect(page.locator('#rows tr')).toHaveCount(100);
    // Live records still arrive on top.
    await fetch(`${base}/track/`, { method: 'POST', headers: FORM, body: form({ event: 'Live', properties: { token: 'tk_big_live', distinct_id: 'user-999', time: Date.now(), $insert_id: 'live' } }) });
    await expect(page.locator('#rows tr').first()).toContainText('Live');
  } finally {
    await big.close();
  }
});

test.describe('first-party proxy mode', () => {
  let target: any;
  let proxy: any;
  const tmp = () => mkdtempSync(path.join(tmpdir(), 'tracklet-fwd-'));

  test.beforeEach(async () => {
    target = await startCollector({ port: 0, dataDir: tmp(), quiet: true });
    proxy = await startCollector({ port: 0, dataDir: tmp(), quiet: true, forward: target.url });
  });
  test.afterEach(async () => {
    await proxy?.close();
    await target?.close();
  });

  const at = (c: any, p: string) => c.url.replace(/\/$/, '') + p;
  const targetRequests = async (token: string) => (await (await fetch(at(target, `/_/requests?token=${token}`))).json()).requests;

  test('a page sending through the proxy reaches the target unchanged, with the visitor IP', async ({ page }) => {
    const token = uniqueToken('proxy');
    await openWithSetup(
      page,
      'snippet.html',
      ({ token, api }) => {
        mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
        mixpanel.track('Through the proxy', { n: 1 });
        mixpanel.identify('proxied-user');
        mixpanel.people.set({ plan: 'pro' });
      },
      { token, api: at(proxy, '') },
    );
    await expect.poll(async () => (await (await fetch(at(target, `/_/received?token=${token}`))).json()).records.length).toBeGreaterThanOrEqual(3);
    const records = (await (await fetch(at(target, `/_/received?token=${token}`))).json()).records;
    expect(eventNames(records).sort()).toEqual(['$identify', 'Through the proxy']);
    expect(records.find((r: any) => r.endpoint === 'engage').payload).toMatchObject({ $token: token, $distinct_id: 'proxied-user', $set: { plan: 'pro' } });
    for (const r of await targetRequests(token)) {
      expect(r.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.authorization).toBeUndefined();
      expect(r.query.ip).toBe('1');
    }
    // The proxy keeps nothing and serves nothing else.
    expect((await fetch(at(proxy, `/_/received?token=${token}`))).status).toBe(404);
    expect((await fetch(at(proxy, '/'))).status).toBe(404);
    expect((await fetch(at(proxy, '/_/health'))).status).toBe(200);
  });

  test('bytes, encodings, query and replies pass through; credentials do not; a down target is a 502', async () => {
    const token = uniqueToken('fwd');
    const event = (name: string) => ({ event: name, properties: { token, distinct_id: 'u', time: Date.now(), $insert_id: `i-${name}` } });
    const gz = gzipSync(Buffer.from(form([event('gzipped')])));
    const res = await fetch(at(proxy, '/track/?verbose=1&ip=0&_=123'), {
      method: 'POST',
      headers: { ...FORM, 'Content-Encoding': 'gzip', Authorization: 'Basic dXNlcjpwYXNz', Cookie: 'session=secret', 'X-Forwarded-For': '6.6.6.6' },
      body: gz,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 1, error: null }); // the target's own reply
    const [seen] = await targetRequests(token);
    expect(seen).toMatchObject({ method: 'POST', path: '/track/', query: { verbose: '1', ip: '0', _: '123' }, status: 200 });
    expect(seen.headers['content-encoding']).toBe('gzip');
    expect(seen.headers['content-length']).toBe(String(gz.length));
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1'); // not the client's claim
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    const [record] = (await (await fetch(at(target, `/_/received?token=${token}`))).json()).records;
    expect(record.request).toMatchObject({ content_encoding: 'gzip', encoding: 'form-json' });

    // JSON bodies and GET ?data= too; the target's refusal comes back as it was.
    const json = await fetch(at(proxy, '/engage'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ $token: token, $distinct_id: 'u', $set: { a: 1 } }]) });
    expect(await json.text()).toBe('1');
    const get = await fetch(at(proxy, `/groups/?data=${encodeURIComponent(Buffer.from(JSON.stringify({ $token: token, $group_key: 'k', $group_id: 'g', $set: { b: 2 } })).toString('base64'))}`));
    expect(await get.text()).toBe('1');
    const refused = await fetch(at(proxy, '/track/'), { method: 'POST', headers: FORM, body: form([{ event: 'no token', properties: {} }]) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('0');
    expect((await (await fetch(at(target, `/_/received?token=${token}`))).json()).records.map((r: any) => r.endpoint).sort()).toEqual(['engage', 'groups', 'track']);

    // Only the three endpoints: /import (which needs a secret) and anything else stay here.
    expect((await fetch(at(proxy, '/import'), { method: 'POST', headers: FORM, body: form([event('x')]) })).status).toBe(404);
    expect((await (await fetch(at(target, '/_/requests?endpoint=import'))).json()).requests).toEqual([]);

    // The target goes away: 502, so the client keeps the batch and retries.
    await target.close();
    const down = await fetch(at(proxy, '/track/'), { method: 'POST', headers: FORM, body: form([event('while down')]) });
    expect(down.status).toBe(502);
    expect((await down.json()).status).toBe(0);
  });

  test('--record keeps and shows what was forwarded, with its warnings', async () => {
    const recording = await startCollector({ port: 0, dataDir: tmp(), quiet: true, forward: target.url, record: true });
    try {
      const token = uniqueToken('rec');
      const res = await fetch(at(recording, '/track/'), { method: 'POST', headers: FORM, body: form([{ event: 'Recorded', properties: { token, distinct_id: 'u', time: Date.now(), $insert_id: 'x', description: 'y'.repeat(300) } }]) });
      expect(await res.text()).toBe('1');
      const [record] = (await (await fetch(at(recording, `/_/received?token=${token}`))).json()).records;
      expect(record.request.forwarded).toEqual({ to: target.url.replace(/\/$/, ''), status: 200 });
      expect(record.warnings.map((w: any) => w.code)).toEqual(['string_too_long']);
      expect((await fetch(at(recording, '/'))).status).toBe(200);
    } finally {
      await recording.close();
    }
  });
});

test.describe('the snippet generator, in a page with a strict CSP', () => {
  const NONCE = 'bm9uY2UtZm9yLXRoaXMtcmVzcG9uc2U=';
  const CSP = `default-src 'self'; script-src 'nonce-${NONCE}'; object-src 'none'; base-uri 'none'`;

  /** Serves `head` (the generated snippet, nonce filled in) as a page on the collector's origin. */
  async function openGenerated(page: Page, head: string, after: string) {
    const url = `${collector()}/test-e2e/pages/generated-snippet-${Math.random().toString(36).slice(2)}.html`;
    const html = `<!doctype html><html><head><meta charset="utf-8">${head.split('{{CSP_NONCE}}').join(NONCE)}<script nonce="${NONCE}">${after}</script></head><body></body></html>`;
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': CSP }, body: html }));
    await page.goto(url);
  }

  test('the integrity matches the built file; the pinned bundle loads and sends', async ({ page }) => {
    const seen = watchPage(page);
    const token = uniqueToken('generated');
    const out = snippet('--src', '/dist/tracklet.min.js', '--token', token, '--api-host', collector());
    expect(out).toContain(`window.TRACKLET_SRI="${sha384('dist/tracklet.min.js')}"`);
    await openGenerated(page, out, `mixpanel.track('From the generated snippet'); mixpanel.flush();`);
    const script = page.locator('script[src="/dist/tracklet.min.js"]');
    await expect(script).toHaveAttribute('integrity', sha384('dist/tracklet.min.js'));
    // The CORS mode SRI needs: crossorigin="" and "anonymous" are the same state, which the
    // element's crossOrigin property reports.
    expect(await script.evaluate((s: HTMLScriptElement) => s.crossOrigin)).toBe('anonymous');
    await page.waitForFunction(() => (window as any).mixpanel.__loaded === true);
    const records = await waitForRecords({ token }, 1);
    expect(eventNames(records)).toEqual(['From the generated snippet']);
    expect(seen.errors).toEqual([]);
    // Nothing refused by the CSP or the integrity check.
    expect(seen.consoleErrors.filter((m) => /Content Security Policy|integrity|Refused/i.test(m))).toEqual([]);
  });

  test('a bundle that is not the pinned one is refused by the browser', async ({ page }) => {
    const token = uniqueToken('tampered');
    // Pinned to other bytes than those served: what a compromised CDN looks like to the page.
    const out = snippet('--src', '/dist/tracklet.min.js', '--token', token, '--api-host', collector(), '--file', 'dist/snippet.min.js');
    const refused = page.waitForEvent('console', (m) => m.type() === 'error' && /integrity/i.test(m.text()));
    await openGenerated(page, out, `mixpanel.track('must never be sent');`);
    await refused;
    expect(await page.evaluate(() => Array.isArray((window as any).mixpanel) && !(window as any).mixpanel.__loaded)).toBe(true);
    expect(await received({ token })).toEqual([]);
  });

  test('--global installs tracklet under another name', async ({ page }) => {
    // src/cdn.ts reads TRACKLET_GLOBAL but still takes only init entries named 'mixpanel' as the
    // primary's; the stub names them after its global. Enable once cdn.ts also accepts `global`.
    const seen = watchPage(page);
    const token = uniqueToken('global');
    const out = snippet('--src', '/dist/tracklet.min.js', '--token', token, '--api-host', collector(), '--global', 'analytics');
    await openGenerated(page, out, `analytics.track('Under another name'); analytics.flush();`);
    await page.waitForFunction(() => (window as any).analytics && (window as any).analytics.__loaded === true);
    const records = await waitForRecords({ token }, 1);
    expect(eventNames(records)).toEqual(['Under another name']);
    expect(await page.evaluate(() => typeof (window as any).mixpanel)).toBe('undefined');
    expect(seen.errors).toEqual([]);
  });
});
