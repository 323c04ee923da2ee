// Session replay, batches a page could not send: a tab closed while its recording had more
// waiting than the page-hide keepalive carries keeps the rest (localStorage, sealed with their
// seqs), and a later page of the origin in another tab sends it; a keepalive batch that failed
// is sent again later with the same seq, so the replay has neither a gap nor a seq used twice.
import { test, expect, type Page } from '@playwright/test';
import { collector, uniqueToken, received, requests, openWithSetup, bundleLoaded, fault, requested } from './support/collector';

declare const mixpanel: any;

async function open(page: Page, token: string, config: Record<string, unknown>) {
  await openWithSetup(page, 'snippet.html', ({ token, config }) => mixpanel.init(token, { batch_flush_interval_ms: 100, ...config }), { token, config: { api_host: collector(), ...config } });
  await bundleLoaded(page);
}

const replayId = (page: Page) => page.waitForFunction(() => mixpanel.get_session_recording_properties().$mp_replay_id, null, { timeout: 20_000 }).then((h) => h.jsonValue() as Promise<string>);
const seqs = async (token: string, id: string) => [...new Set((await received({ token, endpoint: 'record' })).filter((r) => r.payload.replay_id === id).map((r) => r.payload.seq as number))].sort((a, b) => a - b);
/** The replay as the collector stored it (no events yet: nothing of it arrived so far). */
const stored = async (id: string): Promise<{ events: unknown[] }> => ({ events: [], ...(await (await fetch(`${collector()}/_/replays/${id}`)).json()) });
/** The batches kept in storage for a later page (one key each), as their seqs. */
const keptSeqs = (page: Page, token: string) =>
  page.evaluate((t) => Object.keys(localStorage).filter((k) => k.startsWith(`__tkrecq_${t}_`)).map((k) => Number(JSON.parse(localStorage.getItem(k)!).q.seq)).sort((a, b) => a - b), token);

