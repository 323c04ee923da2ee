// Cookie placement: the registrable domain is found by asking the browser (never a public
// suffix, no suffix list shipped), SameSite=Lax by default, host-only when asked.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, openWithSetup, bundleLoaded, waitForEvents } from './support/collector';

declare const mixpanel: any;

const port = () => new URL(collector()).port;

for (const [host, domain] of [
  ['shop.example.co.uk', '.example.co.uk'], // co.uk is a public suffix
  ['a.team.github.io', '.team.github.io'], // github.io is one too (the list's private section)
  ['localhost', 'localhost'], // single label: host-only
] as const) {
  test(`cross_subdomain_cookie on ${host} sets the cookie on ${domain}`, async ({ page, context }) => {
    const token = uniqueToken('cookie');
    const origin = `http://${host}:${port()}`;
    await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 }), { token, api: origin }, origin);
    await bundleLoaded(page);
    await page.evaluate(() => mixpanel.track('cookie check'));
    await waitForEvents(token, ['cookie check']);
    const cookies = (await context.cookies(origin)).filter((c) => c.name.includes(token));
    expect(cookies.map((c) => [c.name, c.domain, c.sameSite, c.path])).toEqual([[`mp_${token}_mixpanel`, domain, 'Lax', '/']]);
    expect((await context.cookies(origin)).some((c) => c.name.startsWith('__tk_probe'))).toBe(false);
  });
}

test('cross_subdomain_cookie: false keeps the cookie on the host', async ({ page, context }) => {
  const token = uniqueToken('hostonly');
  const origin = `http://shop.example.co.uk:${port()}`;
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, cross_subdomain_cookie: false, secure_cookie: true }), { token, api: origin }, origin);
  await bundleLoaded(page);
  const [cookie] = (await context.cookies(origin)).filter((c) => c.name.includes(token));
  expect(cookie.domain).toBe('shop.example.co.uk');
  // secure_cookie on plain http would make the browser refuse the cookie: it waits for https.
  expect(cookie.secure).toBe(false);
});

test("persistence: 'localStorage' keeps the record out of cookies, under the same name", async ({ page, context }) => {
  const token = uniqueToken('ls');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, persistence: 'localStorage' }), { token, api: collector() });
  await bundleLoaded(page);
  await page.evaluate(() => mixpanel.register({ kept: 'here' }));
  expect((await context.cookies()).filter((c) => c.name.includes(token))).toEqual([]);
  const record = JSON.parse((await page.evaluate((t) => localStorage.getItem(`mp_${t}_mixpanel`), token)) || '{}');
  expect(record.kept).toBe('here');
  expect(record.distinct_id).toMatch(/^\$device:/);
});
