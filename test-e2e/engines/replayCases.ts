// Session replay in every engine: a sampled-in session loads the recorder, records and delivers
// to record/ (the collector keeps it, complete from seq 0), and the events tracked meanwhile
// carry its replay id; a sampled-out session never fetches a recorder file (the page's own
// resource timing entries: every request it made) and sends nothing to record/.
// REPLAY_ENGINE_LIB=mixpanel runs the same cases against mixpanel-browser 2.84 (the reference).
import { expect } from '@playwright/test';
import { received, waitForEvents } from '../support/collector';
import { storedReplay } from '../support/replay';
import { waitIn, type Tab } from './driver';
import type { CaseContext, EngineCase } from './cases';

const UPSTREAM = process.env.REPLAY_ENGINE_LIB === 'mixpanel';
const PAGE = UPSTREAM ? 'mixpanel-lib.html' : 'snippet.html';
const EXTRA = UPSTREAM ? { recorder_src: '/node_modules/mixpanel-browser/dist/mixpanel-recorder.min.js' } : {};

async function open(tab: Tab, url: CaseContext['url'], config: Record<string, unknown>, token?: string) {
  await tab.open(url(PAGE, { scenario: 'plain', config: JSON.stringify({ ...EXTRA, ...config }), ...(token ? { token } : {}) }));
  await waitIn(tab, 'window.mixpanel && window.mixpanel.__loaded === true', 'the bundle to load (mixpanel)');
}

/** Script files the page fetched whose name says recorder (tracklet's or upstream's). */
const recorderFiles = (tab: Tab) => tab.run<string[]>(`performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => /recorder/.test(p))`);

export const replayCases: EngineCase[] = [
  {
    name: 'session replay sampled in: the recorder loads, the session reaches record/ complete; events carry its replay id',
    slow: true,
    async run({ tab, token, url, note }) {
      await open(tab, url, { record_sessions_percent: 100 });
      await waitIn(tab, '(mixpanel.get_session_recording_properties() || {}).$mp_replay_id', 'a replay id (the recorder loaded and started)', 30_000);
      const replayId = await tab.run<string>('mixpanel.get_session_recording_properties().$mp_replay_id');
      expect(await recorderFiles(tab)).toHaveLength(1);
      await tab.run(`(function () {
        var p = document.createElement('p');
        p.id = 'marker';
        p.textContent = 'recorded paragraph';
        document.body.appendChild(p);
        p.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
        mixpanel.track('while recording');
        return true;
      })()`);
      // Sent on the recorder's own interval (upstream: 10 s): wait for the batch with the mutation.
      let replay: any = null;
      await expect
        .poll(async () => {
          replay = await storedReplay(replayId);
          return !!replay && replay.complete && JSON.stringify(replay.events).includes('"marker"');
        }, { timeout: 45_000, message: `waiting for replay ${replayId} with the added paragraph` })
        .toBe(true);
      expect(replay).toMatchObject({ token, replay_id: replayId });
      const types = new Set(replay.events.map((e: any) => e.type));
      expect(types.has(4) && types.has(2), 'a Meta and a FullSnapshot event').toBe(true);
      // Masked by default in every engine: the paragraph's text never left the page.
      expect(JSON.stringify(replay.events)).not.toContain('recorded paragraph');
      const [e] = (await waitForEvents(token, ['while recording'])).filter((x) => x.event === 'while recording');
      expect(e.properties.$mp_replay_id).toBe(replayId);
      const formats = [...new Set((await received({ token, endpoint: 'record' })).map((r) => r.payload.format))];
      note('apis', `record/ format=${formats.join(',')}`);
      await tab.run('(mixpanel.stop_session_recording(), true)');
      expect(await tab.run('mixpanel.get_session_recording_properties()')).toEqual({});
      expect(await tab.run<string[]>('window.__errors')).toEqual([]);
    },
  },
  {
    name: 'session replay sampled out: no recorder file is fetched, nothing goes to record/, no replay id',
    async run({ tab, token, token2, url }) {
      for (const [t, config] of [[token, { record_sessions_percent: 0 }], [token2, {}]] as const) {
        await open(tab, url, config, t);
        await tab.run(`(mixpanel.track('not recorded'), true)`);
        const [e] = await waitForEvents(t, ['not recorded']);
        expect(e.properties.$mp_replay_id).toBeUndefined();
        expect(await tab.run('mixpanel.get_session_recording_properties()')).toEqual({});
        expect(await tab.run('mixpanel.get_session_replay_url()')).toBeNull();
        expect(await recorderFiles(tab)).toEqual([]);
        expect(await received({ token: t, endpoint: 'record' })).toEqual([]);
        expect(await tab.run<string[]>('window.__errors')).toEqual([]);
      }
    },
  },
];
