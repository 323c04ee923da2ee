// The collector's record/: mixpanel-browser's own recorder (the devDependency) records a page,
// the collector keeps the batches, links the recording to the events that carry its replay id,
// and plays it back with rrweb-player; bad batches are refused with why.
import { test, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { collector, openWithSetup, received, uniqueToken, waitForRecords } from './support/collector';

declare const mixpanel: any;

const basic = (user: string) => 'Basic ' + Buffer.from(user).toString('base64');

test("mixpanel-browser's recorder is kept, linked to its events and played back in the viewer", async ({ page, context }) => {
  test.slow(); // the recorder bundle is 300 KB and rrweb-player 230 KB: slow to parse on a loaded machine
  const token = uniqueToken('replay');
  await openWithSetup(
    page,
    'mixpanel-lib.html',
    ({ token, api }) => mixpanel.init(token, { api_host: api, record_sessions_percent: 100, recorder_src: '/node_modules/mixpanel-browser/dist/mixpanel-recorder.min.js', batch_flush_interval_ms: 100 }),
    { token, api: collector() },
  );
  await page.waitForFunction(() => !!(mixpanel.get_session_recording_properties && mixpanel.get_session_recording_properties().$mp_replay_id), null, { timeout: 20_000 });
  const replayId: string = await page.evaluate(() => mixpanel.get_session_recording_properties().$mp_replay_id);
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'marker';
    p.textContent = 'Recorded marker paragraph';
    document.body.append(p);
    mixpanel.track('Checkout opened');
  });
  // The mutation travels in the first batch or a later one (the recorder sends one each
  // batch_flush_interval_ms); its text is masked by the recorder's defaults, its id is not.
  const replayed = async () => (await (await fetch(`${collector()}/_/replays/${replayId}`)).json()) as any;
  await expect.poll(async () => JSON.stringify((await replayed()).events ?? []).includes('"marker"'), { timeout: 20_000 }).toBe(true);
  await page.evaluate(() => mixpanel.stop_session_recording());

  const [batch] = await waitForRecords({ token, endpoint: 'record' }, 1, 20_000);
  expect(batch.payload).toMatchObject({ token, replay_id: replayId, seq: 0, format: expect.stringMatching(/^(gzip|body)$/), mp_lib: 'web' });
  expect(batch.payload.events).toBeGreaterThan(1);
  const [opened] = await waitForRecords({ token, event: 'Checkout opened' }, 1);
  expect(opened.payload.properties.$mp_replay_id).toBe(replayId);

  const list = (await (await fetch(`${collector()}/_/replays?token=${token}`)).json()).replays;
  expect(list).toMatchObject([{ replay_id: replayId, token, complete: true }]);

  // Played back: the player's frame shows the recorded page, marker included, and the event list
  // links the tracked event to the recording.
  const viewer = await context.newPage();
  await viewer.goto(`${collector()}/replay?id=${replayId}`);
  await viewer.waitForFunction(() => !!(window as any).__player, null, { timeout: 20_000 });
  await viewer.evaluate(() => (window as any).__player.play()); // to the end: the marker is the last event
  const frame = viewer.frameLocator('.replayer-wrapper iframe');
  await expect(frame.locator('#marker')).toHaveCount(1, { timeout: 15_000 });
  await expect(frame.locator('#link')).toHaveCount(1);
  // Masked in the recording, so in the replay: the text never left the page.
  await expect(frame.locator('body')).not.toContainText('Recorded marker paragraph');
  await expect(viewer.locator('#events')).toContainText('Checkout opened');
  await expect(viewer.locator('#facts')).toContainText(token);
});

test('record/ refuses what it cannot keep, with why, and keeps a retried batch once', async ({ request }) => {
  const token = uniqueToken('recbad');
  const events = [{ type: 4, timestamp: Date.now(), data: { href: 'http://x/', width: 800, height: 600 } }, { type: 2, timestamp: Date.now() + 1, data: {} }];
  const url = (q: Record<string, string>) => `${collector()}/record/?${new URLSearchParams({ replay_id: 'r-' + token, seq: '0', format: 'gzip', distinct_id: 'u1', ...q })}`;
  const post = (q: Record<string, string>, body: Buffer | string, auth = basic(`${token}:`)) => request.post(url(q), { headers: { Authorization: auth, 'Content-Type': 'application/octet-stream' }, data: body });

  const cases: [Promise<any>, number, RegExp][] = [
    [post({}, gzipSync(JSON.stringify(events)), basic(`${token}:the-api-secret`)), 401, /carries a password/],
    [post({ replay_id: '../../etc/passwd' }, gzipSync(JSON.stringify(events))), 400, /replay_id must be/],
    [post({ seq: 'x' }, gzipSync(JSON.stringify(events))), 400, /seq must be/],
    [post({}, 'not gzip'), 400, /not gzip/],
    [post({ format: 'body' }, '{"not": "an array"}'), 400, /non-empty JSON array/],
    [post({ format: 'body' }, '[{"type": "x"}]'), 400, /event 0 is not an rrweb event/],
    [post({ format: 'zip' }, 'x'), 400, /format must be gzip or body/],
    [post({}, gzipSync(Buffer.alloc(40 * 1024 * 1024, 32))), 400, /inflates past/], // 40 KB on the wire
  ];
  for (const [reply, status, why] of cases) {
    const res = await reply;
    expect(res.status(), String(why)).toBe(status);
    expect((await res.json()).error).toMatch(why);
  }
  const rejected = (await (await fetch(`${collector()}/_/rejected?token=${token}`)).json()).rejected;
  expect(rejected.length).toBe(cases.length - 1); // the refused header names no project the collector trusts
  expect(JSON.stringify(rejected)).not.toContain('the-api-secret');

  // A batch sent twice (a retry after a lost reply) is acknowledged twice and kept once.
  for (let i = 0; i < 2; i++) expect((await post({}, gzipSync(JSON.stringify(events)))).status()).toBe(200);
  expect((await post({ seq: '1', format: 'body' }, JSON.stringify(events))).status()).toBe(200);
  await expect.poll(async () => (await received({ token, endpoint: 'record' })).map((r) => r.payload.seq)).toEqual([0, 1]);
  const replay = await (await fetch(`${collector()}/_/replays/r-${token}`)).json();
  expect(replay).toMatchObject({ batches: 2, event_count: 4, distinct_id: 'u1', complete: true });
  expect(replay.events).toHaveLength(4);
});
