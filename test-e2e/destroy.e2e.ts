// destroy(): a widget that unmounts leaves no listener and no timer of tracklet's behind.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForEvents, openWithSetup } from './support/collector';
import { recordTimersAndErrors, listenerCounter } from './support/leaks';

test('destroy() flushes, then removes every listener and timer it added', async ({ page }) => {
  const token = uniqueToken('destroy');
  // Live timers (setTimeout ids not yet fired or cleared) and listeners: set up before the page loads.
  await recordTimersAndErrors(page);
  const counter = await listenerCounter(page);
  const listeners = () => counter(''); // every listener on window, document and navigation, whoever added it
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
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
