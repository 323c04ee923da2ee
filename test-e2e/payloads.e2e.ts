// What reaches the collector: Mixpanel's wire shapes, default properties, ids, identity.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, received, events, eventNames, openWithSetup, bundleLoaded, waitForEvents, watchPage } from './support/collector';

declare const mixpanel: any;

test('events carry token, ids, time and Mixpanel default properties; the caller object is untouched', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('shape');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  const before = Date.now();
  const untouched = await page.evaluate(() => {
    const props: any = { when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), nested: { a: [1, 2] }, big: 10n, fn() {}, token: 'not mine', nan: NaN };
    props.self = props;
    const snapshot = Object.keys(props).join(',');
    mixpanel.track('Signup', props);
    return Object.keys(props).join(',') === snapshot && props.token === 'not mine';
  });
  expect(untouched).toBe(true);
  const [e] = events(await waitForRecords({ token }, 1));
  const p = e.properties;
  expect(e.event).toBe('Signup');
  expect(p.token).toBe(token);
  expect(p.distinct_id).toMatch(/^\$device:[0-9a-f-]{36}$/);
  expect(p.distinct_id).toBe('$device:' + p.$device_id);
  expect(p.$insert_id).toMatch(/^[A-Za-z0-9-]{1,36}$/);
  expect(Number.isInteger(p.time)).toBe(true);
  expect(p.time).toBeGreaterThanOrEqual(before - 5000);
  expect(p.time).toBeLessThanOrEqual(Date.now() + 5000);
  expect(p).toMatchObject({ mp_lib: 'web', $browser: 'Chrome', $os: 'Linux', $initial_referrer: '$direct', $initial_referring_domain: '$direct' });
  expect(typeof p.$browser_version).toBe('number');
  expect(p.$current_url).toContain('/test-e2e/pages/snippet.html');
  expect(p.$screen_width).toBeGreaterThan(0);
  // Sanitized: Dates as ISO strings, BigInt as text, functions and cycles dropped, NaN → null.
  expect(p.when).toBe('2024-01-02T03:04:05');
  expect(p.nested).toEqual({ a: [1, 2] });
  expect(p.big).toBe('10');
  expect(p.nan).toBeNull();
  expect('fn' in p).toBe(false);
  expect('self' in p).toBe(false);
  // Nothing here is a mistake worth a console error.
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('identity lives in the mp_<token>_mixpanel cookie with Mixpanel field names and survives a reload', async ({ page, context }) => {
  const token = uniqueToken('ident');
  const setup = ({ token, api }: { token: string; api: string }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
  await openWithSetup(page, 'snippet.html', setup, { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(() => {
    mixpanel.register({ plan: 'pro' });
    mixpanel.track('one');
  });
  const cookie = (await context.cookies()).find((c) => c.name === `mp_${token}_mixpanel`)!;
  expect(cookie).toBeTruthy();
  expect(cookie.sameSite).toBe('Lax');
  const record = JSON.parse(decodeURIComponent(cookie.value));
  expect(record).toMatchObject({ plan: 'pro', $initial_referrer: '$direct' });
  expect(record.distinct_id).toBe('$device:' + record.$device_id);

  await page.reload();
  await bundleLoaded(page);
  await page.evaluate(() => mixpanel.track('two'));
  // An event in flight while the page unloads may arrive twice: always as the same $insert_id
  // (the server's dedup key), never under two ids.
  const all = await waitForEvents(token, ['one', 'two']);
  expect(all.map((e) => e.event).sort()).toEqual(['one', 'two']);
  expect(new Set(all.map((e) => e.properties.distinct_id)).size).toBe(1);
  expect(all.every((e) => e.properties.plan === 'pro')).toBe(true);
});

test("a visitor first seen by Mixpanel's library keeps distinct_id, $device_id and super properties", async ({ page, context }) => {
  const token = uniqueToken('migrate');
  // The record exactly as mixpanel-browser writes it (URL-encoded JSON in a cookie).
  const mixpanelRecord = { distinct_id: '$device:1a2b3c4d-0000-4000-8000-00000000abcd', $device_id: '1a2b3c4d-0000-4000-8000-00000000abcd', $initial_referrer: '$direct', $initial_referring_domain: '$direct', __mps: {}, __mpso: {}, __mpus: {}, __mpa: {}, __mpu: {}, __mpr: [], __mpap: [], favorite: 'tea' };
  await context.addCookies([{ name: `mp_${token}_mixpanel`, value: encodeURIComponent(JSON.stringify(mixpanelRecord)), url: collector() }]);
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(() => mixpanel.track('after switch'));
  const [e] = events(await waitForRecords({ token }, 1));
  expect(e.properties).toMatchObject({ distinct_id: mixpanelRecord.distinct_id, $device_id: mixpanelRecord.$device_id, favorite: 'tea' });
  // Mixpanel's bookkeeping entries are never sent as event properties.
  expect(Object.keys(e.properties).filter((k) => k.startsWith('__'))).toEqual([]);
});

test('identify, alias and reset follow Simplified ID Merge', async ({ page }) => {
  const token = uniqueToken('merge');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  const ids = await page.evaluate(() => {
    const anon = mixpanel.get_distinct_id();
    mixpanel.identify('$device:forged'); // refused
    const afterForged = mixpanel.get_distinct_id();
    mixpanel.identify('user-42');
    mixpanel.track('as user');
    mixpanel.reset();
    mixpanel.track('after reset');
    return { anon, afterForged, afterReset: mixpanel.get_distinct_id() };
  });
  expect(ids.afterForged).toBe(ids.anon);
  expect(ids.afterReset).not.toBe(ids.anon);
  expect(ids.afterReset).toMatch(/^\$device:/);
  const all = events(await waitForRecords({ token }, 3));
  expect(all.map((e) => e.event)).toEqual(['$identify', 'as user', 'after reset']);
  expect(all[0].properties).toMatchObject({ distinct_id: 'user-42', $anon_distinct_id: ids.anon, $user_id: 'user-42' });
  expect(all[1].properties).toMatchObject({ distinct_id: 'user-42', $user_id: 'user-42', $device_id: ids.anon.slice(8) });
  expect(all[2].properties.distinct_id).toBe(ids.afterReset);
  expect(all[2].properties.$user_id).toBeUndefined();
});

test('identify with a number: one $identify, a string id; the same id again changes nothing', async ({ page }) => {
  const token = uniqueToken('numid');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(() => {
    mixpanel.identify(123 as any);
    mixpanel.identify(123 as any); // already the id: no second $identify
    mixpanel.identify('123');
    mixpanel.track('done');
  });
  const all = events(await waitForRecords({ token, event: 'done' }, 1).then(() => received({ token })));
  expect(all.map((e) => e.event)).toEqual(['$identify', 'done']);
  expect(all[0].properties.distinct_id).toBe('123');
});

test('batches go to /track/, /engage/ and /groups/ as form posts with JSON data, one request per batch', async ({ page }) => {
  const token = uniqueToken('batch');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 60000, batch_size: 50 }), { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(async () => {
    for (let i = 0; i < 30; i++) mixpanel.track('e' + i, { i });
    mixpanel.identify('batcher');
    mixpanel.people.increment('logins');
    mixpanel.get_group('team', 7).union('tags', 'a');
    await mixpanel.flush();
  });
  const records = await waitForRecords({ token }, 33);
  expect(eventNames(records).filter((n) => n.startsWith('e'))).toEqual(Array.from({ length: 30 }, (_, i) => 'e' + i));
  const byEndpoint = (ep: string) => records.filter((r) => r.endpoint === ep);
  expect(byEndpoint('engage').find((r) => '$add' in r.payload)!.payload).toMatchObject({ $token: token, $distinct_id: 'batcher', $add: { logins: 1 } });
  expect(byEndpoint('groups')[0].payload).toEqual({ $token: token, $group_key: 'team', $group_id: 7, $union: { tags: ['a'] } });
  for (const r of records) {
    expect(r.request.method).toBe('POST');
    expect(r.request.content_type).toContain('application/x-www-form-urlencoded');
    expect(r.request.encoding).toBe('form-json');
    expect(r.request.query.verbose).toBe('1');
  }
});

test('disable() silences events only: profile and group updates still go out', async ({ page }) => {
  const token = uniqueToken('disable');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(async () => {
    mixpanel.identify('disabled-user');
    await mixpanel.flush();
    mixpanel.disable();
    mixpanel.track('silenced');
    mixpanel.people.set({ still: 'sent' });
    mixpanel.get_group('org', 'o1').set({ still: 'sent' });
    mixpanel.enable();
    mixpanel.track('after enable');
    await mixpanel.flush();
  });
  await waitForEvents(token, ['after enable']);
  const records = await waitForRecords({ token, endpoint: 'groups' }, 1);
  expect(records[0].payload.$set).toEqual({ still: 'sent' });
  expect((await waitForRecords({ token, endpoint: 'engage' }, 1)).some((r) => r.payload.$set?.still === 'sent')).toBe(true);
  expect(eventNames(await waitForRecords({ token, endpoint: 'track' }, 2))).not.toContain('silenced');
});
