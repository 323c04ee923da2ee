// Feature flags, differential: the same calls against mixpanel-browser 2.84 and tracklet in the
// same page setup, flags served by the collector (test-e2e/flags.json). The answers, the flags/
// requests and the exposure events must match field by field (fetch timings and ids aside).
// Then every failure (dead host, HTTP error, a reply without flags, one that is not JSON) gives
// the caller's fallback without a throw, and opting out stops the exposure event.
import { test, expect, type Page } from '@playwright/test';
import { collector, openWithSetup, requests, uniqueToken, waitForRecords, received, watchPage, dedupe, events } from './support/collector';

declare const mixpanel: any;

const TIMING = ['Variant fetch start time', 'Variant fetch complete time', 'Variant fetch latency (ms)', 'Variant fetch traceparent'];

async function drive(page: Page, file: string, token: string) {
  await openWithSetup(page, file, ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: { context: { plan: 'pro' } } }), { token, api: collector() });
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags);
  // Upstream's when_ready() just after init may resolve before its fetch started: wait for the variants.
  await page.waitForFunction(() => mixpanel.flags.are_flags_ready());
  return page.evaluate(async () => {
    const f = mixpanel.flags;
    const anon = f.get_variant_value_sync('banner-text', 'none');
    mixpanel.identify('beta-tester');
    await f.when_ready();
    const out = {
      anon,
      ready: f.are_flags_ready(),
      checkout: await f.get_variant('checkout-redesign', { key: 'fb', value: 'fb' }),
      checkoutSync: f.get_variant_sync('checkout-redesign', { key: 'fb', value: 'fb' }),
      banner: await f.get_variant_value('banner-text', 'none'),
      beta: await f.is_enabled('beta-tools', false),
      betaSync: f.is_enabled_sync('beta-tools'),
      missing: f.get_variant_sync('no-such-flag', 'x'),
      missingValue: f.get_variant_value_sync('no-such-flag', 7),
      all: [...(await f.get_all_variants()).entries()].sort(),
      allSync: f.get_all_variants_sync().size,
    };
    await f.update_context({ tier: 'gold' });
    mixpanel.track('after the flags');
    return out;
  });
}

