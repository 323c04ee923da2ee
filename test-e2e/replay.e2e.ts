// Session replay, functional: a sampled-in page loads the recorder module and its recording
// reaches the collector's record/ in upstream's form, linked to the events; a sampled-out page
// never asks for the recorder file; start/pause/resume/stop; opting out sends nothing more;
// a 503 with Retry-After is retried and kept once; the ES module build imports its chunk; a
// recorder that cannot load is reported and nothing else is lost.
// (Parity with mixpanel-browser 2.84 and the privacy proof live in replay-parity / replay-privacy.)
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collector, uniqueToken, waitForRecords, waitForEvents, received, requests, watchPage, openWithSetup, fault, events } from './support/collector';
import { openReporting } from './support/replay';

declare const mixpanel: any;

const RECORDER = /tracklet-recorder/;

/** The paths of every request the page makes from now on. */
function requested(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}

const replayId = (page: Page) => page.evaluate(() => mixpanel.get_session_recording_properties().$mp_replay_id as string | undefined);
const recording = (page: Page) => page.waitForFunction(() => !!mixpanel.get_session_recording_properties().$mp_replay_id, null, { timeout: 20_000 });
const batches = async (token: string, id: string) => (await received({ token, endpoint: 'record' })).filter((r) => r.payload.replay_id === id).map((r) => r.payload);

test('sampled in: the recording reaches record/ in upstream form, and events carry its replay id', async ({ page }) => {
  test.slow(); // the recorder is 80 KB to parse on a loaded machine
  const seen = watchPage(page);
  const token = uniqueToken('rec');
  const paths = requested(page);
  await openReporting(page, token, { record_sessions_percent: 100 });
  await recording(page);
  const id = (await replayId(page))!;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(paths).toContain('/dist/tracklet-recorder.min.js');

  const facts = await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'marker';
    p.textContent = 'a recorded paragraph';
    document.body.append(p);
    mixpanel.track('Checkout opened');
    return { url: mixpanel.get_session_replay_url(), tab: mixpanel.get_tab_id(), distinct: mixpanel.get_distinct_id() };
  });
  expect(facts.url).toBe(`https://mixpanel.com/projects/replay-redirect?replay_id=${id}&distinct_id=${encodeURIComponent(facts.distinct)}&token=${token}`);
  expect(facts.tab).toMatch(/^\$tab-[0-9a-f-]{36}$/);
  expect(await page.evaluate(() => mixpanel.get_tab_id())).toBe(facts.tab); // stable

  await page.evaluate(() => mixpanel.stop_session_recording());
  const [batch] = await waitForRecords({ token, endpoint: 'record' }, 1);
  expect(batch.payload).toMatchObject({ token, replay_id: id, seq: 0, format: 'gzip', mp_lib: 'web', distinct_id: facts.distinct });
  expect(batch.payload.events).toBeGreaterThan(1);
  const [opened] = events(await waitForRecords({ token, event: 'Checkout opened' }, 1));
  expect(opened.properties.$mp_replay_id).toBe(id);

  // The request as upstream sends it: token-only Basic header, octet-stream, its query.
  const [req] = (await requests({ token })).filter((r) => /^\/record\/?$/.test(r.path));
  expect(req.method).toBe('POST');
  // The Basic header names the project by its token alone (the collector refuses one with a password).
  expect(req.headers['authorization']).toBeTruthy();
  expect([req.status, req.token]).toEqual([200, token]);
  expect(req.headers['content-type']).toBe('application/octet-stream');
  expect(Object.keys(req.query).sort()).toEqual(
    ['$current_url', '$device_id', '$lib_version', 'batch_start_time', 'distinct_id', 'format', 'mp_lib', 'replay_id', 'replay_length_ms', 'replay_start_time', 'replay_start_url', 'seq'].sort(),
  );
  // The mutation is in the recording; its text is masked.
  const replay = await (await fetch(`${collector()}/_/replays/${id}`)).json();
  await expect
    .poll(async () => JSON.stringify((await (await fetch(`${collector()}/_/replays/${id}`)).json()).events), { timeout: 15_000 })
    .toContain('"marker"');
  expect(JSON.stringify(replay)).not.toContain('a recorded paragraph');
  expect(seen.errors).toEqual([]);
});

