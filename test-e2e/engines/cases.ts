// The cross-engine cases: one table of pages and expectations that every engine runs. Each case
// drives a page of test-e2e/engines/pages through the engine-neutral Tab and asserts only on
// what the real collector received (and on what the page itself recorded: errors, globals).
import { expect } from '@playwright/test';
import { received, requests, events, eventNames, waitForEvents, waitForRecords, fault, faultState, clearFaults, delivered } from '../support/collector';
import { waitIn, type EngineName, type Tab } from './driver';
import { replayCases } from './replayCases';

export interface CaseContext {
  tab: Tab;
  engine: EngineName;
  /** Fresh tokens no other case uses. */
  token: string;
  token2: string;
  token3: string;
  /** The URL of a page of test-e2e/engines/pages with these query parameters (tokens added). */
  url(page: string, query?: Record<string, string>): string;
  /** Adds a line to the run's summary for this engine (`apis`: what the engine offers). */
  note(type: 'apis' | 'bfcache', text: string): void;
  /** Another isolated tab of the same browser, closed after the case. */
  newTab(): Promise<Tab>;
}

export interface EngineCase {
  name: string;
  /** Its waits add up to 30 s or more: the test gets the slow budget (90 s) on a loaded machine. */
  slow?: true;
  run(ctx: CaseContext): Promise<void>;
}

const loaded = (tab: Tab) => waitIn(tab, 'window.mixpanel && window.mixpanel.__loaded === true', 'the bundle to load (mixpanel)');

/** Opens the snippet page with tracklet initialized for the case's token, waits for the bundle. (`query` may name another scenario.) */
async function openPlain(tab: Tab, url: CaseContext['url'], query: Record<string, string> = {}) {
  await tab.open(url('snippet.html', { scenario: 'plain', ...query }));
  await loaded(tab);
}

/** Tracks `n` events named `name` (numbered `i`) and waits until all n arrived, copies folded. */
async function trackAndReceive(tab: Tab, token: string, n: number, name: string) {
  await tab.run(`(Array.from({ length: ${n} }, (_, i) => mixpanel.track(${JSON.stringify(name)}, { i, product: 'Widget ' + (i % 7) })), true)`);
  await expect.poll(async () => (await delivered(token)).length, { timeout: 15_000, message: `waiting for ${n} events` }).toBe(n);
}

async function noPageErrors(tab: Tab) {
  expect(await tab.run<string[]>('window.__errors')).toEqual([]);
}

// What each engine's user agent must be reported as: Mixpanel's names, from the UA string.
const BROWSER: Record<EngineName, string> = { chromium: 'Chrome', firefox: 'Firefox', webkit: 'Safari' };

