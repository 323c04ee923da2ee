// Every way into tracklet passes the one guard (issue 18): argument forms, non-plain config
// objects, credential-shaped tokens and hosts, stored records and adopted queues, names and
// values just outside the obvious ones, pages with altered built-ins, prototype-named keys.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, requests, watchPage, openWithSetup, bundleLoaded, events, received } from './support/collector';
// @ts-ignore: the command is a plain ESM module without types
import { tokenProblem } from '../bin/tracklet.mjs';
import { beatOf, writeRecord } from '../src/delivery/record.mjs';

declare const mixpanel: any;

const secret = (label: string) => `PLANTED${label}x${Math.random().toString(36).slice(2, 10)}`;

/** Opens snippet.html with `init(token, {api_host: collector, ...extra})` after `before` ran. */
async function open(page: Page, token: string, extra: Record<string, unknown> = {}, before = '') {
  if (before) await page.addInitScript({ content: before });
  await openWithSetup(page, 'snippet.html', ({ token, api, extra }) => {
    (window as any).__reports = [];
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, error_reporter: (m: string) => (window as any).__reports.push(m), ...extra });
  }, { token, api: collector(), extra });
  await bundleLoaded(page);
}

/** The secret is nowhere: not in any request the collector saw, any cookie, any storage key or value. */
async function expectNowhere(page: Page, context: BrowserContext, value: string) {
  const raw = await requests();
  expect(raw.filter((r) => JSON.stringify(r).includes(value))).toEqual([]);
  expect(JSON.stringify(await context.cookies())).not.toContain(value);
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage)));
  expect(stored).not.toContain(value);
}

test('(name, value) profile and group updates and anonymous held updates never carry a credential', async ({ page, context }) => {
  const seen = watchPage(page);
  const token = uniqueToken('pairs');
  const S = secret('pairs');
  await open(page, token);
  const heldBefore = await page.evaluate((S) => {
    mixpanel.people.set('password', S); // anonymous: held until identify()
    mixpanel.people.set_once('client_secret', S);
    mixpanel.people.set('plan', 'pro');
    return document.cookie + JSON.stringify(Object.entries(localStorage));
  }, S);
  expect(heldBefore).not.toContain(S);
  expect(heldBefore).toContain('pro');
  await page.evaluate(async (S) => {
    mixpanel.identify('pairs-user');
    mixpanel.people.set('client_secret', S);
    mixpanel.people.set_once('password', S);
    mixpanel.people.append('api_key', S);
    mixpanel.people.union('secret', S);
    mixpanel.people.set('note', 'Bearer ' + S);
    mixpanel.get_group('org', 'o1').set('password', S);
    mixpanel.get_group('org', 'o1').set('size', 3);
    mixpanel.set_group('api_secret', S);
    await mixpanel.flush();
  }, S);
  const records = await waitForRecords({ token }, 4);
  const all = JSON.stringify(records.map((r) => r.payload));
  expect(all).toContain('"plan":"pro"');
  expect(all).toContain('"size":3');
  await expectNowhere(page, context, S);
  expect(seen.errors).toEqual([]);
});

test('xhr_headers that is not a plain object, and credential header names, never send credentials', async ({ page, context }) => {
  const token = uniqueToken('headers');
  const S = secret('headers');
  // Another realm's object, a class instance, an object with a prototype of its own.
  const before = `
    window.__headers = () => {
      const frame = document.createElement('iframe');
      document.documentElement.appendChild(frame);
      const other = new frame.contentWindow.Object();
      other.Authorization = 'Bearer ${S}';
      class H { constructor() { this['X-Auth'] = '${S}'; this['X-Ok'] = 'fine'; } }
      const proto = Object.assign(Object.create({ inherited: 1 }), { 'X-Api-Token': '${S}', Authentication: '${S}' });
      return [other, new H(), proto];
    };`;
  await open(page, token, {}, before);
  await page.evaluate(async () => {
    for (const h of (window as any).__headers()) {
      mixpanel.set_config({ xhr_headers: h });
      mixpanel.track('with headers');
      await mixpanel.flush();
    }
  });
  await waitForRecords({ token }, 3);
  const raw = await requests({ token });
  expect(raw.some((r) => r.headers['x-ok'] === 'fine')).toBe(true); // plain headers still go out
  for (const r of raw) for (const h of ['authorization', 'x-auth', 'x-api-token', 'authentication']) expect(r.headers[h], h).toBeUndefined();
  await expectNowhere(page, context, S);
});

