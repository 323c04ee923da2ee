// The held module (dist/tracklet-held.min.js): profile updates of an anonymous visitor beyond the
// first-touch $set_once, and mixpanel-browser's left outboxes. It loads only when one of them is
// there; a page left while it loads, or a module that cannot load, loses nothing: the update is
// in the record from the call on, and a later identify() sends it.
import { test, expect, type Page } from '@playwright/test';
import { collector, uniqueToken, received, waitForEvents, watchPage, openWithSetup, bundleLoaded, requested } from './support/collector';

declare const mixpanel: any;

const INGESTION = /^\/(track|engage|groups)\/?$/;
const HELD = '/dist/tracklet-held.min.js';

/** The identity record (cookie `mp_<token>_mixpanel`, the default persistence of both libraries). */
const record = (page: Page, token: string) =>
  page.evaluate((t) => {
    const c = document.cookie.split('; ').find((x) => x.startsWith(`mp_${t}_mixpanel=`));
    return c ? JSON.parse(decodeURIComponent(c.slice(c.indexOf('=') + 1))) : null;
  }, token);

/** The /engage updates the collector received for `token`, in the order it received them. */
const engaged = async (token: string) => (await received({ token, endpoint: 'engage' })).map((r) => r.payload);

/**
 * tracklet's snippet page; `config` over a fast flush; `then`: calls made right after init (in
 * the stub's queue). With `reports`, problems are collected in window.__reports (an
 * error_reporter also loads the messages module, unless lib_base_path points nowhere).
 */
async function open(page: Page, token: string, config: Record<string, unknown> = {}, then = '', reports = false) {
  await openWithSetup(
    page,
    'snippet.html',
    ({ token, api, config, then, reports }) => {
      const w = window as any;
      w.__reports = [];
      const reporter = reports ? { error_reporter: (m: string) => w.__reports.push(m) } : {};
      mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, ...reporter, ...config });
      if (then) new Function(then)();
    },
    { token, api: collector(), config, then, reports },
  );
  await bundleLoaded(page);
}

test('an anonymous page that only tracks and identifies loads no held module; a people.set does, and is sent before later updates', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('heldload');
  const paths = requested(page);
  // Every anonymous page holds the first-touch referrer ($set_once): the core merges and sends it.
  await open(page, token, {}, "mixpanel.track('only track'); mixpanel.identify('plain-user');");
  await waitForEvents(token, ['only track']);
  await expect.poll(async () => (await engaged(token)).map((p) => Object.keys(p.$set_once || {})), { timeout: 15_000 }).toContainEqual(['$initial_referrer', '$initial_referring_domain']);
  await page.evaluate(() => mixpanel.flush());
  expect([...new Set(paths.filter((p) => !INGESTION.test(p)))]).toEqual(['/test-e2e/pages/snippet.html', '/dist/tracklet.min.js']);

  // The control: a new anonymous visitor sets a profile property.
  await page.evaluate(() => mixpanel.reset());
  await page.evaluate(() => mixpanel.people.set({ plan: 'held' }));
  await expect.poll(() => paths.filter((p) => p.startsWith('/dist/'))).toEqual(['/dist/tracklet.min.js', HELD]);
  // Merged under upstream's key, so mixpanel-browser can read it.
  await expect.poll(async () => (await record(page, token)).__mps?.plan).toBe('held');
  expect((await record(page, token)).__tkpu).toBeUndefined();
  await page.evaluate(() => {
    mixpanel.identify('held-user');
    mixpanel.people.set({ plan: 'after identify' });
  });
  await expect.poll(async () => (await engaged(token)).filter((p) => p.$set && 'plan' in p.$set).map((p) => [p.$distinct_id, p.$set.plan]), { timeout: 15_000 }).toEqual([
    ['held-user', 'held'],
    ['held-user', 'after identify'],
  ]);
  expect(seen.errors).toEqual([]);
});

test('ES module: identify() with only the first-touch $set_once imports no held chunk; an anonymous people.increment does', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('heldesm');
  const paths = requested(page);
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready);
  await page.evaluate(({ token, api }) => {
    const w = (window as any).__tracklet.createInstance(token, { api_host: api, batch_flush_interval_ms: 100 });
    w.track('only track');
    w.identify('esm-user');
    (window as any).__w = w;
  }, { token, api: collector() });
  await waitForEvents(token, ['only track']);
  await expect.poll(async () => (await engaged(token)).filter((p) => p.$set_once?.$initial_referrer).length, { timeout: 15_000 }).toBe(1);
  const scripts = () => [...new Set(paths.filter((p) => p.startsWith('/dist/')))];
  expect(scripts()).toEqual(['/dist/tracklet.mjs']);
  await page.evaluate(() => {
    const w = (window as any).__w;
    w.reset();
    w.people.increment('logins');
  });
  await expect.poll(scripts).toEqual(['/dist/tracklet.mjs', '/dist/tracklet-held.mjs']);
  expect(seen.errors).toEqual([]);
});