export const cases: EngineCase[] = [
  {
    name: "tracklet's snippet: calls queued before load replay in order; named instance kept apart",
    async run({ tab, token, token2, url }) {
      await tab.open(url('snippet.html', { scenario: 'replay' }));
      const records = await waitForRecords({ token }, 5);
      expect(eventNames(records)).toEqual(['$identify', 'first', 'second']);
      for (const e of events(records)) expect(e.properties).toMatchObject({ token, distinct_id: 'user-1', plan: 'pro' });
      expect(records.find((r) => r.endpoint === 'engage')!.payload).toMatchObject({ $token: token, $distinct_id: 'user-1', $set: { name: 'Ada' } });
      expect(records.find((r) => r.endpoint === 'groups')!.payload).toEqual({ $token: token, $group_key: 'company', $group_id: 'acme', $set: { seats: 5 } });
      const other = events(await waitForRecords({ token: token2 }, 1));
      expect(other.map((e) => e.event)).toEqual(['from named']);
      expect(other[0].properties.token).toBe(token2);
      expect(other[0].properties.plan).toBeUndefined();
      await noPageErrors(tab);
    },
  },
  {
    name: "Mixpanel's official snippet pointed at our bundle: the same replay",
    async run({ tab, token, token2, url }) {
      await tab.open(url('mixpanel-snippet.html', { scenario: 'replay' }));
      const records = await waitForRecords({ token }, 5);
      expect(eventNames(records)).toEqual(['$identify', 'first', 'second']);
      const updates = records.filter((r) => r.endpoint !== 'track');
      expect(updates.length).toBeGreaterThanOrEqual(2);
      for (const r of updates) expect(r.payload.$token).toBe(token);
      expect(events(await waitForRecords({ token: token2 }, 1))[0].properties.token).toBe(token2);
      await noPageErrors(tab);
    },
  },
  {
    name: 'ES module: importing creates no global; createInstance tracks with its token',
    async run({ tab, token, url }) {
      await tab.open(url('esm.html', { scenario: 'esm' }));
      await waitIn(tab, 'window.__ready', 'the module to run');
      expect(await tab.run('window.__globalsAfterImport.filter((k) => !window.__globalsBefore.includes(k) && k !== "__globalsBefore")')).toEqual([]);
      const [e] = await waitForEvents(token, ['module event']);
      expect(e.properties).toMatchObject({ token, via: 'module', mp_lib: 'web' });
      await noPageErrors(tab);
    },
  },
  {
    name: 'widget: shadow-root widget and sandboxed cross-site frame keep their tokens; host untouched',
    async run({ tab, token, token2, token3, url }) {
      await tab.open(url('widget.html', { scenario: 'widget' }));
      await waitIn(tab, 'window.__ready', 'the widget to mount');
      await tab.run(`window.__widget && document.getElementById('widget-host').shadowRoot.getElementById('open').click()`);
      const host = await waitForEvents(token, ['host view']);
      const widget = await waitForEvents(token2, ['widget shown', 'widget opened']);
      const frame = await waitForEvents(token3, ['frame event']);
      for (const e of host) expect(e.properties).toMatchObject({ token, site: 'host' });
      for (const e of host) expect(e.properties.widget).toBeUndefined();
      for (const e of widget) expect(e.properties).toMatchObject({ token: token2, widget: 'chat', distinct_id: 'widget-user' });
      for (const e of widget) expect(e.properties.site).toBeUndefined();
      // Storage throws in the sandboxed frame: the instance keeps identity in memory and sends.
      expect(frame.find((e) => e.event === 'frame event').properties).toMatchObject({ token: token3, distinct_id: 'frame-user', storage: 'blocked' });
      expect((await waitForRecords({ token: token3, endpoint: 'engage' }, 1))[0].payload.$token).toBe(token3);
      // The host's identity and globals are what they were before the widget ran.
      const after = await tab.run<{ added: string[]; sameId: boolean; hostCookieKept: boolean }>(`({
        // Left out: what the page itself adds (its own markers, and "0": the frame it appended).
        added: Object.keys(window).filter((k) => !__before.globals.includes(k) && !['__before', '__widget', '__ready', '__frameDone', '0'].includes(k)),
        sameId: mixpanel.get_distinct_id() === __before.hostId,
        hostCookieKept: document.cookie.includes('mp_' + ${JSON.stringify(token)} + '_mixpanel'),
      })`);
      expect(after).toEqual({ added: [], sameId: true, hostCookieKept: true });
      await waitIn(tab, 'window.__frameDone', 'the frame to report');
      await noPageErrors(tab);
    },
  },
  {
    name: 'token on every payload: events, profile and group updates; no secret on the wire',
    async run({ tab, token, url }) {
      await openPlain(tab, url);
      await tab.run(`(mixpanel.identify('u-7'), mixpanel.track('bought', { sku: 'a1' }), mixpanel.people.set({ plan: 'team' }),
        mixpanel.people.increment('orders'), mixpanel.set_group('company', 'acme'), mixpanel.get_group('company', 'acme').set_once({ tier: 1 }), true)`);
      await waitForEvents(token, ['bought']);
      const records = await waitForRecords({ token }, 6);
      for (const r of records) {
        if (r.endpoint === 'track') expect(r.payload.properties.token).toBe(token);
        else expect(r.payload.$token).toBe(token);
      }
      expect(new Set(records.map((r) => r.endpoint))).toEqual(new Set(['track', 'engage', 'groups']));
      for (const r of await requests({ token })) {
        expect(Object.keys(r.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
        expect(`${JSON.stringify(r.query)} ${r.body}`).not.toMatch(/api_secret|api_key|service_account/i);
      }
      await noPageErrors(tab);
    },
  },
  {
    name: 'no loss on navigation: an event tracked as the page unloads arrives',
    async run({ tab, token, url }) {
      await openPlain(tab, url, { scenario: 'slow' });
      await tab.run(`(mixpanel.track('leaving', { n: 1 }), setTimeout(() => { location.href = 'blank.html'; }, 0), true)`);
      await waitForEvents(token, ['leaving']);
    },
  },
  {
    name: 'no loss on navigation without sendBeacon: the keepalive fallback delivers',
    async run({ tab, token, url }) {
      await openPlain(tab, url, { scenario: 'slow', hide: 'beacon' });
      expect(await tab.run('typeof navigator.sendBeacon')).toBe('undefined');
      await tab.run(`(mixpanel.track('leaving without beacon'), setTimeout(() => { location.href = 'blank.html'; }, 0), true)`);
      await waitForEvents(token, ['leaving without beacon']);
    },
  },
  {
    name: 'back/forward cache: tracklet never keeps a page out of it; tracking goes on after the return, nothing twice',
    async run({ tab, token, url, note, newTab }) {
      // Leaves for blank.html and comes back; true when the page came back from the bfcache.
      // (The baseline gets a tab of its own: puppeteer loses track of a Firefox tab after its
      // second return from the bfcache.)
      const leaveAndReturn = async (tab: Tab, path: string) => {
        if (tab.back) {
          // Through the driver, which waits for each page (see Tab.back).
          await tab.open(url('blank.html'));
          await tab.back();
        } else {
          await tab.run(`(setTimeout(() => { location.href = 'blank.html'; }, 0), true)`);
          await waitIn(tab, `location.pathname.endsWith('/blank.html') && document.readyState === 'complete'`, 'the next page');
          await tab.run(`(setTimeout(() => history.back(), 0), true)`);
        }
        await waitIn(tab, `location.pathname.endsWith('/${path}') && document.readyState === 'complete'`, 'the page to come back');
        return !!(await tab.run('window.__fromBfcache || 0'));
      };
      // The baseline: does this engine (as automated here) restore a page without tracklet?
      // ('cacheable': the collector's usual no-store would keep every page out.)
      const bare = await newTab();
      await bare.open(url('bare.html', { variant: 'cacheable' }));
      const engineRestores = await leaveAndReturn(bare, 'bare.html');

      await openPlain(tab, url, { variant: 'cacheable' });
      await tab.run(`(mixpanel.track('before leaving'), true)`);
      await waitForEvents(token, ['before leaving']);
      const restored = await leaveAndReturn(tab, 'snippet.html');
      note('bfcache', `${engineRestores ? 'restores pages' : 'restores no page (even without tracklet)'}; with tracklet: ${restored ? 'restored' : 'reloaded'}`);
      expect(restored, 'a page with tracklet comes back from the bfcache exactly when a bare page does').toBe(engineRestores);
      await loaded(tab);
      await tab.run(`(mixpanel.track('after coming back'), true)`);
      const got = await waitForEvents(token, ['after coming back']);
      expect(got.filter((e) => e.event === 'before leaving')).toHaveLength(1);
      await noPageErrors(tab);
    },
  },
  {
    name: 'retry: a 503 and a dropped connection are retried; the copy keeps its $insert_id',
    async run({ tab, token, url }) {
      await fault({ token, status: 503, count: 1 });
      await fault({ token, drop: true, count: 1 });
      await openPlain(tab, url);
      await tab.run(`(mixpanel.track('kept', { n: 1 }), true)`);
      const [e] = await waitForEvents(token, ['kept'], 20_000);
      const statuses = (await requests({ token })).map((r) => r.status);
      expect(statuses.slice(0, 2)).toEqual([503, 0]);
      expect(statuses).toContain(200);
      expect(events(await received({ token })).every((x) => x.properties.$insert_id === e.properties.$insert_id)).toBe(true);
      await noPageErrors(tab);
    },
  },
  {
    name: 'offline spell: while every connection fails nothing is lost; all arrive once it is back',
    slow: true,
    async run({ tab, token, url }) {
      await fault({ token, drop: true, count: -1 });
      await openPlain(tab, url);
      await tab.run(`(Array.from({ length: 5 }, (_, i) => mixpanel.track('while offline', { i })), true)`);
      await expect.poll(async () => (await requests({ token })).filter((r) => r.status === 0).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      await clearFaults(token);
      await expect.poll(async () => (await delivered(token)).length, { timeout: 30_000 }).toBe(5);
      await noPageErrors(tab);
    },
  },
  {
    name: 'reload while the collector is down: the queue survives in storage and is sent after',
    slow: true,
    async run({ tab, token, url }) {
      await fault({ token, status: 503, count: -1 });
      await openPlain(tab, url);
      // The stored record keeps each payload as what it shares with the one before plus the rest:
      // these two differ first inside a surrogate pair (U+1F44D, U+1F44E), so the second's rest
      // starts with a lone low surrogate, which the engine's storage must keep as it is.
      await tab.run(`(mixpanel.track('before reload', { r: '\\u{1F44D}', n: 1 }), mixpanel.track('before reload', { r: '\\u{1F44E}', n: 2 }), true)`);
      await expect.poll(async () => (await requests({ token })).filter((r) => r.status === 503).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      await openPlain(tab, url);
      await clearFaults(token);
      await tab.run(`(mixpanel.track('after reload'), true)`);
      const got = await waitForEvents(token, ['before reload', 'after reload'], 30_000);
      expect(got.filter((e) => e.event === 'before reload').map((e) => [e.properties.n, e.properties.r]).sort()).toEqual([
        [1, '\u{1F44D}'],
        [2, '\u{1F44E}'],
      ]);
      await noPageErrors(tab);
    },
  },
  {
    name: 'two tabs of one site tracking at once: every event once; one request in flight at a time',
    slow: true,
    async run({ tab, token, url }) {
      // Slow replies: two requests in flight at once would overlap at the collector.
      await fault({ token, delayMs: 100, count: -1 });
      const other = await tab.sibling();
      const config = JSON.stringify({ batch_flush_interval_ms: 50, batch_size: 10 });
      for (const t of [tab, other]) await openPlain(t, url, { config });
      await Promise.all(
        [tab, other].map((t, n) =>
          t.run(`(async () => {
            for (let i = 0; i < 40; i++) {
              mixpanel.track('tab', { n: '${n}-' + i });
              if (i % 10 == 9) await new Promise((r) => setTimeout(r, 20));
            }
            return true;
          })()`),
        ),
      );
      await expect.poll(async () => (await delivered(token)).length, { timeout: 30_000 }).toBe(80);
      // One $insert_id per tracked call: a copy is only ever a byte-identical re-send.
      expect(new Set(events(await received({ token })).map((e) => e.properties.n)).size).toBe(80);
      expect((await faultState(token)).maxInFlight[token]).toBe(1);
      await clearFaults(token);
      await other.close();
    },
  },
  {
    name: 'a tab that leaves the site with undelivered events: another tab of the site sends them',
    slow: true,
    async run({ tab, token, url }) {
      // The leaving tab posts to its own route, which always fails: only adoption can deliver.
      await fault({ token, query: { tab: 'leaving' }, status: 503, count: -1 });
      const leaving = await tab.sibling();
      await openPlain(leaving, url, { config: JSON.stringify({ batch_flush_interval_ms: 60_000, api_routes: { track: 'track/?tab=leaving' } }) });
      await openPlain(tab, url);
      await leaving.run(`(Array.from({ length: 20 }, (_, i) => mixpanel.track('left behind', { i })), true)`);
      // Leaves for a page of the site without tracklet: pagehide marks its record free.
      await leaving.run(`(setTimeout(() => { location.href = 'blank.html'; }, 0), true)`);
      await expect.poll(async () => (await delivered(token)).length, { timeout: 30_000 }).toBe(20);
      expect((await requests({ token })).filter((r) => r.query.tab === 'leaving').every((r) => r.status === 503)).toBe(true);
      await clearFaults(token);
      await noPageErrors(tab);
    },
  },
  {
    name: 'opt-out: nothing is sent while opted out, across a reload; opt-in resumes',
    async run({ tab, token, url }) {
      await openPlain(tab, url);
      await tab.run(`(mixpanel.opt_out_tracking(), mixpanel.track('hidden 1'), mixpanel.people.set({ hidden: true }), true)`);
      await openPlain(tab, url);
      expect(await tab.run('mixpanel.has_opted_out_tracking()')).toBe(true);
      await tab.run(`(mixpanel.track('hidden 2'), mixpanel.opt_in_tracking(), mixpanel.track('visible'), true)`);
      // Events leave in order: once these arrived, a hidden one sent before them would have too.
      const seen = (await waitForEvents(token, ['$opt_in', 'visible'])).map((e) => e.event);
      expect(seen.filter((n) => n.startsWith('hidden'))).toEqual([]);
      expect((await received({ token, endpoint: 'engage' })).filter((r) => r.payload.$set?.hidden)).toEqual([]);
      await noPageErrors(tab);
    },
  },
  {
    name: 'strict CSP (nonce + strict-dynamic): the snippet loads the bundle; no violation',
    async run({ tab, token, token2, url }) {
      await tab.open(url('snippet.html', { scenario: 'replay', variant: 'strict' }));
      await waitForEvents(token, ['first', 'second']);
      await waitForEvents(token2, ['from named']);
      expect(await tab.run('window.__violations')).toEqual([]);
      await noPageErrors(tab);
    },
  },
  {
    name: 'a module under strict CSP (nonce) and Trusted Types with only the tracklet policy: link tracking loads and works',
    async run({ tab, token, url }) {
      await tab.open(url('snippet.html', { scenario: 'links', variant: 'trusted-types' }));
      await loaded(tab);
      // Loaded through the one policy, with the page's nonce: no violation, no error.
      expect(await tab.run(`!!document.querySelector('script[src*="tracklet-autotrack"]')`)).toBe(true);
      expect(await tab.run('window.__violations')).toEqual([]);
      await noPageErrors(tab);
      await tab.run(`(setTimeout(() => document.getElementById('next').click(), 0), true)`);
      const [e] = (await waitForEvents(token, ['Link clicked'])).filter((x) => x.event === 'Link clicked');
      expect(e.properties).toMatchObject({ via: 'module', token });
      expect(e.properties.url).toContain('/blank.html');
      await waitIn(tab, `location.pathname.endsWith('/blank.html')`, 'the link to be followed');
    },
  },
  {
    name: "a page left while a module loads loses no call: the held calls' events arrive, with the time they were made",
    async run({ tab, token, url }) {
      // Nothing leaves on a timer ('slow'), and the module's <script> is held by the page.
      await openPlain(tab, url, { scenario: 'slow', slow: 'module' });
      const calledAt = await tab.run<number>(`(() => {
        const t = Date.now();
        mixpanel.track_links('#next', 'never');
        mixpanel.track('held 1', { n: 1 });
        mixpanel.register({ held: 'yes' });
        mixpanel.track('held 2', { n: 2 });
        return t;
      })()`);
      expect(await tab.run('window.__moduleHeld')).toBe(true);
      const leftAt = await tab.run<number>(`(setTimeout(() => { location.href = 'blank.html'; }, 0), Date.now())`);
      await waitIn(tab, `location.pathname.endsWith('/blank.html') && document.readyState === 'complete'`, 'the next page');
      // The next visit sends whatever the leaving page could not.
      await openPlain(tab, url, { scenario: 'slow' });
      const got = (await waitForEvents(token, ['held 1', 'held 2'], 30_000)).filter((e) => e.event.startsWith('held'));
      expect(got.map((e) => e.event).sort()).toEqual(['held 1', 'held 2']);
      // In order (register ran between them), and stamped when called, not when the page left.
      expect(got.find((e) => e.event === 'held 1').properties.held).toBeUndefined();
      expect(got.find((e) => e.event === 'held 2').properties.held).toBe('yes');
      for (const e of got) {
        expect(e.properties.time).toBeGreaterThanOrEqual(calledAt);
        expect(e.properties.time).toBeLessThanOrEqual(leftAt);
      }
    },
  },
  {
    name: 'a module that 404s releases its calls: later calls go out; the report names the module',
    async run({ tab, token, url }) {
      await openPlain(tab, url, { config: JSON.stringify({ lib_base_path: '/nowhere/' }) });
      await tab.run(`(mixpanel.track_links('#next', 'never'), mixpanel.track('after the 404'), true)`);
      await waitForEvents(token, ['after the 404']);
      // (The messages module is not there either: the report is its code, docs link and the module's name.)
      await waitIn(tab, `window.__reports.some((m) => m.includes('autotrack'))`, 'a report naming the module');
      await noPageErrors(tab);
    },
  },
  {
    name: 'identity survives a reload: cookie persistence and localStorage persistence',
    async run({ tab, token, url }) {
      for (const scenario of ['plain', 'localStorage']) {
        await openPlain(tab, url, { scenario });
        const first = await tab.run<string>('mixpanel.get_distinct_id()');
        await tab.run(`(mixpanel.register({ round: ${JSON.stringify(scenario)} }), true)`);
        await openPlain(tab, url, { scenario });
        expect(await tab.run('mixpanel.get_distinct_id()')).toBe(first);
        expect(await tab.run(`mixpanel.get_property('round')`)).toBe(scenario);
        const where = scenario === 'plain' ? `document.cookie.includes('mp_${token}_mixpanel=')` : `localStorage.getItem('mp_${token}_mixpanel') !== null`;
        expect(await tab.run(where)).toBe(true);
        await tab.run(`(mixpanel.reset(), ${scenario === 'plain' ? `document.cookie = 'mp_${token}_mixpanel=; max-age=0; path=/'` : 'localStorage.clear()'}, true)`);
      }
      await noPageErrors(tab);
    },
  },
  {
    name: 'no navigator.locks: the single-tab fallback delivers every event once',
    async run({ tab, token, url }) {
      await openPlain(tab, url, { hide: 'locks' });
      expect(await tab.run('typeof navigator.locks')).toBe('undefined');
      await trackAndReceive(tab, token, 20, 'burst');
      await noPageErrors(tab);
    },
  },
  {
    name: 'CompressionStream present: /track batches to the same origin arrive gzipped and decode',
    async run({ tab, token, url }) {
      await openPlain(tab, url);
      await trackAndReceive(tab, token, 30, 'zipped');
      const track = (await requests({ token })).filter((r) => /track/.test(r.path) && r.status === 200);
      expect(track.length).toBeGreaterThan(0);
      for (const r of track) expect(r.headers['content-encoding']).toBe('gzip');
      await noPageErrors(tab);
    },
  },
  {
    name: 'no CompressionStream: events go uncompressed and arrive',
    async run({ tab, token, url }) {
      await openPlain(tab, url, { hide: 'compression' });
      expect(await tab.run('typeof CompressionStream')).toBe('undefined');
      await trackAndReceive(tab, token, 10, 'plain body');
      for (const r of await requests({ token })) expect(r.headers['content-encoding']).toBeUndefined();
      await noPageErrors(tab);
    },
  },
  {
    name: 'SPA page views follow pushState, replaceState, hash changes and back (Navigation API or the history fallback)',
    async run({ tab, token, url }) {
      await openPlain(tab, url, { config: JSON.stringify({ track_pageview: 'full-url' }) });
      await tab.run(`(async () => {
        history.pushState({}, '', '?step=2'); // query changes
        history.replaceState({}, '', '?step=2'); // nothing changes
        location.hash = 'frag'; // fragment changes
        await new Promise((r) => addEventListener('hashchange', r, { once: true }));
        history.pushState({}, '', 'other-path'); // path changes
        history.back(); // back to ?step=2#frag
        await new Promise((r) => addEventListener('popstate', r, { once: true }));
        mixpanel.track('done'); // sent after every page view: its arrival means they all arrived
        return true;
      })()`);
      await waitForEvents(token, ['done']);
      const views = (await received({ token, event: '$mp_web_page_view' })).map((r) => new URL(r.payload.properties.$current_url));
      expect(views.map((u) => `${u.pathname.split('/').pop()}${u.search.includes('step') ? '?step=2' : ''}${u.hash}`)).toEqual([
        'snippet.html',
        'snippet.html?step=2',
        'snippet.html?step=2#frag',
        'other-path',
        'snippet.html?step=2#frag',
      ]);
      await noPageErrors(tab);
    },
  },
  {
    name: 'autocapture: a click on a nested element is captured with its chain; a password change is not',
    async run({ tab, token, url }) {
      await tab.open(url('autocapture.html'));
      await loaded(tab);
      await tab.run(`(document.querySelector('#buy b').dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: 20, clientY: 10 })),
        (document.getElementById('pw').value = 'hunter2'), document.getElementById('pw').dispatchEvent(new Event('change', { bubbles: true })), mixpanel.track('after'), true)`);
      const got = await waitForEvents(token, ['$mp_web_page_view', '$mp_click', 'after']);
      const click = got.find((e) => e.event === '$mp_click').properties;
      expect(click).toMatchObject({ $mp_autocapture: true, $event_type: 'click', $el_tag_name: 'b', $clientX: 20, $clientY: 10 });
      expect(click.$elements.map((e: any) => e.$tag_name)).toEqual(['b', 'span', 'button', 'section', 'main', 'body']);
      expect(click.$elements[2]).toMatchObject({ $id: 'buy', '$attr-title': 'Buy it' });
      expect(got.filter((e) => e.event === '$mp_input_change')).toEqual([]);
      expect(JSON.stringify(got)).not.toContain('hunter2');
      await noPageErrors(tab);
    },
  },
  {
    name: 'flags: variants served by the collector, one exposure each; a dead flags endpoint gives the fallback, no error',
    async run({ tab, token, token2, url }) {
      await openPlain(tab, url, { config: JSON.stringify({ flags: true }) });
      const served = await tab.run<unknown[]>(`mixpanel.flags.when_ready().then(async () => [await mixpanel.flags.get_variant_value('banner-text', 'fb'), mixpanel.flags.get_variant_value_sync('banner-text', 'fb'), mixpanel.flags.are_flags_ready(), (mixpanel.track('after'), true)])`);
      expect(served).toEqual(['Holiday sale', 'Holiday sale', true, true]);
      const got = await waitForEvents(token, ['$experiment_started', 'after']);
      expect(got.filter((e) => e.event === '$experiment_started').map((e) => [e.properties['Experiment name'], e.properties['Variant name'], e.properties.$experiment_type])).toEqual([['banner-text', 'holiday', 'feature_flag']]);
      await noPageErrors(tab);
      // A host where nothing listens: the request fails, every answer is the caller's fallback.
      await tab.open(url('snippet.html', { scenario: 'plain', token: token2, config: JSON.stringify({ flags: true, api_hosts: { flags: 'http://127.0.0.1:9' } }) }));
      await loaded(tab);
      const dead = await tab.run<unknown[]>(`mixpanel.flags.when_ready().then(async () => [await mixpanel.flags.get_variant_value('banner-text', 'fb'), await mixpanel.flags.is_enabled('beta-tools', true), (await mixpanel.flags.get_variant('banner-text', { key: 'k', value: 'v' })).fallback_reason, mixpanel.flags.are_flags_ready()])`);
      expect(dead).toEqual(['fb', true, 'BACKEND_ERROR', false]);
      await noPageErrors(tab);
    },
  },
  {
    name: "default properties name this engine's browser and OS as Mixpanel does",
    async run({ tab, engine, token, url, note }) {
      await openPlain(tab, url);
      // The APIs engines differ on, as this engine offers them to the page (for the summary).
      const apis = await tab.run<Record<string, boolean>>(`({
        CompressionStream: typeof CompressionStream === 'function',
        'navigator.locks': !!navigator.locks,
        sendBeacon: typeof navigator.sendBeacon === 'function',
        'fetch keepalive': 'keepalive' in Request.prototype,
        userAgentData: !!navigator.userAgentData,
        'Navigation API': typeof navigation === 'object',
      })`);
      note('apis', Object.entries(apis).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${v ? '+' : '-'}${k}`).join(' '));
      await tab.run(`(mixpanel.track('who'), true)`);
      const [e] = await waitForEvents(token, ['who']);
      expect(e.properties).toMatchObject({ $browser: BROWSER[engine], $os: 'Linux', mp_lib: 'web' });
      expect(typeof e.properties.$browser_version).toBe('number');
      expect(e.properties.$current_url).toContain('/test-e2e/engines/pages/snippet.html');
    },
  },
  ...replayCases,
];
