// destroy(): a widget that unmounts leaves no listener and no timer of tracklet's behind.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForEvents, openWithSetup } from './support/collector';

test('destroy() flushes, then removes every listener and timer it added', async ({ page }) => {
  const token = uniqueToken('destroy');
  // Count live timers: setTimeout ids not yet fired or cleared.
  await page.addInitScript(() => {
    const live = new Set<number>();
    const set = window.setTimeout.bind(window);
    const clear = window.clearTimeout.bind(window);
    (window as any).__liveTimers = live;
    (window as any).setTimeout = (fn: any, ms?: number, ...a: any[]) => {
      const id: number = set((...b: any[]) => (live.delete(id), typeof fn == 'function' && fn(...b)), ms, ...a);
      live.add(id);
      return id;
    };
    (window as any).clearTimeout = (id: number) => (live.delete(id), clear(id));
  });
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
  const cdp = await page.context().newCDPSession(page);
  const listeners = async () => {
    let n = 0;
    for (const expr of ['window', 'document', 'navigation']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: expr });
      if (result.objectId) n += (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId })).listeners.length;
    }
    return n;
  };
  const before = await listeners();
  const timersBefore = await page.evaluate(() => (window as any).__liveTimers.size);
  await page.evaluate(({ token, api }) => {
    const w = (window as any).__tracklet.createInstance(token, { api_host: api, track_pageview: 'full-url', batch_flush_interval_ms: 60000 });
    w.track_links('a', 'Link');
    w.track('before destroy');
    (window as any).__w = w;
  }, { token, api: collector() });
  expect(await listeners()).toBeGreaterThan(before);
  await page.evaluate(() => (window as any).__w.destroy());
  await waitForEvents(token, ['before destroy', '$mp_web_page_view']);
  expect(await listeners()).toBe(before);
  expect(await page.evaluate(() => (window as any).__liveTimers.size)).toBe(timersBefore);
  // A destroyed instance is inert: calls do nothing and throw nothing.
  expect(await page.evaluate(() => ((window as any).__w.track('after'), typeof (window as any).__w.get_config()))).toBe('object');
});