async function collect(token: string) {
  await waitForRecords({ token, event: 'after the flags' }, 1);
  // Four exposures: banner-text while anonymous, then checkout, banner and beta once the new id's
  // variants came (a fetch starts the once-per-flag count afresh, as upstream). A batch may arrive
  // late, after a retry: wait for all four, whatever the order.
  const exposed = async () => dedupe(events(await received({ token, event: '$experiment_started' }))).length;
  await expect.poll(exposed, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
  // A batch may arrive twice (retried after a lost reply): copies of one $insert_id fold into one.
  const exposures = dedupe(events(await received({ token, event: '$experiment_started' }))).map((e) => {
    const p = { ...e.properties };
    for (const k of TIMING) expect(p).toHaveProperty([k]);
    expect(p['Variant fetch traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    for (const k of [...TIMING, 'time', '$insert_id', 'token', '$lib_version', 'mp_lib', '$device_id', 'distinct_id', '$user_id', 'mp_sent_by_lib_version', '$mp_api_timestamp_ms']) delete p[k];
    for (const k of Object.keys(p)) if (!/experiment|Experiment|Variant|variant|qa_tester/.test(k)) delete p[k]; // page/device properties: parity.e2e.ts
    return p;
  });
  const flagRequests = (await requests({ token })).filter((r) => /flags/.test(r.path));
  const asked = flagRequests.map((r) => ({
    path: r.path,
    method: r.method,
    authorization: r.headers.authorization,
    context: Object.keys(JSON.parse(r.query.context)).sort(),
    distinct_id: JSON.parse(r.query.context).distinct_id === 'beta-tester',
    tier: JSON.parse(r.query.context).tier,
    query: Object.keys(r.query).sort(),
    mp_lib: r.query.mp_lib,
  }));
  return { exposures: exposures.sort((a, b) => String(a['Experiment name']).localeCompare(b['Experiment name'])), asked };
}

test('flags: answers, flags/ requests and exposure events match mixpanel-browser 2.84 field by field', async ({ browser }) => {
  const results: any[] = [];
  for (const file of ['mixpanel-lib.html', 'snippet.html']) {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const token = uniqueToken('flagdiff');
    const answers = await drive(page, file, token);
    const sent = await collect(token);
    // The collector answers flags/ only for `Basic base64(token + ':')` of this token (and logs the header redacted).
    const served = await waitForRecords({ token, endpoint: 'flags' }, 3);
    expect(served.map((r) => r.payload.token)).toEqual([token, token, token]);
    results.push({ answers, ...sent });
    expect(watch.errors).toEqual([]);
    await page.close();
  }
  const [upstream, ours] = results;
  expect(upstream.answers.banner).toBe('Holiday sale'); // the collector served the file
  expect(upstream.answers.beta).toBe(true); // the fixed answer for beta-tester
  expect(upstream.asked).toHaveLength(3); // init, identify, update_context
  expect(ours.answers).toEqual(upstream.answers);
  expect(ours.asked).toEqual(upstream.asked);
  expect(ours.exposures).toEqual(upstream.exposures);
});

test('flags: a dead host, an HTTP error, a reply without flags or not JSON give the fallback; nothing thrown', async ({ browser }) => {
  const ways = [
    { api_hosts: { flags: 'http://127.0.0.1:9' } },
    { api_routes: { flags: 'no-such-route/' } },
    { api_routes: { flags: 'test-e2e/flags.json' } },
    { api_routes: { flags: 'test-e2e/pages/blank.html' } },
  ];
  for (const way of ways) {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const token = uniqueToken('flagfail');
    await openWithSetup(page, 'snippet.html', ({ token, api, way }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true, ...way }), { token, api: collector(), way });
    await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true);
    const answers = await page.evaluate(async () => {
      const f = mixpanel.flags;
      const ready = await f.when_ready().then(() => 'resolved');
      const loaded = await f.load_flags().then(() => 'resolved');
      return [
        ready,
        loaded,
        await f.get_variant_value('banner-text', 'fb'),
        f.get_variant_value_sync('banner-text', 'fb'),
        await f.get_variant('banner-text', { key: 'k', value: 'v' }),
        await f.is_enabled('beta-tools', true),
        (await f.get_all_variants()).size,
        f.are_flags_ready(),
      ];
    });
    expect(answers, JSON.stringify(way)).toEqual(['resolved', 'resolved', 'fb', 'fb', { key: 'k', value: 'v', variant_source: 'fallback', fallback_reason: 'BACKEND_ERROR' }, true, 0, false]);
    expect(watch.errors).toEqual([]);
    await page.close();
  }
});

test('flags: opted out, a variant used tracks no exposure; opted in again, it does', async ({ page }) => {
  const token = uniqueToken('flagopt');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true }), { token, api: collector() });
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true);
  await page.evaluate(async () => {
    await mixpanel.flags.when_ready();
    mixpanel.opt_out_tracking();
    mixpanel.flags.get_variant_value_sync('banner-text', 'fb');
    mixpanel.opt_in_tracking();
    mixpanel.flags.get_variant_value_sync('checkout-redesign', 'fb');
    mixpanel.track('after the flags');
  });
  await waitForRecords({ token, event: 'after the flags' }, 1);
  const names = dedupe(events(await received({ token, event: '$experiment_started' }))).map((e) => e.properties['Experiment name']);
  expect(names).toEqual(['checkout-redesign']);
});

test('flags in the ES module build: the module is a chunk of its own; a call made before it arrived answers from the served variants', async ({ page }) => {
  const watch = watchPage(page);
  const token = uniqueToken('flagesm');
  const loadedChunks: string[] = [];
  page.on('request', (r) => loadedChunks.push(new URL(r.url()).pathname));
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
  expect(loadedChunks.filter((p) => /flags/.test(p))).toEqual([]); // nothing before the config asks
  const got = await page.evaluate(async ({ token, api }) => {
    const mixpanel = (window as any).__tracklet.default;
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true });
    const before = mixpanel.flags.get_variant_value_sync('banner-text', 'fb');
    return [before, await mixpanel.flags.get_variant_value('banner-text', 'fb'), mixpanel.flags.are_flags_ready()];
  }, { token, api: collector() });
  expect(got).toEqual(['fb', 'Holiday sale', true]);
  expect(loadedChunks.some((p) => /tracklet-flags/.test(p))).toBe(true);
  expect(watch.errors).toEqual([]);
});
