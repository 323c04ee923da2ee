#!/usr/bin/env node
// docs/replay-viewer.png: the local collector's viewer (/replay?id=…) playing a session recorded a
// moment before. A local collector and Chromium; a page with a form (test-e2e/pages/autocapture*.html)
// recorded with tracklet's recorder (mixpanel-browser 2.84's with --lib=mixpanel, or when
// dist/tracklet-recorder.min.js is not built); a few clicks and some typing; the recording
// stopped, then played in the viewer up to its last second, and the viewer photographed.
//
//   node scripts/screenshot-replay.mjs [--lib=tracklet|mixpanel] [--out=docs/replay-viewer.png]

import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCollector } from '../collector/server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';

const option = (name, dflt) => (process.argv.find((a) => a.startsWith(`--${name}=`)) || `=${dflt}`).split('=')[1];
const lib = option('lib', existsSync('dist/tracklet-recorder.min.js') ? 'tracklet' : 'mixpanel');
const out = option('out', 'docs/replay-viewer.png');
const PAGE = { tracklet: 'autocapture.html', mixpanel: 'autocapture-mixpanel.html' }[lib];
if (!PAGE) throw new Error(`--lib must be tracklet or mixpanel, not ${lib}`);

/** Polls `check` every 200 ms until it answers truthy; fails after `ms` saying `what`. */
async function until(check, what, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-replay-shot-'));
const collector = await startCollector({ port: 0, dataDir, quiet: true, staticDirs: ['dist', 'node_modules', 'test-e2e'] });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
const base = collector.url.replace(/\/$/, '');
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
  const token = 'demo_project_token';
  const config = { api_host: base, record_sessions_percent: 100, ...(lib === 'mixpanel' ? { recorder_src: '/node_modules/mixpanel-browser/dist/mixpanel-recorder.min.js' } : {}) };
  await page.addInitScript(({ token, config }) => {
    window.__setup = () => window.mixpanel.init(token, config);
  }, { token, config });
  await page.goto(`${base}/test-e2e/pages/${PAGE}`);
  await page.waitForFunction(() => !!(window.mixpanel?.get_session_recording_properties?.() || {}).$mp_replay_id, null, { timeout: 30_000 });
  const replayId = await page.evaluate(() => window.mixpanel.get_session_recording_properties().$mp_replay_id);
  await page.evaluate(() => window.mixpanel.identify('ada@example.com'));
  await page.click('#pricing-label');
  await page.click('#buy b');
  await page.evaluate(() => window.mixpanel.track('Plan viewed', { plan: 'pro' }));
  await page.fill('#name', 'Ada Lovelace');
  await page.fill('#email', 'ada@example.com');
  await page.selectOption('#plan', 'pro');
  await page.check('#agree');
  await page.evaluate(() => window.mixpanel.track('Signup filled'));
  await page.mouse.move(200, 300, { steps: 10 });
  // Sent on the recorder's interval (upstream: every 10 s): wait until the last input is kept.
  const stored = () => fetch(`${base}/_/replays/${replayId}`).then((r) => (r.ok ? r.json() : null));
  await until(async () => {
    const r = await stored();
    return r && r.complete && r.events.some((e) => e.type === 3 && e.data?.source === 5 && e.data?.isChecked === true);
  }, 'the recording to reach the collector', 40_000);
  await page.evaluate(() => window.mixpanel.stop_session_recording());
  await until(async () => (await (await fetch(`${base}/_/received?token=${token}&event=Signup filled`)).json()).records.length, 'the events');

  const viewer = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await viewer.goto(`${base}/replay?id=${replayId}`);
  await viewer.waitForFunction(() => !!window.__player, null, { timeout: 30_000 });
  const length = (await stored()).length_ms || 5000;
  // To the recording's last moment (the form filled), paused there.
  await viewer.evaluate((ms) => window.__player.goto(ms, false), Math.max(0, length - 200));
  await viewer.frameLocator('.replayer-wrapper iframe').locator('#signup').waitFor({ timeout: 15_000 });
  await until(() => viewer.locator('#events li').count(), 'the linked events in the viewer');
  await viewer.screenshot({ path: out });
  console.log(`${out}: replay ${replayId} (${lib}'s recorder), ${length} ms, viewer at ${base}/replay?id=${replayId}`);
} finally {
  await browser.close();
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
}
