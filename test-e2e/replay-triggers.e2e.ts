// Session replay, what starts and drains a recording besides sampling: `recording_event_triggers`
// (an event named there starts one, per its percentage and property filters, which the targeting
// module reads, loaded only when a trigger has some; no other event loads the recorder), flush()
// waiting for the recording's pending batch, and `record_heatmap_data` (with a replay running,
// clicks are captured for heatmaps even with autocapture off, marked `$captured_for_heatmap`, and
// page views carry the mark).
import { test, expect, type Page } from '@playwright/test';
import { uniqueToken, received, waitForEvents, watchPage, requested, reports } from './support/collector';
import { openReporting } from './support/replay';

declare const mixpanel: any;

const recorderRequests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => /tracklet-recorder/.test(r.url()) && seen.push(r.url()));
  return seen;
};
const replayId = (page: Page) => page.evaluate(() => mixpanel.get_session_recording_properties().$mp_replay_id as string | undefined);
const recording = (page: Page) => page.waitForFunction(() => !!mixpanel.get_session_recording_properties().$mp_replay_id, null, { timeout: 20_000 });

test('recording_event_triggers: only a named event loads the recorder; its property filters (the targeting module) and percentage decide', async ({ page }) => {
  test.slow();
  const seen = watchPage(page);
  const token = uniqueToken('rectrig');
  const loads = recorderRequests(page);
  const paths = requested(page);
  await openReporting(page, token, {
    recording_event_triggers: {
      'Never sampled': { percentage: 0 },
      Purchase: { percentage: 100, property_filters: { '>': [{ var: 'amount' }, 100] } },
      // A rule the evaluator cannot read: it starts nothing, and says so.
      Broken: { percentage: 100, property_filters: { no_such_operator: [1] } },
    },
  });
  // Events not named there: nothing loads.
  await page.evaluate(() => {
    mixpanel.track('Page opened');
    mixpanel.track('constructor');
  });
  await waitForEvents(token, ['Page opened']);
  expect(loads).toEqual([]);
  // Named, but its percentage is 0: the recorder loads, the filters' evaluator does not.
  await page.evaluate(() => mixpanel.track('Never sampled'));
  await expect.poll(() => loads.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await waitForEvents(token, ['Never sampled']);
  expect(paths.filter((p) => /targeting/.test(p))).toEqual([]);
  // Named with filters: the evaluator loads through the core; the filters do not pass. Decisions
  // come in order, so once the broken rule is reported the first one was made too.
  await page.evaluate(() => {
    mixpanel.track('Purchase', { amount: 5 });
    mixpanel.track('Broken');
  });
  await expect.poll(() => reports(page), { timeout: 10_000 }).toContainEqual(expect.stringContaining('property filters of trigger "Broken" could not be evaluated'));
  expect(paths.filter((p) => /targeting/.test(p))).toEqual(['/dist/tracklet-targeting.min.js']);
  expect(await replayId(page)).toBeUndefined();
  // Named, and its filters pass: a recording starts; events after it carry its id.
  await page.evaluate(() => mixpanel.track('Purchase', { amount: 500 }));
  await recording(page);
  const id = (await replayId(page))!;
  await page.evaluate(() => mixpanel.track('After trigger'));
  const after = (await waitForEvents(token, ['After trigger'])).find((e) => e.event === 'After trigger');
  expect(after.properties.$mp_replay_id).toBe(id);
  // A trigger while recording starts nothing new.
  await page.evaluate(() => mixpanel.track('Purchase', { amount: 900 }));
  expect(await replayId(page)).toBe(id);
  expect(seen.errors).toEqual([]);
});

test('recording_event_triggers: a filters evaluator that does not load is reported; its triggers start nothing, the others still do', async ({ page }) => {
  test.slow();
  const seen = watchPage(page);
  const token = uniqueToken('rectrigfail');
  // The file missing from the deployment.
  await page.route('**/tracklet-targeting.min.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await openReporting(page, token, {
    recording_event_triggers: {
      Purchase: { percentage: 100, property_filters: { '>': [{ var: 'amount' }, 100] } },
      Signup: { percentage: 100 },
    },
  });
  await page.evaluate(() => mixpanel.track('Purchase', { amount: 500 }));
  await expect.poll(() => reports(page), { timeout: 15_000 }).toContainEqual(expect.stringContaining('property filters evaluator did not load'));
  expect(await replayId(page)).toBeUndefined();
  // Asked again, it is not fetched again (nor reported again); a trigger without filters still starts one.
  await page.evaluate(() => {
    mixpanel.track('Purchase', { amount: 700 });
    mixpanel.track('Signup');
  });
  await recording(page);
  expect((await reports(page)).filter((r) => /evaluator did not load/.test(r))).toHaveLength(1);
  expect(seen.errors).toEqual([]);
});

