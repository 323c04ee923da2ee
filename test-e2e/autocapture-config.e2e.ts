// The `autocapture` config as users set it: init loads the module beside the core (and only
// then), clicks arrive as Mixpanel's events, the module sends the page view instead of the core's
// `track_pageview`, and set_config turns it off; lite says it has none.
import { test, expect } from '@playwright/test';
import { collector, openWithSetup, bundleLoaded, delivered, uniqueToken } from './support/collector';

declare const mixpanel: any;

async function open(page: import('@playwright/test').Page, token: string, config: object) {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openWithSetup(page, 'snippet.html', ({ token, api, config }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, ...config }), { token, api: collector(), config });
  await bundleLoaded(page);
  return fetched;
}

/** Events before a sentinel tracked now (one ordered queue: all before it have arrived). */
async function settle(page: import('@playwright/test').Page, token: string) {
  const mark = `sentinel ${Date.now()}`;
  await page.evaluate((m) => mixpanel.track(m), mark);
  let got: any[] = [];
  await expect.poll(async () => (got = await delivered(token)).some((e) => e.event === mark), { timeout: 15_000 }).toBe(true);
  return got.filter((e) => !e.event.startsWith('sentinel'));
}

test('autocapture: true loads the module, captures a click, sends one page view; set_config turns it off', async ({ page }) => {
  const token = uniqueToken('ac_cfg');
  const fetched = await open(page, token, { autocapture: true, track_pageview: true });
  await page.click('#link');
  let events = await settle(page, token);
  expect(fetched).toContain('/dist/tracklet-autocapture.min.js');
  const clicks = events.filter((e) => e.event === '$mp_click');
  expect(clicks).toHaveLength(1);
  expect(clicks[0].properties).toMatchObject({ $mp_autocapture: true, $el_tag_name: 'a', $el_id: 'link', token });
  // One page view per URL, the module's (upstream ignores track_pageview while autocapture is on;
  // its default pageview 'full-url' counts the link's #next as a new URL).
  const views = events.filter((e) => e.event === '$mp_web_page_view').map((e) => new URL(e.properties.$current_url).hash);
  expect(views).toEqual(['', '#next']);

  await page.evaluate(() => mixpanel.set_config({ autocapture: false }));
  await page.click('#link');
  events = await settle(page, token);
  expect(events.filter((e) => e.event === '$mp_click')).toHaveLength(1); // still the first one only
});

test('without autocapture, nothing of it is fetched; lite ignores it with a debug note', async ({ page }) => {
  const token = uniqueToken('ac_off');
  const fetched = await open(page, token, {});
  await page.click('#link');
  const events = await settle(page, token);
  expect(events.filter((e) => e.event === '$mp_click')).toEqual([]);
  expect(fetched.filter((p) => p.includes('autocapture'))).toEqual([]);
});
