// The ES module: no globals, nothing at import, and widget instances that share nothing.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, events, received, watchPage, openWithSetup } from './support/collector';
import { listenerCounter } from './support/leaks';

test('importing the ES module creates no globals and sends nothing; createInstance tracks', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('esm');
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
  const globals = await page.evaluate(() => {
    const w = window as any;
    return w.__globalsAfterImport.filter((k: string) => !w.__globalsAfterParse.includes(k) && k !== '__globalsAfterParse');
  });
  expect(globals).toEqual([]);
  expect(await page.evaluate(() => document.cookie + JSON.stringify({ ...localStorage }))).toBe('{}');

  const after = await page.evaluate(async ({ token, api }) => {
    const w = window as any;
    const before = Object.keys(window);
    const inst = w.__tracklet.createInstance(token, { api_host: api, batch_flush_interval_ms: 100 });
    inst.track('from esm', { via: 'createInstance' });
    await inst.flush();
    return Object.keys(window).filter((k) => !before.includes(k));
  }, { token, api: collector() });
  expect(after).toEqual([]);
  const [e] = events(await waitForRecords({ token }, 1));
  expect(e.properties).toMatchObject({ token, via: 'createInstance' });
  expect(seen.errors).toEqual([]);
});

test('the default export is an uninitialized primary: calls before init wait, init returns it', async ({ page }) => {
  const token = uniqueToken('esmdefault');
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
  const same = await page.evaluate(async ({ token, api }) => {
    const mixpanel = (window as any).__tracklet.default;
    mixpanel.track('before init');
    const r = mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
    await mixpanel.flush();
    return r === mixpanel && mixpanel.init(token) === mixpanel;
  }, { token, api: collector() });
  expect(same).toBe(true);
  expect(events(await waitForRecords({ token }, 1)).map((e) => e.event)).toEqual(['before init']);
});

test('a widget instance and the host page never mix tokens, super properties or identity', async ({ page }) => {
  const seen = watchPage(page);
  const host = uniqueToken('host');
  const widget = uniqueToken('widget');
  await openWithSetup(page, 'snippet.html', ({ host, api }) => {
    (window as any).mixpanel.init(host, { api_host: api, batch_flush_interval_ms: 100 });
    (window as any).mixpanel.register({ host_only: true });
    (window as any).mixpanel.identify('host-user');
  }, { host, api: collector() });
  await page.waitForFunction(() => (window as any).mixpanel.__loaded === true);
  const hostStateBefore = await page.evaluate(() => JSON.stringify((window as any).mixpanel.get_config()) + (window as any).mixpanel.get_distinct_id());
  await page.evaluate(async ({ widget, api }) => {
    const { createInstance } = await import('/dist/tracklet.mjs' as string);
    const w = createInstance(widget, { api_host: api, batch_flush_interval_ms: 100, name: 'chat' });
    w.register({ widget_only: true });
    w.track('widget opened');
    (window as any).mixpanel.track('host event');
    await Promise.all([w.flush(), (window as any).mixpanel.flush()]);
  }, { widget, api: collector() });
  const [w] = events(await waitForRecords({ token: widget }, 1));
  const hostEvents = events(await waitForRecords({ token: host }, 2));
  expect(w.properties.token).toBe(widget);
  expect(w.properties.host_only).toBeUndefined();
  expect(w.properties.distinct_id).not.toBe('host-user');
  expect(w.properties.widget_only).toBe(true);
  for (const e of hostEvents) {
    expect(e.properties.token).toBe(host);
    expect(e.properties.widget_only).toBeUndefined();
    expect(e.properties.distinct_id).toBe('host-user');
  }
  expect(await page.evaluate(() => JSON.stringify((window as any).mixpanel.get_config()) + (window as any).mixpanel.get_distinct_id())).toBe(hostStateBefore);
  expect(seen.errors).toEqual([]);
});