test('init refuses credential-shaped tokens with the same answer as `tracklet snippet --token`', async ({ page, context }) => {
  const seen = watchPage(page);
  const bad = ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX2hlcmU', btoa('admin:hunter22'), 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'secret_0a1b2c3d4e5f'];
  await open(page, uniqueToken('tokens'));
  const results = await page.evaluate(({ bad, api }) => bad.map((t, i) => mixpanel.init(t, { api_host: api }, 'n' + i) === undefined), { bad, api: collector() });
  expect(results).toEqual(bad.map(() => true));
  for (const t of bad) {
    const problem = tokenProblem(t);
    expect(problem, t).not.toBe('');
    // The library's answer is the CLI's: the same reason, word for word, once the messages module
    // is here (this page has an error_reporter), else the same code and its docs link.
    const [, reason, code] = problem.match(/^(.*) \(docs\/messages\.md#(\d+)\)$/)!;
    await expect.poll(() => seen.consoleErrors.some((m) => m.includes(reason) || m.includes(`/docs/messages.md#${code} `)), { message: t, timeout: 10_000 }).toBe(true);
  }
  for (const t of bad) await expectNowhere(page, context, t);
  expect(seen.errors).toEqual([]);
});

test('an api_host or api_hosts entry carrying user:pass@ or a credential query is refused, the default kept', async ({ page, context }) => {
  const token = uniqueToken('hosts');
  const S = secret('hosts');
  const api = collector();
  await open(page, token, { api_host: api.replace('//', `//user:${S}@`), api_hosts: { events: `${api}/?api_key=${S}` } });
  // Reports reach error_reporter once the messages module is here: waited for.
  await expect.poll(() => page.evaluate(() => (window as any).__reports.length), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  const cfg = await page.evaluate(() => [mixpanel.get_config('api_host'), mixpanel.get_config('api_hosts'), (window as any).__reports.join('\n')]);
  expect(cfg[0]).toBe('https://api-js.mixpanel.com');
  expect(cfg[1]).toEqual({});
  expect(cfg[2]).toContain('"api_host"');
  expect(cfg[2]).toContain('"api_hosts.events"');
  // Pointed at the collector again, events go out without the credential anywhere.
  await page.evaluate(async (api) => {
    mixpanel.set_config({ api_host: api, api_hosts: { events: `${api}/?refresh_token=x` } });
    mixpanel.track('after refusal');
    await mixpanel.flush();
  }, api);
  await waitForRecords({ token }, 1);
  await expectNowhere(page, context, S);
  expect(JSON.stringify(await requests({ token }))).not.toContain('refresh_token');
});

test('stored values pass the guard: a planted mp_<token>_mixpanel record, an adopted __mpq_ queue and a left page\'s __tkq_ record', async ({ page, context }) => {
  const token = uniqueToken('stored');
  const S = secret('stored');
  const record = { distinct_id: 'legacy-user', $device_id: 'd1', api_secret: S, note: 'Bearer ' + S, favorite: 'tea', nested: { password: S, keep: 1 }, __mps: { password: S, plan: 'gold' } };
  await context.addCookies([{ name: `mp_${token}_mixpanel`, value: encodeURIComponent(JSON.stringify(record)), url: collector() }]);
  const queued = [{ id: 'a', flushAfter: 0, payload: { event: 'legacy event', properties: { token, distinct_id: 'legacy-user', time: 1700000000, $insert_id: 'legacy1', password: S, list: ['ok', 'Bearer ' + S] } } }];
  // A record of tracklet's own outbox, as a page that left wrote it (header line, then `<shared prefix> <rest>` lines).
  const tkq = `__tkq_${token}_mixpanel_track:planted0000`;
  const left = { event: 'left page event', properties: { token, distinct_id: 'legacy-user', time: 1700000000000, $insert_id: 'left1', api_token: S, fine: 1 } };
  const plant = `localStorage.setItem('__mpq_${token}_ev', ${JSON.stringify(JSON.stringify(queued))});
    localStorage.setItem(${JSON.stringify(tkq)}, ${JSON.stringify(writeRecord({ t: 1, d: 0, q: [left] }))});
    localStorage.setItem(${JSON.stringify(beatOf(tkq))}, '0');`;
  await open(page, token, {}, plant);
  await page.evaluate(async () => {
    mixpanel.track('after load');
    mixpanel.identify('legacy-user'); // sends the held $set
    await mixpanel.flush();
  });
  const records = await waitForRecords({ token }, 4);
  const evs = events(records);
  expect(evs.find((e) => e.event === 'left page event').properties).toMatchObject({ fine: 1 });
  expect(evs.find((e) => e.event === 'legacy event').properties.list).toEqual(['ok', null]);
  expect(evs.find((e) => e.event === 'after load').properties).toMatchObject({ favorite: 'tea', nested: { keep: 1 } });
  expect(records.find((r) => r.endpoint === 'engage')!.payload.$set).toMatchObject({ plan: 'gold' });
  await expectNowhere(page, context, S);
});

test('names and values just outside the obvious ones are credentials too', async ({ page, context }) => {
  const token = uniqueToken('names');
  const S = secret('names');
  await open(page, token);
  await page.evaluate(async (S) => {
    mixpanel.register({ id_token: S, fine_super: 1 });
    mixpanel.track('names', { refresh_token: S, id_token: S, api_token: S, pwd: S, passphrase: S, header: 'Bearer ' + S, jwt: 'eyJhbGciOiJIUzI1NiJ9.' + S + '.sig_nature', stripe: 'sk_live_' + S, fine: 'yes' });
    await mixpanel.flush();
  }, S);
  const [e] = events(await waitForRecords({ token }, 1));
  expect(e.properties).toMatchObject({ fine: 'yes', fine_super: 1 });
  for (const k of ['refresh_token', 'id_token', 'api_token', 'pwd', 'passphrase', 'header', 'jwt', 'stripe']) expect(e.properties, k).not.toHaveProperty(k);
  await expectNowhere(page, context, S);
});

test('a page that altered built-ins (Array.prototype.toJSON, Object.prototype) still gets right payloads', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('builtins');
  const altered = `
    Object.defineProperty(Array.prototype, 'toJSON', { value: function () { return 'prototype.js was here'; }, configurable: true });
    Object.prototype.polluted = 'from the page';`;
  await open(page, token, {}, altered);
  await page.evaluate(async () => {
    mixpanel.register({ tags: ['a', 'b'] });
    mixpanel.track('lists', { list: [1, [2, 3]], obj: { inner: ['x'] } });
    mixpanel.identify('builtins-user');
    mixpanel.people.union('colors', ['red']);
    await mixpanel.flush();
  });
  const records = await waitForRecords({ token }, 2);
  const e = events(records).find((x) => x.event === 'lists');
  expect(e.properties).toMatchObject({ list: [1, [2, 3]], obj: { inner: ['x'] }, tags: ['a', 'b'] });
  expect(JSON.stringify(records.map((r) => r.payload))).not.toContain('polluted');
  expect(records.find((r) => r.endpoint === 'engage' && r.payload.$union)!.payload.$union).toEqual({ colors: ['red'] });
  expect(seen.errors).toEqual([]);
});

test('prototype-named keys are plain names: toString, __proto__, and init(…, "__proto__")', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('protokeys');
  await open(page, token);
  const named = await page.evaluate(async () => {
    mixpanel.people.increment('toString', 2); // anonymous: held
    mixpanel.people.set_once('__proto__', { hoisted: 1 });
    mixpanel.people.set_once('valueOf', 5);
    const inits = ['__proto__', 'toString', 'constructor'].map((n) => mixpanel.init('tk_other_token', {}, n));
    mixpanel.identify('proto-user');
    await mixpanel.flush();
    return { inits: inits.map((r) => r === undefined), polluted: Object.keys(Object.prototype).concat(Object.getOwnPropertyNames(Object.prototype).filter((k) => k === 'hoisted')) };
  });
  expect(named.inits).toEqual([true, true, true]);
  expect(named.polluted).toEqual([]);
  const records = await waitForRecords({ token, endpoint: 'engage' }, 2);
  const engage = records.map((r) => r.payload);
  expect(engage.find((p) => p.$add).$add).toEqual({ toString: 2 });
  expect(engage.find((p) => p.$set_once).$set_once).toMatchObject({ valueOf: 5 });
  expect(JSON.stringify(engage)).not.toContain('hoisted');
  expect(JSON.stringify(await received({ token }))).not.toContain('native code');
  expect(seen.errors).toEqual([]);
});

test('identify() with a credential-shaped id is refused: the visitor keeps their id and events keep a distinct_id', async ({ page, context }) => {
  const token = uniqueToken('credid');
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX2hlcmU';
  await open(page, token);
  const before = await page.evaluate(() => mixpanel.get_distinct_id());
  await page.evaluate((jwt) => {
    mixpanel.identify(jwt);
    mixpanel.track('after');
  }, jwt);
  const [after] = events(await waitForRecords({ token, event: 'after' }, 1));
  expect(after.properties.distinct_id).toBe(before);
  expect(await page.evaluate(() => mixpanel.get_distinct_id())).toBe(before);
  await expect.poll(async () => (await page.evaluate(() => (window as any).__reports)).join('\n'), { timeout: 10_000 }).toMatch(/identify: id is shaped like a credential/);
  await expectNowhere(page, context, jwt);
});
