// Session replay across origins (`record_allowed_iframe_origins`): a page on 127.0.0.1 embeds
// an iframe from localhost (another origin, the same collector). The iframe asks its parent for
// the replay id, records as part of that replay (its events reach the parent's record/ batches,
// its own events carry the parent's replay id) and never sends a recording of its own.
import { test, expect } from '@playwright/test';
import { collector, otherOrigin, uniqueToken, received, openWithSetup, bundleLoaded, watchPage } from './support/collector';

declare const mixpanel: any;

test('a cross-origin iframe of a listed origin records into its parent\'s replay', async ({ page }) => {
  test.slow();
  const seen = watchPage(page);
  const token = uniqueToken('recframe');
  await openWithSetup(
    page,
    'snippet.html',
    ({ token, api, parentOrigin, childOrigin }) => {
      const inFrame = window.parent !== window;
      mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, record_sessions_percent: 100, record_allowed_iframe_origins: [inFrame ? parentOrigin : childOrigin, 'not an origin'] });
      if (!inFrame)
        addEventListener('DOMContentLoaded', () => {
          const f = document.createElement('iframe');
          f.id = 'child';
          f.src = childOrigin + '/test-e2e/pages/snippet.html';
          document.body.append(f);
        });
    },
    { token, api: collector(), parentOrigin: collector(), childOrigin: otherOrigin() },
  );
  await bundleLoaded(page);
  const id = await page.waitForFunction(() => mixpanel.get_session_recording_properties().$mp_replay_id, null, { timeout: 20_000 }).then((h) => h.jsonValue() as Promise<string>);
  const child = page.frameLocator('#child');
  const frame = page.frames().find((f) => f.url().startsWith(otherOrigin()))!;
  expect(frame).toBeTruthy();
  await frame.waitForFunction(() => (window as any).mixpanel && (window as any).mixpanel.__loaded && mixpanel.get_session_recording_properties().$mp_replay_id, null, { timeout: 20_000 });
  expect(await frame.evaluate(() => mixpanel.get_session_recording_properties())).toEqual({ $mp_replay_id: id });
  await frame.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'in-child';
    document.body.append(p);
    mixpanel.track('In the iframe');
  });
  await child.locator('#in-child').waitFor({ state: 'attached' });
  await page.evaluate(() => mixpanel.stop_session_recording());
  // The iframe's node reached the parent's replay.
  await expect
    .poll(async () => JSON.stringify((await (await fetch(`${collector()}/_/replays/${id}`)).json()).events).includes('"in-child"'), { timeout: 30_000 })
    .toBe(true);
  const got = await received({ token });
  expect(got.find((r) => r.endpoint === 'track' && r.payload.event === 'In the iframe')!.payload.properties.$mp_replay_id).toBe(id);
  // One replay only: the iframe sends no recording of its own.
  expect([...new Set(got.filter((r) => r.endpoint === 'record').map((r) => r.payload.replay_id))]).toEqual([id]);
  expect(seen.errors).toEqual([]);
});