test('identify() waiting for the held module holds later calls in order, and an await flush() made meanwhile resolves once they were sent', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('heldflush');
  await open(page, token, {}, "mixpanel.people.set({ waited: 'yes' });");
  await expect.poll(async () => (await record(page, token))?.__mps?.waited).toBe('yes');
  // Next page: the module comes late, after identify() and the calls behind it were made.
  let release: () => void = () => {};
  const late = new Promise<void>((r) => (release = r));
  await page.route(`**${HELD}`, async (route) => (await late, route.continue()));
  // (Not waiting for 'load': the first-touch $set_once at init already asks for the late module.)
  await page.addInitScript({ content: `window.__setup = () => mixpanel.init(${JSON.stringify(token)}, { api_host: ${JSON.stringify(collector())}, batch_flush_interval_ms: 100 });` });
  await page.goto(`${collector()}/test-e2e/pages/snippet.html`, { waitUntil: 'commit' });
  await bundleLoaded(page);
  const flushed = page.evaluate(async () => {
    mixpanel.identify('waited-user');
    mixpanel.people.set({ waited: 'after' });
    mixpanel.track('behind identify');
    await mixpanel.flush();
    return true;
  });
  setTimeout(release, 500);
  expect(await flushed).toBe(true);
  // Already there when flush() answered, the held update before the later one.
  expect((await engaged(token)).filter((p) => p.$set?.waited).map((p) => [p.$distinct_id, p.$set.waited])).toEqual([
    ['waited-user', 'yes'],
    ['waited-user', 'after'],
  ]);
  expect((await received({ token, event: 'behind identify' })).length).toBe(1);
  expect(seen.errors).toEqual([]);
});

test('a page left while the held module loads keeps the update in the record; the next visit sends it at identify()', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('heldleft');
  // The module never arrives on this page.
  let asked = false;
  await page.route(`**${HELD}`, () => void (asked = true));
  await open(page, token);
  await page.evaluate(() => {
    mixpanel.people.increment('visits', 2);
    mixpanel.people.set_once({ first_plan: 'trial' });
  });
  await expect.poll(() => asked).toBe(true);
  // In the record at the call, in call order, before the module is here.
  expect((await record(page, token)).__tkpu).toEqual([['$add', { visits: 2 }], ['$set_once', { first_plan: 'trial' }]]);

  await page.unroute(`**${HELD}`);
  await open(page, token, {}, "mixpanel.identify('left-user');");
  await expect.poll(async () => (await engaged(token)).filter((p) => p.$add || p.$set_once?.first_plan).map((p) => [p.$distinct_id, p.$add || { first_plan: p.$set_once.first_plan }]), { timeout: 15_000 }).toEqual([
    ['left-user', { first_plan: 'trial' }],
    ['left-user', { visits: 2 }],
  ]);
  const after = await record(page, token);
  expect([after.__tkpu, after.__mpa]).toEqual([undefined, undefined]);
  expect(seen.errors).toEqual([]);
});

test('a held module that cannot load is reported; the held update and mixpanel-browser\'s outbox stay stored, and a later page delivers both', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('held404');
  await page.goto(`${collector()}/test-e2e/pages/blank.html`);
  // What mixpanel-browser leaves when its page went before its outbox was sent.
  const outbox = [{ id: 'x1', flushAfter: 0, payload: { event: 'left by mixpanel', properties: { token, distinct_id: 'mp-visitor', time: Date.now() / 1000, $insert_id: 'left1' } } }];
  await page.evaluate(([t, q]) => localStorage.setItem(`__mpq_${t}_ev`, q), [token, JSON.stringify(outbox)]);
  // lib_base_path keeps the messages module away too: reports come as code + link.
  await open(page, token, { lib_base_path: '/nowhere/' }, "mixpanel.people.set({ kept: 'yes' });", true);
  await expect.poll(() => page.evaluate(() => (window as any).__reports.join('\n'))).toMatch(/messages\.md#55\b/);
  // Unmerged, as made: the $set (with upstream's $browser, $os...) then the first-touch $set_once.
  expect((await record(page, token)).__tkpu.map(([op, v]: [string, any]) => [op, v.kept ?? v.$initial_referrer])).toEqual([
    ['$set', 'yes'],
    ['$set_once', '$direct'],
  ]);
  expect(await page.evaluate((t) => localStorage.getItem(`__mpq_${t}_ev`), token)).not.toBeNull();

  await open(page, token, {}, "mixpanel.identify('kept-user');");
  await waitForEvents(token, ['left by mixpanel']);
  await expect.poll(async () => (await engaged(token)).filter((p) => p.$set?.kept).map((p) => p.$distinct_id), { timeout: 15_000 }).toEqual(['kept-user']);
  expect(await page.evaluate((t) => localStorage.getItem(`__mpq_${t}_ev`), token)).toBeNull();
  expect(seen.errors).toEqual([]);
});

test('held updates merged by tracklet are sent by mixpanel-browser when the visitor switches back', async ({ page }) => {
  test.slow(); // mixpanel-browser's page is slow on a loaded machine
  const token = uniqueToken('heldback');
  await open(page, token, {}, "mixpanel.people.set({ back: 1 }); mixpanel.people.union('tags', 'a');");
  await expect.poll(async () => (await record(page, token)).__mpu).toEqual({ tags: ['a'] });

  await openWithSetup(page, 'mixpanel-lib.html', ({ token, api }) => {
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
    mixpanel.identify('back-user');
  }, { token, api: collector() });
  await expect.poll(async () => {
    const got = await engaged(token);
    return [got.find((p) => p.$set?.back === 1)?.$distinct_id, got.find((p) => p.$union?.tags)?.$union.tags];
  }, { timeout: 20_000 }).toEqual(['back-user', ['a']]);
});
