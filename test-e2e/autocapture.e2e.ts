// The autocapture module (src/modules/autocapture/) in Chromium against the collector: what
// each kind of interaction sends, the allow/block rules, stopping, and never throwing.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { uniqueToken, watchPage, waitForEvents, delivered } from './support/collector';
import { openTracklet, settle, named } from './support/autocapture';

declare const mixpanel: any;

test('the two autocapture pages have the same body', () => {
  const body = (f: string) => readFileSync(`test-e2e/pages/${f}`, 'utf8').split('<body>')[1];
  expect(body('autocapture-mixpanel.html')).toBe(body('autocapture.html'));
});

test('clicks: nested elements, links, buttons, shadow DOM, SVG; page view at start', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('ac_click');
  await openTracklet(page, token, true);
  await page.click('#buy b');
  await page.click('#pricing-label');
  await page.click('#shadow-button');
  await page.click('#icon circle');
  const events = await settle(page, token);
  // The start, and the link's hash navigation (full-url mode).
  expect(named(events, '$mp_web_page_view').map((e) => e.properties.$current_url.split('#')[1])).toEqual([undefined, 'pricing-section']);
  const clicks = named(events, '$mp_click').map((e) => e.properties);
  expect(clicks).toHaveLength(4);
  const [buy, link, shadow, svg] = clicks;
  for (const c of clicks) {
    expect(c).toMatchObject({ $mp_autocapture: true, $event_type: 'click', $host: new URL(page.url()).host, $pathname: '/test-e2e/pages/autocapture.html' });
    for (const k of ['$pageX', '$pageY', '$clientX', '$clientY', '$viewportHeight', '$viewportWidth']) expect(typeof c[k]).toBe('number');
  }
  // The innermost element is the target; its ancestors up to <body> are described.
  expect(buy.$el_tag_name).toBe('b');
  expect(buy.$elements.map((e: any) => e.$tag_name)).toEqual(['b', 'span', 'button', 'section', 'main', 'body']);
  expect(buy.$elements[2]).toMatchObject({ $id: 'buy', $classes: ['btn', 'primary'], '$attr-title': 'Buy it', '$attr-aria-label': 'Buy the plan', '$attr-name': 'buy', '$attr-type': 'button' });
  expect(buy.$elements[2]['$attr-data-sku']).toBeUndefined(); // only capture_extra_attrs adds attributes
  expect(link).toMatchObject({ $el_id: 'pricing-label', $el_attr__href: '#pricing-section' });
  // In an open shadow root the control clicked is the target; the chain starts at its host.
  expect(shadow).toMatchObject({ $el_tag_name: 'button', $el_id: 'shadow-button', $el_classes: ['sb'] });
  expect(shadow.$elements[0]).toMatchObject({ $id: 'shadow-host', $tag_name: 'div' });
  expect(svg.$el_tag_name).toBe('circle');
  expect(svg.$elements[1]).toMatchObject({ $id: 'icon', $classes: ['svg-icon'] });
  expect(seen.errors).toEqual([]);
  expect(await page.evaluate(() => (window as any).__reports)).toEqual([]);
});

test('input changes and submits: described, never their values', async ({ page }) => {
  const token = uniqueToken('ac_form');
  await openTracklet(page, token, true);
  await page.fill('#name', 'Ada Lovelace');
  await page.selectOption('#plan', 'pro');
  await page.check('#agree');
  await page.click('#send');
  const events = await settle(page, token);
  const changes = named(events, '$mp_input_change').map((e) => e.properties);
  // (#name's change comes when it loses focus.)
  expect(changes.map((c) => c.$el_id).sort()).toEqual(['agree', 'name', 'plan']);
  for (const c of changes) expect(Object.keys(c[ '$elements'][0]).filter((k) => k.startsWith('$attr-'))).toEqual([]);
  const [submit] = named(events, '$mp_submit').map((e) => e.properties);
  expect(submit).toMatchObject({ $event_type: 'submit', $el_tag_name: 'form', $el_id: 'signup' });
  expect(named(events, '$mp_click').map((e) => e.properties.$el_id)).toContain('send');
  expect(JSON.stringify(events)).not.toContain('Ada Lovelace');
});

