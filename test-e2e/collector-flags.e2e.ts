// The collector's flags/: Mixpanel's own browser library (the devDependency) gets its variants
// from the definitions file and its exposure events arrive like any event; a request that
// carries a secret in its Authorization is refused; the file is re-read when it changes and a
// broken one is reported, not served.
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collector, openWithSetup, received, uniqueToken, waitForRecords } from './support/collector';
// @ts-ignore: plain ESM modules without types
import { assignVariant } from '../collector/flags.mjs';
// @ts-ignore
import { startCollector } from '../collector/server.mjs';

const definitions = JSON.parse(readFileSync('test-e2e/flags.json', 'utf8'));

declare const mixpanel: any;

const basic = (user: string) => 'Basic ' + Buffer.from(user).toString('base64');

test("mixpanel-browser's flags client gets the file's variants and tracks each exposure once", async ({ page }) => {
  const token = uniqueToken('flags');
  await openWithSetup(page, 'mixpanel-lib.html', ({ token, api }) => mixpanel.init(token, { api_host: api, flags: true, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await page.waitForFunction(() => typeof mixpanel.get_distinct_id === 'function' && !!mixpanel.flags);
  const id: string = await page.evaluate(() => mixpanel.get_distinct_id());
  const expected = assignVariant('checkout-redesign', definitions['checkout-redesign'], id);

  const got = await page.evaluate(async () => ({
    checkout: await mixpanel.flags.get_variant_value('checkout-redesign', 'fallback'),
    again: await mixpanel.flags.get_variant_value('checkout-redesign', 'fallback'),
    banner: await mixpanel.flags.get_variant_value('banner-text', 'fallback'),
    beta: await mixpanel.flags.get_variant_value('beta-tools', 'fallback'),
    missing: await mixpanel.flags.get_variant_value('no-such-flag', 'fallback'),
  }));
  expect(got).toEqual({ checkout: definitions['checkout-redesign'].variants[expected], again: got.checkout, banner: 'Holiday sale', beta: 'fallback', missing: 'fallback' });

  // The request as Mixpanel's endpoint takes it, kept with what was served.
  const [served] = await waitForRecords({ token, endpoint: 'flags' }, 1);
  expect(served.payload).toMatchObject({ token, context: { distinct_id: id }, served: { 'checkout-redesign': expected, 'banner-text': 'holiday' } });
  expect(served.payload.served).not.toHaveProperty('beta-tools'); // a 0 % rollout: not this visitor

  // One exposure per flag used, with Mixpanel's names, though checkout was read twice.
  // Both exposures arrive (upstream tracks them once the fetch answered, in no fixed order with
  // later events), then a later event; by then a third exposure, had one been tracked, is in too.
  await waitForRecords({ token, event: '$experiment_started' }, 2);
  await page.evaluate(() => mixpanel.track('after the flags'));
  await waitForRecords({ token, event: 'after the flags' }, 1);
  // A batch re-sent after a lost reply arrives twice with the same $insert_id: one exposure.
  const byId = new Map((await received({ token, event: '$experiment_started' })).map((r) => [r.payload.properties.$insert_id, r.payload.properties]));
  const exposures = [...byId.values()];
  expect(exposures).toHaveLength(2);
  const byFlag = Object.fromEntries(exposures.map((p) => [p['Experiment name'], p]));
  expect(byFlag['checkout-redesign']).toMatchObject({ 'Variant name': expected, $experiment_type: 'feature_flag', $experiment_id: 'exp-checkout', distinct_id: id });
  expect(byFlag['banner-text']).toMatchObject({ 'Variant name': 'holiday', $experiment_type: 'feature_flag' });
});

test('flags/ takes the public token only: a password in Authorization, a missing or foreign one, are refused with why', async ({ request }) => {
  const token = uniqueToken('flagauth');
  const url = `${collector()}/flags/?token=${token}&context=${encodeURIComponent(JSON.stringify({ distinct_id: 'beta-tester' }))}`;
  const cases: [Record<string, string>, RegExp][] = [
    [{ Authorization: basic(`${token}:api-secret-123`) }, /carries a password/],
    [{}, /missing Authorization/],
    [{ Authorization: basic('other-project:') }, /another project/],
    [{ Authorization: `Bearer ${token}` }, /Basic base64/],
  ];
  for (const [headers, why] of cases) {
    const res = await request.get(url, { headers });
    expect(res.status(), JSON.stringify(headers)).toBe(401);
    expect((await res.json()).error).toMatch(why);
  }
  const rejected = (await (await fetch(`${collector()}/_/rejected?token=${token}`)).json()).rejected;
  expect(rejected.map((r: any) => r.endpoint)).toEqual(['flags', 'flags', 'flags', 'flags']);
  expect(JSON.stringify(rejected)).not.toContain('api-secret-123');

  const ok = await request.get(url, { headers: { Authorization: basic(`${token}:`) } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).flags['beta-tools']).toEqual({ variant_key: 'on', variant_value: true }); // the users entry
});

test('the definitions file is re-read when it changes; a broken one is answered 500 with its reason, and served again once fixed', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-flags-'));
  const file = path.join(dir, 'flags.json');
  const write = (defs: unknown) => writeFileSync(file, typeof defs === 'string' ? defs : JSON.stringify(defs));
  write({ color: { variants: { blue: 'blue' } } });
  const c = await startCollector({ port: 0, dataDir: path.join(dir, 'data'), quiet: true, flags: file });
  try {
    const ask = async () => {
      const res = await fetch(`${c.url}flags/?token=tk_file`, { headers: { Authorization: basic('tk_file:') } });
      return { status: res.status, body: await res.json() };
    };
    expect(await ask()).toEqual({ status: 200, body: { flags: { color: { variant_key: 'blue', variant_value: 'blue' } } } });
    write({ color: { variants: { green: 'green' } }, size: { variants: { big: 2 } } });
    expect((await ask()).body.flags).toEqual({ color: { variant_key: 'green', variant_value: 'green' }, size: { variant_key: 'big', variant_value: 2 } });
    write('{ "color": ');
    expect(await ask()).toMatchObject({ status: 500, body: { error: expect.stringMatching(/not valid JSON/) } });
    write({ color: { variants: { red: 'red' }, rollout: { blue: 100 } } });
    expect(await ask()).toMatchObject({ status: 500, body: { error: expect.stringMatching(/rollout names "blue", which is not one of its variants/) } });
    write({ color: { variants: { red: 'red' }, rolout: { red: 100 } } });
    expect(await ask()).toMatchObject({ status: 500, body: { error: expect.stringMatching(/unknown field "rolout"/) } });
    write({ color: { variants: { red: 'red' } } });
    expect((await ask()).body.flags.color.variant_key).toBe('red');
  } finally {
    await c.close();
  }
  // A file that is broken at start stops the start, with the reason.
  write('[]');
  await expect(startCollector({ port: 0, dataDir: path.join(dir, 'data2'), quiet: true, flags: file })).rejects.toThrow(/must be a JSON object/);
});

test('flags/<flag id>/first-time-events takes the public token only and a bounded JSON body; a kept one switches what flags/ serves that visitor', async ({ request }) => {
  const token = uniqueToken('flagpost');
  const post = (headers: Record<string, string>, data: string) => request.post(`${collector()}/flags/flag-onboarding-tips/first-time-events?mp_lib=web`, { headers: { 'Content-Type': 'application/json', ...headers }, data });
  const ask = async (id: string) => (await (await request.get(`${collector()}/flags/?token=${token}&context=${encodeURIComponent(JSON.stringify({ distinct_id: id }))}`, { headers: { Authorization: basic(`${token}:`) } })).json());
  const first = await ask('visitor-1');
  expect(first.flags['onboarding-tips']).toEqual({ variant_key: 'hidden', variant_value: false });
  const [pending] = first.pending_first_time_events;
  expect(pending).toMatchObject({ flag_key: 'onboarding-tips', flag_id: 'flag-onboarding-tips', event_name: 'Finished onboarding', property_filters: {}, pending_variant: { variant_key: 'shown', variant_value: true } });
  const body = JSON.stringify({ distinct_id: 'visitor-1', project_id: 1, first_time_event_hash: pending.first_time_event_hash });
  const refused: [Record<string, string>, string, number, RegExp][] = [
    [{ Authorization: basic(`${token}:api-secret-123`) }, body, 401, /carries a password/],
    [{}, body, 401, /missing Authorization/],
    [{ Authorization: basic(`${token}:`) }, 'not json', 400, /expected JSON/],
    [{ Authorization: basic(`${token}:`) }, JSON.stringify({ distinct_id: 'visitor-1' }), 400, /expected JSON/],
    [{ Authorization: basic(`${token}:`) }, JSON.stringify({ distinct_id: 'x', first_time_event_hash: 'h', pad: 'x'.repeat(5000) }), 413, /at most 4096 bytes/],
  ];
  for (const [headers, data, status, why] of refused) {
    const res = await post(headers, data);
    expect(res.status(), data.slice(0, 40)).toBe(status);
    expect((await res.json()).error).toMatch(why);
  }
  expect((await ask('visitor-1')).flags['onboarding-tips'].variant_key).toBe('hidden'); // nothing refused was kept
  expect((await post({ Authorization: basic(`${token}:`) }, body)).status()).toBe(200);
  const after = await ask('visitor-1');
  expect(after.flags['onboarding-tips']).toEqual({ variant_key: 'shown', variant_value: true });
  expect(after.pending_first_time_events).toBeUndefined();
  expect((await ask('visitor-2')).flags['onboarding-tips'].variant_key).toBe('hidden'); // another visitor: not switched
  const kept = (await received({ token, endpoint: 'flags' })).filter((r) => r.payload.first_time_event).map((r) => r.payload);
  expect(kept).toEqual([{ token, first_time_event: { flag_id: 'flag-onboarding-tips', distinct_id: 'visitor-1', first_time_event_hash: pending.first_time_event_hash, project_id: 1 } }]);
});