test('a tab closed with more waiting than keepalive carries: a new tab of the origin delivers the rest, every seq once', async ({ page, context }) => {
  test.slow();
  const token = uniqueToken('reckept');
  await open(page, token, { record_sessions_percent: 100 });
  const id = await replayId(page);
  // ~300 KB of rrweb events, well past the keepalive budget, all within the 10 s batch interval.
  await page.evaluate(async () => {
    for (let i = 0; i < 30; i++) {
      const p = document.createElement('p');
      p.id = `m${i}`;
      p.textContent = 'x'.repeat(10_000);
      document.body.append(p);
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  await page.waitForFunction(() => !!document.getElementById('m29'));
  await page.close(); // a closed tab, not a navigation: its sessionStorage goes with it
  const later = await context.newPage();
  await open(later, token, { record_sessions_percent: 0 });
  // The later page sends what the closed one kept; the replay ends with the last paragraph.
  try {
    await expect.poll(async () => JSON.stringify((await stored(id)).events).includes('"m29"'), { timeout: 30_000 }).toBe(true);
  } catch (e) {
    // Seen once in a full run under load (not reproduced in 5 loaded repeats): say where the
    // batches were, so the next failure names its cause.
    const kept = await keptSeqs(later, token).catch(() => 'unreadable');
    const marker = await later.evaluate((t) => localStorage.getItem(`__tkrec_${t}_`), token).catch(() => 'unreadable');
    const posts = (await requests({ token })).filter((r) => /record/.test(r.path)).map((r) => [r.status, r.query.seq, r.query.format, r.body.length]);
    throw new Error(`${(e as Error).message}\nkept in the later page: ${JSON.stringify(kept)}; marker: ${marker}\nrecord/ requests [status, seq, format, body length]: ${JSON.stringify(posts)}`);
  }
  const got = await seqs(token, id);
  expect(got.length).toBeGreaterThan(1);
  expect(got).toEqual(got.map((_, i) => i)); // 0, 1, 2 ...: no gap
  expect(await later.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({}); // nothing recorded here
  await expect.poll(() => keptSeqs(later, token), { timeout: 10_000 }).toEqual([]);
});

test('a keepalive batch that failed is not counted as sent: a later page sends it with its own seq', async ({ page, context }) => {
  test.slow();
  const token = uniqueToken('reckeep');
  // The first record/ request (the keepalive batch at page hide) fails.
  await fault({ token, endpoint: 'record', status: 503, count: 1 });
  await open(page, token, { record_sessions_percent: 100 });
  const id = await replayId(page);
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'small';
    document.body.append(p);
  });
  await page.waitForFunction(() => !!document.getElementById('small'));
  await page.close();
  const later = await context.newPage();
  await open(later, token, { record_sessions_percent: 0 });
  await expect.poll(() => seqs(token, id), { timeout: 30_000 }).toEqual([0]);
  const tries = (await requests({ token })).filter((r) => /^\/record\/?$/.test(r.path));
  expect(tries.map((r) => [r.status, r.query.seq])).toEqual([[503, '0'], [200, '0']]);
  expect((await stored(id)).events.some((e: any) => e.type === 2)).toBe(true); // its full snapshot arrived
});

test('a page killed without a pagehide (renderer crash): the batches it kept while it lived reach the collector from a later page', async ({ page, context }) => {
  test.slow();
  const token = uniqueToken('reccrash');
  await open(page, token, { record_sessions_percent: 100 });
  const id = await replayId(page);
  // ~60 KB of rrweb events: past the size at which waiting events are sealed and kept.
  await page.evaluate(() => {
    for (let i = 0; i < 6; i++) {
      const p = document.createElement('p');
      p.id = `c${i}`;
      p.textContent = 'y'.repeat(10_000);
      document.body.append(p);
    }
  });
  await expect.poll(() => keptSeqs(page, token), { timeout: 10_000 }).not.toEqual([]);
  const kept = await keptSeqs(page, token);
  expect(await seqs(token, id)).toEqual([]); // nothing sent yet: the batches wait for the 10 s interval
  // The renderer dies at once: no pagehide, no keepalive, no last write (a mobile browser's kill).
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash', { timeout: 10_000 });
  void cdp.send('Page.crash').catch(() => {}); // answered by no one: the page is gone
  await crashed;
  await page.close();
  // A later page 130 s on (the clock moved: a page that never said it left counts as gone after
  // two minutes without a sign of life) sends what the dead page kept.
  const later = await context.newPage();
  await later.clock.setSystemTime(Date.now() + 130_000);
  await open(later, token, { record_sessions_percent: 0 });
  await expect.poll(() => seqs(token, id), { timeout: 30_000 }).toEqual(kept);
  expect(JSON.stringify((await stored(id)).events)).toContain('"c0"');
  expect(await later.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({}); // nothing recorded here
  await expect.poll(() => keptSeqs(later, token), { timeout: 10_000 }).toEqual([]);
});

test("a live page's kept batches are its own: a tab opened meanwhile loads the recorder for them but leaves them, and each seq goes once", async ({ page, context }) => {
  test.slow();
  const token = uniqueToken('reclive');
  await open(page, token, { record_sessions_percent: 100 });
  const id = await replayId(page);
  await page.evaluate(() => {
    for (let i = 0; i < 4; i++) document.body.append(Object.assign(document.createElement('p'), { id: `l${i}`, textContent: 'z'.repeat(10_000) }));
  });
  await expect.poll(() => keptSeqs(page, token), { timeout: 10_000 }).not.toEqual([]);
  // Another tab: the marker makes its core load the recorder, which finds only a live page's batches.
  const other = await context.newPage();
  const paths = requested(other);
  await open(other, token, { record_sessions_percent: 0 });
  await other.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /tracklet-recorder/.test(e.name)), null, { timeout: 20_000 });
  await other.evaluate(() => new Promise((done) => setTimeout(() => requestIdleCallback(done), 0))); // its recorder did what it does at start
  // The live page sends its own.
  await page.evaluate(() => mixpanel.flush());
  await expect.poll(async () => (await seqs(token, id)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const got = await seqs(token, id);
  expect(got).toEqual(got.map((_, i) => i));
  expect(paths.filter((p) => /\/record/.test(p))).toEqual([]); // the other tab sent none of them
  const tries = (await requests({ token })).filter((r) => /^\/record\/?$/.test(r.path) && r.query.replay_id === id);
  expect(tries.map((r) => r.query.seq)).toEqual(got.map(String)); // each seq once
  expect(JSON.stringify((await stored(id)).events)).toContain('"l3"');
});
