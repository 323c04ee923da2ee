// mixpanel-browser 2.84's surface answers as upstream does with the feature off, and never
// throws: `flags` without the `flags` config gives back the caller's fallback, replay's
// getters say there is no recording. Group updates chain, and each update of the chain is sent.
import { test, expect } from '@playwright/test';
import { collector, uniqueToken, waitForRecords, watchPage, openWithSetup } from './support/collector';

test('flags answer with the fallback, replay getters with "no recording", group updates chain', async ({ page }) => {
  const seen = watchPage(page);
  const token = uniqueToken('surface');
  await openWithSetup(page, 'esm.html', () => {}, null);
  await page.waitForFunction(() => (window as any).__ready === true);
  const answers = await page.evaluate(async ({ token, api }) => {
    const mixpanel = (window as any).__tracklet.default;
    mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
    const flags = mixpanel.flags;
    const fallback = { key: 'control', value: 'blue' };
    const out: Record<string, unknown> = {
      ready: flags.are_flags_ready(),
      variantSync: flags.get_variant_sync('color', fallback),
      variant: await flags.get_variant('color', fallback),
      valueSync: flags.get_variant_value_sync('color', 'blue'),
      value: await flags.get_variant_value('color', 'blue'),
      enabledSync: flags.is_enabled_sync('beta'),
      enabledFallback: await flags.is_enabled('beta', true),
      all: (await flags.get_all_variants()).size + flags.get_all_variants_sync().size,
      settled: [await flags.load_flags(), await flags.when_ready(), await flags.update_context({ plan: 'team' })],
      // Not a thenable: `await mixpanel.flags` must not hang.
      thenable: typeof flags.then,
      sameObject: flags === mixpanel.flags,
      replayProps: mixpanel.get_session_recording_properties(),
      replayUrl: mixpanel.get_session_replay_url(),
      recording: [mixpanel.start_session_recording(), mixpanel.stop_session_recording()],
    };
    const group = mixpanel.get_group('company', 'acme');
    out.chained = group.set('plan', 'pro').set_once({ founded: '2001' }).union('tags', ['b2b']) === group;
    await mixpanel.flush();
    return out;
  }, { token, api: collector() });
  expect(answers).toEqual({
    ready: false,
    variantSync: { key: 'control', value: 'blue', variant_source: 'fallback', fallback_reason: 'NOT_READY' },
    variant: { key: 'control', value: 'blue', variant_source: 'fallback', fallback_reason: 'NOT_READY' },
    valueSync: 'blue',
    value: 'blue',
    enabledSync: false,
    enabledFallback: true,
    all: 0,
    settled: [undefined, undefined, undefined],
    thenable: 'undefined',
    sameObject: true,
    replayProps: {},
    replayUrl: null,
    recording: [undefined, undefined],
    chained: true,
  });
  const updates = (await waitForRecords({ token, endpoint: 'groups' }, 3)).map((r: any) => Object.keys(r.payload).find((k) => k.startsWith('$') && !/^\$(token|group_key|group_id)$/.test(k)));
  expect(updates.sort()).toEqual(['$set', '$set_once', '$union']);
  expect(seen.errors).toEqual([]);
});