test('scroll: one event per checkpoint passed, the highest one when several are', async ({ page }) => {
  const token = uniqueToken('ac_scroll');
  await openTracklet(page, token, { click: false, dead_click: false, rage_click: false });
  const scrollTo = async (fraction: number) => {
    await page.evaluate((f) => window.scrollTo(0, f * (document.body.scrollHeight - innerHeight)), fraction);
  };
  await scrollTo(0.3);
  await expect.poll(async () => named(await settle(page, token), '$mp_scroll').length).toBe(1);
  await scrollTo(0.1); // back up: no checkpoint passed
  await scrollTo(1);
  await expect.poll(async () => named(await settle(page, token), '$mp_scroll').length).toBe(2);
  const scrolls = named(await settle(page, token), '$mp_scroll').map((e) => e.properties);
  expect(scrolls.map((s) => s.$scroll_checkpoint)).toEqual([25, 100]);
  expect(scrolls[1]).toMatchObject({ $mp_autocapture: true, $scroll_percentage: 100 });
  for (const k of ['$scroll_top', '$scroll_height']) expect(typeof scrolls[1][k]).toBe('number');
});

test('rage click: four quick clicks in one spot; dead click: only where nothing changed', async ({ page }) => {
  const token = uniqueToken('ac_rage');
  await openTracklet(page, token, true);
  // (A change up to 100 ms before a click counts for it, so the dead click comes first.)
  await page.click('#dead');
  await waitForEvents(token, ['$mp_dead_click']);
  for (let i = 0; i < 4; i++) await page.click('#rage', { position: { x: 5, y: 5 } });
  await page.click('#buy'); // changes #status: not dead
  await waitForEvents(token, ['$mp_rage_click']);
  const events = await settle(page, token);
  expect(named(events, '$mp_rage_click').map((e) => e.properties.$el_id)).toEqual(['rage']);
  expect(named(events, '$mp_dead_click').map((e) => e.properties)).toEqual([expect.objectContaining({ $el_id: 'dead', $event_type: 'click', $mp_autocapture: true })]);
});

test('page leave (when enabled): on SPA navigation and when the page is hidden', async ({ page }) => {
  const token = uniqueToken('ac_leave');
  await openTracklet(page, token, { page_leave: true });
  await page.evaluate(() => history.pushState({}, '', '?step=2'));
  const [spa] = named(await waitForEvents(token, ['$mp_page_leave']), '$mp_page_leave').map((e) => e.properties);
  expect(spa).toMatchObject({ $event_type: 'mp_locationchange', $mp_autocapture: true, $captured_for_heatmap: false });
  expect(spa.$current_url).toMatch(/autocapture\.html$/);
  for (const k of ['$max_scroll_view_depth', '$max_scroll_percentage', '$fold_line_percentage', '$scroll_height', '$viewportHeight', '$viewportWidth']) expect(typeof spa[k]).toBe('number');
  await page.evaluate(() => (location.href = '/test-e2e/pages/blank.html'));
  let leaves: any[] = [];
  await expect.poll(async () => (leaves = named(await delivered(token), '$mp_page_leave').map((e) => e.properties)).length).toBe(2);
  const hidden = leaves.find((p) => p.$event_type === 'visibilitychange');
  expect(hidden.$current_url).toMatch(/autocapture\.html\?step=2$/);
  // The SPA navigation made a page view too (full-url mode).
  expect(named(await delivered(token), '$mp_web_page_view')).toHaveLength(2);
});

for (const [label, config, query] of [
  ['block_selectors', { block_selectors: ['.private'] }, ''],
  ['the mp-no-track class', {}, ''],
  ['allow_selectors', { allow_selectors: ['#buy *'] }, ''],
  ['block_url_regexes', { block_url_regexes: ['autocapture\\.html\\?quiet'] }, '?quiet'],
  ['allow_url_regexes', { allow_url_regexes: ['elsewhere'] }, ''],
] as const) {
  test(`allow/block: ${label}`, async ({ page }) => {
    const token = uniqueToken('ac_rules');
    await openTracklet(page, token, { dead_click: false, ...config }, query);
    await page.click('#blocked');
    await page.click('#opted-out');
    await page.click('#buy');
    await page.click('#pricing');
    const clicks = named(await settle(page, token), '$mp_click').map((e) => e.properties.$elements.find((x: any) => x.$id).$id);
    const expected: Record<string, string[]> = {
      block_selectors: ['buy', 'pricing'],
      'the mp-no-track class': ['blocked', 'buy', 'pricing'],
      allow_selectors: ['buy'],
      block_url_regexes: [],
      allow_url_regexes: [],
    };
    expect(clicks).toEqual(expected[label]);
  });
}

