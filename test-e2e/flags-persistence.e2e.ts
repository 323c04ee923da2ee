// Flag persistence (`flags.persistence`), differential: variants kept in IndexedDB by one library
// are found by the other (same database, store, key and record), a failed fetch then answers
// from them as mixpanel-browser 2.84 does, persistenceUntilNetworkSuccess answers from them
// without waiting for a slow flags server, and reset() clears them.
import { test, expect, type BrowserContext } from '@playwright/test';
import { collector, openWithSetup, uniqueToken, watchPage, fault, received, dedupe, events } from './support/collector';
import { storedRecord } from './support/flagsStore';

declare const mixpanel: any;

const LIBS = { upstream: 'mixpanel-lib.html', tracklet: 'snippet.html' };
const FALLBACK = { key: 'fb', value: 'fb' };

async function open(context: BrowserContext, lib: string, token: string, flags: object) {
  const page = await context.newPage();
  const watch = watchPage(page);
  await openWithSetup(page, lib, ({ token, api, flags }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags }), { token, api: collector(), flags });
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags);
  return { page, watch };
}

/** `writer` fetches and keeps the variants; returns the record's shape. */
async function write(context: BrowserContext, lib: string, token: string, flags: object) {
  const { page, watch } = await open(context, lib, token, flags);
  await page.waitForFunction(() => mixpanel.flags.are_flags_ready());
  let record: any = null;
  await expect.poll(async () => (record = await storedRecord(page, token)) && typeof record, { timeout: 10_000 }).toBe('object');
  const id = await page.evaluate(() => mixpanel.get_distinct_id());
  expect(watch.errors).toEqual([]);
  await page.close();
  return {
    keys: Object.keys(record).sort(),
    distinctId: record.distinctId === id,
    contextKeys: Object.keys(record.context).sort(),
    flagVariants: record.flagVariants,
    pending: Object.keys(record.pendingFirstTimeEvents),
    age: Date.now() - record.persistedAt,
    persistedAt: record.persistedAt,
  };
}

