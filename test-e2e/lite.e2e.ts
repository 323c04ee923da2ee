// `tracklet/lite` (dist/tracklet-lite.mjs): what a widget ships when it only tracks events and
// identity. The same wire format and storage as the full build, so a visitor moves between the
// two keeping their ids; what it leaves out is a logged no-op, never a throw.
import { test, expect, type Page } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, waitForEvents, events, received, watchPage } from './support/collector';

const blank = (page: Page) => page.goto(`${collector()}/test-e2e/pages/blank.html`);

test('importing tracklet/lite creates no globals, stores and sends nothing', async ({ page }) => {
  const seen = watchPage(page);
  await blank(page);
  const r = await page.evaluate(async () => {
    const before = Object.keys(window);
    const mod = await import('/dist/tracklet-lite.mjs' as string);
    return { added: Object.keys(window).filter((k) => !before.includes(k)), exports: Object.keys(mod).sort(), stored: document.cookie + JSON.stringify({ ...localStorage }) };
  });
  expect(r).toEqual({ added: [], exports: ['createInstance', 'default'], stored: '{}' });
  expect(seen.errors).toEqual([]);
});

test('lite sends what the full build sends for the same calls, field for field', async ({ page }) => {
  const full = uniqueToken('wirefull');
  const lite = uniqueToken('wirelite');
  await blank(page);
  await page.evaluate(async ({ full, lite, api }) => {
    const builds = await Promise.all([import('/dist/tracklet.mjs' as string), import('/dist/tracklet-lite.mjs' as string)]);
    await Promise.all(
      builds.map(async ({ createInstance }, i) => {
        const inst = createInstance(i ? lite : full, { name: 'w', api_host: api, batch_flush_interval_ms: 60000 });
        inst.register({ plan: 'pro' });
        inst.register({ page_only: 1 }, { persistent: false });
        inst.time_event('Hello');
        inst.track('Hello', { a: 1, when: new Date(0) });
        inst.identify('user-1');
        inst.track_with_groups('Grouped', {}, { company: 'acme' });
        await inst.flush();
      }),
    );
  }, { full, lite, api: collector() });
  // Only events: profile updates (the full build's first-touch $set_once) are not lite's.
  const [f, l] = [await waitForRecords({ token: full, endpoint: 'track' }, 3), await waitForRecords({ token: lite }, 3)];
  const shape = (records: typeof f) =>
    events(records).map((e) => ({ event: e.event, keys: Object.keys(e.properties).sort() }));
  expect(shape(l)).toEqual(shape(f));
  const fixed = ['$lib', '$lib_version', '$os', '$browser', '$browser_version', '$current_url', 'plan', 'page_only', 'a', 'when', 'company'];
  const pick = (e: any) => Object.fromEntries(fixed.filter((k) => k in e.properties).map((k) => [k, e.properties[k]]));
  expect(events(l).map(pick)).toEqual(events(f).map(pick));
  expect(events(l).find((e) => e.event === '$identify').properties).toMatchObject({ distinct_id: 'user-1', token: lite });
  // The same request: endpoint, encoding, content type and query (but the cache-buster).
  const req = (r: (typeof f)[number]) => ({ endpoint: r.endpoint, content_type: r.request.content_type, encoding: r.request.encoding, query: { ...r.request.query, _: '' } });
  expect(l.map(req)).toEqual(f.map(req));
});

test('a visitor keeps distinct_id and super properties from lite to the full build and back, across reloads', async ({ page }) => {
  const token = uniqueToken('handover');
  const primaryToken = uniqueToken('handoverprimary');
  const api = collector();
  await blank(page);
  const step = (file: string, calls: string) =>
    page.evaluate(
      async ({ file, token, primaryToken, api, calls }) => {
        const { default: mixpanel, createInstance } = await import(`/dist/${file}`);
        const w = createInstance(token, { name: 'chat', api_host: api, batch_flush_interval_ms: 60000 });
        const p = mixpanel.init(primaryToken, { api_host: api, batch_flush_interval_ms: 60000 });
        new Function('w', calls)(w);
        await Promise.all([w.flush(), p.flush()]);
        return { widget: w.get_distinct_id(), device: w.get_property('$device_id'), primary: p.get_distinct_id() };
      },
      { file, token, primaryToken, api, calls },
    );
  const first = await step('tracklet-lite.mjs', "w.register({ plan: 'pro' }); w.track('lite 1');");
  await page.reload();
  const second = await step('tracklet.mjs', "w.track('full 1'); w.identify('user-7');");
  expect(second.widget).toBe('user-7');
  expect(second.device).toBe(first.device);
  expect(second.primary).toBe(first.primary);
  await page.reload();
  const third = await step('tracklet-lite.mjs', "w.track('lite 2');");
  expect(third).toEqual({ widget: 'user-7', device: first.device, primary: first.primary });

  const got = await waitForEvents(token, ['lite 1', 'full 1', '$identify', 'lite 2']);
  const by = (name: string) => got.find((e) => e.event === name).properties;
  expect(by('lite 1')).toMatchObject({ distinct_id: first.widget, $device_id: first.device, plan: 'pro' });
  expect(by('full 1')).toMatchObject({ distinct_id: first.widget, $device_id: first.device, plan: 'pro' });
  expect(by('$identify')).toMatchObject({ distinct_id: 'user-7', $anon_distinct_id: first.widget });
  expect(by('lite 2')).toMatchObject({ distinct_id: 'user-7', $user_id: 'user-7', $device_id: first.device, plan: 'pro' });
});

