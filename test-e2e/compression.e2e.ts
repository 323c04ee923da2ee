// Issue 6, bytes on the wire: /track batches go gzipped (CompressionStream) where the host is the
// page's own origin or api_compression says 'gzip'; plain where the browser cannot compress, at
// unload, and once a host refused gzip, without losing an event. Every assertion is on what the
// collector received (its request log keeps each body's received size and Content-Encoding).
import { test, expect, type Page } from '@playwright/test';
import { collector, otherOrigin, uniqueToken, received, requests, events, watchPage, openWithSetup, bundleLoaded, fault, waitDelivered, reports, type RawRequest } from './support/collector';

declare const mixpanel: any;

type Wire = RawRequest & { endpoint: string; bytes: number; content_encoding: string | null };

/** Opens the snippet page (on `origin`) with tracklet sending to `api`; reports go to window.__reports. */
async function open(page: Page, token: string, config: Record<string, unknown> = {}, api = collector(), origin = collector()) {
  await openWithSetup(
    page,
    'snippet.html',
    ({ token, api, config }) => {
      (window as any).__reports = [];
      mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, error_reporter: (m: string) => (window as any).__reports.push(m), ...config });
    },
    { token, api, config },
    origin,
  );
  await bundleLoaded(page);
}

/** Tracks `n` events named `name` (numbered by `i`) and waits for flush() to settle. */
const trackAndFlush = (page: Page, n: number, name = 'zipped') =>
  page.evaluate(
    async ([n, name]) => {
      for (let i = 0; i < n; i++) mixpanel.track(name, { i, product: 'Widget ' + (i % 7), price: 19.99, in_stock: i % 2 == 0 });
      await mixpanel.flush();
    },
    [n, name] as const,
  );

const wire = async (token: string) => (await requests({ token, endpoint: 'track' })) as Wire[];

test.describe.configure({ mode: 'parallel' });

test('same-origin host: /track batches arrive gzipped, decode to the same events, at a fraction of the bytes', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('gzip');
  await open(page, token, { batch_size: 50 });
  await trackAndFlush(page, 120);
  const got = await waitDelivered(token, 120);
  expect(got.map((e) => e.properties.i).sort((a, b) => a - b)).toEqual([...Array(120).keys()]);
  const sent = await wire(token);
  expect(sent.length).toBe(3);
  for (const r of sent) {
    expect(r.status).toBe(200);
    expect(r.content_encoding).toBe('gzip');
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // The decoded body is the form body a plain request carries.
    expect(r.body.startsWith('data=')).toBe(true);
    expect(r.bytes).toBe(Number(r.headers['content-length']));
    expect(r.bytes).toBeLessThan(r.body.length / 5);
    // No cache buster on gzipped posts: a cross-origin preflight can be reused.
    expect(r.query._).toBeUndefined();
  }
  const records = await received({ token });
  expect(records.every((r) => (r.request as any).content_encoding === 'gzip')).toBe(true);
  expect(seen.errors).toEqual([]);
});

test('profile and group updates stay plain: gzip is for /track only', async ({ page }) => {
  const token = uniqueToken('gzengage');
  await open(page, token);
  await page.evaluate(async () => {
    mixpanel.identify('zipper');
    mixpanel.people.set({ plan: 'pro' });
    mixpanel.get_group('team', 'a').set({ size: 3 });
    mixpanel.track('after');
    await mixpanel.flush();
  });
  await expect.poll(async () => (await received({ token })).map((r) => r.endpoint).sort().join(), { timeout: 15_000 }).toContain('engage,groups');
  const all = (await requests({ token })) as Wire[];
  for (const r of all) expect(r.content_encoding, `${r.path}`).toBe(r.endpoint == 'track' ? 'gzip' : null);
});

test('CompressionStream missing (older engines): the same events arrive uncompressed, no error', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('nocs');
  await page.addInitScript(() => delete (window as any).CompressionStream);
  await open(page, token, { batch_size: 50 });
  await trackAndFlush(page, 60);
  const got = await waitDelivered(token, 60);
  expect(got.length).toBe(60);
  const sent = await wire(token);
  expect(sent.length).toBe(2);
  for (const r of sent) {
    expect(r.content_encoding).toBeNull();
    expect(r.bytes).toBe(r.body.length);
  }
  expect(seen.errors).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
});

test("api_compression: 'none' sends plain bodies", async ({ page }) => {
  const token = uniqueToken('none');
  await open(page, token, { api_compression: 'none' });
  await trackAndFlush(page, 5);
  await waitDelivered(token, 5);
  for (const r of await wire(token)) expect(r.content_encoding).toBeNull();
});