// The same lifecycle in both ES builds: 'tracklet' and 'tracklet/lite'.
for (const [build, file] of [['tracklet', 'tracklet.mjs'], ['tracklet/lite', 'tracklet-lite.mjs']]) {
  test(`${build}: init or createInstance again with the same token and name (StrictMode, hot reload) returns the live instance; nothing is sent twice`, async ({ page }) => {
    const seen = watchPage(page);
    const [primary, named, created] = ['primary', 'named', 'created'].map((l) => uniqueToken(`twice_${l}`));
    await page.goto(`${collector()}/test-e2e/pages/blank.html`);
    const same = await page.evaluate(async ({ file, primary, named, created, api }) => {
      const { default: mixpanel, createInstance } = await import(`/dist/${file}`);
      const cfg = { api_host: api, batch_flush_interval_ms: 60000, track_pageview: true };
      const p = [mixpanel.init(primary, cfg), mixpanel.init(primary, cfg)];
      const n = [mixpanel.init(named, cfg, 'chat'), mixpanel.init(named, cfg, 'chat')];
      const c = [createInstance(created, { ...cfg, name: 'w' }), createInstance(created, { ...cfg, name: 'w' })];
      // Then a marker on each: once it arrived, any second page view would have too.
      for (const i of [p[0], n[0], c[0]]) i.track('marker');
      await Promise.all([p[0], n[0], c[0]].map((i) => i.flush()));
      return [p[0] === p[1] && p[0] === mixpanel, n[0] === n[1] && n[0] !== mixpanel, c[0] === c[1]];
    }, { file, primary, named, created, api: collector() });
    expect(same).toEqual([true, true, true]);
    for (const token of [primary, named, created]) {
      await waitForRecords({ token, event: 'marker' }, 1);
      expect(events(await received({ token })).map((e) => e.event).sort(), token).toEqual(['$mp_web_page_view', 'marker']);
    }
    expect(seen.errors).toEqual([]);
  });

  test(`${build}: createInstance after destroy() starts cleanly: a fresh instance, the same visitor, the old one inert, listeners not doubled`, async ({ page }) => {
    const seen = watchPage(page);
    const token = uniqueToken('again');
    const listeners = await listenerCounter(page);
    await page.goto(`${collector()}/test-e2e/pages/blank.html`);
    const base = await listeners(file);
    await page.evaluate(async ({ file, token, api }) => {
      const { createInstance } = await import(`/dist/${file}`);
      const w = window as any;
      w.__create = () => createInstance(token, { name: 'w', api_host: api, batch_flush_interval_ms: 60000 });
      w.__a = w.__create();
      w.__a.register({ plan: 'pro' });
      w.__a.track('first');
    }, { file, token, api: collector() });
    const one = await listeners(file);
    expect(one).toBeGreaterThan(base);
    const r = await page.evaluate(async () => {
      const w = window as any;
      const destroyed = w.__a.destroy();
      w.__a.track('after destroy'); // dropped: the instance is inert from the call on
      w.__b = w.__create();
      w.__b.track('second');
      await destroyed;
      await w.__b.flush();
      return { fresh: w.__a !== w.__b, a: w.__a.get_distinct_id(), b: w.__b.get_distinct_id() };
    });
    expect(r.fresh).toBe(true);
    expect(r.b).toBe(r.a);
    expect(await listeners(file)).toBe(one);
    const got = events(await waitForRecords({ token, event: 'second' }, 1));
    const all = events(await received({ token }));
    expect(all.map((e) => e.event).sort()).toEqual(['first', 'second']);
    for (const e of all) expect(e.properties).toMatchObject({ token, distinct_id: r.a, plan: 'pro' });
    expect(got[0].properties.$insert_id).not.toBe(all.find((e) => e.event === 'first').properties.$insert_id);
    await page.evaluate(() => (window as any).__b.destroy());
    expect(await listeners(file)).toBe(base);
    expect(seen.errors).toEqual([]);
  });
}

for (const slow of [false, true])
test(`a widget with autotrack_root: track_links and track_forms see its own (closed) shadow root, not the host page${slow ? ' (the module arrives after track_links_timeout: the early click and submit are still tracked)' : ''}`, async ({ page }) => {
  const seen = watchPage(page);
  // A loaded machine can take longer than track_links_timeout (300 ms) to bring the module's chunk.
  if (slow) await page.route('**/dist/tracklet-autotrack.mjs', (route) => setTimeout(() => route.continue(), 1_000));
  const token = uniqueToken('root');
  await page.goto(`${collector()}/test-e2e/pages/blank.html`);
  await page.evaluate(async ({ token, api }) => {
    const { createInstance } = await import('/dist/tracklet.mjs' as string);
    const host = document.body.appendChild(document.createElement('div'));
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = '<a class="t" id="inside" href="#inside"><span id="label">in</span></a><form class="t" id="form"><button>go</button></form>';
    const outside = document.body.appendChild(Object.assign(document.createElement('a'), { className: 't', id: 'outside', href: '#outside', textContent: 'out' }));
    const w = createInstance(token, { name: 'w', api_host: api, batch_flush_interval_ms: 60000, autotrack_root: root });
    // Returning false keeps the page where it is: only the events matter here.
    w.track_links('a.t', 'Widget link', (el: Element) => ({ id: el.id }), () => false);
    w.track_forms('form.t', 'Widget form', (el: Element) => ({ id: el.id }), () => false);
    (root.getElementById('label') as HTMLElement).click(); // a click on a link's child counts
    (root.getElementById('form') as HTMLFormElement).requestSubmit(); // submit is not composed: only a listener inside sees it
    outside.click();
    w.track('marker');
    await w.flush();
  }, { token, api: collector() });
  await waitForRecords({ token, event: 'marker' }, 1);
  const got = events(await received({ token }));
  expect(got.filter((e) => e.event !== 'marker').map((e) => [e.event, e.properties.id]).sort()).toEqual([['Widget form', 'form'], ['Widget link', 'inside']]);
  expect(seen.errors).toEqual([]);
});

test('ES build: a tracked link followed before the autotrack module arrives is not lost when the page leaves (the module never comes on this page)', async ({ page }) => {
  const seen = watchPage(page);
  // The chunk comes long after track_links_timeout (300 ms): the held navigation goes first.
  await page.route('**/dist/tracklet-autotrack.mjs', (route) => setTimeout(() => route.continue().catch(() => {}), 5_000));
  const token = uniqueToken('leave');
  await page.goto(`${collector()}/test-e2e/pages/blank.html`);
  await page.evaluate(async ({ token, api }) => {
    const { createInstance } = await import('/dist/tracklet.mjs' as string);
    const a = document.body.appendChild(Object.assign(document.createElement('a'), { id: 'go', href: '/test-e2e/pages/blank.html?next', textContent: 'next' }));
    const w = createInstance(token, { name: 'w', api_host: api, batch_flush_interval_ms: 60000 });
    w.track_links('#go', 'Left the page', { plan: 'pro' });
    a.click();
  }, { token, api: collector() });
  await page.waitForURL(/blank\.html\?next$/, { timeout: 10_000 });
  const [left] = events(await waitForRecords({ token, event: 'Left the page' }, 1, 15_000));
  expect(left.properties).toMatchObject({ token, plan: 'pro', url: `${collector()}/test-e2e/pages/blank.html?next` });
  expect(seen.errors).toEqual([]);
});
