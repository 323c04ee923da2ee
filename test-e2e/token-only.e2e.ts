// The token-only rule: a secret handed to tracklet never reaches the wire, cookies or storage.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, requests, watchPage, openWithSetup, bundleLoaded, events } from './support/collector';

declare const mixpanel: any;

const SECRET = 'sk_live_PLANTED_7f3c9e1d';

test('secrets in config are refused loudly, never kept, stored or sent', async ({ page, context }) => {
  const seen = watchPage(page);
  const token = uniqueToken('secret');
  await openWithSetup(
    page,
    'snippet.html',
    ({ token, api, SECRET }) => {
      mixpanel.init(token, {
        api_host: api,
        batch_flush_interval_ms: 100,
        api_secret: SECRET,
        password: SECRET,
        service_account: { username: 'sa', secret: SECRET },
        xhr_headers: { Authorization: 'Basic ' + SECRET, 'X-Trace': 'Bearer ' + SECRET },
        nested: { apiKey: SECRET },
      });
    },
    { token, api: collector(), SECRET },
  );
  await bundleLoaded(page);
  const config = await page.evaluate(async ({ SECRET }) => {
    mixpanel.set_config({ secret: SECRET, debug: false });
    // Exercise every path that writes storage or sends data.
    mixpanel.register({ password: SECRET, ok: 1 });
    mixpanel.track('with secret prop', { api_secret: SECRET, nested: { password: SECRET }, fine: 'yes' });
    mixpanel.identify('secret-user');
    mixpanel.people.set({ password: SECRET, name: 'x' });
    mixpanel.get_group('org', 'o1').set({ client_secret: SECRET });
    mixpanel.time_event('t');
    mixpanel.register_once({ api_key: SECRET, once: 1 });
    mixpanel.track_with_groups('grouped', { secret: SECRET }, { company: ['c1'] });
    mixpanel.set_group('company', 'c1');
    mixpanel.add_group('company', 'c2');
    mixpanel.remove_group('company', 'c1');
    mixpanel.people.set_once({ bearer_token: SECRET });
    mixpanel.people.union({ access_token: [SECRET] });
    mixpanel.people.append({ authorization: SECRET });
    mixpanel.alias('secret-alias');
    mixpanel.track_pageview({ private_key: SECRET });
    mixpanel.push(['track', 'pushed', { session_token: SECRET }]);
    await mixpanel.flush();
    // Consent changes write their own flag; opting out drops what is still queued, so flush first.
    mixpanel.opt_out_tracking();
    mixpanel.opt_in_tracking({ track_properties: { password: SECRET } });
    await mixpanel.flush();
    return JSON.stringify(mixpanel.get_config());
  }, { SECRET });
  expect(config).not.toContain(SECRET);
  expect(config).not.toContain('api_secret');

  const records = await waitForRecords({ token }, 4);
  expect(events(records).find((e) => e.event === 'with secret prop').properties).toMatchObject({ fine: 'yes', nested: {} });

  // One console error per refused key, naming it (no debug: code 47, its docs link, the key).
  for (const key of ['api_secret', 'password', 'service_account', 'xhr_headers.Authorization', 'xhr_headers.X-Trace', 'nested.apiKey', 'secret'])
    expect(seen.consoleErrors.some((m) => m.endsWith(`/docs/messages.md#47 ${key}`)), key).toBe(true);

  const raw = await requests({ token });
  expect(raw.length).toBeGreaterThan(0);
  for (const r of raw) {
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(Object.keys(r.headers)).not.toContain('authorization');
  }
  const cookies = JSON.stringify(await context.cookies());
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(cookies).not.toContain(SECRET);
  expect(storage).not.toContain(SECRET);
  expect(seen.errors).toEqual([]);
});

test('a token that looks like a credential is refused and nothing is sent', async ({ page }) => {
  const seen = watchPage(page);
  await openWithSetup(page, 'snippet.html', ({ api }) => {
    (window as any).__inits = [mixpanel.init('user:secret', { api_host: api }, 'a'), mixpanel.init('Basic abc', { api_host: api }, 'b'), mixpanel.init('', { api_host: api }, 'c')];
  }, { api: collector() });
  await page.waitForFunction(() => !Array.isArray((window as any).mixpanel));
  const results = await page.evaluate(() => [mixpanel.init('user:secret', {}, 'x'), mixpanel.init('has space', {}, 'y')].map((r) => r === undefined));
  expect(results).toEqual([true, true]);
  // Each refusal is on the console (no debug: the code of the token's problem, 31-35, and its docs link).
  expect(seen.consoleErrors.filter((m) => /\/docs\/messages\.md#3[1-5] /.test(m)).length).toBeGreaterThanOrEqual(2);
  expect(await requests({ token: 'user:secret' })).toEqual([]);
  expect(seen.errors).toEqual([]);
});
