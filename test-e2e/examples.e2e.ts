// The examples a newcomer opens after `npm start`: each works in a real browser and every
// payload reaches the collector with its own token.
import { test, expect, type Page } from '@playwright/test';
import { collector, otherOrigin, received, watchPage } from './support/collector';
import { pageState, recordTimersAndErrors, liveTimers, frameErrors, listenerCounter, type PageState } from './support/leaks';

// Examples use fixed demo tokens, so each test only looks at records newer than its start.
async function lastSeq(): Promise<number> {
  const res = await fetch(`${collector()}/_/received?limit=1000000`);
  const { records } = await res.json();
  return records.reduce((m: number, r: any) => Math.max(m, r.seq), 0);
}

async function waitForNames(token: string, since: number, names: string[]) {
  let got: any[] = [];
  await expect
    .poll(async () => {
      got = (await received({ token, since })).filter((r) => r.endpoint === 'track').map((r) => r.payload);
      return names.every((n) => got.some((e) => e.event === n));
    }, { timeout: 15_000, message: `events ${names} for ${token}` })
    .toBe(true);
  return got;
}

const tokensOf = async (token: string, since: number) => {
  const records = await received({ token, since });
  return records.map((r) => (r.endpoint === 'track' ? r.payload.properties.token : r.payload.$token));
};

const shownDistinctId = (page: Page) => expect(page.locator('#distinct-id')).not.toHaveText('…');

test.describe.configure({ mode: 'serial' });

test('snippet site: queued calls, clicks, identify and groups arrive with the site token', async ({ page }) => {
  const seen = watchPage(page);
  const since = await lastSeq();
  await page.goto(`${collector()}/examples/snippet-site/`);
  await shownDistinctId(page);
  await page.click('#signup');
  await page.click('#login');
  await page.click('#join');
  const names = await waitForNames('demo-site-token', since, ['Landing viewed', '$mp_web_page_view', 'Signup clicked', '$identify', 'Team joined']);
  expect(names.find((e) => e.event === 'Signup clicked').properties.plan).toBe('free');
  await expect.poll(async () => (await received({ token: 'demo-site-token', since })).some((r) => r.endpoint === 'groups')).toBe(true);
  expect(new Set(await tokensOf('demo-site-token', since))).toEqual(new Set(['demo-site-token']));
  await expect(page.locator('#distinct-id')).toHaveText('ada@example.com');
  expect(seen.errors).toEqual([]);
});

test('SPA (full ES module): one page view per route, people updates held until sign-in, no globals', async ({ page }) => {
  test.slow(); // its waits add up to 30 s; a loaded machine needs the room
  const seen = watchPage(page);
  await page.addInitScript(() => ((window as any).__globalsAtStart = Object.keys(window)));
  const since = await lastSeq();
  await page.goto(`${collector()}/examples/spa/`);
  await shownDistinctId(page);
  const anonymous = await page.locator('#distinct-id').textContent();
  await page.click('a[data-route="products"]');
  await page.locator('button', { hasText: /add to cart/i }).first().click();
  await page.click('a[data-route="checkout"]');
  await page.locator('button', { hasText: /complete order/i }).click();
  await expect(page.locator('.status')).toContainText('held until you sign in');
  await page.click('#sign-in');
  await page.goBack();
  const events = await waitForNames('demo-spa-token', since, ['$mp_web_page_view', 'Added to cart', 'Checkout completed', '$identify']);
  let views: any[] = [];
  await expect
    .poll(async () => (views = (await received({ token: 'demo-spa-token', since, event: '$mp_web_page_view' })).map((r) => r.payload)).length, { timeout: 15_000 })
    .toBe(4);
  expect(views.map((e) => e.properties.route)).toEqual(['home', 'products', 'checkout', 'products']);
  expect(events.find((e) => e.event === 'Added to cart').properties).toMatchObject({ sku: 'NB-A5-DOT', price: 12, distinct_id: anonymous });
  expect(events.find((e) => e.event === '$identify').properties).toMatchObject({ distinct_id: 'grace@example.com', $anon_distinct_id: anonymous });
  // The order's profile update waited for identify(), then went out with the name.
  let profile: any[] = [];
  await expect
    .poll(async () => (profile = (await received({ token: 'demo-spa-token', since })).filter((r) => r.endpoint === 'engage').map((r) => r.payload)).length >= 2, { timeout: 15_000 })
    .toBe(true);
  expect(profile.find((p) => p.$add)).toMatchObject({ $distinct_id: 'grace@example.com', $add: { orders: 1 } });
  expect(profile.find((p) => p.$set && p.$set.$name)).toMatchObject({ $distinct_id: 'grace@example.com', $token: 'demo-spa-token' });
  expect(new Set(await tokensOf('demo-spa-token', since))).toEqual(new Set(['demo-spa-token']));
  // The ES module and the app create no globals.
  expect(await page.evaluate(() => Object.keys(window).filter((k) => !(window as any).__globalsAtStart.includes(k) && k !== '__globalsAtStart'))).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
});

/** The host's own state as its `mixpanel` sees it. */
const hostState = (page: Page) =>
  page.evaluate(() => {
    const m = (window as any).mixpanel;
    return { token: m.get_config('token'), id: m.get_distinct_id(), section: m.get_property('site_section'), widget: m.get_property('widget_version') };
  });

const WIDGET = 'demo-widget-token';
const LITE = '/dist/tracklet-lite.mjs';

/** Storage keys of the widget: its record and its outbox, all namespaced by its token. */
const widgetKeys = (s: PageState) => Object.keys(s.local).filter((k) => k.includes(WIDGET)).sort();
/** The host page's own entries, leaving out its outbox, which comes and goes as the host sends. */
const hostEntries = (s: PageState) => Object.entries(s.local).filter(([k]) => !k.includes(WIDGET) && !k.startsWith('__tkq_demo-host-token_'));

