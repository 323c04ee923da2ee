// The ES module: no globals, nothing at import, and widget instances that share nothing.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, events, watchPage, openWithSetup } from './support/collector';

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
