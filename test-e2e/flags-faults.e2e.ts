// Feature flags against a failing flags server, played by the collector's fault rules (endpoint
// "flags"): an HTTP 503 gives the caller's fallback in mixpanel-browser 2.84 and in tracklet
// alike; a reply that never comes gives it in tracklet after its 10 s limit (upstream has none
// and no config key for one, so the real limit is measured, with a bounded wait). Nothing thrown.
import { test, expect } from '@playwright/test';
import { collector, openWithSetup, uniqueToken, watchPage, fault, requests } from './support/collector';

declare const mixpanel: any;

const FALLBACK = { key: 'k', value: 'v' };

test('flags: a 503 from flags/ gives the fallback, as mixpanel-browser 2.84 does; nothing thrown', async ({ browser }) => {
  const results: unknown[] = [];
  for (const file of ['mixpanel-lib.html', 'snippet.html']) {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const token = uniqueToken('flag503');
    await fault({ token, endpoint: 'flags', status: 503 });
    await openWithSetup(page, file, ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true }), { token, api: collector() });
    await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags);
    // The one flags/ request got the 503 (the rule is used up once it answered).
    await expect.poll(async () => (await requests({ token })).filter((r) => /flags/.test(r.path) && r.status === 503).length, { timeout: 10_000 }).toBe(1);
    results.push(
      await page.evaluate(async (fallback) => {
        const f = mixpanel.flags;
        return [
          await f.get_variant('banner-text', fallback),
          await f.get_variant_value('banner-text', 'fb'),
          f.get_variant_value_sync('banner-text', 'fb'),
          await f.is_enabled('beta-tools', true),
          (await f.get_all_variants()).size,
          f.are_flags_ready(),
        ];
      }, FALLBACK),
    );
    expect(watch.errors).toEqual([]);
    await page.close();
  }
  expect(results[0]).toEqual([{ ...FALLBACK, variant_source: 'fallback', fallback_reason: 'BACKEND_ERROR' }, 'fb', 'fb', true, 0, false]);
  expect(results[1]).toEqual(results[0]);
});

test('flags: a flags/ reply that never comes gives the fallback after the 10 s limit, not later; nothing thrown', async ({ page }) => {
  test.setTimeout(60_000);
  const watch = watchPage(page);
  const token = uniqueToken('flagslow');
  // The reply comes at 20 s, with variants: an answer from them would mean no limit applied.
  await fault({ token, endpoint: 'flags', delayMs: 20_000 });
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    (window as any).__t0 = performance.now();
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true });
  }, { token, api: collector() });
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true);
  const got = await page.evaluate(async (fallback) => {
    const f = mixpanel.flags;
    const variant = await f.get_variant('banner-text', fallback);
    const waited = performance.now() - (window as any).__t0;
    return { variant, waited, value: await f.get_variant_value('banner-text', 'fb'), ready: f.are_flags_ready() };
  }, FALLBACK);
  expect(got.variant).toEqual({ ...FALLBACK, variant_source: 'fallback', fallback_reason: 'BACKEND_ERROR' });
  expect(got.value).toBe('fb');
  expect(got.ready).toBe(false);
  // The limit counts from the request, sent after the bundle and the module loaded.
  expect(got.waited).toBeGreaterThanOrEqual(10_000);
  expect(got.waited).toBeLessThan(15_000);
  expect(watch.errors).toEqual([]);
});
