// Feature flags on a slow network: a flags/ reply for the previous visitor that arrives after the
// reply for the current one (identify() or reset() sent a second request, answered first) is
// dropped. The current visitor keeps their own variants, is exposed to them, and only theirs are
// kept in IndexedDB. mixpanel-browser 2.84 applies the late reply (README: deliberate differences).
// flags/ goes (api_hosts.flags) to a collector of this test's own, whose definitions give
// beta-tester and everyone else different variants and whose fault rule delays the one request;
// events go to the shared collector. The page's own promises tell when each reply was handled:
// when_ready() taken before the switch settles only once the late reply was.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collector, openWithSetup, uniqueToken, watchPage, waitForEvents } from './support/collector';
import { storedRecord } from './support/flagsStore';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../collector/server.mjs';

declare const mixpanel: any;

// Long enough for the second request to be answered and applied well before (checked below).
const DELAY_MS = 3000;
// No rollout: "basic" for everyone but beta-tester.
const DEFINITIONS = { plan: { variants: { basic: 'basic', pro: 'pro' }, users: { 'beta-tester': 'pro' } } };
const FLAGS = { persistence: { variantLookupPolicy: 'networkFirst' } };

let flagsServer: any;
test.beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-flags-race-'));
  writeFileSync(path.join(dir, 'flags.json'), JSON.stringify(DEFINITIONS));
  flagsServer = await startCollector({ port: 0, dataDir: path.join(dir, 'data'), quiet: true, faults: true, flags: path.join(dir, 'flags.json') });
});
test.afterAll(() => flagsServer && flagsServer.close());

/** Delays the next flags/ request of `token` at this test's flags server. */
async function delayNext(token: string) {
  const res = await fetch(flagsServer.url.replace(/\/$/, '') + '/_/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, endpoint: 'flags', delayMs: DELAY_MS }) });
  expect(res.status).toBe(200);
}

const open = (page: Page, token: string) =>
  openWithSetup(
    page,
    'snippet.html',
    ({ token, api, flagsApi, flags }) => {
      (window as any).__reports = [];
      mixpanel.init(token, { api_host: api, api_hosts: { flags: flagsApi }, batch_flush_interval_ms: 100, flags, error_reporter: (m: string) => (window as any).__reports.push(String(m)) });
    },
    { token, api: collector(), flagsApi: flagsServer.url.replace(/\/$/, ''), flags: FLAGS },
  );

/**
 * In the page: takes when_ready() of the fetch in flight, runs `change` (the second request),
 * awaits the current fetch, then the earlier promise (settled once the late reply was handled),
 * and reads the answer for `plan` (which exposes it).
 */
async function race(page: Page, change: 'identify' | 'reset') {
  return page.evaluate(async (change) => {
    const f = mixpanel.flags;
    const early = f.when_ready();
    if (change == 'identify') mixpanel.identify('beta-tester');
    else mixpanel.reset();
    await f.when_ready();
    const applied = performance.now();
    await early;
    const value = f.get_variant_value_sync('plan', 'fb');
    const v = await f.get_variant('plan', { key: 'fb', value: 'fb' });
    mixpanel.track('race done');
    return { applied, value, variant: [v.key, v.value, v.variant_source], id: mixpanel.get_distinct_id() as string };
  }, change);
}

/** The page's flags/ requests once `count` replies ended: whose context, when sent, when their reply ended (resource timing). */
async function flagsTimings(page: Page, count: number): Promise<{ id: string; start: number; end: number }[]> {
  const list = await page.waitForFunction((count) => {
    const seen = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\/flags\/?$/.test(new URL(e.name).pathname))
      .map((e) => ({ id: JSON.parse(new URL(e.name).searchParams.get('context') || '{}').distinct_id, start: e.startTime, end: e.responseEnd }));
    return seen.length >= count ? seen : null;
  }, count);
  return (await list.jsonValue())!;
}

/** What the current visitor must see, be exposed to and have kept; the late reply ended after the current one was applied. */
async function check(page: Page, token: string, got: Awaited<ReturnType<typeof race>>, stale: string, expected: { key: string; value: string }, requests: number) {
  const timings = await flagsTimings(page, requests);
  const late = timings.find((t) => t.id === stale)!;
  const current = timings.find((t) => t.id === got.id)!;
  // The scenario really happened: sent first, its reply ended after the newer one was applied.
  expect(late.start).toBeLessThan(current.start);
  expect(late.end).toBeGreaterThan(got.applied);

  expect(got.value).toBe(expected.value);
  expect(got.variant).toEqual([expected.key, expected.value, 'network']);

  const list = await waitForEvents(token, ['$experiment_started', 'race done']);
  const exposures = list.filter((e) => e.event === '$experiment_started' && e.properties['Experiment name'] === 'plan');
  expect(exposures.map((e) => [e.properties['Variant name'], e.properties.distinct_id])).toEqual([[expected.key, got.id]]);

  const record = await storedRecord(page, token);
  expect(record.distinctId).toBe(got.id);
  expect(record.context.distinct_id).toBe(got.id);
  expect(record.flagVariants['plan'].variant_key).toBe(expected.key);

  await expect.poll(async () => (await page.evaluate(() => (window as any).__reports as string[])).filter((m) => /earlier request/.test(m)).length).toBe(1);
}

test('flags: identify() while the anonymous visitor\'s flags/ reply is slow; that late reply is dropped', async ({ page }) => {
  const watch = watchPage(page);
  const token = uniqueToken('flagsrace');
  await delayNext(token);
  const sent = page.waitForRequest((r) => /\/flags\/?\?/.test(r.url()));
  await open(page, token);
  await sent;
  const anon = await page.evaluate(() => mixpanel.get_distinct_id());
  const got = await race(page, 'identify');
  expect(got.id).toBe('beta-tester');
  await check(page, token, got, anon, { key: 'pro', value: 'pro' }, 2);
  expect(watch.errors).toEqual([]);
});

test('flags: reset() while the identified visitor\'s flags/ reply is slow; that late reply is dropped', async ({ page }) => {
  const watch = watchPage(page);
  const token = uniqueToken('flagsrace');
  await open(page, token);
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags && mixpanel.flags.are_flags_ready());
  // The next flags/ request (identify()'s, for beta-tester) is the slow one.
  await delayNext(token);
  await page.evaluate(() => mixpanel.identify('beta-tester'));
  const got = await race(page, 'reset');
  expect(got.id).not.toBe('beta-tester');
  await check(page, token, got, 'beta-tester', { key: 'basic', value: 'basic' }, 3);
  expect(watch.errors).toEqual([]);
});
