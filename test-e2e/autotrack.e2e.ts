// Page views that follow client-side navigation in each of Mixpanel's modes, and link / form
// tracking that delays navigation only as long as needed.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, received, waitForEvents, watchPage, openWithSetup, bundleLoaded } from './support/collector';

declare const mixpanel: any;

const EXPECTED: [unknown, number][] = [
  [true, 1],
  ['url-with-path', 3],
  ['url-with-path-and-query-string', 4],
  ['full-url', 5],
];

for (const [mode, count] of EXPECTED) {
  test(`track_pageview: ${JSON.stringify(mode)} counts ${count} page views over the same navigation`, async ({ page }) => {
    const seen = watchPage(page);
    const token = uniqueToken('pv');
    await openWithSetup(page, 'snippet.html', ({ token, api, mode }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, track_pageview: mode }), { token, api: collector(), mode });
    await bundleLoaded(page);
    await page.evaluate(async () => {
      history.pushState({}, '', '?step=2'); // query changes
      history.replaceState({}, '', '?step=2'); // nothing changes
      location.hash = 'frag'; // fragment changes
      await new Promise((r) => addEventListener('hashchange', r, { once: true }));
      history.pushState({}, '', '/test-e2e/pages/other-path'); // path changes
      history.back(); // back to ?step=2#frag
      await new Promise((r) => addEventListener('popstate', r, { once: true }));
      mixpanel.track('done'); // queued after every page view: its arrival means they all arrived
      await mixpanel.flush();
    });
    await waitForEvents(token, ['done']);
    const views = (await received({ token, event: '$mp_web_page_view' })).map((r) => r.payload.properties);
    expect(views).toHaveLength(count);
    expect(views.every((v) => v.$mp_autocapture === true)).toBe(true);
    expect(seen.errors).toEqual([]);
  });
}

test('track_links delays a navigation until the event is sent; shadow-root links count; router-handled clicks are left alone', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('links');
  await openWithSetup(page, 'links.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 60000, track_links_timeout: 5000 });
    mixpanel.track_links('a.tracked', 'Link clicked', (el: Element) => ({ id: el.id }));
  }, { token, api: collector() });
  await bundleLoaded(page);

  // The router's link: tracked, no navigation of ours (the router already pushed #routed).
  await page.click('#spa');
  await expect(page).toHaveURL(/#routed$/);
  await expect.poll(async () => (await received({ token, event: 'Link clicked' })).length).toBe(1);

  // A real navigation: the event is on the collector before the next page starts.
  await Promise.all([page.waitForURL(/from=link/), page.click('#out')]);
  const clicks = (await received({ token, event: 'Link clicked' })).map((r) => r.payload.properties);
  expect(clicks.map((p) => p.id).sort()).toEqual(['out', 'spa']);
  expect(clicks.find((p) => p.id === 'out').url).toContain('blank.html?from=link');

  await page.goBack();
  await bundleLoaded(page);
  await page.evaluate(() => mixpanel.track_links('a.tracked', 'Link clicked', (el: Element) => ({ id: el.id })));
  await Promise.all([page.waitForURL(/from=shadow/), page.locator('#host').locator('#shadow-link').click()]);
  expect((await received({ token, event: 'Link clicked' })).map((r) => r.payload.properties.id)).toContain('shadow-link');
  expect(seen.errors).toEqual([]);
});

test('track_forms sends the event, then submits; an invalid selector is reported, not thrown', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('forms');
  await openWithSetup(page, 'links.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 60000 });
    mixpanel.track_forms('#signup', 'Signed up', { plan: 'free' });
    mixpanel.track_links('a[', 'never');
  }, { token, api: collector() });
  await bundleLoaded(page);
  await Promise.all([page.waitForURL(/blank\.html\?email=/), page.click('#submit')]);
  const [e] = (await received({ token, event: 'Signed up' })).map((r) => r.payload.properties);
  expect(e.plan).toBe('free');
  expect(seen.consoleErrors.some((m) => m.includes('"a[" is not a valid selector'))).toBe(true);
  expect(seen.errors).toEqual([]);
});