test('what lite leaves out is a no-op with a debug message: callbacks hear 0, nothing is thrown or sent', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('liteabsent');
  const logs: string[] = [];
  page.on('console', (m) => m.text().startsWith('[tracklet]') && logs.push(m.text()));
  await blank(page);
  const r = await page.evaluate(async ({ token, api }) => {
    const { createInstance } = await import('/dist/tracklet-lite.mjs' as string);
    const inst = createInstance(token, { api_host: api, batch_flush_interval_ms: 60000, debug: true });
    const heard: unknown[] = [];
    const cb = (status: unknown) => heard.push(status);
    inst.identify('user-1');
    await inst.flush(); // opting out below drops what is still queued
    inst.people.set('plan', 'pro', cb);
    inst.people.set({ plan: 'pro' }, cb);
    inst.people.increment('logins');
    inst.people.delete_user();
    inst.get_group('company', 'acme').set({ size: 5 }, cb);
    inst.get_group('company', 'acme').delete();
    inst.set_group('company', ['acme'], cb);
    inst.add_group('company', 'other', cb);
    inst.remove_group('company', 'acme');
    inst.track_links('a', 'Link clicked');
    inst.track_forms('form', 'Form sent');
    inst.push(['track', 'pushed']);
    const detached = inst.get_group;
    detached('company', 'acme').union('tags', ['x']);
    const names = [String(inst.people), String(inst.get_group('c', 1))];
    inst.opt_out_tracking({ delete_user: true });
    inst.opt_in_tracking();
    inst.track('still works');
    await inst.flush();
    return { heard, names, superProps: inst.get_property('company') };
  }, { token, api: collector() });
  expect(r.heard).toEqual([0, 0, 0, 0, 0]);
  expect(r.names).toEqual(['people', 'get_group()']);
  expect(r.superProps).toBeUndefined();
  // The debug sentences come with the messages module: waited for.
  for (const what of ['people.set()', 'people.increment()', 'get_group().set()', 'set_group()', 'track_links()', 'track_forms()', 'push()', 'people.delete_user()'])
    await expect.poll(() => logs.some((l) => l.includes(`${what} is not in tracklet/lite`)), { message: what, timeout: 10_000 }).toBe(true);
  const got = await waitForEvents(token, ['$identify', '$opt_in', 'still works']);
  expect(got.map((e) => e.event)).not.toContain('pushed');
  expect((await received({ token })).filter((rec) => rec.endpoint !== 'track')).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
});

test('lite track_pageview: the first page view only, with a debug note for modes that follow navigation', async ({ page }) => {
  const token = uniqueToken('litepageview');
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await blank(page);
  await page.evaluate(async ({ token, api }) => {
    const { createInstance } = await import('/dist/tracklet-lite.mjs' as string);
    const inst = createInstance(token, { api_host: api, batch_flush_interval_ms: 60000, track_pageview: 'full-url', debug: true });
    history.pushState({}, '', '?next=1');
    inst.track('marker');
    await inst.flush();
  }, { token, api: collector() });
  await waitForRecords({ token, event: 'marker' }, 1);
  const views = events(await received({ token, event: '$mp_web_page_view' }));
  expect(views).toHaveLength(1);
  expect(views[0].properties).toMatchObject({ $mp_autocapture: true, current_url_path: '/test-e2e/pages/blank.html' });
  await expect.poll(() => logs.some((l) => l.includes("follows navigation in 'tracklet' only")), { timeout: 10_000 }).toBe(true);
});
