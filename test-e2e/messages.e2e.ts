// Problem messages as codes (issue #15, "Debug messages"): the sentences are a module fetched only
// for `debug: true` or an `error_reporter`; reports made before it arrived wait for it and are
// written in order; without it, a loud problem still reaches the console as code + docs link.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collector, uniqueToken, watchPage, openWithSetup, bundleLoaded, waitForEvents } from './support/collector';

declare const mixpanel: any;

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const DOCS = `https://cdn.jsdelivr.net/npm/tracklet@${pkg.version}/docs/messages.md`;
const SECRET = 'config "api_secret" refused (a credential): secrets stay on your server';
const PLACEHOLDER = 'identify: "null" is a placeholder id Mixpanel rejects';

/** Every `[tracklet]` line of the console, and every URL the page asked for. */
function watch(page: Page) {
  const lines: string[] = [];
  const urls: string[] = [];
  page.on('console', (m) => m.text().startsWith('[tracklet]') && lines.push(m.text()));
  page.on('request', (r) => urls.push(r.url()));
  return { lines, urls };
}

test('without debug or error_reporter no messages module is fetched, and a refused secret still prints code + link', async ({ page }) => {
  const seen = watchPage(page);
  const { lines, urls } = watch(page);
  const token = uniqueToken('msgquiet');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, api_secret: 'not-for-browsers' } as any);
    mixpanel.track('after');
  }, { token, api: collector() });
  await bundleLoaded(page);
  // On the console at once, before any event went out: the code, its entry in the docs, the key.
  expect(seen.consoleErrors).toEqual([`[tracklet] 47 ${DOCS}#47 api_secret`]);
  await waitForEvents(token, ['after']);
  expect(urls.some((u) => u.includes('/dist/tracklet.min.js'))).toBe(true);
  expect(urls.filter((u) => u.includes('tracklet-messages'))).toEqual([]);
  expect(lines).toHaveLength(1);
  expect(seen.errors).toEqual([]);
});

test('with debug: true, problems met before the module arrived are printed with their sentences, in order', async ({ page }) => {
  const seen = watchPage(page);
  const { lines, urls } = watch(page);
  const token = uniqueToken('msgdebug');
  // The module is slow (held back until the page made its calls), so every report below waits for it.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/dist/tracklet-messages.min.js', async (route) => {
    await held;
    await route.continue();
  });
  const setup = ({ token, api }: { token: string; api: string }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, debug: true, api_secret: 'not-for-browsers' } as any);
    mixpanel.identify('null');
    mixpanel.track('ok');
    mixpanel.track('');
  };
  // (openWithSetup, without waiting for the load event: the held module script delays it.)
  await page.addInitScript({ content: `window.__setup = () => (${setup.toString()})(${JSON.stringify({ token, api: collector() })});` });
  await page.goto(`${collector()}/test-e2e/pages/snippet.html`, { waitUntil: 'commit' });
  await bundleLoaded(page);
  await expect.poll(() => urls.filter((u) => u.includes('/dist/tracklet-messages.min.js')).length, { timeout: 10_000 }).toBe(1);
  expect(lines).toEqual([]); // all held
  release();
  // The debug trace ("queued for /track", with the payload) waited too, and came in its place.
  const inOrder = () => lines.map((l) => (l.startsWith('[tracklet] queued for /track') ? 'queued' : l));
  await expect.poll(inOrder, { timeout: 10_000 }).toEqual([`[tracklet] ${SECRET}`, `[tracklet] ${PLACEHOLDER}`, 'queued', '[tracklet] track() needs a non-empty event name']);
  // Once here, a report is written at once.
  await page.evaluate(() => mixpanel.people.increment('n', 'x' as any));
  expect(lines.at(-1)).toBe('[tracklet] people.increment: "n" needs a number; skipped');
  expect(seen.errors).toEqual([]);
});

test('error_reporter receives the full sentence (a little later: once the module arrived)', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('msgreporter');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    (window as any).__reports = [];
    mixpanel.init(token, { api_host: api, api_secret: 'x', error_reporter: (m: string, e?: unknown) => (window as any).__reports.push([m, e === undefined]) } as any);
    mixpanel.identify('null');
  }, { token, api: collector() });
  await bundleLoaded(page);
  await expect.poll(() => page.evaluate(() => (window as any).__reports), { timeout: 10_000 }).toEqual([[SECRET, true], [PLACEHOLDER, true]]);
  // Loud problems reach the console too (without debug), with their sentence.
  expect(seen.consoleErrors).toEqual([`[tracklet] ${SECRET}`, `[tracklet] ${PLACEHOLDER}`]);
  expect(seen.errors).toEqual([]);
});

test('a messages module that cannot load: the held reports are written as code + link, in order', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('msgfail');
  await page.route('**/dist/tracklet-messages.min.js', (route) => route.fulfill({ status: 404, body: '' }));
  await openWithSetup(page, 'snippet.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, debug: true, api_secret: 'x' } as any);
    mixpanel.identify('null');
  }, { token, api: collector() });
  await bundleLoaded(page);
  await expect.poll(() => seen.consoleErrors.filter((m) => m.startsWith('[tracklet]')), { timeout: 15_000 }).toEqual([`[tracklet] 47 ${DOCS}#47 api_secret`, `[tracklet] 17 ${DOCS}#17 identify null`]);
  expect(seen.errors).toEqual([]);
});

test('set_config({ debug: true }) fetches the module; later problems are printed with their sentence', async ({ page }) => {
  const { lines, urls } = watch(page);
  const token = uniqueToken('msgsetconfig');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api }), { token, api: collector() });
  await bundleLoaded(page);
  expect(urls.filter((u) => u.includes('tracklet-messages'))).toEqual([]);
  await page.evaluate(() => {
    mixpanel.set_config({ debug: true });
    mixpanel.get_group(5 as any, 'x').set('a', 1);
  });
  await expect.poll(() => lines, { timeout: 10_000 }).toEqual(['[tracklet] get_group: key must be a string, id a string or number; dropped']);
  expect(urls.filter((u) => u.includes('tracklet-messages'))).toHaveLength(1);
});

test('ES module build: the sentences are a chunk of their own, fetched only with debug', async ({ page }) => {
  const { lines, urls } = watch(page);
  const token = uniqueToken('msgesm');
  await page.goto(`${collector()}/test-e2e/pages/blank.html`);
  await page.evaluate(async ({ token, api }) => {
    const { createInstance } = await import('/dist/tracklet.mjs' as string);
    createInstance(token, { api_host: api, name: 'quiet' }).track('');
  }, { token, api: collector() });
  expect(lines).toEqual([`[tracklet] 13 ${DOCS}#13`]);
  expect(urls.filter((u) => u.includes('tracklet-messages'))).toEqual([]);
  await page.evaluate(async ({ token, api }) => {
    const { createInstance } = await import('/dist/tracklet.mjs' as string);
    createInstance(token, { api_host: api, name: 'loud', debug: true }).track('');
  }, { token, api: collector() });
  await expect.poll(() => lines.at(-1), { timeout: 10_000 }).toBe('[tracklet] track() needs a non-empty event name');
  expect(urls.filter((u) => u.includes('/dist/tracklet-messages.mjs'))).toHaveLength(1);
});