test('flags.persistence networkFirst: each library finds the variants the other kept, and answers from them when flags/ fails', async ({ browser }) => {
  const results: any[] = [];
  for (const [writer, reader] of [
    [LIBS.upstream, LIBS.tracklet],
    [LIBS.tracklet, LIBS.upstream],
  ]) {
    const context = await browser.newContext();
    const token = uniqueToken('flagkeep');
    // The same visitor in both runs (a planted identity record, upstream's format, read by both
    // libraries): the flags file's 50/50 rollout assigns by distinct id, and the two records are
    // compared, so two random visitors would differ half the time.
    const visitor = { distinct_id: '$device:flags-visitor', $device_id: 'flags-visitor' };
    await context.addCookies([{ name: `mp_${token}_mixpanel`, value: encodeURIComponent(JSON.stringify(visitor)), url: collector() }]);
    const flags = { persistence: { variantLookupPolicy: 'networkFirst' } };
    const record = await write(context, writer, token, flags);
    expect(record.age).toBeLessThan(60_000);
    await fault({ token, endpoint: 'flags', status: 503 });
    const { page, watch } = await open(context, reader, token, flags);
    const answers = await page.evaluate(async (fallback) => {
      const f = mixpanel.flags;
      const v = await f.get_variant('banner-text', fallback);
      return {
        variant: v,
        value: f.get_variant_value_sync('checkout-redesign', 'fb') !== 'fb',
        ready: f.are_flags_ready(),
        all: [...(await f.get_all_variants()).keys()].sort(),
        missing: f.get_variant_sync('no-such-flag', fallback),
      };
    }, FALLBACK);
    expect(answers.variant.persisted_at_in_ms).toBe(record.persistedAt);
    await page.evaluate(() => mixpanel.track('after the flags'));
    await expect.poll(async () => dedupe(events(await received({ token, event: '$experiment_started' }))).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const exposures = dedupe(events(await received({ token, event: '$experiment_started' })))
      .map((e) => ({ name: e.properties['Experiment name'], variant: e.properties['Variant name'], source: e.properties.$variant_source, at: e.properties.$persisted_at_in_ms === record.persistedAt, ttl: e.properties.$ttl_in_ms }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(watch.errors).toEqual([]);
    await context.close();
    delete (record as any).age;
    delete (record as any).persistedAt;
    results.push({ record, answers: { ...answers, variant: { ...answers.variant, persisted_at_in_ms: typeof answers.variant.persisted_at_in_ms } }, exposures });
  }
  const [upstreamWrote, trackletWrote] = results;
  expect(upstreamWrote.record.keys).toEqual(['context', 'distinctId', 'flagVariants', 'pendingFirstTimeEvents', 'persistedAt']);
  expect(upstreamWrote.record.distinctId).toBe(true);
  expect(upstreamWrote.record.flagVariants['banner-text']).toEqual({ variant_key: 'holiday', variant_value: 'Holiday sale' });
  expect(upstreamWrote.record.pending).toEqual(['onboarding-tips:' + upstreamWrote.record.pending[0].split(':')[1]]);
  // tracklet read upstream's record; upstream read tracklet's: the same answers either way.
  expect(upstreamWrote.answers.variant).toEqual({ key: 'holiday', value: 'Holiday sale', variant_source: 'persistence', persisted_at_in_ms: 'number', ttl_in_ms: 86_400_000 });
  expect(upstreamWrote.answers.ready).toBe(true);
  expect(upstreamWrote.exposures).toContainEqual({ name: 'banner-text', variant: 'holiday', source: 'persistence', at: true, ttl: 86_400_000 });
  expect(trackletWrote.record).toEqual(upstreamWrote.record);
  expect(trackletWrote.answers).toEqual(upstreamWrote.answers);
  expect(trackletWrote.exposures).toEqual(upstreamWrote.exposures);
});

test('flags.persistence persistenceUntilNetworkSuccess answers from the kept variants without waiting for a slow flags/; reset() clears them', async ({ browser }) => {
  test.setTimeout(60_000);
  const results: any[] = [];
  for (const lib of [LIBS.upstream, LIBS.tracklet]) {
    const context = await browser.newContext();
    const token = uniqueToken('flagpuns');
    const flags = { persistence: { variantLookupPolicy: 'persistenceUntilNetworkSuccess', persistenceTtlMs: 3_600_000 } };
    await write(context, lib, token, flags);
    await fault({ token, endpoint: 'flags', delayMs: 8_000 });
    const { page, watch } = await open(context, lib, token, flags);
    const fast = await page.evaluate(async (fallback) => {
      const t0 = performance.now();
      const v = await mixpanel.flags.get_variant('banner-text', fallback);
      return { key: v.key, source: v.variant_source, ttl: v.ttl_in_ms, quick: performance.now() - t0 < 4_000 };
    }, FALLBACK);
    // reset(): the record is removed (the fetch that follows fails, so nothing is kept again).
    await fault({ token, endpoint: 'flags', status: 503 });
    await page.evaluate(() => mixpanel.reset());
    await expect.poll(() => storedRecord(page, token), { timeout: 10_000 }).toBe(null);
    const afterReset = await page.evaluate((fallback) => mixpanel.flags.get_variant_sync('banner-text', fallback), FALLBACK);
    expect(watch.errors).toEqual([]);
    await context.close();
    results.push({ fast, afterReset });
  }
  expect(results[0]).toEqual({ fast: { key: 'holiday', source: 'persistence', ttl: 3_600_000, quick: true }, afterReset: { ...FALLBACK, variant_source: 'fallback', fallback_reason: 'NOT_READY' } });
  expect(results[1]).toEqual(results[0]);
});

test('flags.persistence: kept variants past persistenceTtlMs, or with disable_persistence, are not used (the fallback answers), as in mixpanel-browser 2.84', async ({ browser }) => {
  const results: any[] = [];
  for (const lib of [LIBS.upstream, LIBS.tracklet]) {
    const context = await browser.newContext();
    const token = uniqueToken('flagttl');
    const record = await write(context, lib, token, { persistence: { variantLookupPolicy: 'networkFirst' } });
    const answers: unknown[] = [];
    for (const flags of [
      { persistence: { variantLookupPolicy: 'networkFirst', persistenceTtlMs: 1 } },
      { persistence: { variantLookupPolicy: 'networkFirst' } },
    ]) {
      await fault({ token, endpoint: 'flags', status: 503 });
      const page = await context.newPage();
      const watch = watchPage(page);
      // The second reader turns persistence off altogether.
      const off = !(flags.persistence as any).persistenceTtlMs;
      await openWithSetup(page, lib, ({ token, api, flags, off }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags, disable_persistence: off }), { token, api: collector(), flags, off });
      await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags);
      answers.push(await page.evaluate(async (fallback) => [await mixpanel.flags.get_variant('banner-text', fallback), mixpanel.flags.are_flags_ready()], FALLBACK));
      // Neither reader removed the record: an expired one is only passed over, and with persistence off nothing is touched.
      expect((await storedRecord(page, token))?.persistedAt).toBe(record.persistedAt);
      expect(watch.errors).toEqual([]);
      await page.close();
    }
    await context.close();
    results.push(answers);
  }
  const fallback = [{ ...FALLBACK, variant_source: 'fallback', fallback_reason: 'BACKEND_ERROR' }, false];
  expect(results[0]).toEqual([fallback, fallback]);
  expect(results[1]).toEqual(results[0]);
});
