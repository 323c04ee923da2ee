// First-time events, differential: test-e2e/flags.json gives "onboarding-tips" the variant
// "hidden" until the visitor first tracks "Finished onboarding", then "shown". The same calls run
// against mixpanel-browser 2.84 and tracklet; the answers, the exposures, the POSTs to
// flags/<flag id>/first-time-events and what the collector then serves must match.
import { test, expect, type Page } from '@playwright/test';
import { collector, openWithSetup, requests, uniqueToken, waitForRecords, received, watchPage, dedupe, events } from './support/collector';

declare const mixpanel: any;

async function drive(page: Page, file: string, token: string) {
  await openWithSetup(page, file, ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, flags: true }), { token, api: collector() });
  await page.waitForFunction(() => (window as any).mixpanel && mixpanel.__loaded === true && !!mixpanel.flags);
  await page.waitForFunction(() => mixpanel.flags.are_flags_ready());
  const first = await page.evaluate(async () => {
    const f = mixpanel.flags;
    const before = f.get_variant_sync('onboarding-tips', { key: 'fb', value: 'fb' });
    mixpanel.track('Started onboarding'); // another event: no switch
    const still = f.get_variant_value_sync('onboarding-tips', 'fb');
    mixpanel.track('Finished onboarding');
    // Upstream switches once the check ran (a promise turn later when it has no targeting bundle).
    await new Promise((r) => setTimeout(r, 0));
    const after = f.get_variant_sync('onboarding-tips', { key: 'fb', value: 'fb' });
    mixpanel.track('Finished onboarding'); // a second time: nothing more
    const strip = (v: any) => ({ key: v.key, value: v.value, variant_source: v.variant_source });
    return { before: strip(before), still, after: strip(after), id: mixpanel.get_distinct_id() };
  });
  // The next fetch once the collector has the POST, so it serves the switched variant.
  await expect.poll(async () => (await received({ token, endpoint: 'flags' })).filter((r) => r.payload.first_time_event).length, { timeout: 10_000 }).toBe(1);
  const refetched = await page.evaluate(async () => {
    await mixpanel.flags.update_context({ step: 'done' }); // a new fetch keeps the switched variant
    const value = mixpanel.flags.get_variant_value_sync('onboarding-tips', 'fb');
    mixpanel.track('after the flags');
    return value;
  });
  return { ...first, refetched };
}

async function collect(token: string, id: string) {
  await waitForRecords({ token, event: 'after the flags' }, 1);
  // hidden (before), shown (after the switch), shown again (the fetch starts the count afresh).
  const exposed = async () => dedupe(events(await received({ token, event: '$experiment_started' }))).filter((e) => e.properties['Experiment name'] === 'onboarding-tips');
  await expect.poll(async () => (await exposed()).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const exposures = (await exposed()).map((e) => [e.properties['Variant name'], e.properties.$variant_source ?? null]).sort();
  const posts = await waitForRecords({ token, endpoint: 'flags' }, 3); // 2 flags/ GETs, 1 POST
  const recorded = posts.filter((r) => r.payload.first_time_event).map((r) => r.payload.first_time_event);
  const served = posts.filter((r) => r.payload.served).map((r) => [r.payload.served['onboarding-tips'], r.payload.pending_first_time_events ?? []]);
  const raw = (await requests({ token })).filter((r) => /first-time-events/.test(r.path));
  return {
    exposures,
    recorded: recorded.map((r: any) => ({ ...r, distinct_id: r.distinct_id === id })),
    served,
    raw: raw.map((r) => ({ method: r.method, path: r.path, query: Object.keys(r.query).sort(), type: r.headers['content-type'], auth: r.headers.authorization, status: r.status })),
  };
}

test('flags: a first-time event switches the variant, is posted once and served after, as mixpanel-browser 2.84 does', async ({ browser }) => {
  const results: any[] = [];
  for (const file of ['mixpanel-lib.html', 'snippet.html']) {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
    const token = uniqueToken('flagfirst');
    const answers = await drive(page, file, token);
    const sent = await collect(token, answers.id);
    delete (answers as any).id;
    // No property filters in this reply: the evaluator is never fetched.
    expect(loaded.filter((p) => /targeting/.test(p))).toEqual([]);
    expect(loaded.some((p) => /flags/.test(p))).toBe(true);
    results.push({ answers, ...sent });
    expect(watch.errors).toEqual([]);
    await page.close();
  }
  const [upstream, ours] = results;
  expect(upstream.answers).toEqual({ before: { key: 'hidden', value: false, variant_source: 'network' }, still: false, after: { key: 'shown', value: true }, refetched: true });
  expect(upstream.recorded).toHaveLength(1);
  expect(upstream.recorded[0]).toMatchObject({ flag_id: 'flag-onboarding-tips', distinct_id: true, project_id: 1 });
  expect(upstream.served).toEqual([
    ['hidden', ['onboarding-tips: Finished onboarding']],
    ['shown', []],
  ]);
  expect(ours.answers).toEqual(upstream.answers);
  expect(ours.exposures).toEqual(upstream.exposures);
  expect(ours.recorded).toEqual(upstream.recorded);
  expect(ours.served).toEqual(upstream.served);
  expect(ours.raw.filter((r: any) => r.method === 'POST')).toEqual(upstream.raw.filter((r: any) => r.method === 'POST'));
});
