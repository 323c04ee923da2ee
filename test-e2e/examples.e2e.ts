// The examples a newcomer opens after `npm start`: each works in a real browser and every
// payload reaches the collector with its own token.
import { test, expect, type Page } from '@playwright/test';
import { collector, otherOrigin, received, watchPage } from './support/collector';

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

test('SPA: one page view per route change, history navigation included', async ({ page }) => {
  const seen = watchPage(page);
  const since = await lastSeq();
  await page.goto(`${collector()}/examples/spa/`);
  await shownDistinctId(page);
  await page.click('a[data-route="products"]');
  await page.locator('button', { hasText: /add to cart/i }).first().click();
  await page.click('a[data-route="checkout"]');
  await page.goBack();
  const events = await waitForNames('demo-spa-token', since, ['$mp_web_page_view', 'Added to cart']);
  await expect
    .poll(async () => (await received({ token: 'demo-spa-token', since, event: '$mp_web_page_view' })).length, { timeout: 15_000 })
    .toBe(4);
  expect(events.every((e) => e.properties.token === 'demo-spa-token')).toBe(true);
  expect(seen.errors).toEqual([]);
});

test('widget: its own token inline and in a sandboxed cross-site frame; host untouched', async ({ page }) => {
  const seen = watchPage(page);
  const since = await lastSeq();
  await page.goto(`${collector()}/examples/widget/`);
  await shownDistinctId(page);
  const hostCookiesBefore = await page.context().cookies();
  const widget = page.locator('[data-chat-widget]').first();
  await widget.locator('button[aria-label="Open chat"]').click();
  await widget.locator('input').fill('hello there');
  await widget.locator('button', { hasText: 'Send' }).click();
  const frame = page.frameLocator('#sandboxed');
  await frame.locator('[data-chat-widget] button[aria-label="Open chat"]').click();
  const widgetEvents = await waitForNames('demo-widget-token', since, ['Widget opened', 'Message sent']);
  await expect.poll(async () => (await received({ token: 'demo-widget-token', since, event: 'Widget opened' })).length, { timeout: 15_000 }).toBe(2);
  const embeds = (await received({ token: 'demo-widget-token', since, event: 'Widget opened' })).map((r) => r.payload.properties.widget_embed).sort();
  expect(embeds).toEqual(['iframe', 'inline']);
  for (const e of widgetEvents) expect(e.properties.token).toBe('demo-widget-token');
  await waitForNames('demo-host-token', since, ['Host page viewed']);
  expect(new Set(await tokensOf('demo-host-token', since))).toEqual(new Set(['demo-host-token']));
  // Using the widget adds no cookie to the host page (its record is written once, namespaced).
  expect((await page.context().cookies()).filter((c) => !hostCookiesBefore.some((b) => b.name === c.name)).map((c) => c.name)).toEqual([]);
  expect(otherOrigin()).not.toBe(collector());
  expect(seen.errors).toEqual([]);
});
