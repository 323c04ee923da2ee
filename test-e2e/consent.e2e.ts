// Consent: opted-out instances send nothing and store nothing (but their consent flag, under
// Mixpanel's name); Do-Not-Track and, when asked, Global Privacy Control opt out.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, received, waitForEvents, watchPage, openWithSetup, bundleLoaded } from './support/collector';

declare const mixpanel: any;

const storageOf = async (page: any, context: any) => ({
  cookies: (await context.cookies()).map((c: any) => c.name),
  local: await page.evaluate(() => Object.keys(localStorage)),
});

test('opt-out stops sending and storing; opt-in resumes with a $opt_in event', async ({ page, context }) => {
  const seen = watchPage(page);
  const token = uniqueToken('consent');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(async () => {
    mixpanel.register({ before: 1 });
    mixpanel.track('before opt-out');
    await mixpanel.flush();
    mixpanel.opt_out_tracking();
    mixpanel.register({ during: 1 });
    mixpanel.track('while opted out');
    mixpanel.people.set({ during: 1 });
    mixpanel.get_group('g', 1).set({ during: 1 });
    await mixpanel.flush();
  });
  const opted = await page.evaluate(() => [mixpanel.has_opted_out_tracking(), mixpanel.has_opted_in_tracking()]);
  expect(opted).toEqual([true, false]);
  const stored = await storageOf(page, context);
  expect(stored.cookies.filter((n: string) => n.includes(token))).toEqual([]);
  expect(stored.local.filter((n: string) => n.includes(token))).toEqual([`__mp_opt_in_out_${token}`]);
  expect(await page.evaluate((t) => localStorage.getItem(`__mp_opt_in_out_${t}`), token)).toBe('0');

  // Survives a reload: still opted out, still nothing stored or sent.
  await page.reload();
  await bundleLoaded(page);
  await page.evaluate(async () => {
    mixpanel.track('after reload, opted out');
    await mixpanel.flush();
    mixpanel.opt_in_tracking({ track_properties: { source: 'banner' } });
    mixpanel.track('after opt-in');
  });
  const all = await waitForEvents(token, ['before opt-out', '$opt_in', 'after opt-in']);
  expect(all.map((e) => e.event).sort()).toEqual(['$opt_in', 'after opt-in', 'before opt-out']);
  expect(all.find((e) => e.event === '$opt_in').properties.source).toBe('banner');
  expect((await received({ token })).filter((r) => r.endpoint !== 'track')).toEqual([]);
  expect((await storageOf(page, context)).cookies).toContain(`mp_${token}_mixpanel`);
  expect(seen.errors).toEqual([]);
});

for (const [name, init, config] of [
  ['Do-Not-Track', () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }), {}],
  ['Global Privacy Control with respect_gpc', () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }), { respect_gpc: true }],
  ['opt_out_tracking_by_default', () => {}, { opt_out_tracking_by_default: true }],
] as const) {
  test(`${name} opts out until the visitor opts in`, async ({ page, context }) => {
    const token = uniqueToken('privacy');
    await page.addInitScript(init);
    await openWithSetup(page, 'snippet.html', ({ token, api, config }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, ...config }), { token, api: collector(), config });
    await bundleLoaded(page);
    await page.evaluate(async () => {
      mixpanel.track('not sent');
      await mixpanel.flush();
    });
    expect(await page.evaluate(() => mixpanel.has_opted_out_tracking())).toBe(true);
    expect((await storageOf(page, context)).cookies.filter((n: string) => n.includes(token))).toEqual([]);
    // A sentinel from a second instance without the signal proves delivery works meanwhile.
    const other = uniqueToken('sentinel');
    await page.evaluate(async ({ other, api }) => {
      const i = mixpanel.init(other, { api_host: api, ignore_dnt: true }, 'sentinel');
      i.track('sentinel');
      await i.flush();
    }, { other, api: collector() });
    await waitForEvents(other, ['sentinel']);
    expect(await received({ token })).toEqual([]);
  });
}

test('set_config({ opt_out_persistence_by_default: true }) takes effect at once: the record leaves storage, tracking goes on', async ({ page, context }) => {
  const token = uniqueToken('persistoff');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  expect((await storageOf(page, context)).cookies).toContain(`mp_${token}_mixpanel`);
  const id = await page.evaluate(() => {
    mixpanel.set_config({ opt_out_persistence_by_default: true });
    mixpanel.track('still tracked');
    return mixpanel.get_distinct_id();
  });
  expect((await storageOf(page, context)).cookies.filter((n: string) => n.includes(token))).toEqual([]);
  const [e] = await waitForEvents(token, ['still tracked']);
  expect(e.properties.distinct_id).toBe(id);
});
