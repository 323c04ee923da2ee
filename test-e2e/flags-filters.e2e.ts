// First-time events with property filters, differential: a collector of this test's own serves a
// flags file whose first-time event fires only for events whose properties pass a JsonLogic rule
// (with Mixpanel's semver_compare and datetime_compare). mixpanel-browser 2.84 evaluates it with
// its targeting bundle (targeting_src: the devDependency's file), tracklet with its own evaluator,
// loaded only then: the same events must switch the same variants and post the same records,
// on a plain page and under enforced Trusted Types.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openWithSetup, uniqueToken, watchPage } from './support/collector';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../collector/server.mjs';

declare const mixpanel: any;

const FLAGS = {
  'pro-welcome': {
    flag_id: 'flag-pro-welcome',
    variants: { plain: 'plain', fancy: 'fancy' },
    first_time_events: [
      {
        event: 'Upgraded',
        variant: 'fancy',
        property_filters: {
          and: [{ '==': [{ var: 'plan' }, 'pro'] }, { semver_compare: [{ var: 'app_version' }, '>=', '2.1'] }, { datetime_compare: [{ var: 'signed_up' }, '>', Date.UTC(2024, 0, 1)] }],
        },
      },
    ],
  },
  // No filters: its switch shows when the checks made before it have run (they run in order).
  marker: { flag_id: 'flag-marker', variants: { off: false, on: true }, first_time_events: [{ event: 'Ping', variant: 'on' }] },
};

let c: any;
test.beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-filters-'));
  writeFileSync(path.join(dir, 'flags.json'), JSON.stringify(FLAGS));
  c = await startCollector({ port: 0, dataDir: path.join(dir, 'data'), quiet: true, staticDirs: ['dist', 'test-e2e', 'node_modules'], flags: path.join(dir, 'flags.json') });
});
test.afterAll(() => c && c.close());

const origin = () => c.url.replace(/\/$/, '');

async function drive(page: Page, file: string, token: string) {
  await openWithSetup(
    page,
    file,
    ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true, targeting_src: '/node_modules/mixpanel-browser/dist/mixpanel-targeting.min.js' }),
    { token, api: origin() },
    origin(),
  );
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags && mixpanel.flags.are_flags_ready());
  const value = (flag: string) => page.evaluate((flag) => mixpanel.flags.get_variant_value_sync(flag, 'fb'), flag);
  const before = await value('pro-welcome');
  await page.evaluate(() => {
    mixpanel.track('Upgraded', { plan: 'free', app_version: '3.0.0', signed_up: '2024-05-01T10:00:00Z' }); // not pro
    mixpanel.track('Upgraded', { plan: 'pro', app_version: '2.0.9', signed_up: '2024-05-01T10:00:00Z' }); // too old an app
    mixpanel.track('Upgraded', { plan: 'pro', app_version: '2.2', signed_up: '2023-12-31T23:00:00Z' }); // signed up too early
    mixpanel.track('Upgraded', { plan: 'pro', app_version: '2.2' }); // no date
    mixpanel.track('Ping');
  });
  await page.waitForFunction(() => mixpanel.flags.get_variant_value_sync('marker', 'fb') === true, null, { timeout: 15_000 });
  const afterMisses = await value('pro-welcome');
  await page.evaluate(() => mixpanel.track('Upgraded', { plan: 'pro', app_version: 'v2.1', signed_up: '2024-05-01T10:00:00+02:00' }));
  await page.waitForFunction(() => mixpanel.flags.get_variant_value_sync('pro-welcome', 'fb') === 'fancy', null, { timeout: 15_000 });
  const id = await page.evaluate(() => mixpanel.get_distinct_id());
  let posts: any[] = [];
  await expect
    .poll(async () => {
      const res = await fetch(`${c.url}_/received?endpoint=flags&token=${token}`);
      posts = (await res.json()).records.filter((r: any) => r.payload.first_time_event).map((r: any) => r.payload.first_time_event);
      return posts.length;
    }, { timeout: 10_000 })
    .toBe(2);
  return { before, afterMisses, posts: posts.map((p) => ({ ...p, distinct_id: p.distinct_id === id })).sort((a, b) => a.flag_id.localeCompare(b.flag_id)) };
}

test('flags: a first-time event with JsonLogic property filters fires only for the events that pass them, as mixpanel-browser 2.84 does', async ({ browser }) => {
  const results: any[] = [];
  const chunks: string[] = [];
  // The third run: tracklet on a strict page (nonce, strict-dynamic, enforced Trusted Types with
  // only the `tracklet` policy), where the evaluator too must come through the core's loader.
  for (const file of ['mixpanel-lib.html', 'snippet.html', 'csp.html?variant=trusted-types']) {
    const page = await browser.newPage();
    page.on('request', (r) => chunks.push(new URL(r.url()).pathname));
    const watch = watchPage(page);
    results.push(await drive(page, file, uniqueToken('flagfilter')));
    if (file.startsWith('csp')) expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  }
  const [upstream, ours, strict] = results;
  expect(upstream.before).toBe('plain');
  expect(upstream.afterMisses).toBe('plain');
  expect(upstream.posts.map((p: any) => p.flag_id)).toEqual(['flag-marker', 'flag-pro-welcome']);
  expect(ours).toEqual(upstream);
  expect(strict).toEqual(upstream);
  // tracklet fetched its evaluator beside its flags module, because this reply had a filter.
  expect(chunks).toContain('/node_modules/mixpanel-browser/dist/mixpanel-targeting.min.js');
  expect(chunks).toContain('/dist/tracklet-targeting.min.js');
});