test('allow_selectors: a clicked child of an allowed element is not the allowed element', async ({ page }) => {
  const token = uniqueToken('ac_allow');
  await openTracklet(page, token, { dead_click: false, allow_selectors: ['#buy', '#buy *'] });
  await page.click('#buy b');
  const [click] = named(await settle(page, token), '$mp_click').map((e) => e.properties);
  // Ancestors outside the allow list are named but not described.
  expect(click.$elements[2]['$attr-title']).toBe('Buy it');
  expect(click.$elements[3]).toEqual({ $classes: ['card'], $tag_name: 'section', $id: 'offer', $nth_child: 1, $nth_of_type: 1 });
});

/** The listeners on window and document by event type, as DevTools lists them. */
async function listenerTypes(page: import('@playwright/test').Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `[window, document].flatMap((t) => Object.entries(getEventListeners(t)).flatMap(([type, list]) => list.map(() => type))).sort()`,
    includeCommandLineAPI: true,
    returnByValue: true,
  });
  await cdp.detach();
  return result.value;
}

test('stop(): every listener gone, history unwrapped, nothing captured after; no listener for moves', async ({ page }) => {
  const token = uniqueToken('ac_stop');
  await openTracklet(page, token, { page_leave: true });
  await page.evaluate(() => (window as any).__stop());
  const baseline = await listenerTypes(page);
  await page.evaluate(() => {
    const w = window as any;
    w.__stop = w['tracklet:autocapture'].startAutocapture({ t: { track: (e: string, p: object, o: object) => mixpanel.track(e, p, o), track_pageview: () => {} }, c: () => ({}), report: () => {} }, { page_leave: true });
  });
  await page.mouse.move(5, 5);
  await page.mouse.down(); // dead click watching starts on a press
  const running = await listenerTypes(page);
  const added = [...running];
  for (const t of baseline) added.splice(added.indexOf(t), 1);
  // The module's own: clicks, presses, changes, submits, scrolls, navigation, visibility; and
  // while a press is pending, what tells a dead click from a live one. Nothing per move or key.
  expect(added.filter((t) => /move|wheel|touch|key|over|out|enter|leave/.test(t))).toEqual([]);
  expect(added).toEqual(expect.arrayContaining(['click', 'change', 'submit', 'pointerdown', 'selectionchange', 'visibilitychange']));
  await page.mouse.up();
  const restored = await page.evaluate(() => {
    const w = window as any;
    w.__stop();
    w.__stop(); // twice is harmless
    return history.pushState.toString().includes('[native code]');
  });
  expect(restored).toBe(true);
  expect(await listenerTypes(page)).toEqual(baseline);
  await page.click('#buy');
  await page.click('#dead');
  await page.fill('#name', 'x');
  await page.click('#send');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.evaluate(() => history.pushState({}, '', '?after-stop'));
  const events = await settle(page, token);
  expect(events.map((e) => e.event)).toEqual(['$mp_web_page_view']);
});

test('never throws into the page: a throwing callback and a bad selector are reported', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('ac_throw');
  await openTracklet(page, token, { block_selectors: ['[[['], allow_url_regexes: [] });
  await page.evaluate(() => {
    const w = window as any;
    w.__stop();
    const host = { t: { track: () => { throw new Error('host track'); }, track_pageview: () => { throw new Error('host pageview'); } }, c: () => ({}), report: () => { throw new Error('report'); } };
    w.__stop = w['tracklet:autocapture'].startAutocapture(host, { block_element_callback: () => { throw new Error('callback'); } });
    w['tracklet:autocapture'].startAutocapture(host, 'yes')();
    w['tracklet:autocapture'].startAutocapture(host, null)();
  });
  await page.click('#buy');
  await page.fill('#name', 'y');
  expect(seen.errors).toEqual([]);
});

// What a click and a mouse move cost the page is measured, beside mixpanel-browser's, by
// `npm run bench:autocapture` (bench/autocapture.mjs): timings belong in a benchmark, not a test.