test('sampled out: no recorder file is requested, the getters answer as without a recording', async ({ page }) => {
  const token = uniqueToken('recout');
  const paths = requested(page);
  await openReporting(page, token, { record_sessions_percent: 0 });
  const answers = await page.evaluate(() => {
    mixpanel.track('not recorded');
    return [mixpanel.get_session_recording_properties(), mixpanel.get_session_replay_url()];
  });
  expect(answers).toEqual([{}, null]);
  const [e] = await waitForEvents(token, ['not recorded']);
  expect(e.properties).not.toHaveProperty('$mp_replay_id');
  await page.evaluate(() => mixpanel.flush());
  expect(paths.filter((p) => RECORDER.test(p))).toEqual([]);
});

test('start, pause, resume and stop: one replay id across a pause, a new one after stop', async ({ page }) => {
  test.slow();
  const token = uniqueToken('recctl');
  const paths = requested(page);
  // Durations no timer can use fall back to upstream's defaults (else recordings would end in a loop).
  await openReporting(page, token, { record_idle_timeout_ms: 0, record_max_ms: 'soon' });
  expect(paths.filter((p) => RECORDER.test(p))).toEqual([]);
  await page.evaluate(() => mixpanel.start_session_recording());
  await recording(page);
  const first = (await replayId(page))!;

  await page.evaluate(() => mixpanel.pause_session_recording());
  expect(await page.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({});
  await expect.poll(async () => (await batches(token, first)).length, { timeout: 15_000 }).toBe(1);
  await page.evaluate(() => mixpanel.track('while paused'));

  await page.evaluate(() => {
    mixpanel.resume_session_recording();
    document.body.append(document.createElement('hr'));
  });
  expect(await replayId(page)).toBe(first);
  await page.evaluate(() => mixpanel.stop_session_recording());
  expect(await replayId(page)).toBeUndefined();
  await expect.poll(async () => (await batches(token, first)).map((b) => b.seq), { timeout: 15_000 }).toEqual([0, 1]);

  await page.evaluate(() => mixpanel.start_session_recording());
  await recording(page);
  const second = (await replayId(page))!;
  expect(second).not.toBe(first);
  await page.evaluate(() => mixpanel.stop_session_recording());
  await expect.poll(async () => (await batches(token, second)).map((b) => b.seq), { timeout: 15_000 }).toEqual([0]);
  const [paused] = await waitForEvents(token, ['while paused']);
  expect(paused.properties).not.toHaveProperty('$mp_replay_id');
  expect(paths.filter((p) => RECORDER.test(p))).toEqual(['/dist/tracklet-recorder.min.js']); // loaded once
});

test('opted out: no recorder loads; opting out while recording stops it and sends nothing more', async ({ page }) => {
  test.slow();
  const token = uniqueToken('recopt');
  const paths = requested(page);
  await openReporting(page, token, { record_sessions_percent: 100, opt_out_tracking_by_default: true });
  await page.evaluate(() => mixpanel.start_session_recording());
  expect(await page.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({});

  // Opted in, recording; then out: the recording stops and what it had waiting is dropped.
  await page.evaluate(() => mixpanel.opt_in_tracking({ track: false }));
  expect(paths.filter((p) => RECORDER.test(p))).toEqual([]);
  await page.evaluate(() => mixpanel.start_session_recording());
  await recording(page);
  const id = (await replayId(page))!;
  await page.evaluate(async () => {
    mixpanel.opt_out_tracking();
    document.body.append(document.createElement('hr'));
    await mixpanel.flush();
    mixpanel.start_session_recording(); // refused while opted out
  });
  expect(await page.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({});
  // A later, unrelated recording of another token arrives: the opted-out one's would have by then.
  const other = uniqueToken('recopt2');
  await page.evaluate(async ({ other, api }) => {
    const inst = mixpanel.init(other, { api_host: api }, 'other');
    inst.start_session_recording();
    await new Promise<void>((ok) => { const t = setInterval(() => inst.get_session_recording_properties().$mp_replay_id && (clearInterval(t), ok()), 20); });
    await inst.stop_session_recording();
  }, { other, api: collector() });
  await waitForRecords({ token: other, endpoint: 'record' }, 1);
  expect(await batches(token, id)).toEqual([]);
  expect((await requests({ token })).filter((r) => /record/.test(r.path))).toEqual([]);
});

test('record/ answering 503 with Retry-After: the batch is retried after the wait and kept once', async ({ page }) => {
  test.slow();
  const token = uniqueToken('recretry');
  await fault({ token, endpoint: 'record', status: 503, retryAfter: 1, count: 1 });
  await openReporting(page, token, { record_sessions_percent: 100 });
  await recording(page);
  const id = (await replayId(page))!;
  const t0 = Date.now();
  await page.evaluate(() => mixpanel.stop_session_recording());
  await expect.poll(async () => (await batches(token, id)).map((b) => b.seq), { timeout: 20_000 }).toEqual([0]);
  const tries = (await requests({ token })).filter((r) => /^\/record\/?$/.test(r.path));
  expect(tries.map((r) => [r.status, r.query.seq])).toEqual([[503, '0'], [200, '0']]);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
});

test('record/ refusing the batch with the full snapshot (4xx) stops the recording: nothing after it could be replayed', async ({ page }) => {
  test.slow(); // the first batch leaves on the recorder's 10 s interval
  const token = uniqueToken('recrefused');
  await fault({ token, endpoint: 'record', status: 400, count: 1 });
  await openReporting(page, token, { record_sessions_percent: 100 });
  await recording(page);
  const refused = async () => (await requests({ token })).filter((r) => /^\/record\/?$/.test(r.path)).map((r) => [r.status, r.query.seq]);
  await expect.poll(refused, { timeout: 30_000 }).toEqual([[400, '0']]);
  await expect.poll(() => page.evaluate(() => mixpanel.get_session_recording_properties()), { timeout: 5_000 }).toEqual({});
  await expect.poll(() => page.evaluate(() => (window as any).__reports.join('\n'))).toContain('full snapshot was refused');
  await page.evaluate(() => mixpanel.track('after the refusal'));
  await waitForEvents(token, ['after the refusal']);
  expect((await waitForRecords({ token, event: 'after the refusal' }, 1))[0].payload.properties.$mp_replay_id).toBeUndefined();
  expect(await refused()).toEqual([[400, '0']]);
});

test('a recorder that cannot load is reported; events go on', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('recfail');
  await openReporting(page, token, { record_sessions_percent: 100, lib_base_path: '/no-such-dir/' });
  await page.evaluate(() => mixpanel.track('after the failure'));
  await waitForEvents(token, ['after the failure']);
  // lib_base_path also keeps the messages module away: the report comes as its code and link.
  await expect.poll(() => page.evaluate(() => (window as any).__reports.join('\n'))).toMatch(/recorder did not load|messages\.md#54\b/);
  expect(await page.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({});
  expect(seen.errors).toEqual([]);
});

test('ES module build: the recorder is a chunk imported only when a session is recorded', async ({ page }) => {
  test.slow();
  const token = uniqueToken('recesm');
  const paths = requested(page);
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
  await page.evaluate(({ token, api }) => {
    const w = window as any;
    w.__out = w.__tracklet.createInstance(token + '_out', { api_host: api, record_sessions_percent: 0 });
    w.__out.track('sampled out');
  }, { token, api: collector() });
  await waitForEvents(token + '_out', ['sampled out']);
  expect(paths.filter((p) => RECORDER.test(p))).toEqual([]);
  await page.evaluate(({ token, api }) => {
    const w = window as any;
    w.__in = w.__tracklet.createInstance(token, { api_host: api, record_sessions_percent: 100 });
  }, { token, api: collector() });
  await page.waitForFunction(() => !!(window as any).__in.get_session_recording_properties().$mp_replay_id, null, { timeout: 20_000 });
  expect(paths.filter((p) => RECORDER.test(p))).toEqual(['/dist/tracklet-recorder.mjs']);
  await page.evaluate(() => (window as any).__in.stop_session_recording());
  const [batch] = await waitForRecords({ token, endpoint: 'record' }, 1);
  expect(batch.payload).toMatchObject({ seq: 0, format: 'gzip' });
});

test('privacy: no config unmasks a password, a card field or a blocked element; masked values leave as fixed stars', async ({ page }) => {
  test.slow();
  const token = uniqueToken('recpriv');
  const MARK = 'Zq7marker';
  await openReporting(page, token, { record_sessions_percent: 100, record_mask_all_inputs: false, record_unmask_input_selector: '.shown' });
  await recording(page);
  const id = (await replayId(page))!;
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      'beforeend',
      `<input id="text"><input id="shown" class="shown"><input id="pw" type="password" class="shown"><input id="card" name="cc-number" class="shown">
       <textarea id="area"></textarea><div id="blocked" class="rr-block"><input id="inblock" class="shown"></div>`,
    );
  });
  for (const f of ['#text', '#shown', '#pw', '#card', '#area']) await page.fill(f, `${MARK}-${f.slice(1)}`);
  await page.evaluate(() => ((document.querySelector('#inblock') as HTMLInputElement).value = 'Zq7marker-inblock'));
  await page.evaluate(() => mixpanel.stop_session_recording());
  await expect.poll(async () => (await batches(token, id)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const sent = JSON.stringify((await (await fetch(`${collector()}/_/replays/${id}`)).json()).events);
  // Unmasked by the config: the plain field named by the unmask selector (the control: masking is what hides the rest).
  expect(sent).toContain(`${MARK}-shown`);
  for (const f of ['pw', 'card', 'inblock']) expect(sent, f).not.toContain(`${MARK}-${f}`);
  // Masked fields leave as a fixed run of stars, not one per character.
  expect(sent).toContain('"text":"********"');
  expect(sent).not.toMatch(/"text":"\*{9,}"/);
});

test("the tab's next page carries the recording on: same replay id, the next seq, no new sampling", async ({ page }) => {
  test.slow();
  const token = uniqueToken('recnext');
  await openReporting(page, token, { record_sessions_percent: 100 });
  await recording(page);
  const id = (await replayId(page))!;
  // The next page of the tab samples nobody in: the recording goes on because this tab had one.
  await openWithSetup(
    page,
    'snippet.html',
    ({ token, api }) => mixpanel.init(token, { api_host: api, record_sessions_percent: 0 }),
    { token, api: collector() },
  );
  await recording(page);
  expect(await replayId(page)).toBe(id);
  await page.evaluate(() => mixpanel.stop_session_recording());
  // seq 0 left with the first page (keepalive at pagehide), seq 1 from this one.
  await expect.poll(async () => (await batches(token, id)).map((b) => b.seq).sort(), { timeout: 15_000 }).toEqual([0, 1]);
  const stored = await (await fetch(`${collector()}/_/replays/${id}`)).json();
  expect(stored.events.filter((e: any) => e.type === 2)).toHaveLength(2); // a full snapshot per page
});

test('strict page (nonce, strict-dynamic, Trusted Types) with a pinned core: the recorder loads pinned, from recorder_src, and records', async ({ page }) => {
  test.slow();
  const seen = watchPage(page);
  const token = uniqueToken('reccsp');
  const sri = JSON.parse(readFileSync('dist/integrity.json', 'utf8'));
  await page.addInitScript({ content: `window.TRACKLET_SRI = ${JSON.stringify(sri['tracklet.min.js'])};` });
  await openWithSetup(
    page,
    'csp.html?variant=trusted-types',
    ({ token, api }) => mixpanel.init(token, { api_host: api, record_sessions_percent: 100, recorder_src: '/dist/tracklet-recorder.min.js' }),
    { token, api: collector() },
  );
  await recording(page);
  const id = (await replayId(page))!;
  const pins = await page.evaluate(() => [...document.scripts].filter((s) => s.src).map((s) => [new URL(s.src).pathname, s.integrity]));
  expect(pins).toContainEqual(['/dist/tracklet-recorder.min.js', sri['tracklet-recorder.min.js']]);
  await page.evaluate(() => mixpanel.stop_session_recording());
  await expect.poll(async () => (await batches(token, id)).length, { timeout: 15_000 }).toBe(1);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(seen.errors).toEqual([]);
});
