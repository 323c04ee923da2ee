// Modules load only when a call needs them: a page that only tracks fetches the core and nothing
// else, in the script-tag and the ES module builds; link tracking then fetches its module.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collector, uniqueToken, waitForEvents, watchPage, openWithSetup, bundleLoaded, requested } from './support/collector';

declare const mixpanel: any;

const INGESTION = /^\/(track|engage|groups)\/?$/;

test('script tag: a page that only tracks requests the core and nothing more; track_links then loads its module', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('core');
  const paths = requested(page);
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
    mixpanel.track('only track');
  }, { token, api: collector() });
  await bundleLoaded(page);
  await waitForEvents(token, ['only track']);
  await page.evaluate(() => mixpanel.flush());
  expect([...new Set(paths.filter((p) => !INGESTION.test(p)))]).toEqual(['/test-e2e/pages/snippet.html', '/dist/tracklet.min.js']);

  // The control: the same page asks for link tracking, and the module is fetched beside the core.
  await page.evaluate(() => mixpanel.track_links('#link', 'Link clicked'));
  await expect.poll(() => paths.filter((p) => !INGESTION.test(p)).slice(2)).toEqual(['/dist/tracklet-autotrack.min.js']);
  await page.click('#link');
  await waitForEvents(token, ['Link clicked']);
  expect(seen.errors).toEqual([]);
});

test('a pinned core refuses an altered list of module hashes: no module runs, every other call still goes', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('sribad');
  const sri = JSON.parse(readFileSync('dist/integrity.json', 'utf8'));
  await page.addInitScript({ content: `window.TRACKLET_SRI = ${JSON.stringify(sri['tracklet.min.js'])};` });
  // One hash changed in transit (a compromised CDN): the list no longer matches the core's pin.
  await page.route('**/dist/tracklet-sri.min.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace('"sha256-', '"sha256-A') });
  });
  const paths = requested(page);
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
    mixpanel.track_links('#link', 'Link clicked');
    mixpanel.track('after the refused module');
  }, { token, api: collector() });
  await bundleLoaded(page);
  await waitForEvents(token, ['after the refused module']);
  expect(paths).toContain('/dist/tracklet-sri.min.js');
  expect(paths).not.toContain('/dist/tracklet-autotrack.min.js');
  expect(seen.consoleErrors.filter((m) => /integrity/i.test(m))).toHaveLength(1);
  expect(seen.errors).toEqual([]);
});

test('ES module: a page that only tracks imports no module chunk; track_links then imports it', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('coreesm');
  const paths = requested(page);
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready);
  await page.evaluate(({ token, api }) => {
    const w = (window as any).__tracklet.createInstance(token, { api_host: api, batch_flush_interval_ms: 100 });
    w.track('only track');
    (window as any).__w = w;
  }, { token, api: collector() });
  await waitForEvents(token, ['only track']);
  const scripts = () => [...new Set(paths.filter((p) => p.startsWith('/dist/')))];
  expect(scripts()).toEqual(['/dist/tracklet.mjs']);
  await page.evaluate(() => (window as any).__w.track_links('a', 'Link clicked'));
  await expect.poll(scripts).toEqual(['/dist/tracklet.mjs', '/dist/tracklet-autotrack.mjs']);
  expect(seen.errors).toEqual([]);
});

test('a pinned core (SRI) loads the list of module hashes, then each module with its own integrity from dist/integrity.json', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('sri');
  const sri = JSON.parse(readFileSync('dist/integrity.json', 'utf8'));
  // What `npx tracklet snippet` writes before the stub: the core's pin.
  await page.addInitScript({ content: `window.TRACKLET_SRI = ${JSON.stringify(sri['tracklet.min.js'])};` });
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
    mixpanel.track_links('#link', 'Link clicked');
  }, { token, api: collector() });
  await bundleLoaded(page);
  const pins = await page.evaluate(() => [...document.scripts].filter((s) => s.src).map((s) => [new URL(s.src).pathname, s.integrity]));
  expect(pins).toEqual([
    ['/dist/tracklet.min.js', sri['tracklet.min.js']],
    // The core carries one hash, of the file listing the modules' hashes: fetched first, pinned.
    ['/dist/tracklet-sri.min.js', sri['tracklet-sri.min.js']],
    ['/dist/tracklet-autotrack.min.js', sri['tracklet-autotrack.min.js']],
  ]);
  await page.click('#link');
  await waitForEvents(token, ['Link clicked']);
  expect(seen.errors).toEqual([]);
});
