// The script-tag install: our stub and Mixpanel's official snippet, queue replay, named
// instances, double inclusion.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, received, events, eventNames, watchPage, openWithSetup, bundleLoaded } from './support/collector';

declare const mixpanel: any;

const fast = { batch_flush_interval_ms: 100 };

for (const file of ['snippet.html', 'mixpanel-snippet.html']) {
  const which = file === 'snippet.html' ? "tracklet's stub" : "Mixpanel's official snippet";

  test(`${which}: calls queued before load replay in Mixpanel's order, for every endpoint and named instances`, async ({ page }) => {
    const seen = watchPage(page);
    const token = uniqueToken('replay');
    const named = uniqueToken('named');
    await openWithSetup(
      page,
      file,
      ({ token, named, api, fast }) => {
        mixpanel.init(token, { api_host: api, ...fast });
        mixpanel.track('first', { n: 1 });
        // Mixpanel runs identity and config calls before tracking calls, whatever the queue order.
        mixpanel.register({ plan: 'pro' });
        mixpanel.people.set({ name: 'Ada' }); // held until identify, then sent
        mixpanel.identify('user-1');
        mixpanel.get_group('company', 'acme').set({ seats: 5 });
        mixpanel.track('second', { n: 2 });
        mixpanel.init(named, { api_host: api, ...fast }, 'other');
        mixpanel.other.track('from named');
        mixpanel.other.people.set_once({ first_seen: 'today' });
      },
      { token, named, api: collector(), fast },
    );
    await bundleLoaded(page);

    const records = await waitForRecords({ token }, 6);
    expect(eventNames(records)).toEqual(['$identify', 'first', 'second']);
    for (const e of events(records)) {
      expect(e.properties.token).toBe(token);
      expect(e.properties.distinct_id).toBe('user-1');
      expect(e.properties.plan).toBe('pro');
    }
    const profile = records.find((r) => r.endpoint === 'engage' && '$set' in r.payload)!.payload;
    expect(profile).toMatchObject({ $token: token, $distinct_id: 'user-1', $user_id: 'user-1', $set: { name: 'Ada' } });
    const group = records.find((r) => r.endpoint === 'groups')!.payload;
    expect(group).toEqual({ $token: token, $group_key: 'company', $group_id: 'acme', $set: { seats: 5 } });

    const other = await waitForRecords({ token: named }, 1);
    expect(eventNames(other)).toEqual(['from named']);
    expect(events(other)[0].properties.token).toBe(named);
    expect(events(other)[0].properties.plan).toBeUndefined();
    // The named instance's anonymous profile update stays held (Mixpanel's rule, under its key).
    expect(await page.evaluate(() => mixpanel.other.get_property('__mpso'))).toMatchObject({ first_seen: 'today' });

    expect(await page.evaluate(() => [String(mixpanel), String(mixpanel.other), typeof mixpanel.track])).toEqual(['mixpanel', 'mixpanel.other', 'function']);
    expect(seen.errors).toEqual([]);
  });
}

test('a second snippet and a second bundle change nothing: one instance, no duplicate sends', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('twice');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 60000 }), { token, api: collector() });
  await bundleLoaded(page);
  const again = await page.evaluate(async () => {
    const first = mixpanel;
    // The stub again, as a tag manager would inject it, then the bundle again.
    const stub = await (await fetch('/dist/snippet.min.js')).text();
    const s1 = document.createElement('script');
    s1.textContent = stub;
    document.head.appendChild(s1);
    await new Promise<void>((resolve) => {
      const s2 = document.createElement('script');
      s2.src = '/dist/tracklet.min.js?again';
      s2.onload = () => resolve();
      document.head.appendChild(s2);
    });
    mixpanel.track('once');
    await mixpanel.flush();
    return { same: mixpanel === first, scripts: document.querySelectorAll('script[src*="tracklet.min.js"]').length };
  });
  expect(again.same).toBe(true);
  expect(again.scripts).toBe(2); // the second copy did load, and did nothing
  const records = await waitForRecords({ token }, 1);
  expect(eventNames(records)).toEqual(['once']);
  expect(seen.errors).toEqual([]);
});

test('calls made before init wait for it; init returns the primary instance', async ({ page }) => {
  const token = uniqueToken('late');
  await openWithSetup(page, 'snippet.html', () => mixpanel.track('queued before init'), null);
  // The bundle replaced the stub, but without init the instance holds the calls.
  await page.waitForFunction(() => typeof mixpanel.init === 'function' && !Array.isArray(mixpanel));
  const same = await page.evaluate(({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }) === mixpanel, { token, api: collector() });
  expect(same).toBe(true);
  const records = await waitForRecords({ token }, 1);
  expect(eventNames(records)).toEqual(['queued before init']);
  expect(await received({ token, event: 'queued before init' })).toHaveLength(1);
});