// A host that cannot take gzip answers in one of these ways; each costs one plain re-send of the
// refused batch, then the instance stays plain. Nothing is lost.
for (const [what, rule] of [
  ['415 Unsupported Media Type', { status: 415 }],
  ['400', { status: 400 }],
  ['200 with status 0', { status: 200, body: '{"status":0,"error":"no data"}' }],
  ['a dropped connection (as a refused CORS preflight looks to the page)', { drop: true }],
] as const) {
  test(`a host that refuses gzip with ${what}: the batch is re-sent plain at once, and later ones go plain`, async ({ page }) => {
    const seen = watchPage(page);
    const token = uniqueToken('nogzip');
    await fault({ token, encoding: 'gzip', count: -1, ...rule });
    await open(page, token, { batch_size: 10 });
    await trackAndFlush(page, 30, 'first');
    await trackAndFlush(page, 10, 'later');
    const got = await waitDelivered(token, 40);
    expect(got.length).toBe(40);
    const sent = await wire(token);
    // Exactly one gzipped attempt, refused; every other request plain and taken.
    expect(sent.filter((r) => r.content_encoding === 'gzip').map((r) => r.status)).toEqual([rule.status ?? 0]);
    expect(sent.filter((r) => r.content_encoding !== 'gzip').every((r) => r.status === 200)).toBe(true);
    expect(sent.length).toBe(5);
    // Reports reach error_reporter once the messages module is here: waited for.
    await expect.poll(async () => (await reports(page)).filter((m) => /gzip refused/.test(m)), { timeout: 10_000 }).toHaveLength(1);
    expect(seen.errors).toEqual([]);
  });
}

test('a batch refused both gzipped and plain is dropped as invalid, and gzip stays on', async ({ page }) => {
  test.slow(); // its waits add up to 35 s; a loaded machine needs the room
  const token = uniqueToken('bad');
  await fault({ token, status: 400, count: 2 });
  await open(page, token, { batch_size: 1 });
  await trackAndFlush(page, 1, 'refused');
  await expect.poll(async () => (await wire(token)).length, { timeout: 15_000 }).toBe(2);
  await trackAndFlush(page, 1, 'taken');
  const got = await waitDelivered(token, 1);
  expect(got.map((e) => e.event)).toEqual(['taken']);
  expect((await wire(token)).map((r) => [r.status, r.content_encoding])).toEqual([
    [400, 'gzip'],
    [400, null],
    [200, 'gzip'],
  ]);
  await expect.poll(async () => (await reports(page)).some((m) => /HTTP 400 .*1 track payload\(s\) refused, dropped/.test(m)), { timeout: 10_000 }).toBe(true);
});

test('5xx on a gzipped batch is retried gzipped (the host takes gzip; it was only busy)', async ({ page }) => {
  const token = uniqueToken('gz503');
  await fault({ token, status: 503, count: 1 });
  await open(page, token);
  await trackAndFlush(page, 3);
  await waitDelivered(token, 3);
  expect((await wire(token)).map((r) => [r.status, r.content_encoding])).toEqual([
    [503, 'gzip'],
    [200, 'gzip'],
  ]);
});

test('at unload the pending events go out plain with keepalive (no time to compress)', async ({ page }) => {
  const token = uniqueToken('gzunload');
  await open(page, token, { batch_flush_interval_ms: 60_000, batch_size: 1000 });
  await page.evaluate(() => {
    for (let i = 0; i < 20; i++) mixpanel.track('leaving', { i });
  });
  await page.goto(`${collector()}/test-e2e/pages/blank.html`);
  await waitDelivered(token, 20);
  const sent = await wire(token);
  expect(sent.length).toBeGreaterThan(0);
  for (const r of sent) expect(r.content_encoding).toBeNull();
});

test("a path as api host ('/', a first-party proxy's prefix) is the page's own origin: gzipped by default", async ({ page }) => {
  const token = uniqueToken('relhost');
  await open(page, token, { batch_size: 5 }, '/');
  await trackAndFlush(page, 10);
  await waitDelivered(token, 10);
  const sent = await wire(token);
  expect(sent.length).toBe(2);
  for (const r of sent) expect([r.status, r.content_encoding]).toEqual([200, 'gzip']);
});

test("cross-origin host: plain by default (no preflight); with api_compression: 'gzip', gzipped after one reusable CORS preflight", async ({ browser }) => {
  // The page on one loopback name, the collector as api host on the other: another origin.
  for (const mode of ['auto', 'gzip'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const token = uniqueToken(`cors${mode}`);
    const since = String(Math.max(0, ...(await requests({ method: 'OPTIONS' })).map((r: any) => r.id)));
    await open(page, token, { api_compression: mode, batch_size: 5 }, otherOrigin());
    await trackAndFlush(page, 15);
    await waitDelivered(token, 15);
    const sent = await wire(token);
    expect(sent.length).toBe(3);
    for (const r of sent) expect(r.content_encoding).toBe(mode == 'gzip' ? 'gzip' : null);
    // Preflights carry no token: count those asking to send Content-Encoding to /track since the
    // start (no other test sends gzip cross-origin).
    const preflights = (await requests({ method: 'OPTIONS', since })).filter((r) => /track/.test(r.path) && /content-encoding/.test(r.headers['access-control-request-headers'] ?? ''));
    expect(preflights.length).toBe(mode == 'gzip' ? 1 : 0);
    await context.close();
  }
});