test('widget (tracklet/lite): own token inline and in a sandboxed cross-site frame; host globals, cookies and storage untouched; destroy() leaves no listener or timer', async ({ page }) => {
  test.slow(); // its waits add up to 30 s; a loaded machine needs the room
  const seen = watchPage(page);
  await recordTimersAndErrors(page);
  const listeners = await listenerCounter(page);
  // Hold the widget's script until the host page has settled, to see the page without it.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/examples/widget/widget.js', async (route) => (await held, route.continue()));
  const since = await lastSeq();
  // The host on localhost, so its sandboxed frame comes from 127.0.0.1: another site.
  await page.goto(`${otherOrigin()}/examples/widget/`, { waitUntil: 'commit' }); // 'load' waits for the held script
  await shownDistinctId(page);
  await waitForNames('demo-host-token', since, ['Host page viewed']);
  await page.evaluate(() => (window as any).mixpanel.flush());
  const before = await pageState(page);
  const host = await hostState(page);
  const listenersBefore = await listeners();
  expect(await listeners(LITE)).toBe(0);

  release();
  const widget = page.locator('[data-chat-widget]');
  await widget.locator('button[aria-label="Open chat"]').click();
  await widget.locator('input').fill('hello there');
  await widget.locator('button', { hasText: 'Send' }).click();
  const frameEl = page.frameLocator('#sandboxed');
  await frameEl.locator('[data-chat-widget] button[aria-label="Open chat"]').click();
  await expect(frameEl.locator('#storage')).toContainText('blocked');

  const widgetEvents = await waitForNames(WIDGET, since, ['Widget opened', 'Message sent']);
  await expect.poll(async () => (await received({ token: WIDGET, since, event: 'Widget opened' })).length, { timeout: 15_000 }).toBe(2);
  const opened = (await received({ token: WIDGET, since, event: 'Widget opened' })).map((r) => r.payload);
  expect(opened.map((e) => e.properties.widget_embed).sort()).toEqual(['iframe', 'inline']);
  const inline = opened.find((e) => e.properties.widget_embed === 'inline');
  const framed = opened.find((e) => e.properties.widget_embed === 'iframe');
  expect(widgetEvents.find((e) => e.event === 'Message sent').properties).toMatchObject({ length: 11, widget_embed: 'inline' });

  // Tokens never mix: each token's data carries that token and none of the other's properties or ids.
  expect(new Set(await tokensOf(WIDGET, since))).toEqual(new Set([WIDGET]));
  expect(new Set(await tokensOf('demo-host-token', since))).toEqual(new Set(['demo-host-token']));
  for (const e of widgetEvents) {
    expect(e.properties.site_section).toBeUndefined();
    expect(e.properties.distinct_id).not.toBe(host.id);
  }
  for (const e of (await received({ token: 'demo-host-token', since })).map((r) => r.payload)) expect(e.properties.widget_version).toBeUndefined();
  // The frame, where storage throws, has an identity of its own, kept in memory.
  expect(framed.properties.distinct_id).not.toBe(inline.properties.distinct_id);

  // The host after the widget ran: the same globals, cookies, storage and analytics state.
  const after = await pageState(page);
  expect(after.globals).toEqual(before.globals);
  expect(after.cookie).toBe(before.cookie);
  expect(hostEntries(after)).toEqual(hostEntries(before));
  expect(after.session).toEqual(before.session);
  expect(widgetKeys(before)).toEqual([]);
  expect(widgetKeys(after)).toContain(`mp_${WIDGET}_chatwidget`);
  expect(await hostState(page)).toEqual(host);
  const mounted = await listeners(LITE);
  expect(mounted).toBeGreaterThan(0);

  // Unmounted: destroy() sent the rest and removed every listener and timer of tracklet's.
  await page.click('#widget-toggle');
  await expect(page.locator('#widget-state')).toHaveText('removed');
  expect(await listeners(LITE)).toBe(0);
  expect(await listeners()).toBe(listenersBefore);
  expect(await liveTimers(page, LITE)).toBe(0);
  const gone = await pageState(page);
  expect(gone.globals).toEqual(before.globals);
  expect(gone.cookie).toBe(before.cookie);
  expect(hostEntries(gone)).toEqual(hostEntries(before));
  expect(gone.session).toEqual(before.session);
  // What stays is the visitor's record, as after a reload: no outbox, nothing else.
  expect(widgetKeys(gone)).toEqual([`mp_${WIDGET}_chatwidget`]);

  // Added back: a fresh instance for the same token and the same visitor, nothing doubled.
  await page.click('#widget-toggle');
  await expect(page.locator('#widget-state')).toHaveText('mounted');
  await widget.locator('button[aria-label="Open chat"]').click();
  await expect
    .poll(async () => (await received({ token: WIDGET, since, event: 'Widget opened' })).filter((r) => r.payload.properties.widget_embed === 'inline').length, { timeout: 15_000 })
    .toBe(2);
  const again = (await received({ token: WIDGET, since, event: 'Widget opened' })).map((r) => r.payload).filter((e) => e.properties.widget_embed === 'inline');
  expect(again[1].properties.distinct_id).toBe(inline.properties.distinct_id);
  expect(await listeners(LITE)).toBe(mounted);
  expect(await hostState(page)).toEqual(host);

  // Nothing thrown anywhere, the sandboxed frame included.
  const frame = page.frames().find((f) => f.url().includes('/examples/widget/frame.html'))!;
  expect(new URL(frame.url()).hostname).toBe('127.0.0.1');
  expect(new URL(page.url()).hostname).toBe('localhost');
  expect(await frameErrors(frame)).toEqual([]);
  expect(await frameErrors(page)).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
});
