// record_heatmap_data, differential: the same page under mixpanel-browser 2.84 and tracklet, both
// recording with `record_heatmap_data: true` and autocapture off. A click on a button that does
// nothing makes the same events under both ($mp_click, and $mp_dead_click once nothing changed),
// marked `$captured_for_heatmap` and carrying the replay id, with the same property names; a page
// view carries the mark.
import { test, expect, type Page } from '@playwright/test';
import { uniqueToken, waitForEvents, delivered } from './support/collector';
import { LIBS, openRecording, replayIdOf, type Lib } from './support/replay';

declare const mixpanel: any;

// Values that differ by run or by library build, not by behaviour.
const VOLATILE = /^(\$screen[XY]|time|\$insert_id|token|\$lib_version|\$device_id|distinct_id|\$user_id|mp_sent_by_lib_version|mp_loader|\$mp_replay_id|\$current_url|\$duration|\$referrer|\$referring_domain|\$initial_referr\w+|\$pathname)$/; // ($pathname: each library has its own fixture file)

async function run(page: Page, lib: Lib) {
  const token = uniqueToken(`heat${lib[0]}`);
  await openRecording(page, lib, token, { record_heatmap_data: true, record_sessions_percent: 100 });
  const id = await replayIdOf(page);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'noop';
    b.className = 'cta';
    b.textContent = 'Does nothing';
    document.body.append(b);
  });
  await page.click('#noop');
  await page.evaluate(() => mixpanel.track_pageview());
  // (30 s: once it failed at 20 s with two workers on this 2-core machine, passing alone.)
  const got = await waitForEvents(token, ['$mp_click', '$mp_dead_click', '$mp_web_page_view'], 30_000);
  await page.evaluate(() => mixpanel.track('sentinel'));
  await waitForEvents(token, ['sentinel']);
  const events = (await delivered(token)).filter((e) => e.event !== 'sentinel');
  return { id, got, events };
}

const shape = (e: any) => Object.fromEntries(Object.keys(e.properties).filter((k) => !VOLATILE.test(k)).sort().map((k) => [k, typeof e.properties[k] === 'number' ? 'number' : e.properties[k]]));

test('record_heatmap_data with autocapture off: the same heatmap events as mixpanel-browser 2.84', async ({ browser }) => {
  test.slow();
  const out: Record<string, any> = {};
  for (const lib of LIBS) {
    const page = await browser.newPage();
    out[lib] = await run(page, lib);
    await page.close();
  }
  for (const lib of LIBS) {
    const { id, events } = out[lib];
    for (const name of ['$mp_click', '$mp_dead_click']) {
      const e = events.find((x: any) => x.event === name);
      expect(e.properties, `${lib} ${name}`).toMatchObject({ $captured_for_heatmap: true, $mp_replay_id: id, $el_tag_name: 'button' });
    }
    expect(events.find((x: any) => x.event === '$mp_web_page_view' && x.properties.$mp_replay_id).properties.$captured_for_heatmap, lib).toBe(true);
  }
  const names = (lib: string) => out[lib].events.filter((e: any) => e.properties.$mp_replay_id).map((e: any) => e.event).sort();
  expect(names('tracklet')).toEqual(names('mixpanel'));
  for (const name of ['$mp_click', '$mp_dead_click']) {
    const pick = (lib: string) => shape(out[lib].events.find((e: any) => e.event === name));
    expect(pick('tracklet'), name).toEqual(pick('mixpanel'));
  }
});
