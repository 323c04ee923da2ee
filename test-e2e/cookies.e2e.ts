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

// Each read of document.cookie blocks the page on the browser (several ms for the first one), so
// init reads it once per domain it tries, and a write is never read back.
for (const [host, reads] of [
  ['localhost', 1],
  ['shop.example.co.uk', 2], // co.uk refused, then example.co.uk
] as const) {
  test(`init on ${host} reads document.cookie ${reads}× and track() right after reads it no more`, async ({ page }) => {
    const token = uniqueToken('reads');
    const origin = `http://${host}:${port()}`;
    await page.addInitScript(() => {
      const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
      (window as any).__reads = 0;
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get() { (window as any).__reads++; return d.get!.call(this); }, set(v) { d.set!.call(this, v); } });
    });
    // "Right after" is the same task as init: the record is re-read at most once a second by
    // design (another tab may have changed it), and a loaded machine can take that long between
    // two of the test's own steps.
    const setup = ({ token, api }: { token: string; api: string }) =>
      mixpanel.init(token, {
        api_host: api,
        batch_flush_interval_ms: 100,
        loaded: (mp: any) => {
          const w = window as any;
          w.__atLoaded = w.__reads;
          mp.track('one');
          mp.register({ a: 1 });
          mp.track('two');
          w.__afterTrack = w.__reads;
        },
      });
    await openWithSetup(page, 'snippet.html', setup, { token, api: origin }, origin);
    await bundleLoaded(page);
    expect(await page.evaluate(() => [(window as any).__atLoaded, (window as any).__afterTrack])).toEqual([reads, reads]);
    const event = (await waitForEvents(token, ['two'])).find((e) => e.event == 'two');
    expect(event.properties.a).toBe(1);
    // The record holds what was written, though nothing read it back.
    const record = await page.evaluate((t) => JSON.parse(decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith(`mp_${t}_mixpanel=`))!.split('=')[1])), token);
    expect([record.a, record.distinct_id]).toEqual([1, event.properties.distinct_id]);
  });
}

test('a cookie_domain the browser refuses falls back to a host-only cookie: the visitor keeps their id', async ({ page, context }) => {
  const token = uniqueToken('baddomain');
  const origin = `http://shop.example.co.uk:${port()}`;
  const setup = ({ token, api }: { token: string; api: string }) => mixpanel.init(token, { api_host: api, cookie_domain: 'elsewhere.test' });
  await openWithSetup(page, 'snippet.html', setup, { token, api: origin }, origin);
  await bundleLoaded(page);
  const id = await page.evaluate(() => mixpanel.get_distinct_id());
  const [cookie] = (await context.cookies(origin)).filter((c) => c.name.includes(token));
  expect(cookie.domain).toBe('shop.example.co.uk');
  await page.reload();
  await bundleLoaded(page);
  expect(await page.evaluate(() => mixpanel.get_distinct_id())).toBe(id);
});

test('a cookie_domain the browser takes is used as given', async ({ page, context }) => {
  const token = uniqueToken('gooddomain');
  const origin = `http://shop.example.co.uk:${port()}`;
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api, cookie_domain: 'shop.example.co.uk' }), { token, api: origin }, origin);
  await bundleLoaded(page);
  const [cookie] = (await context.cookies(origin)).filter((c) => c.name.includes(token));
  // A domain attribute (leading dot), not the host-only cookie the fallback would write.
  expect(cookie.domain).toBe('.shop.example.co.uk');
});

test("set_config({ persistence: 'localStorage' }) moves the record out of cookies at once, keeping the visitor's id", async ({ page, context }) => {
  const token = uniqueToken('move');
  await openWithSetup(page, 'snippet.html', ({ token, api }) => mixpanel.init(token, { api_host: api }), { token, api: collector() });
  await bundleLoaded(page);
  const id = await page.evaluate(() => mixpanel.get_distinct_id());
  expect((await context.cookies()).filter((c) => c.name == `mp_${token}_mixpanel`)).toHaveLength(1);
  await page.evaluate(() => mixpanel.set_config({ persistence: 'localStorage' }));
  expect((await context.cookies()).filter((c) => c.name == `mp_${token}_mixpanel`)).toEqual([]);
  const record = JSON.parse((await page.evaluate((t) => localStorage.getItem(`mp_${t}_mixpanel`), token)) || '{}');
  expect(record.distinct_id).toBe(id);
});