test('recording_event_triggers: destroyed while a filtered trigger waits for its evaluator, no recording starts', async ({ page }) => {
  test.slow();
  const seen = watchPage(page);
  const token = uniqueToken('rectrigdead');
  // A slow network: the evaluator arrives only once the instance is destroyed.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/tracklet-targeting.min.js', async (route) => {
    await held;
    await route.continue();
  });
  await openReporting(page, token, {
    recording_event_triggers: {
      Purchase: { percentage: 100, property_filters: { '>': [{ var: 'amount' }, 100] } },
      Broken: { percentage: 100, property_filters: { no_such_operator: [1] } },
    },
  });
  await page.evaluate(() => {
    mixpanel.track('Purchase', { amount: 500 });
    mixpanel.track('Broken');
  });
  await expect.poll(() => page.evaluate(() => !!document.querySelector('script[src*="tracklet-targeting"]')), { timeout: 10_000 }).toBe(true);
  await page.evaluate(() => mixpanel.destroy());
  release();
  // Decisions come in order: once the broken rule is reported, Purchase's was made.
  await expect.poll(() => reports(page), { timeout: 10_000 }).toContainEqual(expect.stringContaining('property filters of trigger "Broken"'));
  // A recording that started would have saved its state for the tab's next page at once.
  expect(await page.evaluate((t) => Object.keys(sessionStorage).filter((k) => k.startsWith(`__tkrec_${t}`)), token)).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test("flush() sends the recording's pending batch and resolves once it was taken", async ({ page }) => {
  test.slow();
  const token = uniqueToken('recflush');
  await openReporting(page, token, { record_sessions_percent: 100 });
  await recording(page);
  const id = (await replayId(page))!;
  // Well before the 10 s batch interval: only flush() can have sent it.
  await page.evaluate(() => mixpanel.flush());
  const batches = (await received({ token, endpoint: 'record' })).filter((r) => r.payload.replay_id === id);
  expect(batches.map((b) => b.payload.seq)).toEqual([0]);
});

test('record_heatmap_data: with a replay running, clicks are captured with autocapture off, marked for heatmaps; page views carry the mark', async ({ page }) => {
  test.slow();
  const token = uniqueToken('recheat');
  await openReporting(page, token, { record_heatmap_data: true });
  // No replay yet: a click is not captured.
  await page.click('#link');
  await page.evaluate(() => mixpanel.track('Before replay'));
  await waitForEvents(token, ['Before replay']);
  await page.evaluate(() => mixpanel.start_session_recording());
  await recording(page);
  const id = (await replayId(page))!;
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'buy';
    b.textContent = 'Buy';
    document.body.append(b);
  });
  await page.click('#buy');
  await page.evaluate(() => mixpanel.track_pageview());
  const got = await waitForEvents(token, ['$mp_click', '$mp_web_page_view']);
  const clicks = (await received({ token, endpoint: 'track' })).map((r) => r.payload).filter((e) => e.event === '$mp_click');
  expect(clicks).toHaveLength(1); // the click before the replay was not captured
  const click = got.find((e) => e.event === '$mp_click');
  expect(click.properties).toMatchObject({ $captured_for_heatmap: true, $mp_replay_id: id, $el_tag_name: 'button' });
  expect(got.find((e) => e.event === '$mp_web_page_view').properties).toMatchObject({ $captured_for_heatmap: true, $mp_replay_id: id });
});
